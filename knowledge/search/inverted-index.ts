// The directory's own inverted index: the same BM25 field scoring as lunr (k1 1.2, b 0.75, field
// boosts, weights rounded to 3 places, idf counted per field, query vector normalised), so
// rankings are lunr's, but each term's weights across fields are summed into one posting list of
// typed arrays. lunr builds a result object with match data for every matching document, which
// costs 50-200 ms per query over 10,000 services; summing postings costs well under 1 ms. It also
// records, per match, which fields each query word was found in: the "why it matched" line.
// Tokens come from text.ts (`indexText`) and are stemmed with lunr's own stemmer, as before.
import lunr from 'lunr';
import type { FieldSpec, IndexDoc, QueryPlan, QueryWeights, Synonyms } from './text.ts';
import { indexText } from './text.ts';

const K1 = 1.2;
const B = 0.75;
/** Per-document search flags: touched by this search; touched by a specific (non-generic) word. */
const SEEN = 1;
const SPECIFIC = 2;
/** Could be a good match: a specific word touches it, or its name holds every query word. */
const CANDIDATE = 4;
/** At most 8 fields: a field mask is one byte. */
const MAX_FIELDS = 8;

interface Postings {
  readonly docs: Int32Array;
  readonly weights: Float64Array;
  /** Bit i set: the term occurs in field i of that document. */
  readonly fields: Uint8Array;
}

const stopWords = new Map<string, boolean>();
function isLunrStopWord(token: string): boolean {
  let stop = stopWords.get(token);
  if (stop === undefined) {
    stop = (lunr.stopWordFilter(new lunr.Token(token, {})) as lunr.Token | undefined) === undefined;
    if (stopWords.size < 50_000) stopWords.set(token, stop);
  }
  return stop;
}

const stems = new Map<string, string>();
export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = lunr.stemmer(new lunr.Token(word, {})).toString();
    if (stems.size < 200_000) stems.set(word, s);
  }
  return s;
}

/** Whether a.slice(ai) === b.slice(bi), without making either slice. */
function tailEqual(a: string, ai: number, b: string, bi: number): boolean {
  const n = Math.max(0, a.length - ai);
  if (n !== Math.max(0, b.length - bi)) return false;
  for (let k = 0; k < n; k++) if (a.charCodeAt(ai + k) !== b.charCodeAt(bi + k)) return false;
  return true;
}

/**
 * Within one edit (insert, delete, substitute, swap neighbours): lunr's fuzzy match of distance 1.
 * Typo matching calls it for every vocabulary term of a near length (tens of thousands over a
 * council's feed), so it compares characters in place instead of slicing strings.
 */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (tailEqual(a, i + 1, b, i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && tailEqual(a, i + 2, b, i + 2);
  }
  return la > lb ? tailEqual(a, i + 1, b, i) : tailEqual(a, i, b, i + 1);
}

export class InvertedIndex {
  readonly size: number;
  readonly #fields: readonly string[];
  readonly #postings = new Map<string, Postings>();
  /** Vocabulary by length, for typo matching. */
  readonly #byLength = new Map<number, string[]>();
  /** Per length, the positions in #byLength of the terms by first and by second character ('' for none). */
  readonly #byFirst = new Map<number, Map<string, number[]>>();
  readonly #bySecond = new Map<number, Map<string, number[]>>();
  readonly #scores: Float64Array;
  readonly #flags: Uint8Array;
  readonly #inName: Uint8Array;
  readonly #touched: Int32Array;
  #touchedCount = 0;

