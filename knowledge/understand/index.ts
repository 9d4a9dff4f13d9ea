// Free-text understanding: a practitioner's own words in, the indicators of the shared vocabulary
// out, each with the words that evidence it and whether they were negated, hedged, historic or
// explained away. Built once from the vocabulary; pure and synchronous afterwards.
//
// Harm detection is high-recall by design. Negation or an explanation never drops a harm
// indicator: it comes back with status "negated" so the decision asks a confirming question;
// hedged, it is "uncertain", which the decision sends to the duty team. Only the vocabulary's
// own exceptions ("hit his head") and a parent named as the subject ("mum is pregnant") set a
// harm reading aside.
import type { IndicatorFinding } from '../decide.ts';
import type { Indicator, SharedVocabulary } from '../schema.ts';
import { findAge, type AgeFinding } from './age.ts';
import { buildCueIndex, TextContext, type MatchContext, type Subject } from './context.ts';
import { FrameReader, type FrameMatch } from './frames.ts';
import { PhraseIndex, type PhraseMatch } from './phrases.ts';
import { Speller } from './spelling.ts';
import { Tokenizer, type Word } from './tokens.ts';

export interface Finding extends IndicatorFinding {
  evidence: string;
  /** Where the matched words are in the text. */
  span: { start: number; end: number };
  negated: boolean;
  uncertain: boolean;
  historic: boolean;
  subject: Subject;
  /** The words that changed the meaning ("no", "might", "fell off his scooter"). */
  cue?: string;
  /** Why a harm indicator was not taken at face value. */
  note?: string;
  /** Uncertain because the practitioner hedged ("might", "not sure if"), not because the words only suggest it. */
  hedged?: boolean;
  /** Words the speller changed to reach this indicator: [typed, understood]. */
  corrected?: [string, string][];
}

export interface Understood {
  indicators: Finding[];
  age?: AgeFinding;
  /** Answers to structured questions stated in the text, e.g. consent refused. */
  answers: Record<string, string>;
  nonMobileBaby: boolean;
}

export interface UnderstandOptions {
  /** Age in years when the caller knows it; otherwise it is read from the text. */
  age?: number;
  /** Below this age, with nothing said about moving, a baby counts as not yet mobile. */
  nonMobileBabyMonths: number;
  /** Attendance below this percentage, written in the text, counts as persistent absence. */
  persistentAbsencePercent?: number;
}

/** Frame word classes that name an adult as the one acting. */
const ADULT_CLASSES = new Set(['adult', 'adultRelative']);
const STATUS_RANK = { present: 2, uncertain: 1, negated: 0 } as const;
const EVIDENCE_MAX = 160;
const TIME_UNITS = new Set(['month', 'months', 'week', 'weeks', 'day', 'days', 'hour', 'hours', 'minute', 'minutes', 'times', 'percent', 'per', 'mile', 'miles']);
/** Words that introduce a school attendance figure: "attendance is 85%", "misses a lot (77%)". */
const ATTENDANCE_WORDS = new Set(['attendance', 'attendances', 'attending', 'attended', 'misses', 'missed', 'absence', 'absences']);

export class Understanding {
  private readonly tokenizer: Tokenizer;
  private readonly terms: PhraseIndex<number>;
  private readonly frames: FrameReader;
  private readonly figurative: PhraseIndex<true>;
  private readonly cues;
  private readonly mitigations: PhraseIndex<string>;
  private readonly exceptions: PhraseIndex<string>;
  private readonly protection: PhraseIndex<true>;
  private readonly answerCues: PhraseIndex<{ question: string; value: string }>;
  private readonly relationship: PhraseIndex<true>;
  private readonly speller: Speller;
  private readonly indicators: readonly Indicator[];
  private readonly byId: ReadonlyMap<string, Indicator>;
  private readonly vocab: SharedVocabulary;
  private readonly adultWords: ReadonlySet<string>;

