// Understands an answer to one structured question however it arrives: clicked (the option's
// value), typed or spoken ("the second one", "number two", "yeah", "not sure", "escalting").
// Pure and synchronous; no botbuilder. A match must be unambiguous: "yes" to a question with two
// "Yes, ..." options is no match, so the conversation asks which one rather than guessing.
import { jaroWinkler, phoneticCodes } from './understand/nlp.ts';

export interface AnswerOption {
  value: string;
  label: string;
  /** Other words for this option (decision.json `synonyms`). */
  synonyms?: readonly string[];
}

export type MatchedBy = 'value' | 'number' | 'ordinal' | 'label' | 'synonym' | 'yes-no' | 'fuzzy';

export interface AnswerMatch {
  value: string;
  by: MatchedBy;
}

type Polarity = 'yes' | 'no' | 'unsure';

// Checked longest first, so "not sure" is never read as "sure" and "no idea" never as "no".
const POLARITY: Record<Polarity, string[]> = {
  unsure: [
    'not sure', 'unsure', 'i am not sure', 'i m not sure', 'im not sure', 'dont know', 'do not know', 'i dont know', 'i do not know',
    'dunno', 'no idea', 'not certain', 'uncertain', 'maybe', 'possibly', 'perhaps', 'cant say', 'cannot say', 'can not say',
    'hard to say', 'difficult to say', 'not clear', 'unclear', 'might be', 'could be', 'dont know yet', 'not sure yet', 'unknown',
    'no clue', 'i cant tell', 'cant tell', 'its unclear', 'it is unclear', 'i m unsure', 'im unsure', 'i am unsure', 'dont know really',
    'not really sure', 'not too sure', 'not entirely sure', 'im not certain', 'i am not certain',
  ],
  no: [
    'no', 'nope', 'nah', 'na', 'no no', 'not really', 'no way', 'negative', 'i dont think so', 'i do not think so', 'definitely not',
    'certainly not', 'not at all', 'never', 'none', 'no it isnt', 'no it is not', 'no they are not', 'no they arent', 'not that i know of',
    'no not at all', 'no i dont think so', 'absolutely not', 'nay', 'incorrect', 'thats wrong', 'that is wrong', 'wrong', 'no thanks',
    'no thank you', 'it isnt', 'they arent', 'hes not', 'shes not', 'he isnt', 'she isnt', 'nothing', 'not yet', 'no not yet',
  ],
  yes: [
    'yes', 'yeah', 'yeh', 'yea', 'yep', 'yup', 'ya', 'aye', 'yes please', 'yes it is', 'yes they are', 'yes he is', 'yes she is',
    'correct', 'right', 'thats right', 'that is right', 'thats correct', 'that is correct', 'true', 'definitely', 'absolutely',
    'certainly', 'sure', 'of course', 'i think so', 'i believe so', 'it is', 'they are', 'he is', 'she is', 'uh huh', 'mm hmm',
    'affirmative', 'indeed', 'yes definitely', 'yes absolutely', 'ok', 'okay', 'yes i do', 'i do', 'i think they are', 'i think it is',
    'yes i think so', 'probably', 'likely', 'very likely', 'yes they have', 'they have', 'yes it has', 'it has',
  ],
};
const POLARITY_PHRASES = (Object.entries(POLARITY) as [Polarity, string[]][])
  .flatMap(([polarity, phrases]) => phrases.map((p) => ({ polarity, phrase: p })))
  .sort((a, b) => b.phrase.length - a.phrase.length);

const CARDINALS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const ORDINALS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
// What a speech recogniser writes for a spoken number after "number" or "option".
const HOMOPHONES: Record<string, number> = { won: 1, to: 2, too: 2, tu: 2, tree: 3, for: 4, fore: 4, ate: 8 };
const LETTERS = 'abcdefghij';

// Said around an answer without changing it.
const LEADING_FILLER = [
  'um', 'umm', 'uh', 'er', 'erm', 'ah', 'hmm', 'well', 'so', 'oh', 'i think', 'i would say', 'i d say', 'id say', 'i guess', 'i suppose',
  'the answer is', 'my answer is', 'answer', 'i ll go with', 'ill go with', 'go with', 'lets go with', 'i choose', 'choose', 'i pick',
  'pick', 'select', 'i select', 'i ll say', 'ill say', 'i say', 'its', 'it s', 'thats', 'that s', 'please', 'ok', 'okay',
];
const TRAILING_FILLER = ['please', 'thanks', 'thank you', 'i think', 'i guess', 'i suppose', 'then', 'one', 'option', 'really'];
// Words that carry no choice between options ("they're", "it's", "just").
const STOP = new Set([
  'a', 'an', 'the', 'is', 'are', 'of', 'to', 'and', 'or', 'it', 'its', 'they', 'theyre', 'theyve', 'them', 'there', 'theres', 'be',
  'been', 'by', 'for', 'at', 'in', 'on', 'now', 'i', 'im', 'we', 'he', 'she', 'hes', 'shes', 'has', 'have', 'just', 'really', 'very',
  'quite', 'still', 'already', 'currently', 'getting', 'got', 'their', 'that', 'this', 'some',
]);

