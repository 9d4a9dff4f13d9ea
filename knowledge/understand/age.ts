// The child's age from the practitioner's words when it was not given: "14yo", "Y7", "yr 3",
// "6 month old", "20 weeks pregnant" (unborn, a negative age). Adults' ages ("mum is 19",
// "a guy who's 24") are not the child's.
import type { Language } from '../schema.ts';
import type { Word } from './tokens.ts';

export interface AgeFinding {
  /** Years; negative for an unborn baby (weeks to term / 52). */
  years: number;
  unborn: boolean;
  evidence: string;
}

const FULL_TERM_WEEKS = 40;
const CHECKS = new Set(['check', 'review', 'immunisations', 'immunisation', 'development', 'developmental', 'health']);
const round = (n: number) => Math.round(n * 100) / 100;

export function findAge(text: string, words: readonly Word[], language: Language, adultWords: ReadonlySet<string>): AgeFinding | undefined {
  const at = (i: number) => words[i]?.text;
  const quote = (from: number, to: number) => text.slice(words[from]!.start, words[Math.min(to, words.length - 1)]!.end);
  const num = (i: number) => (words[i]?.kind === 'number' ? Number(words[i]!.text) : undefined);
  const nearAdult = (i: number) => [i - 3, i - 2, i - 1, i + 2, i + 3].some((j) => adultWords.has(at(j) ?? ''));

  // A pregnancy with its gestation, or with no child's age given, is about the unborn baby.
  let unbornAt = -1;
  for (let i = 0; i < words.length; i++) {
    const n = num(i);
    if (n !== undefined && n > 3 && n < FULL_TERM_WEEKS + 3 && (at(i + 1) === 'weeks' || at(i + 1) === 'week')) {
      const next = at(i + 2);
      const before = at(i - 1);
      if (next === 'pregnant' || next === 'gestation' || next === 'with' || before === 'at') {
        return { years: -round(Math.max(1, FULL_TERM_WEEKS - n) / 52), unborn: true, evidence: quote(i, i + 2) };
      }
    }
    if (unbornAt < 0 && language.ageWords.unborn.some((u) => matchesAt(words, i, u))) unbornAt = i;
  }

  for (let i = 0; i < words.length; i++) {
    const n = num(i);
    // "year 3", "y7": a school year in England, where a child in Year N turns N + 5.
    if (at(i) === 'year' && n === undefined) {
      const y = num(i + 1);
      if (y !== undefined && Number.isInteger(y) && y >= 1 && y <= 13 && at(i + 2) !== 'old' && num(i - 1) === undefined) {
        return { years: y + 5, unborn: false, evidence: quote(i, i + 1) };
      }
    }
    if (n === undefined || nearAdult(i)) continue;
    const unit = at(i + 1);
    const old = at(i + 2) === 'old' || at(i + 3) === 'old';
    if ((unit === 'year' || unit === 'years') && old && n <= 25) return { years: n, unborn: false, evidence: quote(i, i + 2) };
    if ((unit === 'month' || unit === 'months') && old) return { years: round(n / 12), unborn: false, evidence: quote(i, i + 2) };
    if ((unit === 'week' || unit === 'weeks') && old) return { years: round(n / 52), unborn: false, evidence: quote(i, i + 2) };
    if (at(i - 1) === 'aged' && n <= 25) return { years: n, unborn: false, evidence: quote(i - 1, i) };
    // "1 yr review", "2 year check", "6 month jabs": the child's developmental review.
    if (CHECKS.has(at(i + 2) ?? '') && n <= 5) {
      if (unit === 'year') return { years: n, unborn: false, evidence: quote(i, i + 2) };
      if (unit === 'month') return { years: round(n / 12), unborn: false, evidence: quote(i, i + 2) };
    }
  }

  for (let i = 0; i < words.length; i++) {
    if (language.ageWords.newborn.some((w) => matchesAt(words, i, w))) return { years: 0.02, unborn: false, evidence: quote(i, i + 1) };
  }
  if (unbornAt >= 0) return { years: -0.5, unborn: true, evidence: quote(unbornAt, unbornAt) };
  return undefined;
}

function matchesAt(words: readonly Word[], i: number, phrase: string): boolean {
  const parts = phrase.toLowerCase().split(/[\s-]+/);
  return parts.every((p, k) => words[i + k]?.text === p);
}
