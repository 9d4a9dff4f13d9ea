// The category of need a directory search was about, for the board's "searches with no result by
// need": the domains (knowledge/levels.ts DOMAIN_NAMES) of the shared vocabulary's indicators that
// the words name, read by the same understanding as a consultation. Only the categories are kept;
// the words are dropped here. An indicator the words rule out ("no drugs") names no need.
import type { SharedVocabulary } from '../../knowledge/schema.ts';
import type { Understanding } from '../../knowledge/understand/index.ts';
import type { NeedCategory } from './measure-events.ts';

export function needsNamedIn(words: string | undefined, understanding: Understanding, vocabulary: SharedVocabulary): NeedCategory[] {
  if (!words?.trim()) return [];
  const domains = new Map(vocabulary.indicators.map((i) => [i.id, i.domain]));
  const found = understanding.understand(words, { nonMobileBabyMonths: 6 }).indicators.filter((f) => f.status !== 'negated');
  return [...new Set(found.map((f) => domains.get(f.id)).filter((d) => d !== undefined))];
}
