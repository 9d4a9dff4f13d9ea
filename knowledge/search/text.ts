// Text handling shared by the service directory and the guidance search: one tokenizer for
// documents and queries, synonym groups turned into "concept" terms, and query understanding for
// the whole sentences practitioners type (age hints, place names, filler words).
//
// lunr traps this avoids (see ../shared/CONVENTIONS.md): raw user text never reaches `index.search()`; every
// query is built with `index.query()` from tokens that contain only [a-z0-9], so `:`, `^`, `~`,
// `*`, `+`, `-`, quotes and emoji cannot be parsed as query syntax or wildcards. Stemming is lunr's
// own (its builder pipeline for documents, its search pipeline for query terms), applied once.
import lunr from 'lunr';
import type { SynonymGroup } from '../schema.ts';

/** Longest query text looked at; the rest of a pasted essay is ignored. */
export const MAX_QUERY_CHARS = 2000;
/** Most distinct words sent to the index from one query. */
export const MAX_QUERY_TERMS = 40;

export interface WordToken {
  /** As typed, for case-sensitive acronyms such as SEND. */
  readonly raw: string;
  /** Lower case, accents and apostrophes removed, possessive 's dropped: "EHA's" -> "eha". */
  readonly norm: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’‘`][\p{L}\p{N}]+)*/gu;
const APOSTROPHE = /['’‘`]/gu;

