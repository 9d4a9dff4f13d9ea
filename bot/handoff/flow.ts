// The duty handoff conversation as a pure state machine: (state, input) -> (reply, new state,
// effect). It asks only for what is still missing, one question at a time; shows "check your
// answers" with a way to change each; asks the caller to store the handoff (the `submit` effect);
// and confirms with the reference only when told the handoff is stored. No I/O, no clock, no
// botbuilder: the caller (bot/handoff/turns.ts) does those, so every path here is a table test.
import { z } from 'zod';
import type { CheckPrompt, CheckRow, ConfirmedPrompt, Notice, Prompt } from '../../cards/handoff/prompt-types.ts';
import type { TriageResult } from '../../knowledge/triage.ts';
import { changeTarget, commandOf, isSkip, leadingOption, matchOption } from './answers.ts';
import { prefillFrom } from './prefill.ts';
import { type Answers, type FieldId, FieldId as FieldIdSchema, QUESTIONS, QUESTION_BY_ID, type QuestionDef, type SequenceContext, applies, sequence } from './questions.ts';
import type { SummaryDraft } from '../../knowledge/handoff/summary.ts';

/** What the caller knows about the practitioner from the channel (Teams gives a display name). */
export interface KnownUser {
  name?: string;
}

export interface FlowSeed {
  triage: TriageResult;
  /** The concern as the practitioner typed it in the consultation, if they did. */
  concern?: string;
  /** The role and workplace the practitioner stated, and the consultation's answers (bot/handoff/prefill.ts). */
  role?: string;
  agency?: string;
  answers?: Readonly<Record<string, string>>;
  user?: KnownUser;
  /** The consultation the summary is made from, so it is known as sent for that concern. */
  consultationId?: string;
}

/** The part of the triage the summary and the confirmation need, kept in the state. */
export const FlowBase = z.object({
  locality: z.object({ id: z.string(), name: z.string() }),
  knowledgeVersion: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  levelName: z.string(),
  reasons: z.array(z.object({ text: z.string(), source: z.object({ file: z.string(), section: z.string(), documentTitle: z.string(), documentDate: z.string().optional() }) })),
  indicators: z.array(z.object({ id: z.string(), label: z.string(), evidence: z.string(), status: z.enum(['present', 'uncertain', 'negated']), harm: z.boolean() })),
  consentNeeded: z.boolean(),
  contacts: z.array(
    z.object({ name: z.string(), role: z.string(), phones: z.array(z.string()), urls: z.array(z.string()), needsLocalConfiguration: z.boolean(), note: z.string().optional(), setLocally: z.object({ by: z.string(), on: z.string() }).optional() }),
  ),
});
export type FlowBase = z.infer<typeof FlowBase>;

export const FlowState = z.object({
  v: z.literal(1),
  phase: z.enum(['asking', 'checking', 'done', 'cancelled']),
  base: FlowBase,
  answers: z.partialRecord(FieldIdSchema, z.string().nullable()),
  /** Answers that came from the channel or the consultation rather than this flow, shown as such. */
  prefilled: z.array(FieldIdSchema),
  current: FieldIdSchema.optional(),
  /** Set while changing one answer from check your answers: return there afterwards. */
  changing: z.boolean().default(false),
  /** The questions answered, in order, for "back". */
  history: z.array(FieldIdSchema),
  reference: z.string().optional(),
  /** The consultation (the concern) this summary is for. */
  consultationId: z.string().max(100).optional(),
});
export type FlowState = z.infer<typeof FlowState>;

/** A card submit from one of our prompts. */
export const FlowAction = z.discriminatedUnion('handoff', [
  z.object({ handoff: z.literal('answer'), field: FieldIdSchema, answer: z.string().max(6000).optional(), why: z.string().max(1000).optional() }),
  z.object({ handoff: z.literal('skip'), field: FieldIdSchema }),
  z.object({ handoff: z.literal('change'), field: FieldIdSchema }),
  z.object({ handoff: z.literal('back') }),
  z.object({ handoff: z.literal('submit') }),
  z.object({ handoff: z.literal('cancel') }),
]);
export type FlowAction = z.infer<typeof FlowAction>;

export type FlowInput = { text?: string; value?: unknown } | { stored: { reference: string } } | { storeFailed: true };

export interface Step {
  state: FlowState;
  prompt: Prompt<FieldId>;
  /** Store this handoff, then call `next` with `{ stored }` (or `{ storeFailed }`). */
  effect?: { type: 'submit'; draft: SummaryDraft };
}

