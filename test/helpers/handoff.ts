// Shared fixtures for the handoff tests: a real triage from the real packs, and a complete set of
// answers a practitioner might give, so each test changes only what it is about.
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
