// Nothing in a pack may be invented: every phone number and email must appear verbatim in a seed
// document, and every citation must point at words that are really in the file it names.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledge } from './helpers/knowledge.ts';
import { SEEDS_DIR } from './helpers/paths.ts';

const seeds = new Map(readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).map((f) => [f, readFileSync(join(SEEDS_DIR, f), 'utf8')]));
const allSeedText = [...seeds.values()].join('\n');
// Typographic variants only: dashes, quotes, runs of whitespace, and markdown bold markers.
const normalise = (s: string) => s.replace(/[\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
const normalisedSeeds = new Map([...seeds].map(([f, t]) => [f, normalise(t)]));

function* walk(value: unknown, path: string): Generator<[string, unknown]> {
  yield [path, value];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* walk(v, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* walk(v, `${path}.${k}`);
  }
}

const PHONE = /\b0\d{3,4} ?\d{3} ?\d{3,4}\b|\b0\d{4} ?\d{6}\b/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

describe('every fact in the packs comes from the seeds', () => {
  it('reads all five seed documents', async () => {
    expect(seeds.size).toBe(5);
  });

  const k = knowledge();
  const everything: [string, unknown][] = [
    ...[...k.packs.values()].flatMap((p) => [...walk(p, p.id)]),
    ...walk(k.vocabulary.indicators, 'indicators'),
  ];

  it('every phone number in a pack appears verbatim in a seed', async () => {
    const numbers = everything.flatMap(([path, v]) => (typeof v === 'string' ? [...v.matchAll(PHONE)].map((m) => [path, m[0]] as const) : []));
    expect(numbers.length).toBeGreaterThanOrEqual(5);
    const missing = numbers.filter(([, n]) => !allSeedText.includes(n));
    expect(missing).toEqual([]);
  });

  it('every email address in a pack appears verbatim in a seed', async () => {
    const emails = everything.flatMap(([path, v]) => (typeof v === 'string' ? [...v.matchAll(EMAIL)].map((m) => [path, m[0]] as const) : []));
    expect(emails.length).toBeGreaterThanOrEqual(3);
    const missing = emails.filter(([, e]) => !allSeedText.includes(e));
    expect(missing).toEqual([]);
  });

  it('every cited section is found in the file it cites', async () => {
    const sources = everything.filter(([, v]) => v && typeof v === 'object' && 'file' in v && 'section' in v) as [string, { file: string; section: string }][];
    expect(sources.length).toBeGreaterThan(50);
    const wrong = sources.filter(([, s]) => !normalisedSeeds.get(s.file)?.includes(normalise(s.section))).map(([p, s]) => `${p}: ${s.file} "${s.section}"`);
    expect(wrong).toEqual([]);
  });

  it('a contact with no number or address is flagged as needing local configuration', async () => {
    const das = k.packs.get('leicester')!.contacts.find((c) => c.id === 'duty-and-advice-service')!;
    expect(das.phones).toEqual([]);
    expect(das.needsLocalConfiguration).toBe(true);
    for (const pack of k.packs.values()) {
      for (const c of pack.contacts) {
        if (c.phones.length + c.emails.length + c.urls.length === 0) expect(c.needsLocalConfiguration, c.id).toBe(true);
      }
    }
  });

  it('B&NES duty numbers are exactly those of the One Minute Guide', async () => {
    const duty = k.packs.get('bathnes')!.contacts.find((c) => c.id === 'csc-duty-team')!;
    expect(duty.phones).toEqual(['01225 396312', '01225 396313']);
  });
});

describe('the indicator vocabulary covers the Working Together early help list', () => {
  it('every group the seed lists (seed 003, section 3) has an indicator that names it', async () => {
    const text = seeds.get('003_2b5be95bd75fb848.txt')!;
    const section = text.slice(text.indexOf('in particular, be alert to the potential need for early help'), text.indexOf('Professionals working in universal services'));
    const groups = [...section.matchAll(/^- (.+?)[;.]?$/gm)].map((m) => m[1]!.trim());
    expect(groups.length).toBe(20);
    const covered = new Set(knowledge().vocabulary.indicators.map((i) => i.workingTogether).filter(Boolean));
    expect(groups.filter((g) => !covered.has(g))).toEqual([]);
  });
});