  constructor(vocab: SharedVocabulary) {
    this.vocab = vocab;
    const language = vocab.language;
    this.tokenizer = new Tokenizer(language);
    this.indicators = vocab.indicators;
    this.byId = new Map(vocab.indicators.map((i) => [i.id, i]));
    this.terms = new PhraseIndex(this.tokenizer);
    vocab.indicators.forEach((ind, i) => ind.terms.forEach((t) => this.terms.add(t, i)));
    const indexOf = new Map(vocab.indicators.map((ind, i) => [ind.id, i]));
    for (const source of vocab.lexicon) for (const e of source.entries) this.terms.add(e.phrase, indexOf.get(e.indicator)!);
    this.frames = new FrameReader(this.tokenizer, vocab.frames);
    this.figurative = new PhraseIndex(this.tokenizer);
    for (const f of language.figurative) this.figurative.add(f, true);
    this.cues = buildCueIndex(this.tokenizer, language);
    this.mitigations = new PhraseIndex(this.tokenizer);
    for (const ind of vocab.indicators) ind.mitigatedBy.forEach((m) => this.mitigations.add(m, ind.id));
    this.exceptions = new PhraseIndex(this.tokenizer);
    for (const ind of vocab.indicators) ind.exceptions.forEach((m) => this.exceptions.add(m, ind.id));
    this.protection = new PhraseIndex(this.tokenizer);
    for (const p of language.history.protectedBy) this.protection.add(p, true);
    this.answerCues = new PhraseIndex(this.tokenizer);
    for (const a of language.answerCues) a.phrases.forEach((p) => this.answerCues.add(p, { question: a.question, value: a.value }));
    this.relationship = new PhraseIndex(this.tokenizer);
    language.ageGap.relationshipWords.forEach((w) => this.relationship.add(w, true));
    this.adultWords = new Set(language.persons.parent.filter((p) => !/\s/.test(p)).flatMap((p) => this.tokenizer.canonical(p)));
    // The speller corrects towards words the vocabulary and cues use, and leaves rewrite keys alone.
    this.speller = new Speller([...this.terms.vocabulary, ...this.cues.vocabulary], [...Object.keys(language.rewrites), ...language.knownWords.map((w) => w.toLowerCase())]);
  }

