// The seam for the duty handoff (built separately): when harm is indicated the consultation
// offers to prepare the duty summary only if a HandoffFlow is registered in the composition root,
// so there is never a button that does nothing. Once the practitioner accepts, every turn goes to
// the flow until it says it is done; then the consultation carries on where it was.
import type { View } from '../../cards/views.ts';
import type { TriageResult } from '../../knowledge/triage.ts';

/** What the consultation knows, handed to the flow when it starts. Plain data, no SDK types. */
export interface ConsultationSnapshot {
  locality: string;
  /** The practitioner's own words, in order. */
  texts: string[];
  answers: Record<string, string>;
  role?: string;
  /** The current outcome: level, reasons with sources, route, contacts, indicators with evidence. */
  result: TriageResult;
}

/** Who is talking and where, for a reply later (the referrer is told the duty team's outcome). */
export interface HandoffParticipant {
  channelId: string;
  userId: string;
  userName?: string;
  aadObjectId?: string;
  /** A Bot Framework ConversationReference as plain JSON, for proactive messages. */
  conversationReference: Record<string, unknown>;
}

export interface HandoffInput {
  text?: string;
  /** A card submission addressed to the flow (its own data; validate it). */
  value?: unknown;
}

export interface HandoffStep {
  views: View[];
  /** The flow's own state, stored with the conversation (plain JSON). */
  data?: unknown;
  /** True when the flow has finished or was cancelled: the consultation takes the turn back. */
  done: boolean;
}

export interface HandoffFlow {
  /** The offer, on a button and in words, e.g. "Prepare the duty summary". */
  readonly offer: string;
  start(snapshot: ConsultationSnapshot, who: HandoffParticipant): Promise<HandoffStep>;
  /** Every later turn while the flow is active; `data` is what the last step returned. */
  next(input: HandoffInput, data: unknown, snapshot: ConsultationSnapshot, who: HandoffParticipant): Promise<HandoffStep>;
}
