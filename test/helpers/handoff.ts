// Shared fixtures for the handoff tests: a real triage from the real packs, and a complete set of
// answers a practitioner might give, so each test changes only what it is about.
import { draftOf, next, startFlow, type Step } from '../../bot/handoff/flow.ts';
import type { HandoffStore } from '../../bot/handoff/store.ts';
import { triage, type TriageResult } from '../../knowledge/triage.ts';
import { knowledge } from './knowledge.ts';

export function harmTriage(locality: 'bathnes' | 'leicester' = 'bathnes', extra: { age?: number; indicators?: string[] } = {}): TriageResult {
  return triage(knowledge(), { locality, answers: { harm: 'yes' }, ...(extra.age !== undefined ? { age: extra.age } : {}), ...(extra.indicators ? { indicators: extra.indicators } : {}) }, { defaultLocality: 'bathnes' });
}

/** Typed answers by question id, as a practitioner would type them. */
export const TYPED_ANSWERS: Record<string, string> = {
  immediateDanger: 'no',
  whereNow: 'In school until 3.15pm',
  childName: 'J.B.',
  childAge: '7',
  setting: 'Oldfield Primary',
  household: 'Mum, her partner and a baby brother',
  parentalResponsibility: 'Mum',
  concern: 'He came in with a bruise on his cheek and said his mum’s partner hit him.',
  childWords: 'He said "he hit me because I was loud"',
  done: 'Spoke to the DSL, recorded on CPOMS',
  dslTold: 'yes',
  otherAgencies: 'Health visitor for the baby',
  parentAware: 'no',
  consent: 'not asked',
  consentWhyNot: 'Asking could put him at greater risk',
  referrerName: 'Sam Taylor',
  referrerRole: 'Class teacher',
  referrerAgency: 'Oldfield Primary School',
  referrerPhone: '01225 000000',
  address: '1 Example Street',
};

/** A flow answered from TYPED_ANSWERS (or the overrides), at "check your answers". */
export function checkedFlow(opts: { triage?: TriageResult; overrides?: Record<string, string> } = {}): Step {
  let s = startFlow({ triage: opts.triage ?? harmTriage() });
  while (s.prompt.kind === 'question') s = next(s.state, { text: opts.overrides?.[s.prompt.question.id] ?? TYPED_ANSWERS[s.prompt.question.id] });
  return s;
}

/** A complete handoff stored as the turn handler stores it; returns its reference. */
export function submitHandoff(store: HandoffStore, key: string, opts: { overrides?: Record<string, string>; referrerConversation?: Record<string, unknown> } = {}): string {
  const s = checkedFlow({ overrides: opts.overrides });
  return store.submit({
    draftKey: key,
    draft: draftOf(s.state),
    referrerConversation: opts.referrerConversation,
    finalState: (reference) => next(s.state, { stored: { reference } }).state,
  }).reference;
}