  understand(text: string, options: UnderstandOptions): Understood {
    const words = this.tokenizer.tokenize(text);
    const corrections = this.correct(words);
    // A frame reads like a listed term of its indicator, and remembers which frame it was.
    // Figures of speech ("died laughing", "got hammered", "stole the show") are read as what
    // they mean, so no term or frame inside one is read literally.
    const figures = this.figurative.matchAll(words);
    const literal = (m: { first: number; last: number }) => !figures.some((f) => f.first <= m.last && f.last >= m.first);
    const framed = new Map<PhraseMatch<number>, FrameMatch>();
    const listed = this.terms.matchAll(words).filter(literal);
    const termMatches = [...listed];
    for (const f of this.frames.matchAll(words).filter(literal)) {
      const m = { value: this.indexOf(f.frame.indicator), first: f.first, last: f.last };
      framed.set(m, f);
      termMatches.push(m);
    }
    // Only listed terms shield their own words from cues: a frame spans several phrases, and a
    // "none" inside it ("image deleted, none of them posted it") still negates its last part.
    const context = new TextContext(words, this.cues.matchAll(words), listed, this.vocab.language);
    const age = findAge(text, words, this.vocab.language, this.adultWords);
    const ageYears = options.age ?? age?.years;
    const unborn = ageYears !== undefined && ageYears < 0;
    const nonMobileBaby =
      context.has('non-mobile') || (ageYears !== undefined && ageYears >= 0 && ageYears < options.nonMobileBabyMonths / 12 && !context.has('mobile'));
    const mitigations = this.mitigations.matchAll(words);
    const protections = this.protection.matchAll(words);
    const exceptions = this.exceptions.matchAll(words);

    // Each match read in its context and settled on the indicator it stands for here.
    const candidates: { m: PhraseMatch<number>; ind: Indicator; c: MatchContext; subject: Subject }[] = [];
    for (const m of termMatches) {
      let ind = this.indicators[m.value]!;
      if (ind.onlyForNonMobileBaby && !nonMobileBaby) continue;
      if (ind.ages && (ageYears === undefined || ageYears < (ind.ages.min ?? -Infinity) || ageYears >= (ind.ages.max ?? Infinity))) continue;
      if (exceptions.some((x) => x.value === ind.id && x.first <= m.last && x.last >= m.first)) continue;
      const fm = framed.get(m);
      const c = fm ? context.contextShielded(m.first, m.last, { first: fm.first, last: fm.firstSlotLast }) : context.contextOf(m.first, m.last);
      const lastSlot = fm?.lastSlot;
      if (fm && lastSlot !== undefined && !c.negated) {
        const tail = context.contextShielded(lastSlot, m.last, { first: fm.first, last: fm.firstSlotLast });
        if (tail.negated) Object.assign(c, { negated: true, ...(tail.cue ? { cue: tail.cue } : {}) });
      }
      // An unborn baby's indicators are said of the mother when no one else is named.
      const frame = framed.get(m)?.frame;
      // A frame that starts with an adult has said who did it: in "her mum's boyfriend hit her"
      // the adult named hurt the child, so the reading is neither dropped nor turned into bullying.
      const byAdult = frame !== undefined && ADULT_CLASSES.has(frame.slots[0]!.class);
      const subject: Subject = byAdult ? 'parent' : unborn && (c.subject === 'unknown' || c.subject === 'pronoun') ? 'parent' : c.subject;
      if (byAdult && ind.harm) {
        // kept as it stands
      } else if (ind.about === 'child' && subject === 'parent') {
        if (ind.whenAboutParent) ind = this.byId.get(ind.whenAboutParent)!;
        // A harm indicator is dropped as being about a parent only when the parent is named right
        // before it ("mum is pregnant"); "came in with mum ... chlamydia positive" keeps it.
        else if (!ind.harm || context.parentNamedJustBefore(m.first)) continue;
      } else if (ind.about === 'parent' && !ind.harm && subject !== 'parent' && context.subjectOf(m.first, m.last, true) !== 'parent') {
        // A parent's need said of no parent is dropped; a harm indicator never is.
        continue;
      } else if (ind.whenAboutChild && (subject === 'child' || subject === 'sibling')) {
        ind = this.byId.get(ind.whenAboutChild)!;
      }
      if (c.historic && ind.historicBecomes) ind = this.byId.get(ind.historicBecomes)!;
      candidates.push({ m, ind, c, subject });
    }

    const findings: Finding[] = [];
    for (const { m, ind, c, subject } of longestMatches(candidates, (r) => !framed.has(r.m))) {
      const frame = framed.get(m)?.frame;
      const suggested = ind.mention === 'uncertain' || frame?.status === 'uncertain';
      let status: Finding['status'] = c.negated ? 'negated' : c.uncertain || suggested ? 'uncertain' : 'present';
      let note: string | undefined = frame ? `read from the words as: ${frame.id.replace(/-/g, ' ')}` : undefined;
      let cue = c.cue;
      if (status !== 'negated' && !ind.harm && c.resolved) {
        status = 'negated';
        note = 'described as resolved';
      }
      // A need said only of the past ("she used to self-harm", "CAMHS discharged her") is
      // history, not a need now; a harm indicator never is set aside this way.
      if (status !== 'negated' && !ind.harm && c.historic && !ind.historicBecomes) {
        status = 'negated';
        note = 'described as in the past';
      }
      if (status !== 'negated' && ind.harm) {
        const sentence = words[m.first]!.sentence;
        // The explanation may come before the injury ("fell from the monkey bars, witnessed ...
        // buckle fracture") or after it, within two sentences either way. A baby who is not yet
        // mobile has only its indicator's own list (a documented congenital mark, not an
        // accident), and even then the mark is asked about, never dropped.
        const why = mitigations.find((x) => x.value === ind.id && Math.abs(words[x.first]!.sentence - sentence) <= 2);
        if (why) {
          status = 'negated';
          cue = quote(words, why.first, why.last);
          note = `explained as "${cue}"`;
        }
      }
      // Harm said only of the past, with protection in place near it ("when she was 5 ... he was
      // convicted and is in prison"), is history: asked about, never dropped, not read as now.
      if (status !== 'negated' && ind.harm && c.historic) {
        const sentence = words[m.first]!.sentence;
        const safe = protections.find((x) => Math.abs(words[x.first]!.sentence - sentence) <= 2);
        if (safe) {
          status = 'negated';
          cue = quote(words, safe.first, safe.last);
          note = `said of the past, with "${cue}"`;
        }
      }
      findings.push({
        id: ind.id,
        status,
        evidence: this.evidence(text, words, m.first, m.last),
        span: { start: words[m.first]!.start, end: words[m.last]!.end },
        negated: status === 'negated',
        uncertain: status === 'uncertain',
        historic: c.historic,
        subject,
        ...(cue ? { cue } : {}),
        ...(note ? { note } : {}),
        ...(c.uncertain ? { hedged: true } : {}),
        ...corrected(corrections, m.first, m.last),
      });
    }
    findings.push(...this.ageGap(text, words, context, ageYears));
    findings.push(...this.attendance(text, words, context, options.persistentAbsencePercent));

    return { indicators: this.merge(findings), ...(age ? { age } : {}), answers: this.answersIn(words, context), nonMobileBaby };
  }