/** Lower case, apostrophes dropped ("don't" is "dont"), punctuation to spaces. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function stripFiller(text: string): string {
  let t = ` ${text} `;
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of LEADING_FILLER) {
      if (t.startsWith(` ${f} `) && t.trim() !== f) {
        t = t.slice(f.length + 1);
        changed = true;
      }
    }
    for (const f of TRAILING_FILLER) {
      if (t.endsWith(` ${f} `) && t.trim() !== f) {
        t = t.slice(0, t.length - f.length - 1);
        changed = true;
      }
    }
  }
  return t.trim();
}

/** "2", "two", "number two", "option to", "the second one", "2nd", "b", "the last one". */
function optionNumber(text: string, count: number): { index: number; by: 'number' | 'ordinal' } | undefined {
  const words = text.split(' ').filter((w) => w !== 'the' && w !== 'one' && w !== 'option' && w !== 'number' && w !== 'no' && w !== 'choice');
  const prefixed = /^(number|option|choice|no)\b/.test(text);
  if (words.length === 0) {
    // "the one", "number one", "option one": the words we dropped were the answer.
    return /^(number|option|choice) one$/.test(text) ? { index: 0, by: 'number' } : undefined;
  }
  if (words.length !== 1) return undefined;
  const w = words[0]!;
  let index: number | undefined;
  let by: 'number' | 'ordinal' = 'number';
  if (/^\d+$/.test(w)) index = Number(w) - 1;
  else if (/^\d+(st|nd|rd|th)$/.test(w)) [index, by] = [parseInt(w, 10) - 1, 'ordinal'];
  else if (CARDINALS.includes(w)) index = CARDINALS.indexOf(w) - 1;
  else if (ORDINALS.includes(w)) [index, by] = [ORDINALS.indexOf(w) - 1, 'ordinal'];
  else if (w === 'last' || w === 'final') [index, by] = [count - 1, 'ordinal'];
  else if (prefixed && w in HOMOPHONES) index = HOMOPHONES[w]! - 1;
  else if (prefixed && w.length === 1 && LETTERS.includes(w)) index = LETTERS.indexOf(w);
  if (index === undefined || index < 0 || index >= count) return undefined;
  return { index, by };
}

const NEGATIONS = new Set(['no', 'not', 'never', 'dont', 'isnt', 'arent', 'cant', 'cannot', 'nope', 'none', 'nothing']);
const negationsOf = (phrase: string) => phrase.split(' ').filter((w) => NEGATIONS.has(w)).join(' ');

/**
 * The yes/no/unsure reading of a whole short answer, if it is one. A misheard phrase ("not
 * shore") counts when it is close to one of ours with the same words of negation, so "I think
 * not" can never become "I think so".
 */
export function polarityOf(text: string): Polarity | undefined {
  const t = normalise(text);
  for (const candidate of [t, stripFiller(t)]) {
    const hit = POLARITY_PHRASES.find((p) => p.phrase === candidate);
    if (hit) return hit.polarity;
  }
  if (t.length < 6) return undefined;
  const near = POLARITY_PHRASES.filter(
    (p) => p.phrase.length >= 6 && p.phrase.split(' ').length === t.split(' ').length && negationsOf(p.phrase) === negationsOf(t) && jaroWinkler(p.phrase, t) >= 0.92,
  );
  const polarities = new Set(near.map((p) => p.polarity));
  return polarities.size === 1 ? near[0]!.polarity : undefined;
}

/** Which option a polarity means: the option valued so, or the only one whose label starts so. */
function optionForPolarity(polarity: Polarity, options: readonly AnswerOption[]): AnswerOption | undefined {
  const byValue = options.find((o) => o.value === polarity);
  if (byValue) return byValue;
  const starts = options.filter((o) => {
    const label = normalise(o.label);
    if (polarity === 'unsure') return /^(not sure|unsure|dont know)\b/.test(label);
    if (polarity === 'no') return /^no\b/.test(label) && !/^no improvement\b/.test(label);
    return /^yes\b/.test(label);
  });
  return starts.length === 1 ? starts[0] : undefined;
}

const contentWords = (text: string) => text.split(' ').filter((w) => w && !STOP.has(w));

// "unclear" is not a misspelling of "clear": a negating prefix changes the answer.
const NEGATING_PREFIX = /^(un|in|im|non|dis|not)$/;

function wordsAlike(a: string, b: string): boolean {
  if (a === b) return true;
  if (/^\d+$/.test(a) || /^\d+$/.test(b)) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.endsWith(short) && NEGATING_PREFIX.test(long.slice(0, long.length - short.length))) return false;
  if (Math.min(a.length, b.length) >= 4 && jaroWinkler(a, b) >= 0.92) return true;
  if (Math.min(a.length, b.length) >= 4) {
    const [pa] = phoneticCodes(a);
    const [pb] = phoneticCodes(b);
    if (pa.length >= 3 && pa === pb) return true;
  }
  return false;
}