/** Seed a flow from a triage result and what the channel tells us, and ask the first question. */
export function startFlow(seed: FlowSeed): Step {
  const t = seed.triage;
  const base: FlowBase = {
    locality: { id: t.locality, name: t.localityName },
    knowledgeVersion: t.knowledgeVersion,
    level: t.level,
    levelName: t.levelName,
    reasons: t.reasons.map((r) => ({ text: r.text, source: { file: r.source.file, section: r.source.section, documentTitle: r.source.documentTitle, documentDate: r.source.documentDate } })),
    indicators: t.indicators.map((i) => ({ id: i.id, label: i.label, evidence: i.evidence, status: i.status, harm: i.harm })),
    consentNeeded: t.level < 4 && t.route.consentRequired,
    contacts: t.contacts.map((c) => ({
      name: c.name,
      role: c.role,
      phones: [...c.phones],
      urls: [...c.urls],
      needsLocalConfiguration: c.needsLocalConfiguration,
      ...(c.note ? { note: c.note } : {}),
      ...(c.setLocally ? { setLocally: { by: c.setLocally.by, on: c.setLocally.on } } : {}),
    })),
  };
  const answers: Answers = {};
  const prefilled: FieldId[] = [];
  // Only what the question itself would accept: a concern longer than the summary holds is asked
  // for in fewer words rather than cut short without the practitioner knowing.
  const prefill = (field: FieldId, value: string | undefined) => {
    const v = value?.trim();
    if (v && QUESTION_BY_ID.get(field)!.schema.safeParse(v).success) {
      answers[field] = v;
      prefilled.push(field);
    }
  };
  const source = { triage: t, concern: seed.concern, role: seed.role, agency: seed.agency, answers: seed.answers, userName: seed.user?.name };
  for (const [field, value] of prefillFrom(source)) prefill(field, value);
  const state: FlowState = { v: 1, phase: 'asking', base, answers, prefilled, changing: false, history: [], ...(seed.consultationId ? { consultationId: seed.consultationId } : {}) };
  return advance(state, []);
}

export { describeAge } from './prefill.ts';

export function isActive(state: FlowState | undefined): boolean {
  return state !== undefined && (state.phase === 'asking' || state.phase === 'checking');
}

export function next(state: FlowState, input: FlowInput): Step {
  if ('stored' in input) {
    if (state.phase !== 'checking' && state.phase !== 'done') return reshow(state, ['stale']);
    // Once stored, the conversation keeps only what the confirmation needs: the summary itself
    // lives in the handoff record, not in a second copy here.
    const kept = state.answers.immediateDanger === undefined ? {} : { immediateDanger: state.answers.immediateDanger };
    const done: FlowState = { ...state, phase: 'done', current: undefined, changing: false, answers: kept, prefilled: [], history: [], reference: input.stored.reference };
    return { state: done, prompt: confirmed(done) };
  }
  if ('storeFailed' in input) return { state: { ...state, phase: 'checking' }, prompt: check(state, ['store-failed']) };

  if (state.phase === 'done') return { state, prompt: confirmed(state) };
  if (state.phase === 'cancelled') return { state, prompt: { kind: 'cancelled', contacts: state.base.contacts } };

  const action = input.value !== undefined ? FlowAction.safeParse(input.value) : undefined;
  if (action && !action.success) return reshow(state, ['stale']);
  if (action?.success) return onAction(state, action.data);
  const text = (input.text ?? '').trim();
  return onText(state, text);
}

function onAction(state: FlowState, a: FlowAction): Step {
  switch (a.handoff) {
    case 'cancel':
      return cancel(state);
    case 'back':
      return back(state);
    case 'submit':
      return state.phase === 'checking' ? submit(state) : reshow(state, ['stale']);
    case 'change':
      return state.phase === 'checking' && isChangeable(state, a.field) ? ask({ ...state, phase: 'asking', current: a.field, changing: true }, []) : reshow(state, ['stale']);
    case 'skip':
      if (state.phase !== 'asking' || a.field !== state.current) return reshow(state, ['stale']);
      return answerCurrent(state, null);
    case 'answer':
      if (state.phase !== 'asking' || a.field !== state.current) return reshow(state, ['stale']);
      return answerCurrent(state, a.answer ?? '', a.why);
  }
}