  private indexOf(id: string): number {
    return this.indicators.findIndex((i) => i.id === id);
  }

  /** Corrects misspelt and misheard words in place; returns what changed, by word position. */
  private correct(words: Word[]): Map<number, [string, string]> {
    const changes = new Map<number, [string, string]>();
    words.forEach((w, i) => {
      if (w.kind !== 'word' || w.proper) return;
      const fix = this.speller.correct(w.text);
      if (!fix) return;
      changes.set(i, [w.text, fix.word]);
      w.corrected = w.text;
      w.text = fix.word;
      w.stem = this.tokenizer.stemOf(fix.word);
    });
    return changes;
  }

  /** A child in a relationship with an adult several years older: a sign of sexual exploitation. */
  private ageGap(text: string, words: readonly Word[], context: TextContext, childAge: number | undefined): Finding[] {
    const gap = this.vocab.language.ageGap;
    if (childAge === undefined || childAge < 0 || childAge >= gap.adultAge) return [];
    const out: Finding[] = [];
    for (const r of this.relationship.matchAll(words)) {
      // With several children in one message, the child of this sentence ("the 13yo has a
      // boyfriend who is 19") is the one whose age counts.
      const here = ageNamedBefore(words, r.first) ?? childAge;
      for (let i = r.last + 1; i <= r.last + 14 && i < words.length; i++) {
        const w = words[i]!;
        if (w.kind === 'sentence-break') break;
        if (w.kind !== 'number') continue;
        // Within four words ("boyfriend is 25"), or later in the sentence when said as an age
        // ("a friend of my brother's, age 22").
        if (i > r.last + 4 && !['age', 'aged'].includes(words[i - 1]?.text ?? '')) continue;
        // "dad died 18 months ago": a number of months, weeks or days is a time, not an age.
        if (TIME_UNITS.has(words[i + 1]?.text ?? '')) break;
        const adult = Number(w.text);
        if (here < gap.adultAge && adult >= gap.adultAge && adult < 80 && adult - here >= gap.minimumGap) {
          const c = context.contextOf(r.first, i);
          out.push({
            id: gap.indicator,
            status: c.negated ? 'negated' : 'present',
            evidence: this.evidence(text, words, r.first, i),
            span: { start: words[r.first]!.start, end: w.end },
            negated: c.negated,
            uncertain: false,
            historic: c.historic,
            subject: 'child',
            note: `a ${adult} year old and a child of ${here}`,
          });
        }
        break;
      }
    }
    return out;
  }

  /**
   * "attendance is 85%", "misses a lot (77%)", "attendance has gone from 97% to 81%": below the
   * pack's threshold it is persistent absence. The last figure of the clause is the current one,
   * and a negation in an earlier clause ("not eating much, attendance down to 85%") does not
   * reach it: a figure is a fact, negated only inside its own clause.
   */
  private attendance(text: string, words: readonly Word[], context: TextContext, threshold: number | undefined): Finding[] {
    if (threshold === undefined || !this.byId.has('persistent-absence')) return [];
    const out: Finding[] = [];
    const isPercent = (j: number) => {
      const n = words[j]!;
      return n.kind === 'number' && (text.slice(n.end, n.end + 1) === '%' || ['percent', 'per'].includes(words[j + 1]?.text ?? ''));
    };
    words.forEach((w, i) => {
      if (!ATTENDANCE_WORDS.has(w.text)) return;
      let found = -1;
      for (let j = i + 1; j <= i + 8 && j < words.length; j++) {
        const n = words[j]!;
        if (n.kind === 'sentence-break' || (n.kind === 'clause-break' && found >= 0)) break;
        if (isPercent(j)) found = j;
        else if (found >= 0 && n.kind === 'number') break;
      }
      if (found < 0) return;
      const n = words[found]!;
      const value = Number(n.text);
      if (value >= threshold) return;
      const c = context.contextOf(i, found);
      if (c.negated && !context.negatedInClause(i)) c.negated = false;
      out.push({
        id: 'persistent-absence',
        status: c.negated ? 'negated' : 'present',
        evidence: this.evidence(text, words, i, found),
        span: { start: w.start, end: n.end + 1 },
        negated: c.negated,
        uncertain: false,
        historic: c.historic,
        subject: c.subject,
        note: `attendance of ${value}% is below ${threshold}%`,
      });
    });
    return out;
  }

