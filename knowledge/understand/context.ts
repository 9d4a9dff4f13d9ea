// What the words around a match do to its meaning: negation ("no marks"), uncertainty ("might",
// "not sure if"), a question put to the child ("asked if she'd thought about ending her life:
// she said no"), the past ("last year"), resolution ("back to his usual self") and who it is
// about (the child, a parent, a sibling). Scopes are NegEx-style: a cue reaches forward a few
// words and stops at a clause break, so "no marks but she said dad hit her" keeps the disclosure.
import type { Language } from '../schema.ts';
import { PhraseIndex, type PhraseMatch } from './phrases.ts';
import type { Tokenizer, Word } from './tokens.ts';

export type Cue =
  | 'negation-before'
  | 'negation-after'
  | 'pseudo-negation'
  | 'uncertainty-before'
  | 'uncertainty-after'
  | 'history'
  | 'resolution'
  | 'clause-break'
  | 'asks'
  | 'answers-no'
  | 'answers-yes'
  | 'mobile'
  | 'non-mobile'
  | 'parent'
  | 'child'
  | 'sibling'
  | 'pronoun'
  | 'female'
  | 'male';

/** Who a match is about. "pronoun": only a pronoun that names nobody earlier ("he hits her"). */
export type Subject = 'child' | 'parent' | 'sibling' | 'pronoun' | 'unknown';

export interface MatchContext {
  negated: boolean;
  uncertain: boolean;
  historic: boolean;
  resolved: boolean;
  subject: Subject;
  /** The words that changed the meaning, for the "why" of a confirming question. */
  cue?: string;
}

/** The cue phrases of language.json in one index, so a text is scanned for all of them at once. */
export function buildCueIndex(tokenizer: Tokenizer, language: Language): PhraseIndex<Cue> {
  const index = new PhraseIndex<Cue>(tokenizer);
  const add = (cue: Cue, phrases: readonly string[]) => phrases.forEach((p) => index.add(p, cue));
  add('negation-before', language.negation.before);
  add('negation-after', language.negation.after);
  add('pseudo-negation', language.negation.pseudo);
  add('uncertainty-before', language.uncertainty.before);
  add('uncertainty-after', language.uncertainty.after);
  add('history', language.history.cues);
  add('resolution', language.resolution.cues);
  add('clause-break', language.clauseBreaks);
  add('asks', language.questionFrames.asks);
  add('answers-no', language.questionFrames.answersNo);
  add('answers-yes', language.questionFrames.answersYes);
  add('mobile', language.mobility.mobile);
  add('non-mobile', language.mobility.nonMobile);
  add('parent', language.persons.parent);
  add('child', language.persons.child);
  add('sibling', language.persons.sibling);
  add('pronoun', language.persons.pronounsChild);
  add('female', language.persons.female);
  add('male', language.persons.male);
  return index;
}

/** Verbs that start a clause whose subject is left out, so it is the sentence's subject. */
const ELIDED_SUBJECT_STARTS = new Set(['is', 'was', 'has', 'had', 'keeps', 'kept', 'seems', 'seemed', 'gets', 'got', 'does', 'did', 'started', 'stopped', 'refuses', 'refused', 'will', 'can', 'cries', 'says', 'said', 'looks', 'appears', 'appeared', 'misses', 'missed', 'goes', 'went', 'comes', 'came', 'helps', 'helped']);

/** One scanned text: its words, its cues, and the spans that belong to vocabulary terms. */
export class TextContext {
  readonly words: readonly Word[];
  private readonly cues: PhraseMatch<Cue>[];
  private readonly language: Language;
  /** Word positions inside a matched vocabulary term: a "not" there is part of the term. */
  private readonly inTerm: Uint8Array;
  /** "when she was 5-6": a time clause, so it reaches the clause it introduces. */
  private readonly ageThen = new Set<PhraseMatch<Cue>>();

  constructor(words: readonly Word[], cues: PhraseMatch<Cue>[], termSpans: readonly { first: number; last: number }[], language: Language) {
    this.words = words;
    this.language = language;
    this.inTerm = new Uint8Array(words.length);
    for (const s of termSpans) for (let i = s.first; i <= s.last; i++) this.inTerm[i] = 1;
    // A year before the configured one ("from 2016-2017", "back in 2018") marks the past.
    words.forEach((w, i) => {
      const year = w.kind === 'number' && /^(19|20)\d\d$/.test(w.text) ? Number(w.text) : 0;
      if (year >= 1950 && year < language.historicYearsBefore) cues.push({ value: 'history', first: i, last: i });
    });
    // "when she was 5-6", "when he was 14": the child's age then marks the past.
    words.forEach((w, i) => {
      if (w.text !== 'when' || !['she', 'he', 'they', 'i'].includes(words[i + 1]?.text ?? '')) return;
      if (!['was', 'were'].includes(words[i + 2]?.text ?? '') || !/^\d/.test(words[i + 3]?.text ?? '')) return;
      const cue: PhraseMatch<Cue> = { value: 'history', first: i, last: i + 3 };
      this.ageThen.add(cue);
      cues.push(cue);
    });
    // A pseudo-negation ("not sure", "no longer") covers its words so they are not read as "no"/"not".
    const pseudo = cues.filter((c) => c.value === 'pseudo-negation');
    const covered = (c: PhraseMatch<Cue>) => pseudo.some((p) => p !== c && p.first <= c.first && c.last <= p.last);
    this.cues = cues.filter((c) => c.value === 'pseudo-negation' || !covered(c));
  }

