// Guidance search: the passages of every locality pack in one lunr index, built once. Each result
// carries its source (seed file and verbatim section) so the practitioner can check it.
// Pure after build: no I/O, no botbuilder.
import type { Passage, Source, SynonymGroup } from '../schema.ts';
import { type FieldSpec, type QueryPlan, Synonyms, buildLunrIndex, clampLimit, placeMatcher, planQuery, roundScore, runQuery } from './text.ts';

/** What the guidance index needs from a locality pack; a `LoadedPack` from load.ts fits. */
export interface GuidancePack {
  readonly id: string;
  readonly guidance: readonly Passage[];
  readonly manifest?: { readonly placeNames?: readonly string[] };
}

export interface GuidanceQuery {
  q?: string;
  locality?: string;
  limit?: number;
}

export interface GuidanceResult {
  id: string;
  locality: string;
  title: string;
  text: string;
  topics: string[];
  source: Source;
  /** lunr relevance; 0 when listing without a query. */
  score: number;
}

export interface GuidanceIndex {
  search(query?: GuidanceQuery): GuidanceResult[];
  understand(q: string): QueryPlan;
  readonly size: number;
}

export const GUIDANCE_FIELDS: readonly FieldSpec[] = [
  { name: 'title', boost: 4 },
  { name: 'topics', boost: 3 },
  { name: 'text', boost: 1 },
];
const WEIGHTS = { concept: 0.8, fuzzy: 0.25 } as const;
const DEFAULT_LIMIT = 5;

interface Entry {
  readonly ref: string;
  readonly order: number;
  readonly locality: string;
  readonly passage: Passage;
}

export function buildGuidanceIndex(packs: Iterable<GuidancePack>, synonymGroups: readonly SynonymGroup[]): GuidanceIndex {
  const packList = [...packs];
  const synonyms = new Synonyms(synonymGroups);
  const places = placeMatcher(packList);
  const entries: Entry[] = [];
  for (const pack of packList) {
    for (const passage of pack.guidance) entries.push({ ref: `${pack.id}/${passage.id}`, order: entries.length, locality: pack.id, passage });
  }
  const byRef = new Map(entries.map((e) => [e.ref, e]));
  const index = buildLunrIndex(
    entries.map((e) => ({ ref: e.ref, fields: { title: e.passage.title, topics: e.passage.topics, text: e.passage.text } })),
    GUIDANCE_FIELDS,
    synonyms,
  );
  const understand = (q: string) => planQuery(q, synonyms, places);

  function search(query: GuidanceQuery = {}): GuidanceResult[] {
    const limit = clampLimit(query.limit, DEFAULT_LIMIT);
    const plan = understand(typeof query.q === 'string' ? query.q : '');
    const locality = typeof query.locality === 'string' && query.locality !== '' ? query.locality : undefined;
    const named = locality === undefined ? new Set(plan.localities) : new Set<string>();
    const placeRank = (e: Entry) => (named.size > 0 && !named.has(e.locality) ? 1 : 0);
    const eligible = (e: Entry) => locality === undefined || e.locality === locality;

    let ranked: { entry: Entry; score: number }[];
    if (plan.terms.length === 0 && plan.concepts.length === 0) {
      ranked = entries.filter(eligible).map((entry) => ({ entry, score: 0 }));
    } else {
      ranked = [];
      for (const [ref, score] of runQuery(index, plan, WEIGHTS)) {
        const entry = byRef.get(ref);
        if (entry && eligible(entry)) ranked.push({ entry, score });
      }
    }
    ranked.sort((a, b) => placeRank(a.entry) - placeRank(b.entry) || b.score - a.score || a.entry.order - b.entry.order);
    return ranked.slice(0, limit).map(({ entry, score }) => ({
      id: entry.passage.id,
      locality: entry.locality,
      title: entry.passage.title,
      text: entry.passage.text,
      topics: [...entry.passage.topics],
      source: { ...entry.passage.source },
      score: roundScore(score),
    }));
  }

  return { search, understand, size: entries.length };
}