  /** One finding per indicator: the strongest reading wins (present, then uncertain, then negated). */
  private merge(findings: Finding[]): Finding[] {
    const best = new Map<string, Finding>();
    for (const f of findings) {
      const seen = best.get(f.id);
      if (!seen || STATUS_RANK[f.status] > STATUS_RANK[seen.status]) best.set(f.id, f);
    }
    // A bruise on a baby who is not yet mobile says all that a generic injury would.
    if (best.get('bruise-non-mobile-baby')?.status === 'present') {
      best.delete('injury');
      best.delete('injury-unexplained');
    }
    const order = (f: Finding) => {
      const ind = this.byId.get(f.id)!;
      return (ind.harm ? 0 : 10) + (4 - ind.level);
    };
    return [...best.values()].sort((a, b) => order(a) - order(b) || a.span.start - b.span.start);
  }

  private answersIn(words: readonly Word[], context: TextContext): Record<string, string> {
    const answers: Record<string, string> = {};
    for (const m of this.answerCues.matchAll(words)) {
      if (context.contextOf(m.first, m.last).negated) continue;
      const { question, value } = m.value;
      // A refusal outweighs a general willingness: it is the answer that needs acting on.
      if (answers[question] === undefined || value === 'refused') answers[question] = value;
    }
    return answers;
  }

  /** The clause around a match, in the practitioner's own words. */
  private evidence(text: string, words: readonly Word[], first: number, last: number): string {
    let from = first;
    while (from > 0 && words[from - 1]!.kind !== 'sentence-break' && words[first]!.end - words[from - 1]!.start < EVIDENCE_MAX / 2) from--;
    let to = last;
    while (to < words.length - 1 && words[to + 1]!.kind !== 'sentence-break' && words[to + 1]!.end - words[from]!.start < EVIDENCE_MAX) to++;
    while (from < first && words[from]!.kind === 'clause-break') from++;
    while (to > last && words[to]!.kind === 'clause-break') to--;
    return text.slice(words[from]!.start, words[to]!.end).replace(/\s+/g, ' ').trim();
  }
}

/**
 * Drops a reading that lies inside a longer reading of another indicator: "learning disability"
 * is not also "disability", and "domestic violence incident" is not also "domestic violence".
 * Compared after each match is read in context, so a longer phrase that context set aside
 * ("cannabis daily" said of a child, not a parent) does not hide the shorter one. A frame only
 * adds a reading: it never hides a listed term's.
 */
function longestMatches<T extends { m: PhraseMatch<number>; ind: Indicator }>(readings: T[], canCover: (r: T) => boolean): T[] {
  return readings.filter(
    (r) =>
      !readings.some(
        (o) => o !== r && canCover(o) && o.ind.id !== r.ind.id && o.m.first <= r.m.first && o.m.last >= r.m.last && o.m.last - o.m.first > r.m.last - r.m.first,
      ),
  );
}

/** A child's age said earlier in the same sentence: "the 13 year old", "year 9". */
function ageNamedBefore(words: readonly Word[], pos: number): number | undefined {
  const sentence = words[pos]!.sentence;
  for (let i = pos - 1; i >= 0 && words[i]!.sentence === sentence; i--) {
    const w = words[i]!;
    if (w.kind !== 'number') continue;
    const n = Number(w.text);
    if (words[i + 1]?.text === 'year' && words[i + 2]?.text === 'old' && n < 18) return n;
    if (words[i - 1]?.text === 'year' && n >= 1 && n <= 13) return n + 5;
  }
  return undefined;
}

function quote(words: readonly Word[], first: number, last: number): string {
  return words.slice(first, last + 1).map((w) => w.text).join(' ');
}

function corrected(changes: ReadonlyMap<number, [string, string]>, first: number, last: number): { corrected?: [string, string][] } {
  const list: [string, string][] = [];
  for (let i = first; i <= last; i++) {
    const c = changes.get(i);
    if (c) list.push(c);
  }
  return list.length ? { corrected: list } : {};
}