  has(cue: Cue): boolean {
    return this.cues.some((c) => c.value === cue);
  }

  private cueText(c: PhraseMatch<Cue>): string {
    return this.words.slice(c.first, c.last + 1).map((w) => w.text).join(' ');
  }

  /**
   * Whether a break stands between word positions a (exclusive) and b (exclusive). A comma is
   * crossed only inside a short list ("no bruising, marks or injuries"), never when a person
   * is named after it ("no DV, dad hit him").
   */
  private brokenBetween(a: number, b: number): boolean {
    for (let i = a + 1; i < b; i++) {
      const w = this.words[i]!;
      if (w.kind === 'sentence-break') return true;
      if (w.kind === 'clause-break') {
        if (b - i > 3) return true;
        if (this.cues.some((c) => c.first > i && c.first < b && (c.value === 'parent' || c.value === 'child' || c.value === 'sibling' || c.value === 'pronoun'))) return true;
      }
    }
    return this.cues.some((c) => c.value === 'clause-break' && c.first > a && c.last < b && !this.inTerm[c.first]);
  }

  /** Cues starting in these word positions belong to the reading itself (a frame's first slot, "nobody" in "nobody has collected"). */
  private shield: { first: number; last: number } | undefined;

  private cueBefore(kinds: readonly Cue[], first: number, window: number, acrossClauses = false): PhraseMatch<Cue> | undefined {
    let best: PhraseMatch<Cue> | undefined;
    for (const c of this.cues) {
      if (!kinds.includes(c.value) || c.last >= first || first - c.last > window) continue;
      if (this.shield && c.first >= this.shield.first && c.first <= this.shield.last) continue;
      if (this.inTerm[c.first] || this.words[c.first]!.sentence !== this.words[first]!.sentence) continue;
      if (!acrossClauses && this.brokenBetween(c.last, first)) continue;
      if (!best || c.last > best.last) best = c;
    }
    return best;
  }

  /** A negation before `first` within its own clause: no comma or clause word between. */
  negatedInClause(first: number): boolean {
    const neg = this.cueBefore(['negation-before'], first, this.language.negation.window);
    if (!neg) return false;
    for (let i = neg.last + 1; i < first; i++) if (this.words[i]!.kind !== 'word' && this.words[i]!.kind !== 'number') return false;
    return !this.cues.some((c) => c.value === 'clause-break' && c.first > neg.last && c.last < first);
  }

  private cueAfter(kinds: readonly Cue[], last: number, window: number): PhraseMatch<Cue> | undefined {
    for (const c of this.cues) {
      if (!kinds.includes(c.value) || c.first <= last || c.first - last > window) continue;
      if (this.inTerm[c.first] || this.words[c.first]!.sentence !== this.words[last]!.sentence) continue;
      if (this.brokenBetween(last, c.first)) continue;
      return c;
    }
    return undefined;
  }

  private inSentences(kinds: readonly Cue[], sentenceFrom: number, sentenceTo: number): PhraseMatch<Cue> | undefined {
    return this.cues.find((c) => kinds.includes(c.value) && this.words[c.first]!.sentence >= sentenceFrom && this.words[c.first]!.sentence <= sentenceTo);
  }

  /** Does the sentence end with a question mark? */
  private isQuestion(pos: number): boolean {
    const s = this.words[pos]!.sentence;
    for (let i = pos; i < this.words.length && this.words[i]!.sentence === s; i++) {
      if (this.words[i]!.kind === 'sentence-break') return this.words[i]!.text === '?';
    }
    return false;
  }

  /** contextOf, with the cues inside `shield` read as part of the match. */
  contextShielded(first: number, last: number, shield: { first: number; last: number }): MatchContext {
    this.shield = shield;
    try {
      return this.contextOf(first, last);
    } finally {
      this.shield = undefined;
    }
  }

