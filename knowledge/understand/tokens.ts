// Splits a practitioner's text into canonical words that remember where they came from, so every
// indicator can quote its evidence. Abbreviations and text-speak are rewritten here ("DV" becomes
// "domestic violence", "14yo" becomes "14 year old", "mam" becomes "mum"); the same pipeline
// compiles the vocabulary's phrases, so both sides meet in one form.
import type { Language } from '../schema.ts';
import { stem } from './nlp.ts';

export type WordKind = 'word' | 'number' | 'sentence-break' | 'clause-break';

export interface Word {
  /** Canonical lower-case form after rewrites (and spelling correction, once applied). */
  text: string;
  stem: string;
  kind: WordKind;
  /** Span in the original text: several words rewritten from one token share it. */
  start: number;
  end: number;
  sentence: number;
  /** The original spelling, when the speller changed it. */
  corrected?: string;
  /** Capitalised mid-sentence (a name or place: "Poland", "Keynsham"): never spell-corrected. */
  proper?: boolean;
}

const TOKEN = /\n+|[\p{L}\p{N}]+(?:['’&/.+-][\p{L}\p{N}]+)*['’]?|[.!?]+|[,;:()"“”\u2013\u2014-]+/gu;
const SUBJECT_IS = new Set(['he', 'she', 'it', 'that', 'there', 'what', 'who', 'where', 'here', 'everything', 'nothing', 'something']);
const CONTRACTIONS: Record<string, string> = { m: 'am', re: 'are', ve: 'have', ll: 'will', d: 'would' };
// Dictated text spells numbers out ("a four year old", "year seven"). "One" is left alone: it is
// more often a pronoun ("one of the kids", "no one") than a count.
const NUMBER_WORDS: Record<string, string> = Object.fromEntries(
  ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']
    .map((w, i) => [w, String(i + 2)])
    .concat([['thirty', '30'], ['forty', '40'], ['fifty', '50']]),
);

export class Tokenizer {
  private readonly rewrites: ReadonlyMap<string, string[]>;
  private readonly caseSensitive: ReadonlyMap<string, string[]>;
  /** Multi-word rewrites, keyed by their first word. */
  private readonly phrases: ReadonlyMap<string, { from: string[]; to: string[] }[]>;
  private readonly stems = new Map<string, string>();

  constructor(language: Pick<Language, 'rewrites' | 'caseSensitiveRewrites' | 'phraseRewrites'>) {
    const split = (v: string) => v.toLowerCase().split(/\s+/).filter(Boolean);
    this.rewrites = new Map(Object.entries(language.rewrites).map(([k, v]) => [k.toLowerCase(), split(v)]));
    this.caseSensitive = new Map(Object.entries(language.caseSensitiveRewrites).map(([k, v]) => [k, split(v)]));
    const phrases = new Map<string, { from: string[]; to: string[] }[]>();
    for (const [k, v] of Object.entries(language.phraseRewrites)) {
      const from = split(k);
      phrases.set(from[0]!, [...(phrases.get(from[0]!) ?? []), { from, to: split(v) }]);
    }
    this.phrases = phrases;
  }

  stemOf(word: string): string {
    let s = this.stems.get(word);
    if (s === undefined) {
      s = /^[a-z]+$/.test(word) ? stem(word) : word;
      if (this.stems.size < 50_000) this.stems.set(word, s);
    }
    return s;
  }

  tokenize(text: string): Word[] {
    const words: Word[] = [];
    let sentence = 0;
    for (const m of text.matchAll(TOKEN)) {
      const raw = m[0];
      const start = m.index!;
      const end = start + raw.length;
      if (/^\n/.test(raw) || /^[.!?]/.test(raw)) {
        words.push({ text: raw.includes('?') ? '?' : '.', stem: '.', kind: 'sentence-break', start, end, sentence });
        sentence++;
        continue;
      }
      if (!/[\p{L}\p{N}]/u.test(raw)) {
        // Brackets and quotation marks do not end a clause: "her little brother (4)" still reads on.
        if (/^[()"“”]+$/.test(raw)) continue;
        words.push({ text: ',', stem: ',', kind: 'clause-break', start, end, sentence });
        continue;
      }
      const sentenceStart = words.length === 0 || words.at(-1)!.kind === 'sentence-break';
      const proper = !sentenceStart && /^\p{Lu}/u.test(raw);
      for (const w of this.canonical(raw)) {
        words.push({ text: w, stem: this.stemOf(w), kind: /^\d/.test(w) ? 'number' : 'word', start, end, sentence, ...(proper ? { proper } : {}) });
      }
    }
    return this.phrases.size ? this.rewritePhrases(words) : words;
  }

  /** "d v" becomes "domestic violence", spanning both letters' text. */
  private rewritePhrases(words: Word[]): Word[] {
    const out: Word[] = [];
    for (let i = 0; i < words.length; i++) {
      const rule = this.phrases.get(words[i]!.text)?.find((r) => r.from.every((f, k) => words[i + k]?.text === f));
      if (!rule) {
        out.push(words[i]!);
        continue;
      }
      const first = words[i]!;
      const last = words[i + rule.from.length - 1]!;
      for (const t of rule.to) out.push({ text: t, stem: this.stemOf(t), kind: 'word', start: first.start, end: last.end, sentence: first.sentence });
      i += rule.from.length - 1;
    }
    return out;
  }

  /** The canonical words for one raw token. */
  canonical(raw: string): string[] {
    const exact = this.caseSensitive.get(raw.replace(/['’]s$/, ''));
    if (exact) return exact;
    const lower = raw.toLowerCase().replace(/’/g, "'");
    const whole = this.rewrites.get(lower);
    if (whole) return whole;
    if (NUMBER_WORDS[lower]) return [NUMBER_WORDS[lower]!];
    // "Y7", "yr10": a school year.
    const schoolYear = /^(?:y|yr|year)(\d{1,2})$/.exec(lower);
    if (schoolYear) return ['year', schoolYear[1]!];
    // "14yo", "3am", "2yr": a number glued to its unit.
    const glued = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(lower);
    if (glued) return [glued[1]!, ...(this.rewrites.get(glued[2]!) ?? [glued[2]!])];
    const apostrophe = /^(.+?)'([a-z]*)$/.exec(lower);
    if (apostrophe) {
      const [, base, suffix] = apostrophe as unknown as [string, string, string];
      if (base.endsWith('n') && suffix === 't') return [...this.canonical(base.slice(0, -1)), 'not'];
      const head = this.canonical(base);
      if (suffix === 's') return SUBJECT_IS.has(base) ? [...head, 'is'] : head;
      return CONTRACTIONS[suffix] ? [...head, CONTRACTIONS[suffix]!] : head;
    }
    if (/[-/]/.test(lower) && !/^[\d/.-]+$/.test(lower)) {
      return lower.split(/[-/]+/).filter(Boolean).flatMap((part) => this.canonical(part));
    }
    // American spellings: "radicalized", "organization", "behavior".
    const word = lower.replace(/\.$/, '').replace(/^([a-z]{4,})iz(e|ed|es|ing|ation|ations)$/, '$1is$2').replace(/^(\w+)ior(s?)$/, '$1iour$2');
    return [this.rewrites.get(word)?.join(' ') ?? word].flatMap((w) => w.split(' '));
  }
}
