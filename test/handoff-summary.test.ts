// The duty summary and its three renderings: the same facts in each, "not known" for every field
// not given, and the practitioner's words escaped for where they land, so nothing typed can
// become markup, a link, a fake field or a card function.
import { describe, expect, it } from 'vitest';
import { parseReference, newReference, REFERENCE_ALPHABET, REFERENCE_PATTERN, spokenReference } from '../knowledge/handoff/reference.ts';
import { NOT_KNOWN, Summary, type SummaryDraft } from '../knowledge/handoff/summary.ts';
import { draftOf, startFlow } from '../bot/handoff/flow.ts';
import { dutyCard } from '../cards/handoff/duty-card.ts';
import { summaryHtml, summaryText } from '../cards/handoff/render-text.ts';
import { renderPrompt } from '../cards/handoff/prompts.ts';
import { checkedFlow, harmTriage } from './helpers/handoff.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '**bold** _it_ [click me](https://evil.example) ![x](https://evil.example/x.png)',
  '{{DATE(2017-02-14T06:00:00Z, SHORT)}} ${name} {{#each}}',
  '"}, {"type": "Action.OpenUrl", "url": "https://evil.example"}, {"x": "',
  'line one\nReference: HX-FAKE-999\nLevel: 1',
  '\u202eevil\u202c \u0007\u001b[31mred\u001b[0m',
  '& &amp; &lt; \' " `code` # heading > quote | table |',
];

function fullSummary(overrides: Partial<SummaryDraft> = {}): Summary {
  const s = checkedFlow({ triage: harmTriage('bathnes', { indicators: ['physical-abuse'] }) });
  return Summary.parse({ ...draftOf(s.state), ...overrides, reference: 'HX-7K3-9RE', createdAt: '2026-03-02T09:05:00.000Z' });
}

function emptySummary(): Summary {
  const s = startFlow({ triage: harmTriage() });
  return Summary.parse({ ...draftOf(s.state), reference: 'HX-7K3-9RE', createdAt: '2026-03-02T09:05:00.000Z' });
}

describe('references', () => {
  it('are short, readable, carry no personal data and use no confusable characters', async () => {
    for (let i = 0; i < 500; i++) {
      const r = newReference();
      expect(r).toMatch(REFERENCE_PATTERN);
      expect(r.slice(3)).not.toMatch(/[015820OILSZBUVQ]/);
      expect(parseReference(r)).toBe(r);
    }
  });

  it('are read back however typed, and a single misheard character is caught by the check character', async () => {
    const r = newReference();
    expect(parseReference(r.toLowerCase().replace(/-/g, ' '))).toBe(r);
    const chars = r.replace(/-/g, '').slice(2).split('');
    let caught = 0;
    for (let i = 0; i < chars.length; i++) {
      for (const c of REFERENCE_ALPHABET) {
        if (c === chars[i]) continue;
        const wrong = [...chars];
        wrong[i] = c;
        if (parseReference(`HX${wrong.join('')}`) === undefined) caught++;
        else throw new Error(`not caught: ${wrong.join('')}`);
      }
    }
    expect(caught).toBe(6 * (REFERENCE_ALPHABET.length - 1));
  });

  it('are spoken one character at a time', async () => {
    expect(spokenReference('HX-7K3-9RE')).toBe('H X, 7 K 3, 9 R E');
  });
});