function onText(state: FlowState, text: string): Step {
  const command = commandOf(text);
  if (command === 'cancel') return cancel(state);
  if (command === 'back') return back(state);
  if (command === 'help') return reshow(state, ['help']);
  if (command === 'restart') return reshow(state, ['restart']);
  if (state.phase === 'checking') {
    if (command === 'send') return submit(state);
    const rows = checkRows(state);
    const i = changeTarget(text, rows);
    if (i !== undefined) return ask({ ...state, phase: 'asking', current: rows[i]!.field, changing: true }, []);
    return reshow(state, ['not-understood']);
  }
  const q = QUESTION_BY_ID.get(state.current!)!;
  if (q.kind === 'choice') {
    const option = matchOption(q, text);
    if (option) return answerCurrent(state, option.value);
    const lead = q.followUp ? leadingOption(q, text) : undefined;
    if (lead) return answerCurrent(state, lead.option.value, lead.rest);
    if (isSkip(text)) return answerCurrent(state, null);
    return ask(state, [], 'Please choose one of the options' + (q.required ? '.' : ', or say "skip" if it is not known.'));
  }
  if (isSkip(text)) return answerCurrent(state, null);
  return answerCurrent(state, text);
}

/** Check and store an answer to the current question (null: "not known"), then move on. */
function answerCurrent(state: FlowState, given: string | null, followUp?: string): Step {
  const q = QUESTION_BY_ID.get(state.current!)!;
  if (given === null) {
    if (q.required) return ask(state, [], q.kind === 'choice' ? 'This one cannot be skipped: please choose an option ("Not sure" is fine).' : 'The duty team needs this one, so it cannot be skipped. A few words are enough.');
    return moveOn(state, q, null);
  }
  const parsed = q.schema.safeParse(given.trim());
  if (!parsed.success) return ask(state, [], parsed.error.issues[0]?.message ?? 'Sorry, I could not use that answer. Please try again.');
  // The follow-up said with the answer ("No, asking could put him at risk"), when it applies.
  const f = q.followUp ? QUESTION_BY_ID.get(q.followUp)! : undefined;
  const extra = f && followUp?.trim() && applies(f, { ...state.answers, [q.id]: parsed.data }) ? f.schema.safeParse(followUp.trim()) : undefined;
  if (extra && !extra.success) return ask(state, [], extra.error.issues[0]?.message ?? 'Sorry, I could not use that answer. Please try again.');
  return moveOn(state, q, parsed.data, extra?.success ? { [f!.id]: extra.data } : {});
}

function moveOn(state: FlowState, q: QuestionDef, value: string | null, with_: Answers = {}): Step {
  const answers = { ...state.answers, [q.id]: value, ...with_ };
  // A changed answer can make a follow-up no longer apply (consent now given: no "why not").
  for (const other of QUESTIONS) if (!applies(other, answers)) delete answers[other.id];
  const updated: FlowState = {
    ...state,
    answers,
    prefilled: state.prefilled.filter((f) => f !== q.id),
    history: [...state.history.filter((f) => f !== q.id), q.id],
  };
  // "Not sure" whether the child is in immediate danger resolves upward, as in the consultation:
  // 999 now, in this very reply, before the next question.
  const notices: Notice[] = q.id === 'immediateDanger' && (value === 'yes' || value === 'unsure') ? ['immediate-danger'] : [];
  if (state.changing) {
    // A follow-up that now applies is asked before going back to check your answers.
    const followUp = QUESTIONS.find((f) => f.askWhen && applies(f, answers) && answers[f.id] === undefined);
    if (followUp) return ask({ ...updated, current: followUp.id }, notices);
    return { state: { ...updated, phase: 'checking', current: undefined, changing: false }, prompt: check(updated, notices) };
  }
  return advance(updated, notices);
}

/** The next question still unanswered, or check your answers when none is left. */
function advance(state: FlowState, notices: Notice[]): Step {
  const q = nextQuestion(state);
  if (q) return ask({ ...state, phase: 'asking', current: q.id }, notices);
  const checking: FlowState = { ...state, phase: 'checking', current: undefined, changing: false };
  return { state: checking, prompt: check(checking, notices) };
}

const contextOf = (state: FlowState): SequenceContext => ({ consentNeeded: state.base.consentNeeded });

function nextQuestion(state: FlowState): QuestionDef | undefined {
  return sequence(state.answers, contextOf(state)).find((q) => !(q.id in state.answers));
}

function ask(state: FlowState, notices: Notice[], error?: string): Step {
  const q = QUESTION_BY_ID.get(state.current!)!;
  // The questions this practitioner is asked: the sequence less what was known before the first
  // question. Nothing in the sequence depends on an answer, so the count announced at the first
  // question is the number asked (test/handoff-flow.test.ts checks it on several paths).
  const plan = sequence(state.answers, contextOf(state)).filter((x) => !state.prefilled.includes(x.id));
  const at = plan.findIndex((x) => x.id === q.id);
  return {
    state,
    prompt: {
      kind: 'question',
      question: q,
      ...(state.changing || state.answers[q.id] !== undefined ? { current: state.answers[q.id] } : {}),
      ...(error ? { error } : {}),
      notices,
      progress: state.changing || at === -1 ? { number: 1, of: 1 } : { number: at + 1, of: plan.length },
    },
  };
}

