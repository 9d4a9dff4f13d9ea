// The duty handoff's prompts as plain data: what bot/handoff/flow.ts produces and
// cards/handoff/prompts.ts renders. They live in cards/ (view models belong to the layer that draws
// them) so cards/ never imports bot/ (test/layers.test.ts). The field id is a type parameter: the
// flow fills it with its FieldId, so a misspelt field still fails to compile there, while these
// views stay free of the question sequence, its zod schemas and answer matching.

export type Notice = 'immediate-danger' | 'stale' | 'not-understood' | 'store-failed' | 'help' | 'restart';

/** A contact to ring, as the confirmation shows it. */
export interface RingContact {
  name: string;
  role: string;
  phones: string[];
  urls: string[];
  needsLocalConfiguration: boolean;
  note?: string;
  /** Set by the council in its local contacts file, not taken from the guidance. */
  setLocally?: { by: string; on: string };
}

/** What a prompt shows of one question (bot/handoff/questions.ts QuestionDef has these and more). */
export interface QuestionView<F extends string = string> {
  id: F;
  label: string;
  text: string;
  why: string;
  kind: 'choice' | 'text' | 'phone';
  options?: readonly { value: string; label: string }[];
  /** The duty team cannot act without it: no "not known". */
  required?: boolean;
  /** A follow-up the same prompt can answer ("No, asking could put him at risk"). */
  followUp?: F;
  multiline?: boolean;
  max: number;
}

export interface QuestionPrompt<F extends string = string> {
  kind: 'question';
  question: QuestionView<F>;
  /** The answer held so far, when changing it. */
  current?: string | null;
  error?: string;
  notices: Notice[];
  progress: { number: number; of: number };
}
export interface CheckRow<F extends string = string> {
  field: F;
  label: string;
  /** The row in a sentence, for its button ("Change the child's name"). */
  name: string;
  /** The answer as the practitioner sees it (an option's words); null is "not known", undefined not asked. */
  value: string | null | undefined;
  prefilled: boolean;
}
export interface CheckPrompt<F extends string = string> {
  kind: 'check';
  rows: CheckRow<F>[];
  notices: Notice[];
  level: number;
  levelName: string;
  consentNeeded: boolean;
}
export interface ConfirmedPrompt {
  kind: 'confirmed';
  reference: string;
  locality: string;
  contacts: RingContact[];
  immediateDanger: boolean;
}
export interface CancelledPrompt {
  kind: 'cancelled';
  contacts: RingContact[];
}
export type Prompt<F extends string = string> = QuestionPrompt<F> | CheckPrompt<F> | ConfirmedPrompt | CancelledPrompt;