/**
 * How well the answer covers a label: the share of the answer's content words found in the
 * label (so "escalating" finds "Problems are escalating") weighted with the share of the
 * label's words the answer gives, so a fuller answer beats a partial one.
 */
function coverage(answer: string[], label: string[]): number {
  if (answer.length === 0 || label.length === 0) return 0;
  const found = answer.filter((w) => label.some((l) => wordsAlike(w, l))).length;
  if (found < answer.length) return 0;
  const covered = label.filter((l) => answer.some((w) => wordsAlike(w, l))).length;
  return 0.6 + 0.4 * (covered / label.length);
}

/**
 * The option an utterance means, or undefined when it means none of them or could mean more
 * than one. `value` is accepted as is, so a clicked option always matches.
 */
export function matchAnswer(utterance: string, options: readonly AnswerOption[]): AnswerMatch | undefined {
  const exactValue = options.find((o) => o.value === utterance.trim());
  if (exactValue) return { value: exactValue.value, by: 'value' };
  const raw = normalise(utterance);
  if (!raw) return undefined;
  const text = stripFiller(raw);

  for (const candidate of [raw, text]) {
    const n = optionNumber(candidate, options.length);
    if (n) return { value: options[n.index]!.value, by: n.by };
  }

  for (const candidate of [raw, text]) {
    const label = options.filter((o) => normalise(o.label) === candidate || normalise(o.value.replace(/-/g, ' ')) === candidate);
    if (label.length === 1) return { value: label[0]!.value, by: 'label' };
    const synonym = options.filter((o) => (o.synonyms ?? []).some((s) => normalise(s) === candidate));
    if (synonym.length === 1) return { value: synonym[0]!.value, by: 'synonym' };
  }

  const polarity = polarityOf(raw);
  if (polarity) {
    const option = optionForPolarity(polarity, options);
    return option ? { value: option.value, by: 'yes-no' } : undefined;
  }

  const words = contentWords(text);
  if (words.length === 0 || words.length > 8) return undefined;
  const scored = options
    .map((o) => ({
      o,
      score: Math.max(
        coverage(words, contentWords(normalise(o.label))),
        ...(o.synonyms ?? []).map((s) => coverage(words, contentWords(normalise(s)))),
      ),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0) return undefined;
  if (scored.length > 1 && scored[1]!.score >= scored[0]!.score - 0.05) return undefined;
  return { value: scored[0]!.o.value, by: 'fuzzy' };
}

const CLAUSE_STARTS = new Set([
  'i', 'im', 'ive', 'id', 'he', 'hes', 'she', 'shes', 'they', 'theyre', 'theyve', 'it', 'its', 'we', 'were', 'weve', 'you', 'thats',
  'that', 'there', 'theres', 'but', 'and', 'because', 'as', 'so', 'although', 'though', 'not', 'never', 'mum', 'dad', 'her', 'his',
  'if', 'whether', 'maybe', 'perhaps',
]);

/**
 * A sentence that starts with an answer and goes on ("no, but she said dad hit her", or spoken
 * with no comma: "no she's safe at school"): the answer and the rest. Undefined otherwise.
 */
export function leadingPolarity(utterance: string): { polarity: Polarity; rest: string } | undefined {
  const m = /^\s*([\p{L}'’ ]{1,24}?)\s*[,;:.!\u2013\u2014-]+\s*(.+)$/su.exec(utterance);
  if (m) {
    const polarity = polarityOf(m[1]!);
    if (polarity) return { polarity, rest: m[2]!.trim() };
  }
  // Unpunctuated, "no" is as often a determiner ("no marks", "no food in the house") as an
  // answer, so the answer only counts when a new clause plainly starts after it.
  const words = utterance.trim().split(/\s+/);
  for (let n = Math.min(4, words.length - 2); n >= 1; n--) {
    const polarity = POLARITY_PHRASES.find((p) => p.phrase === normalise(words.slice(0, n).join(' ')))?.polarity;
    if (polarity && CLAUSE_STARTS.has(normalise(words[n]!))) return { polarity, rest: words.slice(n).join(' ') };
  }
  return undefined;
}

export interface ReadAnswer extends AnswerMatch {
  /** What followed the answer, when it started a longer sentence. */
  rest?: string;
}

/** The whole utterance as an answer, else an answer that starts it ("no, but ..."). */
export function readAnswer(utterance: string, options: readonly AnswerOption[]): ReadAnswer | undefined {
  const whole = matchAnswer(utterance, options);
  if (whole) return whole;
  const lead = leadingPolarity(utterance);
  const option = lead ? optionForPolarity(lead.polarity, options) : undefined;
  return lead && option ? { value: option.value, by: 'yes-no', rest: lead.rest } : undefined;
}