  contextOf(first: number, last: number): MatchContext {
    const sentence = this.words[first]!.sentence;
    const { negation, uncertainty, history } = this.language;
    let negated = false;
    let uncertain = false;
    let cue: string | undefined;

    // A question put to the child: the answer decides; without one, it stays uncertain.
    // A question reaches across its own clauses: "asked if she had thought about ending her life".
    const asked = this.cueBefore(['asks'], first, 12, true);
    if (asked) {
      const no = this.inSentences(['answers-no'], sentence, sentence + 1) ?? this.cueBefore(['negation-before'], first, negation.window);
      const yes = this.inSentences(['answers-yes'], sentence, sentence + 1);
      if (yes) cue = this.cueText(yes);
      else if (no) {
        negated = true;
        cue = this.cueText(no);
      } else {
        uncertain = true;
        cue = this.cueText(asked);
      }
    } else {
      const neg = this.cueBefore(['negation-before'], first, negation.window) ?? this.cueAfter(['negation-after'], last, 3);
      if (neg) {
        negated = true;
        cue = this.cueText(neg);
      }
      const hedge = this.cueBefore(['uncertainty-before'], first, uncertainty.window) ?? this.cueAfter(['uncertainty-after'], last, 4);
      if (hedge || this.isQuestion(first)) {
        uncertain = true;
        cue ??= hedge ? this.cueText(hedge) : '?';
      }
    }

    const historic = this.cues.some(
      (c) =>
        c.value === 'history' &&
        !this.inTerm[c.first] &&
        (c.last < first
          ? (this.ageThen.has(c) && this.words[c.first]!.sentence === sentence && first - c.last <= 8) ||
            (first - c.last <= history.window && !this.brokenBetween(c.last, first))
          : c.first > last && c.first - last <= history.window && !this.brokenBetween(last, c.first)),
    );
    // "... now settled", "back to his usual self": in the same sentence or the next.
    const resolved = this.cues.some((c) => c.value === 'resolution' && c.first > last && this.words[c.first]!.sentence <= sentence + 1);
    return { negated, uncertain, historic, resolved, subject: this.subjectOf(first, last), ...(cue ? { cue } : {}) };
  }

  /**
   * Who a match is about: the nearest person named before it in its sentence ("mum's anxiety",
   * "dad hit her"), else one named inside it ("mum has depression") or, when asked to look
   * ahead, just after it ("an alcoholic dad"). A nearer pronoun refers back to that person only when it agrees in gender
   * ("mum ... she's not sleeping"); otherwise it stands for someone not named ("mum says he's
   * not sleeping").
   */
  /** Whether a parent is named right before a match ("mum is pregnant", "mum's been pregnant"). */
  parentNamedJustBefore(first: number, within = 5): boolean {
    return this.cues.some((c) => c.value === 'parent' && c.last < first && first - c.last <= within && !this.brokenBetween(c.last, first));
  }

  subjectOf(first: number, last: number, lookAhead = false): Subject {
    const sentence = this.words[first]!.sentence;
    const isPerson = (c: PhraseMatch<Cue>) => c.value === 'parent' || c.value === 'child' || c.value === 'sibling' || c.value === 'pronoun';
    const inSentence = this.cues.filter((c) => isPerson(c) && this.words[c.first]!.sentence === sentence);
    const nearest = (from: readonly PhraseMatch<Cue>[], pick: 'last' | 'first') =>
      from.reduce<PhraseMatch<Cue> | undefined>((best, c) => (!best ? c : pick === 'last' ? (c.last > best.last ? c : best) : c.first < best.first ? c : best), undefined);
    // A clause with no subject of its own ("He helps his mum every morning, is falling behind
    // and has stopped seeing his friends") is about the sentence's first person, not the
    // person named last in an earlier clause.
    const clauseStart = this.clauseStartOf(first);
    const elided = clauseStart > 0 && ELIDED_SUBJECT_STARTS.has(this.words[clauseStart]!.text);
    const firstPerson = elided ? nearest(inSentence.filter((c) => c.last < clauseStart), 'first') : undefined;
    const near =
      firstPerson ??
      nearest(inSentence.filter((c) => c.last < first), 'last') ??
      nearest(inSentence.filter((c) => c.first >= first && c.first <= last && c.value !== 'pronoun'), 'first') ??
      (lookAhead ? nearest(inSentence.filter((c) => c.first > last && c.first <= last + 2 && c.value !== 'pronoun'), 'first') : undefined);
    if (!near) return 'unknown';
    if (near.value !== 'pronoun') return near.value as Subject;
    // A gendered pronoun refers to the nearest earlier person of that gender, in this sentence
    // or the two before: "There's a dad ... he said he can't see the point" is the dad.
    const gender = this.genderAt(near);
    if (!gender) return 'pronoun';
    const earlier = this.cues
      .filter((c) => isPerson(c) && c.value !== 'pronoun' && c.last < near.first && this.words[c.first]!.sentence >= sentence - 2)
      .sort((a, b) => b.last - a.last);
    const named = earlier.find((c) => this.genderAt(c) === gender);
    return named ? (named.value as Subject) : 'pronoun';
  }

  /**
   * The first word of the clause a position is in: after the last comma, clause word or "and"
   * before it in its sentence (0 when the clause starts the sentence).
   */
  private clauseStartOf(pos: number): number {
    const sentence = this.words[pos]!.sentence;
    for (let i = pos - 1; i >= 0 && this.words[i]!.sentence === sentence; i--) {
      const w = this.words[i]!;
      if (w.kind === 'sentence-break') break;
      if (w.kind === 'clause-break' || w.text === 'and') return i + 1 < pos ? i + 1 : pos;
    }
    return 0;
  }

  private genderAt(c: PhraseMatch<Cue>): 'female' | 'male' | undefined {
    const g = this.cues.find((x) => (x.value === 'female' || x.value === 'male') && x.first <= c.last && x.last >= c.first);
    return g?.value as 'female' | 'male' | undefined;
  }
}
