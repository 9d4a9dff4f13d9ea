// What a practitioner is told about a summary they sent: its reference, when it was sent, and
// where it stands (waiting, acknowledged, outcome), whether they asked ("status HX-...") or came
// back to the same concern (asked for the summary again, or reached the outcome again), where it
// offers the explicit way on for a different concern. Also the refusal for a reference that is not
// theirs (the same words whether or not it exists) and the line after the confirmation.
import type { OutcomeValue } from '../../knowledge/handoff/summary.ts';
import { spokenReference } from '../../knowledge/handoff/reference.ts';
import { markdownText, ssml, ssmlText } from './card-text.ts';
import type { AdaptiveCard } from './duty-card.ts';
import { OUTCOME_LABELS } from './view.ts';

export interface RenderedMessage {
  text: string;
  speak: string;
  inputHint: 'acceptingInput';
  card: AdaptiveCard;
}

export type StatusKind = 'waiting' | 'acknowledged' | 'outcome';

/** What the practitioner is told about a handoff they made: plain data, made by bot/handoff/status.ts referralStatus(). */
export interface ReferralStatus {
  reference: string;
  sentAt: string;
  localityName: string;
  status: StatusKind;
  acknowledged?: { by: string; at: string };
  outcome?: { value: OutcomeValue; note?: string; by: string; at: string };
  /** Whether the duty team will be told more by a Teams post, or finds it on the duty page. */
  delivery: 'posted' | 'on-the-duty-page';
}

export const NEW_CONCERN = 'This is a new, different concern';

/** "3 December 2026 at 13:02 (UK time)": the time the referrer saw, in the duty team's time zone. */
export function ukTime(iso: string): string {
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return `${date} at ${time} (UK time)`;
}

function statusLines(s: ReferralStatus): string[] {
  const lines: string[] = [];
  if (s.outcome) {
    lines.push(`Status: outcome recorded. ${OUTCOME_LABELS[s.outcome.value]}, recorded by ${s.outcome.by} on ${ukTime(s.outcome.at)}.`);
    if (s.outcome.note) lines.push(`Their note: ${s.outcome.note}`);
  } else if (s.acknowledged) {
    lines.push(`Status: acknowledged by ${s.acknowledged.by} on ${ukTime(s.acknowledged.at)}. No outcome has been recorded yet: I will tell you here when it is.`);
  } else {
    lines.push(
      `Status: waiting. The duty team has not acknowledged it yet (it is ${s.delivery === 'posted' ? 'in their Teams channel and ' : ''}on their duty page). If you are worried about the child now, ring the duty team and quote the reference.`,
    );
  }
  return lines;
}

const block = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: markdownText(text), wrap: true, ...extra });

function message(heading: string, lines: string[], speech: string[], actions: { title: string; data: Record<string, unknown> }[] = [], footer?: string): RenderedMessage {
  const all = [heading, ...lines, ...(footer ? [footer] : [])];
  const text = all.map(markdownText).join('\n\n');
  const speak = ssml(...speech.map(ssmlText));
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    speak,
    fallbackText: text,
    body: [block(heading, { weight: 'Bolder', size: 'Medium' }), ...lines.map((l) => block(l)), ...(footer ? [block(footer, { isSubtle: true })] : [])],
    actions: actions.map((a) => ({ type: 'Action.Submit', title: a.title, data: a.data })),
  };
  return { text, speak, inputHint: 'acceptingInput', card };
}

/** The status of a summary the practitioner made, asked for by its reference or "status". */
export function referralStatusMessage(s: ReferralStatus): RenderedMessage {
  const heading = `Duty summary ${s.reference}, sent on ${ukTime(s.sentAt)} to ${s.localityName}.`;
  const lines = statusLines(s);
  return message(heading, lines, [`Duty summary ${spokenReference(s.reference)}.`, ...lines]);
}

/**
 * Back at the same concern after its summary was sent: the summary is not made again. The
 * practitioner can say it is a different concern, which starts a new consultation (its own words,
 * its own summary); the one sent stays as it is.
 */
export function alreadySentMessage(s: ReferralStatus, options: { cards: boolean }): RenderedMessage {
  const heading = `You have already sent the duty summary for this concern: reference ${s.reference}, on ${ukTime(s.sentAt)}.`;
  const lines = statusLines(s);
  const footer = options.cards
    ? `I will not send a second summary for the same concern. If you want to tell the duty team about something else, choose "${NEW_CONCERN}".`
    : `I will not send a second summary for the same concern. If you want to tell the duty team about something else, say "start again": ${NEW_CONCERN.toLowerCase()} gets its own summary.`;
  return message(
    heading,
    lines,
    [`You have already sent the duty summary for this concern, reference ${spokenReference(s.reference)}.`, ...lines, 'If this is a new, different concern, say start again.'],
    [{ title: NEW_CONCERN, data: { action: 'command', command: 'start-again' } }],
    footer,
  );
}

/** The same answer for a reference that does not exist and one someone else made. */
export function notYoursMessage(): RenderedMessage {
  const line =
    'I can only tell the person who made a duty summary about it, in the chat they made it from. If that was you in another chat or on another device, ask there. The duty team can also tell you: ring them and quote the reference.';
  return message('I cannot show that summary here.', [line], [line]);
}

/** "status" with no reference, where this chat has sent none. */
export function noneSentMessage(): RenderedMessage {
  const line = 'No duty summary has been sent from this chat. To ask about one sent elsewhere, say "status" and its reference, for example "status HX-7K3-9RE", in the chat you sent it from.';
  return message('I have no duty summary to look up here.', [line], [line]);
}

/** After the confirmation, on a channel the duty team's outcome can reach later. */
export function willTellYouMessage(reference: string): RenderedMessage {
  const line = `When the duty team records what they decided, I will tell you here. To check at any time, say "status ${reference}".`;
  return message(line, [], [`When the duty team records what they decided, I will tell you here. To check at any time, say status and the reference.`]);
}
