// The things a practitioner can say at any point, recognised before anything else in a turn.
// Kept strict on purpose: a concern that happens to contain "help" or "back" ("she came back
// with bruises") must reach the harm screen, not a menu, so most commands must be the whole
// message, and the area only changes on an explicit phrase ("I work in Leicester").
import { normalise } from '../../knowledge/answers.ts';
import type { Knowledge } from '../../knowledge/load.ts';
import { localityNamedIn } from '../../knowledge/triage.ts';
import type { Role as ReportRole } from '../reports/events.ts';

export type Command =
  | { name: 'help' }
  | { name: 'start-again' }
  | { name: 'back' }
  | { name: 'levels' }
  | { name: 'review' }
  | { name: 'outcome' }
  | { name: 'handoff' }
  | { name: 'change'; number: number }
  | { name: 'services'; words: string }
  | { name: 'add'; words: string }
  | { name: 'remove'; words: string }
  | { name: 'what-is'; term: string }
  | { name: 'area'; locality: string };

const WHOLE: Record<string, Command['name']> = {};
const add = (name: Command['name'], phrases: string[]) => phrases.forEach((p) => (WHOLE[p] = name));
add('help', ['help', 'help me', 'menu', 'what can you do', 'what can i say', 'commands', 'options', 'how does this work', 'instructions']);
add('start-again', ['start again', 'start over', 'restart', 'reset', 'new concern', 'begin again', 'start a new one', 'new consultation', 'start afresh']);
add('back', ['back', 'go back', 'undo', 'previous question', 'previous', 'take that back', 'back please']);
add('levels', ['levels', 'the levels', 'the four levels', 'what are the levels', 'explain the levels', 'levels of need', 'show the levels', 'thresholds']);
add('review', ['review', 'review my answers', 'check my answers', 'my answers', 'check answers', 'show my answers', 'summary of answers']);
add('outcome', ['outcome', 'result', 'the outcome', 'show the outcome', 'see the outcome', 'what should i do', 'what do i do', 'skip', 'skip to the outcome', 'finish', 'done', 'that is all', 'thats all', 'thats it', 'nothing else']);
add('handoff', ['duty summary', 'prepare the duty summary', 'prepare duty summary', 'handoff', 'hand off', 'refer', 'make a referral', 'prepare a referral', 'summary for the duty team']);

const SERVICES = /^(?:find |search |search for |show |show me |list |any |are there any |local )?(?:services?|support)(?: for| about| to do with| near me for)?\s+(.+)$/;
const WHAT_IS = /^(?:what is|whats|what s|what are|what does|what do|define|explain|tell me about|meaning of|what is meant by)\s+(?:an? |the )?(.+?)(?:\s+mean|\s+stand for|\s+means)?$/;
const AREA = /(?:^|\b)(?:i work in|i am based in|im based in|i m based in|we are in|were in|we re in|i am in|im in|i m in|working in|based in|my area is|area is|change area to|change my area to|change the area to|switch to|set area to|set the area to|area)\s+(.+)$/;
const CHANGE = /^change(?: answer| question)?(?: number)?\s+(\d{1,2})$/;
// "add young carer", "remove domestic abuse": short, so a sentence that starts with "add" stays a concern.
const ADD = /^add\s+(.+)$/;
const REMOVE = /^(?:remove|take off)\s+(.+)$/;

export function recogniseCommand(text: string, knowledge: Knowledge): Command | undefined {
  const t = normalise(text).replace(/\s+please$/, '');
  if (!t) return undefined;
  const whole = WHOLE[t];
  if (whole) return { name: whole } as Command;
  const change = CHANGE.exec(t);
  if (change) return { name: 'change', number: Number(change[1]) };
  // A bare place name ("Leicester") is an area change too.
  const bare = localityNamedIn(knowledge, t);
  if (bare && [...knowledge.packs.values()].some((p) => p.manifest.placeNames.some((n) => normalise(n) === t))) return { name: 'area', locality: bare.id };
  // "I work in Leicester" is a command; "I work in Leicester, a 12 year old ..." is a concern that
  // names its area (the consultation reads the area from it).
  const area = AREA.exec(t);
  if (area) {
    const rest = area[1]!;
    for (const pack of knowledge.packs.values()) {
      for (const place of pack.manifest.placeNames.map(normalise)) {
        if (rest === place || (rest.startsWith(`${place} `) && rest.slice(place.length).trim().split(' ').length <= 3)) return { name: 'area', locality: pack.id };
      }
    }
  }
  const add = ADD.exec(t);
  if (add && t.split(' ').length <= 6) return { name: 'add', words: add[1]! };
  const remove = REMOVE.exec(t);
  if (remove && t.split(' ').length <= 6 && !/^(one|an indicator|something)$/.test(remove[1]!)) return { name: 'remove', words: remove[1]! };
  const services = SERVICES.exec(t);
  if (services && t.split(' ').length <= 12) return { name: 'services', words: services[1]! };
  const what = WHAT_IS.exec(t);
  if (what && t.split(' ').length <= 10) return { name: 'what-is', term: what[1]! };
  return undefined;
}

/** An area named in a longer message ("I'm a teacher in Leicester and ..."), without changing anything else. */
export function areaStatedIn(text: string, knowledge: Knowledge): string | undefined {
  const m = /\b(?:i work in|i am based in|im based in|i m based in|working in|based in|we are in|we re in|were in|(?:teacher|gp|nurse|worker|visitor|dsl|practitioner|lead|officer|manager|head|senco) (?:in|at|for))\s+(.+)$/.exec(normalise(text));
  return m ? localityNamedIn(knowledge, m[1]!.split(' ').slice(0, 6).join(' '))?.id : undefined;
}

/** How a role is said, how it is shown, and how the board's figures count it (bot/reports/events.ts). */
export const ROLES: readonly [RegExp, string, ReportRole][] = [
  [/\b(designated safeguarding lead|dsl)\b/, 'designated safeguarding lead', 'designated-safeguarding-lead'],
  [/\b(head ?teacher|teacher|teaching assistant|senco)\b/, 'teacher', 'teacher'],
  [/\b(gp|doctor)\b/, 'GP', 'gp'],
  [/\bhealth visitor\b/, 'health visitor', 'health-visitor'],
  [/\bschool nurse\b/, 'school nurse', 'school-nurse'],
  [/\bmidwife\b/, 'midwife', 'other'],
  [/\bsocial worker\b/, 'social worker', 'social-worker'],
  [/\b(early years|nursery|childminder)\b/, 'early years practitioner', 'early-years'],
  [/\b(police|pcso)\b/, 'police', 'other'],
  [/\b(youth worker|family support worker|family worker)\b/, 'family or youth worker', 'youth-worker'],
];

/** The practitioner's role when they state it ("I'm a health visitor"). Never inferred otherwise. */
export function roleStatedIn(text: string): string | undefined {
  const t = normalise(text);
  if (!/\b(i am|im|i m|i work as|as a|as an|i m the|im the|i am the)\b/.test(t)) return undefined;
  return ROLES.find(([re]) => re.test(t))?.[1];
}

/** A role as the board's figures count it; undefined when the practitioner has not said. */
export function reportRole(role: string | undefined): ReportRole | undefined {
  return ROLES.find(([, shown]) => shown === role)?.[2];
}