describe('the three renderings', () => {
  it('say the same facts: reference, area, level, concern, indicators with evidence, reasons with sources', async () => {
    const s = fullSummary();
    const text = summaryText(s);
    const html = summaryHtml(s);
    const card = JSON.stringify(dutyCard(s));
    for (const out of [text, html, card]) {
      expect(out).toContain('HX-7K3-9RE');
      expect(out).toContain('Bath and North East Somerset');
      expect(out).toContain('Request for Service from Social Care');
      expect(out).toContain('Physical abuse');
      expect(out).toContain('selected by the practitioner');
      expect(out).toContain('Oldfield Primary');
      expect(out).toMatch(/source: [^"]+One Minute Guide|source: /);
    }
    expect(text).toMatch(/Date and time: Mon, 2 March 2026 at 09:05 GMT/);
    expect(text).toContain('Consent needed: No: consent is not needed to refer at level 4');
    expect(text).toContain('Why not: Asking could put him at greater risk');
  });

  it('show every field not given as "not known", in all three', async () => {
    const s = emptySummary();
    const text = summaryText(s);
    for (const label of ['Where the child is now', 'First name or initials', 'School or setting', 'Address', 'Household', 'Who has parental responsibility', "The child's own words", 'What has been done', 'Other agencies involved', 'Parent or carer aware', 'Consent given', 'Name', 'Role', 'Agency', 'Phone']) {
      expect(text).toMatch(new RegExp(`^${label.replace(/[()]/g, '\\$&')}: ${NOT_KNOWN}$`, 'm'));
    }
    expect(summaryHtml(s).match(/class="row not-known"/g)!.length).toBeGreaterThanOrEqual(15);
    const card = JSON.stringify(dutyCard(s));
    expect(card.match(/"text":"not known"/g)!.length).toBeGreaterThanOrEqual(15);
  });

  for (const hostile of HOSTILE) {
    it(`escape practitioner text in every rendering: ${JSON.stringify(hostile).slice(0, 40)}`, async () => {
      const s = fullSummary({ concern: hostile, childWords: hostile, referrer: { name: hostile, role: 'Teacher' }, child: { name: 'JB', setting: hostile } });
      // HTML: no element or attribute survives; the text is there, escaped.
      const html = summaryHtml(s);
      expect(html).not.toMatch(/<script|<img|onerror=/i);
      if (hostile.includes('<')) expect(html).toContain('&lt;');
      // Plain text: a typed line break can never start a line that looks like one of our labels.
      const text = summaryText(s);
      expect(text.match(/^Reference: /gm)!.length).toBe(1);
      expect(text.match(/^Level: /gm)!.length).toBe(1);
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202a-\u202e]/);
      // Card: the practitioner's text only ever sits in a TextRun (no markdown), never in a
      // TextBlock, a URL or an action; no card function can be formed.
      const card = dutyCard(s);
      const walk = (node: unknown, parentType?: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, parentType));
        if (!node || typeof node !== 'object') return;
        const o = node as Record<string, unknown>;
        if (typeof o.text === 'string' && o.text.includes('evil')) expect(o.type).toBe('TextRun');
        if (typeof o.text === 'string') expect(o.text).not.toContain('{{');
        if (typeof o.url === 'string') expect(o.url).not.toContain('evil');
        for (const v of Object.values(o)) walk(v, o.type as string);
      };
      walk(card);
      expect(JSON.stringify(card.actions)).not.toContain('evil');
      // The card is one object whose action list we built: nothing injected one.
      expect(JSON.stringify(card)).not.toMatch(/"type":"Action\.OpenUrl"/);
    });
  }

  it('escape practitioner text in the chat prompts too: markdown in text, XML in speech', async () => {
    const r = renderPrompt(checkedFlow({ overrides: { concern: HOSTILE.join(' ') } }).prompt);
    expect(r.text).not.toContain('[click me](https');
    expect(r.text).toContain('\\[click me\\]\\(https');
    expect(r.text).not.toContain('**bold**');
    expect(r.speak).not.toContain('<script');
    expect(JSON.stringify(r.card)).not.toContain('{{DATE');
  });

  it('the duty card is Adaptive Card 1.5 with Acknowledge and Record outcome (with a labelled choice and note)', async () => {
    const card = dutyCard(fullSummary());
    expect(card.version).toBe('1.5');
    const actions = card.actions as Array<Record<string, unknown>>;
    expect(actions.map((a) => a.title)).toEqual(['Acknowledge', 'Record outcome']);
    const show = (actions[1]!.card as { body: Array<Record<string, unknown>> }).body;
    expect(show.map((i) => i.label)).toEqual(['Outcome', 'Note for the record and the referrer (optional)']);
    expect(JSON.stringify(show[0])).toContain('stepped-down-to-early-help');
    const done = dutyCard(fullSummary(), { outcome: { value: 'no-further-action', by: 'Alex', at: '2026-03-02T10:00:00Z' }, acknowledged: { by: 'Alex', at: '2026-03-02T09:30:00Z' } });
    expect(done.actions).toEqual([]);
    expect(JSON.stringify(done)).toContain('Outcome: No further action, recorded by Alex');
  });
});