export function normaliseWord(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`]s$/u, '')
    .replace(APOSTROPHE, '');
}

/** Split text into word tokens. Hyphens, punctuation, symbols and emoji separate words. */
export function words(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(WORD)) out.push({ raw: m[0], norm: normaliseWord(m[0]) });
  return out;
}

/** Only plain a-z/0-9 words are indexed or queried (an English-language product). */
const INDEXABLE = /^[a-z0-9]+$/;

/** The key two words are compared by when matching phrases: plural "s" is ignored. */
function matchKey(norm: string): string {
  return norm.length > 3 && norm.endsWith('s') && !/(?:ss|us|is)$/.test(norm) ? norm.slice(0, -1) : norm;
}

/**
 * Acronyms written in capitals in synonyms.json that are also everyday words: they match only when
 * the user also types them in capitals ("SEND support", not "send a referral").
 */
const ORDINARY_WORD_ACRONYMS = new Set(['send', 'salt', 'prevent']);

interface PhraseEntry<T> {
  readonly keys: readonly string[];
  /** Per word: the exact capitalised form required, or null for any case. */
  readonly exact: readonly (string | null)[];
  readonly value: T;
}

export interface PhraseMatch<T> {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly value: T;
}

/** Finds known phrases (one or more words) in a token sequence, tolerant of case and plurals. */
export class PhraseMatcher<T> {
  readonly #byFirst = new Map<string, PhraseEntry<T>[]>();

  add(phrase: string, value: T): void {
    const tokens = words(phrase).filter((t) => INDEXABLE.test(t.norm));
    if (tokens.length === 0) return;
    const entry: PhraseEntry<T> = {
      keys: tokens.map((t) => matchKey(t.norm)),
      exact: tokens.map((t) => (/^[A-Z]{2,}$/.test(t.raw) && ORDINARY_WORD_ACRONYMS.has(t.norm) ? t.raw : null)),
      value,
    };
    const list = this.#byFirst.get(entry.keys[0]!) ?? [];
    list.push(entry);
    this.#byFirst.set(entry.keys[0]!, list);
  }

  find(tokens: readonly WordToken[]): PhraseMatch<T>[] {
    const keys = tokens.map((t) => matchKey(t.norm));
    const found: PhraseMatch<T>[] = [];
    keys.forEach((key, start) => {
      for (const entry of this.#byFirst.get(key) ?? []) {
        const end = start + entry.keys.length;
        if (end > tokens.length) continue;
        let ok = true;
        for (let j = 0; j < entry.keys.length && ok; j++) {
          const exact = entry.exact[j];
          ok = keys[start + j] === entry.keys[j] && (exact === null || exact === undefined || tokens[start + j]!.raw === exact);
        }
        if (ok) found.push({ start, end, value: entry.value });
      }
    });
    return found;
  }
}

/**
 * Synonym groups from knowledge/shared/synonyms.json. Each group becomes one concept term that is
 * added wherever any of its words or phrases occurs, in documents and in queries alike, so "TAF"
 * finds "Team Around the Child" and "mum" finds "parent" without rewriting anyone's words.
 */
export class Synonyms {
  readonly #matcher = new PhraseMatcher<number>();
  readonly groups: readonly SynonymGroup[];

  constructor(groups: readonly SynonymGroup[]) {
    this.groups = groups;
    groups.forEach((group, i) => {
      for (const phrase of group.words) this.#matcher.add(phrase, i);
    });
  }

  /** The concept term for group i: letters and digits only, untouched by lunr's stemmer. */
  static concept(i: number): string {
    return `qsyn${i}x`;
  }

  /** Concept terms for every group found in the tokens, in order of first appearance. */
  concepts(tokens: readonly WordToken[]): string[] {
    const seen = new Set<string>();
    for (const m of this.#matcher.find(tokens)) seen.add(Synonyms.concept(m.value));
    return [...seen];
  }
}

/**
 * The text lunr indexes for one field: the normalised words, then the concept terms of the
 * synonym groups found in it. Array values (keywords) are matched one entry at a time, so two
 * neighbouring keywords never form a phrase by accident.
 */
export function indexText(value: string | readonly string[] | undefined, synonyms: Synonyms): string {
  if (value === undefined) return '';
  const parts = typeof value === 'string' ? [value] : value;
  const out: string[] = [];
  for (const part of parts) {
    const tokens = words(part);
    for (const t of tokens) if (INDEXABLE.test(t.norm)) out.push(t.norm);
    out.push(...synonyms.concepts(tokens));
  }
  return out.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Query understanding

/** Words that carry no meaning for a search, beyond lunr's own English stop words. */
const FILLER = new Set(
  `anything something someone somebody anyone anybody everything local locally near nearby around area
   please pls plz thanks thank cheers hi hello hey ok okay yes yeah yep lol
   help helps helping helped want wanted wanting looking look find found know knows
   ring call phone number contact email tell ask asked think thought sure
   thing things stuff really quite very bit lot lots etc also maybe perhaps just still even
   im ive id hes shes theyre theres thats whats dont doesnt didnt cant couldnt wont isnt arent
   get gets got getting go goes going went come came make made doing done way ways
   old year years yr yrs month months week weeks day days today yesterday tonight last night
   time first one two three new best good right currently`.split(/\s+/).filter(Boolean),
);

const lunrStopCache = new Map<string, boolean>();
export function isStopWord(word: string): boolean {
  if (FILLER.has(word)) return true;
  let stop = lunrStopCache.get(word);
  if (stop === undefined) {
    stop = (lunr.stopWordFilter(new lunr.Token(word, {})) as lunr.Token | undefined) === undefined;
    if (lunrStopCache.size < 10_000) lunrStopCache.set(word, stop);
  }
  return stop;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20,
};
const NUM = `(\\d{1,2}(?:\\.\\d{1,2})?|${Object.keys(NUMBER_WORDS).join('|')})`;
const SEP = `[\\s-]*`;
const END = `(?![\\p{L}\\p{N}])`;
/** "3yo", "15 yo", "2 yr old", "9-year-old", "13 year old lad": years. "6 months" alone is a duration, not an age. */
const AGE_PATTERNS: readonly { re: RegExp; perYear: number }[] = [
  { re: new RegExp(`(?<![\\p{L}\\p{N}.])${NUM}${SEP}(?:y\\/o|y\\.o\\.?|yo|(?:yrs?|years?)${SEP}olds?)${END}`, 'giu'), perYear: 1 },
  { re: new RegExp(`(?<![\\p{L}\\p{N}.])${NUM}${SEP}(?:months?|mths?|mos?)${SEP}olds?${END}`, 'giu'), perYear: 12 },
  { re: new RegExp(`(?<![\\p{L}\\p{N}.])${NUM}${SEP}(?:weeks?|wks?)${SEP}olds?${END}`, 'giu'), perYear: 52 },
  { re: new RegExp(`(?<![\\p{L}\\p{N}])aged?\\s+(\\d{1,2})(?![\\s-]*(?:months?|mths?|weeks?|wks?|\\d))${END}`, 'giu'), perYear: 1 },
];

const PREGNANCY = /(?<![\p{L}])(?:pregnan\p{L}*|unborn|antenatal|ante-natal|baby (?:is )?due|expecting a baby)(?![\p{L}])/iu;

/** Ages (in years) stated in the text, and the text with those phrases blanked out. */
export function extractAges(text: string): { ages: number[]; rest: string } {
  const ages: number[] = [];
  let rest = text;
  for (const { re, perYear } of AGE_PATTERNS) {
    rest = rest.replace(re, (_match, n: string) => {
      const value = NUMBER_WORDS[n.toLowerCase()] ?? Number(n);
      if (Number.isFinite(value)) ages.push(Math.round((value / perYear) * 100) / 100);
      return ' ';
    });
  }
  // A pregnancy means an unborn child (age -1) is part of the picture, whatever else is said:
  // "pregnant 16 year old" is about a 16 year old and her unborn baby. The words stay searchable.
  if (ages.length > 0 && PREGNANCY.test(text)) ages.push(-1);
  return { ages: [...new Set(ages)], rest };
}

export interface QueryPlan {
  /** Distinct meaningful words, normalised (not yet stemmed: lunr's search pipeline does that). */
  readonly terms: readonly string[];
  /** Concept terms of the synonym groups the query mentions. */
  readonly concepts: readonly string[];
  /** Ages stated in the text ("3yo", "9 year old"), in years. */
  readonly ages: readonly number[];
  /** Localities named in the text by a place name ("in Bath", "Leicester"). */
  readonly localities: readonly string[];
}

/** Place names of each locality, matched as phrases and removed from the search words. */
export function placeMatcher(packs: Iterable<{ readonly id: string; readonly manifest?: { readonly placeNames?: readonly string[] } }>): PhraseMatcher<string> {
  const matcher = new PhraseMatcher<string>();
  for (const pack of packs) for (const name of pack.manifest?.placeNames ?? []) matcher.add(name, pack.id);
  return matcher;
}

/** Understand a free-text query: never throws, whatever the input. */
export function planQuery(input: unknown, synonyms: Synonyms, places?: PhraseMatcher<string>): QueryPlan {
  const text = typeof input === 'string' ? input.slice(0, MAX_QUERY_CHARS) : '';
  const { ages, rest } = extractAges(text);
  const tokens = words(rest);
  const removed = new Set<number>();
  const localities = new Set<string>();
  for (const m of places?.find(tokens) ?? []) {
    localities.add(m.value);
    for (let i = m.start; i < m.end; i++) removed.add(i);
  }
  const kept = tokens.filter((_, i) => !removed.has(i));
  const concepts = synonyms.concepts(kept);
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const t of kept) {
    const w = t.norm;
    if (w.length < 2 || w.length > 30 || !INDEXABLE.test(w) || /^\d+$/.test(w) || seen.has(w) || isStopWord(w)) continue;
    seen.add(w);
    terms.push(w);
    if (terms.length >= MAX_QUERY_TERMS) break;
  }
  return { terms, concepts: concepts.slice(0, MAX_QUERY_TERMS), ages, localities: [...localities] };
}

// ---------------------------------------------------------------------------------------------
// Index building and querying

export interface FieldSpec {
  readonly name: string;
  readonly boost: number;
}

export interface IndexDoc {
  readonly ref: string;
  readonly fields: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** A built lunr index and the (stemmed) terms it contains. */
export interface SearchIndex {
  readonly index: lunr.Index;
  readonly vocabulary: ReadonlySet<string>;
}

export function buildLunrIndex(docs: readonly IndexDoc[], fields: readonly FieldSpec[], synonyms: Synonyms): SearchIndex {
  let vocabulary: ReadonlySet<string> = new Set();
  const index = lunr(function () {
    this.ref('ref');
    for (const f of fields) this.field(f.name, { boost: f.boost });
    for (const doc of docs) {
      const row: Record<string, string> = { ref: doc.ref };
      for (const f of fields) row[f.name] = indexText(doc.fields[f.name], synonyms);
      this.add(row);
    }
    vocabulary = new Set(Object.keys(this.invertedIndex));
  });
  return { index, vocabulary };
}

export interface QueryWeights {
  /** Boost for a concept (synonym group) match relative to a literal word match (1). */
  readonly concept: number;
  /** Boost for a one-letter-off match of a word the index does not contain (typos). */
  readonly fuzzy: number;
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = lunr.stemmer(new lunr.Token(word, {})).toString();
    if (stemCache.size < 10_000) stemCache.set(word, s);
  }
  return s;
}

/** Run a plan against an index with OR semantics: every word scores, none is required. */
export function runQuery({ index, vocabulary }: SearchIndex, plan: QueryPlan, weights: QueryWeights): Map<string, number> {
  const scores = new Map<string, number>();
  if (plan.terms.length === 0 && plan.concepts.length === 0) return scores;
  const results = index.query((q) => {
    for (const term of plan.terms) {
      q.term(term, { usePipeline: true, boost: 1 });
      const known = vocabulary.has(stem(term));
      if (!known && term.length >= 5 && /^[a-z]+$/.test(term)) {
        q.term(term, { usePipeline: true, boost: weights.fuzzy, editDistance: 1 });
      }
    }
    for (const concept of plan.concepts) q.term(concept, { usePipeline: true, boost: weights.concept });
  });
  for (const r of results) scores.set(r.ref, r.score);
  return scores;
}

/** Clamp a caller's limit to something sane. */
export function clampLimit(limit: unknown, fallback: number, max = 100): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

export function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}
