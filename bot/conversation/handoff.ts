// The seam between the conversation and the duty handoff (bot/handoff/, registered in the
// composition root). The bot hands every activity to `onTurn` before anything else: the handoff
// keeps the duty channel when the app is installed in a team, answers the duty card's buttons, and
// takes every turn of a summary in progress. The consultation offers the summary with its harm
// reply (only when a handoff is registered, so there is never a button that does nothing) and,
// when the practitioner accepts, the bot calls `start` with the consultation's outcome and words.
import type { TurnContext } from 'botbuilder';
import type { TriageResult } from '../../knowledge/triage.ts';

/** What the consultation knows, to pre-fill the summary. Plain data, no SDK types. */
export interface HandoffSeed {
  /** The current outcome: level, reasons with sources, route, contacts, indicators with evidence. */
  triage: TriageResult;
  /** The practitioner's own words, as they described the concern. */
  concern?: string;
  /** The consultation it comes from: a summary already sent for it is shown, not made again. */
  consultationId?: string;
  /** The role and workplace the practitioner stated ("I'm a GP at Riverside Surgery"). */
  role?: string;
  agency?: string;
  /** The consultation's answers by question id, so the summary does not ask again what was answered. */
  answers?: Readonly<Record<string, string>>;
}

export interface HandoffFlow {
  /** The offer, on a button and in words: "Prepare the duty summary". */
  readonly offer: string;
  /** Called first on every activity; true when the handoff has answered it and the turn is done. */
  onTurn(context: TurnContext): Promise<boolean>;
  /** Starts the summary in this conversation and asks its first question. */
  start(context: TurnContext, seed: HandoffSeed): Promise<void>;
  /**
   * Called when the consultation has shown its outcome: where a summary was already sent for this
   * consultation, says so (reference, when, status). True when it did.
   */
  afterOutcome?(context: TurnContext, consultationId: string | undefined): Promise<boolean>;
}
