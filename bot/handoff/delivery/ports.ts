// What the delivery worker needs from the outside world, as interfaces: sending to Teams and
// finding out whether an earlier send landed. The Teams implementations are in teams.ts and
// graph-reconciler.ts; tests run them against a fake Bot Connector on loopback.
import type { DutyTarget } from './duty-channel.ts';

/** A send that failed. `certain`: the message certainly was not created (safe to send again). */
export class SendError extends Error {
  readonly certain: boolean;
  readonly code: string;
  constructor(code: string, certain: boolean) {
    super(`send failed: ${code}`);
    this.name = 'SendError';
    this.code = code;
    this.certain = certain;
  }
}

/** A message to Teams: an activity with at most an Adaptive Card; plain data, no SDK types. */
export interface OutgoingMessage {
  text?: string;
  speak?: string;
  summary?: string;
  card?: Record<string, unknown>;
}

export interface TeamsSender {
  /** A new post in the duty channel; resolves to the activity id Teams gave it. */
  postToChannel(target: DutyTarget, message: OutgoingMessage, signal: AbortSignal): Promise<string>;
  /** Replace a post (idempotent: the same PUT twice gives the same result). */
  updatePost(target: DutyTarget, activityId: string, message: OutgoingMessage, signal: AbortSignal): Promise<void>;
  deletePost(target: DutyTarget, activityId: string, signal: AbortSignal): Promise<void>;
  /** A message in the conversation a stored reference points to (the referrer's chat). */
  sendToConversation(reference: Record<string, unknown>, message: OutgoingMessage, signal: AbortSignal): Promise<string>;
}

/**
 * Finds a post already in the duty channel by the handoff reference it carries. Resolves to its
 * activity id, or null when it is certainly not there; rejects when it cannot tell.
 */
export interface Reconciler {
  findPost(target: DutyTarget, reference: string, postedAfter: Date, signal: AbortSignal): Promise<string | null>;
}
