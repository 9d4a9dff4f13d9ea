// Replies in the duty channel to the card's buttons: what happened, or politely why nothing did.
import { markdownText } from './card-text.ts';
import type { OutcomeValue } from '../../knowledge/handoff/summary.ts';
import { OUTCOME_LABELS, formatWhen } from './view.ts';

export const dutyReplies = {
  acknowledged: (reference: string, by: string) => `Acknowledged: ${reference}, by ${markdownText(by)}.`,
  outcome: (reference: string, outcome: OutcomeValue, by: string) =>
    `Outcome recorded for ${reference}: ${OUTCOME_LABELS[outcome]}, by ${markdownText(by)}. The referrer will be told in their own chat.`,
  alreadyAcknowledged: (reference: string, by: string, at: string) => `${reference} was already acknowledged by ${markdownText(by)} (${formatWhen(at)}). Nothing was changed.`,
  alreadyOutcome: (reference: string, outcome: OutcomeValue, by: string) =>
    `${reference} already has an outcome (${OUTCOME_LABELS[outcome]}, recorded by ${markdownText(by)}). Nothing was changed.`,
  unknown: 'Sorry, that button does not match a handoff I hold (it may be from an old or altered card). Nothing was changed. Open the duty page to find the handoff.',
  invalid: 'Sorry, I could not use that: please choose an outcome from the list and try again.',
  notDutyChannel: 'Duty actions can only be taken from the card in the duty channel. Nothing was changed.',
} as const;
