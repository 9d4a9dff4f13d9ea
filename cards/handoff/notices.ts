// The short messages that travel with a handoff: the line above the duty card (which also carries
// the reference, so reconciliation can find the post) and the notice to the referrer when the duty
// team records an outcome. No child's details in either: the reference is enough to find the rest.
import type { OutcomeValue, Summary } from '../../knowledge/handoff/summary.ts';
import { spokenReference } from '../../knowledge/handoff/reference.ts';
import { markdownText, ssml, ssmlText } from './card-text.ts';
import { OUTCOME_LABELS } from './view.ts';

export function dutyPostText(summary: Summary): string {
  return `New duty handoff ${summary.reference}: level ${summary.level}, ${summary.locality.name}.`;
}

export function referrerOutcomeNotice(reference: string, outcome: OutcomeValue, note: string | undefined, by: string): { text: string; speak: string } {
  const line = `The duty team has recorded an outcome for the summary you sent (reference ${reference}): ${OUTCOME_LABELS[outcome]}.`;
  return {
    text: [line, `Recorded by ${markdownText(by)}.`, ...(note ? [`Their note: ${markdownText(note)}`] : [])].join('\n\n'),
    speak: ssml(ssmlText(`The duty team has recorded an outcome for reference ${spokenReference(reference)}: ${OUTCOME_LABELS[outcome]}.`)),
  };
}
