// The summary as an Adaptive Card 1.5 for the duty channel in Teams, with Acknowledge and Record
// outcome. Built as objects: every piece of the practitioner's text goes into a TextRun (no
// markdown), and labels are ours. When the handoff has been acknowledged or has an outcome, the
// same function draws the updated card that replaces the original.
import type { OutcomeValue, Summary } from '../../knowledge/handoff/summary.ts';
import { cardText, richText, ssml, ssmlText } from './card-text.ts';
import { OUTCOME_LABELS, formatWhen, summaryView } from './view.ts';
import { spokenReference } from '../../knowledge/handoff/reference.ts';

export interface DutyStatus {
  acknowledged?: { by: string; at: string };
  outcome?: { value: OutcomeValue; note?: string; by: string; at: string };
}

/** What a duty card's buttons send back: validated by bot/handoff/duty-actions.ts. */
export const DUTY_ACTION_KEY = 'handoffDuty';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string; body: unknown[] };

export function dutyCard(summary: Summary, status: DutyStatus = {}): AdaptiveCard {
  const view = summaryView(summary);
  const body: unknown[] = [
    { type: 'TextBlock', text: view.title, size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: `Level ${summary.level}, ${cardText(summary.locality.name)}, ${view.when}`, isSubtle: true, wrap: true, spacing: 'None' },
  ];
  if (summary.immediateDanger === 'yes') {
    body.push({ type: 'TextBlock', text: 'The referrer says the child is in immediate danger: 999 was advised.', color: 'Attention', weight: 'Bolder', wrap: true });
  } else if (summary.immediateDanger !== 'no') {
    // "Not sure" (or not asked) resolves upward: flagged at the top as the duty page flags it.
    const why = summary.immediateDanger === 'unsure' ? 'The referrer is not sure whether the child is in immediate danger.' : 'The referrer was not asked whether the child is in immediate danger.';
    body.push({ type: 'TextBlock', text: why, color: 'Attention', weight: 'Bolder', wrap: true });
  }
  for (const section of view.sections.slice(1)) {
    body.push({ type: 'TextBlock', text: section.title, weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium', wrap: true });
    for (const row of section.rows) {
      body.push({
        type: 'Container',
        spacing: 'Small',
        items: [richText(row.label, { weight: 'Bolder' }), richText(row.value, row.known ? {} : { isSubtle: true })],
      });
    }
  }
  body.push(...statusBlocks(status));

  const actions = status.outcome
    ? []
    : [
        ...(status.acknowledged ? [] : [{ type: 'Action.Submit', title: 'Acknowledge', data: { [DUTY_ACTION_KEY]: 'acknowledge', reference: summary.reference } }]),
        {
          type: 'Action.ShowCard',
          title: 'Record outcome',
          card: {
            type: 'AdaptiveCard',
            version: '1.5',
            body: [
              {
                type: 'Input.ChoiceSet',
                id: 'outcome',
                label: 'Outcome',
                isRequired: true,
                errorMessage: 'Choose an outcome',
                style: 'expanded',
                choices: Object.entries(OUTCOME_LABELS).map(([value, title]) => ({ title, value })),
              },
              { type: 'Input.Text', id: 'note', label: 'Note for the record and the referrer (optional)', isMultiline: true, maxLength: 1000 },
            ],
            actions: [{ type: 'Action.Submit', title: 'Save outcome', data: { [DUTY_ACTION_KEY]: 'outcome', reference: summary.reference } }],
          },
        },
      ];

  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    speak: ssml(`New duty handoff, reference ${ssmlText(spokenReference(summary.reference))}, level ${summary.level}.`),
    body,
    actions,
  };
}

function statusBlocks(status: DutyStatus): unknown[] {
  const blocks: unknown[] = [];
  if (status.acknowledged) {
    blocks.push({ type: 'TextBlock', text: 'Status', weight: 'Bolder', separator: true, wrap: true });
    blocks.push(richText(`Acknowledged by ${status.acknowledged.by}, ${formatWhen(status.acknowledged.at)}`, { color: 'Good' }));
  }
  if (status.outcome) {
    blocks.push(richText(`Outcome: ${OUTCOME_LABELS[status.outcome.value]}, recorded by ${status.outcome.by}, ${formatWhen(status.outcome.at)}`, { weight: 'Bolder', color: 'Good' }));
    if (status.outcome.note) blocks.push(richText(`Note: ${status.outcome.note}`));
  }
  return blocks;
}
