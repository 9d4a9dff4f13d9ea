// What the conversation remembers between turns. Everything needed to recompute the outcome is
// kept (all of the practitioner's text, the answers, the indicators added or ruled out), so
// re-running triage on a restored state gives the same result: a restart resumes exactly.
import { randomUUID } from 'node:crypto';
import type { Level } from '../../knowledge/schema.ts';
import type { FeedbackState } from './feedback.ts';

/** What the conversation is waiting for. */
export type Pending = Waiting | { kind: 'confirm-restart'; resume: Waiting };

/** Everything but the "start again?" confirmation, which returns to one of these when declined. */
export type Waiting =
  | { kind: 'concern' }
  | { kind: 'question'; id: string }
  | { kind: 'indicators' }
  | { kind: 'remove' }
  | { kind: 'add' }
  | { kind: 'confirm-removal'; indicator: string }
  | { kind: 'outcome' };

export interface ConsultationState {
  version: 1;
  /** Names this consultation (this concern), so a duty summary sent from it is known as sent. */
  id?: string;
  /** The area chosen by the practitioner; undefined means the configured default. */
  locality?: string;
  /** Everything the practitioner described, in order. */
  texts: string[];
  /** Age in years when the practitioner gave it in a question (the text reader finds it otherwise). */
  age?: number;
  answers: Record<string, string>;
  /** Answer ids in the order given, so "back" takes back the last. */
  answerOrder: string[];
  /** Indicators the practitioner added from the vocabulary. */
  added: string[];
  /** Non-harm indicators the practitioner said the text got wrong. */
  excluded: string[];
  /** The highest level reached: no later answer lowers it; only "start again" resets it. */
  floor?: Level;
  role?: string;
  /** Where the practitioner said they work ("Oldfield Primary"), for the duty summary. */
  agency?: string;
  /** The indicators the practitioner last agreed with, so the same list is not confirmed twice. */
  confirmed: string[];
  pending: Pending;
  /** Counts prompts, so a card clicked after the conversation moved on is recognised as stale. */
  step: number;
  /** Outcomes already counted for the board ("locality:level:route"), so showing one again is not counted twice. */
  reported?: string[];
  /** The questions asked once at the outcome for the board, and what was said (feedback.ts). */
  feedback?: FeedbackState;
}

export interface UserProfile {
  locality?: string;
  role?: string;
  agency?: string;
}

export function newConsultation(from: Partial<Pick<ConsultationState, 'locality' | 'role' | 'agency'>> = {}): ConsultationState {
  return {
    version: 1,
    id: randomUUID(),
    ...(from.locality ? { locality: from.locality } : {}),
    ...(from.role ? { role: from.role } : {}),
    ...(from.agency ? { agency: from.agency } : {}),
    texts: [],
    answers: {},
    answerOrder: [],
    added: [],
    excluded: [],
    confirmed: [],
    pending: { kind: 'concern' },
    step: 0,
  };
}

/** Bounds that keep a stored conversation small whatever a client sends. */
export const LIMITS = { textChars: 2000, texts: 20, totalChars: 20_000 } as const;

/** The practitioner has told the consultation something (a concern, an answer or an indicator). */
export function hasContent(s: ConsultationState): boolean {
  return s.texts.length > 0 || s.answerOrder.length > 0 || s.added.length > 0;
}
