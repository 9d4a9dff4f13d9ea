// What our cards submit, as a zod schema. A submission arrives as `activity.value` and is checked
// here before anything reads it: a tampered or malformed one is refused (the conversation re-asks
// politely), and `step` lets the conversation tell a stale card (clicked after it moved on).
import { z } from 'zod';

export const Id = z.string().min(1).max(80).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
export const Step = z.number().int().min(0).max(1_000_000);

export const COMMANDS = ['help', 'start-again', 'back', 'levels', 'review', 'outcome'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const CardSubmission = z.discriminatedUnion('action', [
  /** An answer to the question `question`, chosen in the ChoiceSet `answer`. */
  z.object({ action: z.literal('answer'), question: z.string().min(1).max(100), step: Step, answer: z.string().min(1).max(80) }),
  /** The reply to "It sounds like: ... Is that right?" */
  z.object({ action: z.literal('indicators'), step: Step, choice: z.enum(['right', 'add', 'remove']) }),
  /** An indicator to take off the list, chosen in the ChoiceSet `indicator`. */
  z.object({ action: z.literal('remove'), step: Step, indicator: Id }),
  /** Something to add: an indicator from the list, or words to read, or both. */
  z
    .object({ action: z.literal('add'), step: Step, indicator: Id.optional().or(z.literal('')), words: z.string().max(500).optional() })
    .refine((v) => (v.indicator ?? '') !== '' || (v.words ?? '').trim() !== '', { message: 'choose an indicator or type a few words', path: ['words'] }),
  /** The explicit confirmation that a harm indicator the text found is not happening. */
  z.object({ action: z.literal('confirm-removal'), step: Step, indicator: Id, choice: z.enum(['yes', 'no']) }),
  z.object({ action: z.literal('command'), command: z.enum(COMMANDS) }),
  /** The answer to "Start again? This clears what you have told me." */
  z.object({ action: z.literal('restart'), step: Step, choice: z.enum(['confirm', 'cancel']) }),
  z.object({ action: z.literal('area'), locality: Id }),
  z.object({ action: z.literal('handoff') }),
  /** An answer to one of the questions asked once at the outcome (cards/feedback.ts). */
  z
    .object({ action: z.literal('feedback'), step: Step, question: z.enum(['helpful', 'asked-before']), answer: z.enum(['yes', 'partly', 'no']) })
    .refine((v) => v.question === 'helpful' || v.answer !== 'partly', { message: 'asked-before is answered yes or no', path: ['answer'] }),
]);
export type CardSubmission = z.infer<typeof CardSubmission>;

export type ParsedSubmission = { ok: true; submission: CardSubmission } | { ok: false; fields: string[] };

export function parseSubmission(value: unknown): ParsedSubmission {
  const result = CardSubmission.safeParse(value);
  if (result.success) return { ok: true, submission: result.data };
  return { ok: false, fields: [...new Set(result.error.issues.map((i) => i.path.join('.') || 'value'))] };
}
