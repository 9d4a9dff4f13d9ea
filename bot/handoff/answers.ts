// Understanding one answer to a handoff question, however it arrives: a card submit, typed text,
// or speech turned into text ("the second one", "yeah", "not sure", "skip").
import { type Option, type QuestionDef } from './questions.ts';

const ORDINALS: Record<string, number> = {
  one: 1, first: 1, '1st': 1, two: 2, second: 2, '2nd': 2, three: 3, third: 3, '3rd': 3, four: 4, fourth: 4, '4th': 4,
};

export function normalise(text: string): string {
  return text.toLowerCase().replace(/[’']/g, "'").replace(/[^a-z0-9' ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The option a typed or spoken answer names, or undefined. */
export function matchOption(q: QuestionDef, said: string): Option | undefined {
  const options = q.options ?? [];
  const t = normalise(said);
  if (t === '') return undefined;
  const exact = options.find((o) => o.value === t || normalise(o.label) === t || o.synonyms.some((s) => normalise(s) === t));
  if (exact) return exact;
  const words = t.replace(/^(the|number|option|it's|its|it is)\s+/, '').replace(/\s+(one|option)$/, '').trim();
  const n = /^\d+$/.test(words) ? Number(words) : ORDINALS[words];
  if (n !== undefined && n >= 1 && n <= options.length) return options[n - 1];
  return undefined;
}

const SKIP = new Set(['skip', 'not known', 'unknown', "don't know", 'dont know', 'do not know', "i don't know", 'i dont know', 'pass', 'no idea', 'n a', 'na', 'none known', 'not sure', 'unsure']);
/** "skip", "not known", "don't know": the practitioner does not have this. */
export function isSkip(said: string): boolean {
  return SKIP.has(normalise(said));
}

export type Command = 'back' | 'cancel' | 'help' | 'send' | 'restart';
const COMMANDS: Record<string, Command> = {
  back: 'back', 'go back': 'back', previous: 'back',
  cancel: 'cancel', stop: 'cancel', 'cancel handoff': 'cancel', discard: 'cancel',
  // The conversation's "start again" would discard the answers given here: it is asked about
  // first (say "cancel" to discard), never taken as a discard on its own.
  'start again': 'restart', 'start over': 'restart', restart: 'restart', 'begin again': 'restart', reset: 'restart',
  help: 'help', '?': 'help', 'what can i say': 'help',
  send: 'send', submit: 'send', 'send it': 'send', 'send to the duty team': 'send', 'yes send': 'send', 'yes send it': 'send', confirm: 'send',
};
export function commandOf(said: string): Command | undefined {
  return COMMANDS[normalise(said)] ?? (said.trim() === '?' ? 'help' : undefined);
}

/** "change 3", "change the phone number", "edit role": the row to change on check your answers. */
export function changeTarget(said: string, rows: readonly { label: string; name?: string }[]): number | undefined {
  const m = /^(?:change|edit|update|fix)\s+(.+)$/.exec(normalise(said));
  if (!m) return undefined;
  const what = m[1]!.replace(/^(the|my|number)\s+/, '');
  if (/^\d+$/.test(what)) {
    const i = Number(what) - 1;
    return i >= 0 && i < rows.length ? i : undefined;
  }
  const words = what.split(' ').filter((w) => w.length > 2);
  let best: { i: number; score: number } | undefined;
  rows.forEach((r, i) => {
    // The row's label and its name on the button ("Change the child's name").
    const label = normalise(`${r.label} ${r.name ?? ''}`);
    const score = words.filter((w) => label.includes(w)).length;
    if (score > 0 && (!best || score > best.score)) best = { i, score };
  });
  return best?.i;
}

/**
 * An option said with more after it: "No, asking could put him at greater risk" is "No" and the
 * reason. Only the first clause is matched, so a sentence that merely contains "no" is not read.
 */
export function leadingOption(q: QuestionDef, said: string): { option: Option; rest: string } | undefined {
  const m = /^(.{1,40}?)(?:\s*[,;:.\u2013\u2014-]\s*|\s+because\s+|\s+as\s+)(.+)$/is.exec(said.trim());
  if (!m) return undefined;
  const option = matchOption(q, m[1]!);
  const rest = m[2]!.trim();
  return option && rest ? { option, rest } : undefined;
}
