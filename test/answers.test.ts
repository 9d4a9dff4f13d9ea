// Answers understood however they arrive: clicked, typed or spoken. The voice set is ours
// (test/fixtures/voice-answers.json): what practitioners say to a speaker or a phone, with the
// recogniser's habits (no punctuation, "number to", misheard words, small misspellings).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadingPolarity, matchAnswer, readAnswer } from '../knowledge/answers.ts';
import { pack } from './helpers/knowledge.ts';

interface VoiceCase {
  locality: 'bathnes' | 'leicester';
  question: string;
  said: string;
  expect: string | null;
}

const cases: VoiceCase[] = JSON.parse(readFileSync(new URL('./fixtures/voice-answers.json', import.meta.url), 'utf8'));
const optionsOf = (locality: VoiceCase['locality'], id: string) => {
  const q = pack(locality).decision.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id} in ${locality}`);
  return q.options;
};

describe('voice-style answers', () => {
  it('has at least 60 cases of our own, across both areas and every kind of question', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.locality))).toEqual(new Set(['bathnes', 'leicester']));
    expect(new Set(cases.map((c) => c.question)).size).toBeGreaterThanOrEqual(10);
  });

  it('recognises at least 95% of them, and never picks a different answer than the one meant', async () => {
    const misses: string[] = [];
    const wrong: string[] = [];
    for (const c of cases) {
      const got = readAnswer(c.said, optionsOf(c.locality, c.question))?.value ?? null;
      if (got !== c.expect) (got === null || c.expect === null ? misses : wrong).push(`${c.locality}/${c.question}: "${c.said}" -> ${got}, expected ${c.expect}`);
    }
    const rate = (cases.length - misses.length - wrong.length) / cases.length;
    expect(wrong, 'a wrong answer is worse than a re-ask').toEqual([]);
    expect(rate, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the answer matcher', () => {
  const yesNoUnsure = optionsOf('bathnes', 'harm');

  it.each([
    ['yes', 'yes', 'value'],
    ['3', 'unsure', 'number'],
    ['the second one', 'no', 'ordinal'],
    ['Not sure', 'unsure', 'label'],
    ['yeah', 'yes', 'yes-no'],
  ])('reads "%s" as %s (by %s)', (said, value, by) => {
    expect(matchAnswer(said, yesNoUnsure)).toEqual({ value, by });
  });

  it('takes a clicked value exactly as sent', async () => {
    expect(matchAnswer('ready-to-step-down', optionsOf('bathnes', 'progress'))).toEqual({ value: 'ready-to-step-down', by: 'value' });
  });

  it('does not guess when "yes" could mean two options', async () => {
    expect(matchAnswer('yes', optionsOf('leicester', 'open-case'))).toBeUndefined();
  });

  it('does not read "not sure" as "sure", nor "no idea" as "no"', async () => {
    expect(matchAnswer('not sure', yesNoUnsure)?.value).toBe('unsure');
    expect(matchAnswer('no idea', yesNoUnsure)?.value).toBe('unsure');
  });

  it('refuses a number with no option behind it', async () => {
    expect(matchAnswer('7', yesNoUnsure)).toBeUndefined();
    expect(matchAnswer('the fifth one', yesNoUnsure)).toBeUndefined();
  });

  it('refuses a sentence that is not an answer', async () => {
    expect(matchAnswer('his mum has started drinking again', yesNoUnsure)).toBeUndefined();
  });

  it('finds an answer at the start of a longer sentence, with or without a comma', async () => {
    expect(leadingPolarity('no, but she said dad hit her')).toEqual({ polarity: 'no', rest: 'but she said dad hit her' });
    expect(leadingPolarity('not sure if he has been hit')).toEqual({ polarity: 'unsure', rest: 'if he has been hit' });
    expect(leadingPolarity('nothing')).toBeUndefined();
  });
});

describe('an answer at the start of a spoken sentence', () => {
  it('is not read into "no marks" or "no food in the house", where "no" is not an answer', async () => {
    expect(leadingPolarity('no marks but she said dad hit her')).toBeUndefined();
    expect(leadingPolarity('no food in the house again')).toBeUndefined();
    expect(leadingPolarity('no she is safe at school today')).toEqual({ polarity: 'no', rest: 'she is safe at school today' });
  });
});