  constructor(docs: readonly IndexDoc[], fields: readonly FieldSpec[], synonyms: Synonyms) {
    if (fields.length > MAX_FIELDS) throw new Error(`at most ${MAX_FIELDS} fields`);
    this.size = docs.length;
    this.#fields = fields.map((f) => f.name);
    this.#scores = new Float64Array(docs.length);
    this.#flags = new Uint8Array(docs.length);
    this.#inName = new Uint8Array(docs.length);
    this.#touched = new Int32Array(docs.length);
    // Per document and field: term frequencies and the field's length, as lunr's builder counts them.
    const tfs: Map<string, number>[][] = [];
    const totalLength = new Array<number>(fields.length).fill(0);
    const lengths: number[][] = [];
    const fieldDocCount = new Map<string, number>();
    for (const doc of docs) {
      const perField: Map<string, number>[] = [];
      const lens: number[] = [];
      fields.forEach((f, fi) => {
        const tf = new Map<string, number>();
        let n = 0;
        for (const token of indexText(doc.fields[f.name], synonyms).split(' ')) {
          if (token === '' || isLunrStopWord(token)) continue;
          const t = stem(token);
          if (t === '') continue;
          n++;
          tf.set(t, (tf.get(t) ?? 0) + 1);
        }
        for (const t of tf.keys()) fieldDocCount.set(t, (fieldDocCount.get(t) ?? 0) + 1);
        perField.push(tf);
        lens.push(n);
        totalLength[fi]! += n;
      });
      tfs.push(perField);
      lengths.push(lens);
    }
    const N = docs.length;
    const average = totalLength.map((t) => (N > 0 ? t / N : 0));
    const idf = new Map<string, number>();
    for (const [t, df] of fieldDocCount) idf.set(t, Math.log(1 + Math.abs((N - df + 0.5) / (df + 0.5))));

    const lists = new Map<string, { docs: number[]; weights: number[]; fields: number[] }>();
    tfs.forEach((perField, d) => {
      const byTerm = new Map<string, { w: number; mask: number }>();
      perField.forEach((tf, fi) => {
        const len = lengths[d]![fi]!;
        const boost = fields[fi]!.boost || 1;
        for (const [t, f] of tf) {
          const score = ((idf.get(t)! * ((K1 + 1) * f)) / (K1 * (1 - B + B * (len / average[fi]!)) + f)) * boost;
          const rounded = Math.round(score * 1000) / 1000;
          const cur = byTerm.get(t) ?? { w: 0, mask: 0 };
          cur.w += rounded;
          cur.mask |= 1 << fi;
          byTerm.set(t, cur);
        }
      });
      for (const [t, { w, mask }] of byTerm) {
        let list = lists.get(t);
        if (!list) lists.set(t, (list = { docs: [], weights: [], fields: [] }));
        list.docs.push(d);
        list.weights.push(w);
        list.fields.push(mask);
      }
    });
    for (const [t, l] of lists) {
      this.#postings.set(t, { docs: Int32Array.from(l.docs), weights: Float64Array.from(l.weights), fields: Uint8Array.from(l.fields) });
      const bucket = this.#byLength.get(t.length) ?? [];
      for (const [by, c] of [[this.#byFirst, t[0] ?? ''], [this.#bySecond, t[1] ?? '']] as const) {
        const chars = by.get(t.length) ?? new Map<string, number[]>();
        by.set(t.length, chars);
        const at = chars.get(c);
        if (at) at.push(bucket.length);
        else chars.set(c, [bucket.length]);
      }
      bucket.push(t);
      this.#byLength.set(t.length, bucket);
    }
  }

  has(term: string): boolean {
    return this.#postings.has(stem(term));
  }

  /** Vocabulary terms one edit from a stemmed term. */
  #near(term: string): string[] {
    const out: string[] = [];
    // Two strings one edit apart agree on their first character, or on their second, or one's
    // first is the other's second: so only the terms filed under those characters are compared,
    // in vocabulary order (the order the query adds them in, which fixes how scores are summed).
    const c0 = term[0] ?? '';
    const c1 = term[1] ?? '';
    for (const len of [term.length - 1, term.length, term.length + 1]) {
      const bucket = this.#byLength.get(len);
      if (!bucket) continue;
      const first = this.#byFirst.get(len)!;
      const second = this.#bySecond.get(len)!;
      const at = new Set<number>();
      for (const list of [first.get(c0), first.get(c1), second.get(c1), second.get(c0)]) for (const i of list ?? []) at.add(i);
      for (const i of [...at].sort((a, b) => a - b)) {
        const t = bucket[i]!;
        if (t !== term && withinOneEdit(term, t)) out.push(t);
      }
    }
    return out;
  }

  /** The weighted index terms of a plan: boosts summed when two words share a stem. */
  #queryVector(plan: QueryPlan, weights: QueryWeights): Map<string, { boost: number; words: Set<string> }> {
    const query = new Map<string, { boost: number; words: Set<string> }>();
    const add = (term: string, boost: number, word: string) => {
      if (!this.#postings.has(term)) return;
      const q = query.get(term) ?? { boost: 0, words: new Set<string>() };
      q.boost += boost;
      q.words.add(word);
      query.set(term, q);
    };
    for (const word of plan.terms) {
      const t = stem(word);
      add(t, 1, word);
      if (!this.#postings.has(t) && word.length >= 5 && /^[a-z]+$/.test(word)) {
        for (const near of this.#near(t)) add(near, weights.fuzzy, word);
      }
    }
    for (const concept of plan.concepts) add(stem(concept), weights.concept, concept);
    return query;
  }

  /**
   * Every document any word of the plan matches (OR), scored as lunr scores it, keeping only good
   * matches: a specific word found it (`isGeneric` says which words are not), or its first field
   * (the name) holds every one of the query's own words. `allowed` (1 per document that may match,
   * e.g. one locality's) skips the rest before any work. Done in one pass over typed arrays, so a
   * query that touches thousands of services stays well under a millisecond.
   */
  search(plan: QueryPlan, weights: QueryWeights, isGeneric: (word: string) => boolean = () => false, allowed?: Uint8Array): Scored {
    const query = this.#queryVector(plan, weights);
    if (query.size === 0) return { docs: [], score: () => 0, named: () => false, explain: () => [] };
    let magnitude = 0;
    for (const q of query.values()) magnitude += q.boost * q.boost;
    magnitude = Math.sqrt(magnitude);
    const exact = new Set(plan.terms.map((w) => stem(w)).filter((t) => this.#postings.has(t)));
    // Scratch arrays reused by every search (searches are synchronous; a result is read before the
    // next one starts): only the documents the last search touched are cleared.
    const scores = this.#scores;
    const flags = this.#flags;
    const inName = this.#inName;
    const touched = this.#touched;
    for (let i = 0; i < this.#touchedCount; i++) {
      const d = touched[i]!;
      scores[d] = 0;
      flags[d] = 0;
      inName[d] = 0;
    }
    let touchedCount = 0;
    const need = exact.size >= 2 ? exact.size : 256;
    const terms = [...query].map(([term, q]) => ({ term, q, p: this.#postings.get(term)!, specific: [...q.words].some((w) => !isGeneric(w)) }));
    // A generic word ("support", "mum": thousands of services each) never makes a match good on its
    // own, so its postings are only added to the candidates: the documents a specific word touches,
    // and (with two or more words) those whose name holds every query word. Each document's score is
    // still summed term by term in the same order, so scores and results are exactly as before.
    const prune = terms.some((t) => !t.specific);
    let candidates = 0;
    if (prune) {
      for (const { p, specific } of terms) {
        if (!specific) continue;
        const docs = p.docs;
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i]!;
          if (allowed !== undefined && allowed[d] === 0) continue;
          if (flags[d] === 0) touched[touchedCount++] = d;
          flags[d]! |= CANDIDATE;
        }
      }
      if (need !== 256) {
        const named = terms.filter((t) => exact.has(t.term)).map((t) => t.p);
        named.sort((a, b) => a.docs.length - b.docs.length);
        const [first, ...rest] = named;
        for (let i = 0; first !== undefined && i < first.docs.length; i++) {
          const d = first.docs[i]!;
          if ((first.fields[i]! & 1) === 0 || (allowed !== undefined && allowed[d] === 0) || (flags[d]! & CANDIDATE) !== 0) continue;
          if (!rest.every((p) => (p.fields[findDoc(p.docs, d)] ?? 0) & 1)) continue;
          if (flags[d] === 0) touched[touchedCount++] = d;
          flags[d]! |= CANDIDATE;
        }
      }
      candidates = touchedCount;
    }
    for (const { q, p, specific, term } of terms) {
      const boost = q.boost;
      const mark = specific ? SEEN | SPECIFIC : SEEN;
      const countName = exact.has(term);
      const docs = p.docs;
      const w = p.weights;
      const fields = p.fields;
      if (prune && !specific) {
        if (candidates * Math.log2(docs.length + 1) < docs.length) {
          // Few candidates: look each one up in the long posting list.
          for (let c = 0; c < candidates; c++) {
            const d = touched[c]!;
            const i = findDoc(docs, d);
            if (i < 0) continue;
            flags[d]! |= mark;
            scores[d]! += boost * w[i]!;
            if (countName && (fields[i]! & 1) !== 0 && inName[d]! < 255) inName[d]! += 1;
          }
        } else {
          for (let i = 0; i < docs.length; i++) {
            const d = docs[i]!;
            if ((flags[d]! & CANDIDATE) === 0) continue;
            flags[d]! |= mark;
            scores[d]! += boost * w[i]!;
            if (countName && (fields[i]! & 1) !== 0 && inName[d]! < 255) inName[d]! += 1;
          }
        }
        continue;
      }
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        if (allowed !== undefined && allowed[d] === 0) continue;
        if (flags[d] === 0) touched[touchedCount++] = d;
        flags[d]! |= mark;
        scores[d]! += boost * w[i]!;
        if (countName && (fields[i]! & 1) !== 0 && inName[d]! < 255) inName[d]! += 1;
      }
    }
    this.#touchedCount = touchedCount;
    const good: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const d = touched[i]!;
      if ((flags[d]! & SPECIFIC) !== 0 || inName[d]! >= need) good.push(d);
    }
    const explain = (doc: number) => {
      const words = new Map<string, number>();
      for (const [term, q] of query) {
        const p = this.#postings.get(term)!;
        const i = findDoc(p.docs, doc);
        if (i < 0) continue;
        for (const w of q.words) words.set(w, (words.get(w) ?? 0) | p.fields[i]!);
      }
      return [...words].map(([word, mask]) => ({ word, fields: this.#fields.filter((_, f) => mask & (1 << f)) }));
    };
    return {
      docs: good,
      score: (doc) => scores[doc]! / magnitude,
      named: (doc) => (flags[doc]! & SPECIFIC) === 0 && inName[doc]! >= need,
      explain,
    };
  }
}

export interface Scored {
  /** The well-matched documents. Valid until the next search. */
  readonly docs: readonly number[];
  score(doc: number): number;
  /** True when only the name rule made it a match (no specific word): its "why" lists every word. */
  named(doc: number): boolean;
  /** Each query word or concept that matched a document, with the fields it matched in. */
  explain(doc: number): { word: string; fields: string[] }[];
}

/** Position of a document in an ascending posting list, or -1. */
function findDoc(docs: Int32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = docs[mid]!;
    if (v === doc) return mid;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