function back(state: FlowState): Step {
  if (state.phase === 'checking') {
    const last = state.history.at(-1);
    return last ? ask({ ...state, phase: 'asking', current: last, changing: true }, []) : reshow(state, []);
  }
  if (state.changing) return { state: { ...state, phase: 'checking', current: undefined, changing: false }, prompt: check(state, []) };
  const i = state.history.lastIndexOf(state.current!);
  const previous = i > 0 ? state.history[i - 1] : i === -1 ? state.history.at(-1) : undefined;
  if (!previous) return reshow(state, []);
  return ask({ ...state, current: previous }, []);
}

function cancel(state: FlowState): Step {
  const cancelled: FlowState = { ...state, phase: 'cancelled', current: undefined };
  return { state: cancelled, prompt: { kind: 'cancelled', contacts: state.base.contacts } };
}

function submit(state: FlowState): Step {
  const missing = QUESTIONS.find((q) => q.required && !(typeof state.answers[q.id] === 'string'));
  if (missing) return ask({ ...state, phase: 'asking', current: missing.id, changing: true }, [], 'The duty team needs this before the summary can be sent.');
  return { state, prompt: check(state, []), effect: { type: 'submit', draft: draftOf(state) } };
}

/** Where the flow is, shown again (after an aside such as a status question). */
export function resume(state: FlowState): Step {
  return reshow(state, []);
}

function reshow(state: FlowState, notices: Notice[]): Step {
  if (state.phase === 'asking') return ask(state, notices);
  if (state.phase === 'checking') return { state, prompt: check(state, notices) };
  if (state.phase === 'done') return { state, prompt: confirmed(state) };
  return { state, prompt: { kind: 'cancelled', contacts: state.base.contacts } };
}

function isChangeable(state: FlowState, field: FieldId): boolean {
  return checkRows(state).some((r) => r.field === field);
}

export function checkRows(state: FlowState): CheckRow<FieldId>[] {
  return QUESTIONS.filter((q) => applies(q, state.answers)).map((q) => {
    const value = state.answers[q.id];
    return {
      field: q.id,
      label: q.label,
      name: q.name,
      // A choice is shown as its option's words ("Not asked"), not its stored value ("not-asked").
      value: typeof value === 'string' ? (q.options?.find((o) => o.value === value)?.label ?? value) : value,
      prefilled: state.prefilled.includes(q.id),
    };
  });
}

function check(state: FlowState, notices: Notice[]): CheckPrompt<FieldId> {
  return { kind: 'check', rows: checkRows(state), notices, level: state.base.level, levelName: state.base.levelName, consentNeeded: state.base.consentNeeded };
}

function confirmed(state: FlowState): ConfirmedPrompt {
  return {
    kind: 'confirmed',
    reference: state.reference!,
    locality: state.base.locality.name,
    contacts: state.base.contacts,
    immediateDanger: state.answers.immediateDanger === 'yes' || state.answers.immediateDanger === 'unsure',
  };
}

/** The summary as the practitioner approved it; only what they gave, the rest left "not known". */
export function draftOf(state: FlowState): SummaryDraft {
  const a = state.answers;
  const v = (f: FieldId) => a[f] ?? undefined;
  const b = state.base;
  return {
    locality: b.locality,
    knowledgeVersion: b.knowledgeVersion,
    referrer: { name: v('referrerName'), role: v('referrerRole'), agency: v('referrerAgency'), phone: v('referrerPhone') },
    dslTold: v('dslTold') as SummaryDraft['dslTold'],
    immediateDanger: v('immediateDanger') as SummaryDraft['immediateDanger'],
    whereNow: v('whereNow'),
    child: { name: v('childName'), ageOrDate: v('childAge'), setting: v('setting'), address: v('address') },
    household: v('household'),
    parentalResponsibility: v('parentalResponsibility'),
    concern: v('concern'),
    childWords: v('childWords'),
    indicators: b.indicators,
    level: b.level,
    levelName: b.levelName,
    reasons: b.reasons,
    done: v('done'),
    otherAgencies: v('otherAgencies'),
    parentAware: v('parentAware') as SummaryDraft['parentAware'],
    consent: v('consent') as SummaryDraft['consent'],
    consentWhyNot: v('consentWhyNot'),
    consentNeeded: b.consentNeeded,
  };
}
