// Guidance search finds the passage a practitioner is looking for, shows where it comes from, and
// never throws on hostile input.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GuidanceIndex, buildGuidanceIndex } from '../knowledge/search/guidance.ts';
import { knowledge, pack } from './helpers/knowledge.ts';
import { SEEDS_DIR } from './helpers/paths.ts';

const seeds = new Map(readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).map((f) => [f, readFileSync(join(SEEDS_DIR, f), 'utf8')]));

let guidance: GuidanceIndex;
beforeAll(() => {
  const k = knowledge();
  guidance = buildGuidanceIndex(k.packs.values(), k.vocabulary.synonyms);
});

const top = (q: string, locality?: string) => guidance.search({ q, ...(locality ? { locality } : {}), limit: 1 })[0];

describe('finding guidance', () => {
  it('"consent" finds each area\'s consent passage first', async () => {
    expect(top('consent', 'bathnes')?.id).toBe('consent');
    expect(top('consent', 'leicester')?.id).toBe('consent');
  });

  it('"what is a TAF" finds the Team Around the Family passage in Leicester and the TAC passage in B&NES', async () => {
    expect(top('what is a TAF', 'leicester')?.id).toBe('team-around-the-family');
    expect(top('what is a TAF', 'bathnes')?.id).toBe('team-around-the-child');
  });

  it('"step down" finds the step-down guidance', async () => {
    expect(top('step down', 'leicester')?.id).toBe('step-down');
    expect(top('step down', 'bathnes')?.id).toBe('reviews-step-up-step-down');
  });

  it('"MASP" finds the Multi Agency Support Panel guidance, and so does its full name', async () => {
    const masp = guidance.search({ q: 'MASP', locality: 'leicester', limit: 2 }).map((r) => r.id);
    expect(masp).toEqual(expect.arrayContaining(['masp-when-to-refer', 'masp-outcomes']));
    expect(top('multi-agency support panel criteria', 'leicester')?.id).toMatch(/^masp-/);
  });

  it('a parent refusing consent finds the guidance on refusal, not only on consent', async () => {
    expect(top('parents refused to sign the EHA', 'leicester')?.id).toBe('consent-refused');
    expect(top('what if mum declines the CAF', 'bathnes')?.id).toBe('consent-refused');
  });

  it('a school exclusion question finds the common assessment guidance in B&NES', async () => {
    expect(top('child at risk of exclusion from school', 'bathnes')?.id).toBe('school-exclusion');
  });

  it('a question about a young adult with a learning disability finds the up-to-25 guidance', async () => {
    expect(top('can I do an EHA for a 20 year old with learning difficulties', 'leicester')?.id).toBe('send-up-to-25');
  });

  it('a child protection worry finds the referral guidance', async () => {
    expect(top('I think she was hit, there are bruises', 'leicester')?.id).toBe('child-protection-referral');
    expect(top('signs of abuse, when do I refer to social care', 'bathnes')?.id).toBe('child-protection-referral');
  });

  it('CAF and EHA find each other\'s passages', async () => {
    expect(top('what is an early help assessment', 'bathnes')?.id).toBe('caf-what-and-when');
    expect(guidance.search({ q: 'CAF', locality: 'leicester', limit: 3 }).map((r) => r.id)).toContain('eha-eligibility');
  });

  it('every result carries its locality, topics and source, best first', async () => {
    const results = guidance.search({ q: 'lead professional', limit: 10 });
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) {
      expect(['bathnes', 'leicester']).toContain(r.locality);
      expect(r.source.file).toMatch(/\.txt$/);
      expect(r.topics.length).toBeGreaterThan(0);
    }
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
  });

  it('keeps to the chosen locality', async () => {
    const results = guidance.search({ q: 'consent', locality: 'leicester', limit: 50 });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.locality === 'leicester')).toBe(true);
  });
});

describe('the guidance data', () => {
  const passages = [...knowledge().packs.values()].flatMap((p) => p.guidance.map((g) => ({ locality: p.id, g })));

  it('every passage\'s source section appears verbatim in its seed file', async () => {
    expect(passages.length).toBeGreaterThanOrEqual(24);
    const wrong = passages.filter(({ g }) => !seeds.get(g.source.file)?.includes(g.source.section)).map(({ locality, g }) => `${locality}/${g.id}: "${g.source.section}"`);
    expect(wrong).toEqual([]);
  });

  it('every passage cites a document its own pack lists', async () => {
    for (const id of ['bathnes', 'leicester'] as const) {
      const docs = new Set(pack(id).manifest.documents.map((d) => d.file));
      expect(pack(id).guidance.filter((g) => !docs.has(g.source.file)).map((g) => g.id)).toEqual([]);
    }
  });

  it('every passage is a readable length: 40 to 120 words', async () => {
    const outside = passages.map(({ locality, g }) => [`${locality}/${g.id}`, g.text.split(/\s+/).length] as const).filter(([, n]) => n < 40 || n > 120);
    expect(outside).toEqual([]);
  });
});

describe('hostile input never throws', () => {
  const junk = Array.from({ length: 10_240 }, (_, i) => String.fromCharCode(33 + ((i * 104729) % 94))).join('');
  const inputs: unknown[] = [':', '^', '~2', '*', '+consent -TAF', 'title:consent', 'consent^100', '"consent', '🙈🙉🙊', '\u0000', 'ЕНА', junk, '', null, undefined, 7];

  it('returns an array for every hostile query', async () => {
    for (const q of inputs) {
      expect(() => guidance.search({ q: q as string, locality: 'leicester' })).not.toThrow();
      expect(Array.isArray(guidance.search({ q: q as string }))).toBe(true);
    }
  });

  it('lunr query syntax in the text is read as plain words', async () => {
    expect(top('title:consent^10', 'bathnes')?.id).toBe('consent');
  });
});
