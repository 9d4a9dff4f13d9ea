// Shared fixtures for the handoff tests: a real triage from the real packs, a complete set of
// answers a practitioner might give, so each test changes only what it is about, and the real
// handoff turns on an in-memory database for the conversation's unit tests.
import { AuditLog } from '../../bot/auth/audit.ts';
import { DutyChannels } from '../../bot/handoff/delivery/duty-channel.ts';
import { draftOf, next, startFlow, type Step } from '../../bot/handoff/flow.ts';
import { HandoffService } from '../../bot/handoff/service.ts';
import { HandoffStore } from '../../bot/handoff/store.ts';
import { HandoffTurns } from '../../bot/handoff/turns.ts';
import { createLogger } from '../../bot/log.ts';
import { triage, type TriageResult } from '../../knowledge/triage.ts';
import { memoryDatabase } from './db.ts';
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
export async function submitHandoff(store: HandoffStore, key: string, opts: { overrides?: Record<string, string>; referrerConversation?: Record<string, unknown> } = {}): Promise<string> {
  const s = checkedFlow({ overrides: opts.overrides });
  return (await store.submit({
    draftKey: key,
    draft: draftOf(s.state),
    referrerConversation: opts.referrerConversation,
    finalState: (reference) => next(s.state, { stored: { reference } }).state,
  })).reference;
}

/** The handoff as the service builds it, on an in-memory database and with no delivery worker. */
export function memoryHandoff(): { flow: HandoffTurns; store: HandoffStore; channels: DutyChannels; audit: AuditLog } {
  const db = memoryDatabase();
  const store = new HandoffStore(db);
  const audit = new AuditLog(db);
  const channels = new DutyChannels(db);
  const kick = () => {};
  const flow = new HandoffTurns({ store, service: new HandoffService({ store, audit, kick }), channels, audit, log: createLogger('silent'), kick });
  return { flow, store, channels, audit };
}
