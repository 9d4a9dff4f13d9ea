// The handoff flow's prompts as messages: an Adaptive Card 1.5 with labelled inputs for Teams and
// Web Chat, a plain-text fallback for other channels (and for the card's fallbackText), SSML for
// voice and an inputHint. Every piece of the practitioner's text is escaped for where it lands:
// TextRun in cards, markdown escapes in text, XML escapes in SSML.
import type { CheckPrompt, ConfirmedPrompt, Notice, Prompt, QuestionPrompt, RingContact } from './prompt-types.ts';
import { NOT_KNOWN } from '../../knowledge/handoff/summary.ts';
import { spokenReference } from '../../knowledge/handoff/reference.ts';
import { markdownText, richText, spokenPhone, ssml, ssmlText } from './card-text.ts';
import type { AdaptiveCard } from './duty-card.ts';
import { missingNumber, noNumberLines, noNumberSpeech, setLocallyLine } from '../contact-gaps.ts';

export interface RenderedPrompt {
  /** Plain text (markdown-escaped where it carries the practitioner's words). */
  text: string;
  speak: string;
  inputHint: 'expectingInput' | 'acceptingInput' | 'ignoringInput';
  card: AdaptiveCard;
}

const NOTICE_TEXT: Record<Notice, string> = {
  'immediate-danger': 'If the child is in immediate danger, ring 999 now, before anything else. Come back to this summary when the child is safe: it is kept for you.',
  stale: 'That button was from an earlier step, so I have not used it. Here is where we are now.',
  'not-understood': 'Sorry, I did not understand that. Choose "Send to the duty team", or "Change" next to an answer.',
  'store-failed': 'Sorry: I could not save the summary just now, so it has not been sent. Please try "Send" again, and do not wait for it: ring 999 if the child is in immediate danger, and contact the duty team now by its number, or, where no duty number is set up here, your own safeguarding lead or local procedures.',
  restart: 'Starting again would discard this summary and the answers you have given. To discard it, say "cancel" (nothing is sent to the duty team); to keep it, carry on with the question below.',
  help: 'I am preparing the summary for the duty team. Answer the question, or say "skip" if it is not known, "back" to go back, or "cancel" to stop.',
};

const card = (body: unknown[], actions: unknown[], speak: string, fallbackText: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  speak,
  fallbackText,
  body,
  actions,
});

const noticeBlocks = (notices: Notice[]) =>
  notices.map((n) => ({ type: 'TextBlock', text: NOTICE_TEXT[n], wrap: true, weight: 'Bolder', color: n === 'immediate-danger' || n === 'store-failed' ? 'Attention' : 'Default' }));

/** What the deployment has, which changes what the confirmation can promise. */
export interface RenderOptions {
  /** A Teams duty channel is known (configured or installed): the summary is posted there too. */
  dutyChannel?: boolean;
}

export function renderPrompt(prompt: Prompt, options: RenderOptions = {}): RenderedPrompt {
  switch (prompt.kind) {
    case 'question':
      return question(prompt);
    case 'check':
      return checkAnswers(prompt);
    case 'confirmed':
      return confirmedMessage(prompt, options);
    case 'cancelled':
      return cancelled(prompt.contacts);
  }
}

function question(p: QuestionPrompt): RenderedPrompt {
  const q = p.question;
  const field = q.id;
  const current = typeof p.current === 'string' ? p.current : undefined;
  const input =
    q.kind === 'choice'
      ? {
          type: 'Input.ChoiceSet',
          id: 'answer',
          label: q.label,
          style: 'expanded',
          isRequired: true,
          errorMessage: 'Choose one of the options',
          choices: q.options!.map((o) => ({ title: o.label, value: o.value })),
          ...(current ? { value: current } : {}),
        }
      : {
          type: 'Input.Text',
          id: 'answer',
          label: q.label,
          isRequired: true,
          errorMessage: 'Type an answer, or choose "Skip (not known)"',
          isMultiline: q.multiline ?? false,
          maxLength: q.max,
          ...(q.kind === 'phone' ? { style: 'Tel' } : {}),
          ...(current ? { value: current } : {}),
        };
  // A follow-up the same card can answer: consent, and why not when it was not given.
  const followUp = q.followUp
    ? [{ type: 'Input.Text', id: 'why', label: 'If not, why not? (optional)', isMultiline: true, maxLength: 1000 }]
    : [];
  const body = [
    ...noticeBlocks(p.notices),
    { type: 'TextBlock', text: `Duty summary: question ${p.progress.number} of ${p.progress.of}`, isSubtle: true, size: 'Small', wrap: true },
    { type: 'TextBlock', text: q.text, wrap: true, weight: 'Bolder', size: 'Medium' },
    { type: 'TextBlock', text: `Why I ask: ${q.why}`, wrap: true, isSubtle: true },
    ...(p.error ? [{ type: 'TextBlock', text: p.error, wrap: true, color: 'Attention' }] : []),
    ...(p.current === null ? [{ type: 'TextBlock', text: `Your answer so far: ${NOT_KNOWN}`, wrap: true, isSubtle: true }] : []),
    input,
    ...followUp,
  ];
  const actions = [
    { type: 'Action.Submit', title: 'Continue', style: 'positive', data: { handoff: 'answer', field } },
    ...(q.required ? [] : [{ type: 'Action.Submit', title: 'Skip (not known)', associatedInputs: 'none', data: { handoff: 'skip', field } }]),
    { type: 'Action.Submit', title: 'Back', associatedInputs: 'none', data: { handoff: 'back' } },
    { type: 'Action.Submit', title: 'Cancel', associatedInputs: 'none', data: { handoff: 'cancel' } },
  ];
  const options = q.options ? q.options.map((o, i) => `${i + 1}. ${o.label}`).join('\n') : '';
  const lines = [
    ...p.notices.map((n) => NOTICE_TEXT[n]),
    ...(p.error ? [p.error] : []),
    `Duty summary, question ${p.progress.number} of ${p.progress.of}: ${q.text}`,
    `Why I ask: ${q.why}`,
    ...(current ? [`Your answer so far: ${markdownText(current)}`] : []),
    ...(options ? [options] : []),
    q.required ? 'Reply with your answer, or "back" or "cancel".' : 'Reply with your answer, "skip" if it is not known, "back" or "cancel".',
  ];
  const text = lines.join('\n\n');
  const speak = ssml(
    ...p.notices.filter((n) => n === 'immediate-danger' || n === 'store-failed').map((n) => ssmlText(NOTICE_TEXT[n])),
    ...(p.error ? [ssmlText(p.error)] : []),
    ssmlText(q.text),
    ...(q.options ? [ssmlText(`You can say ${q.options.map((o) => o.label).join(', or ')}.`)] : []),
  );
  return { text, speak, inputHint: 'expectingInput', card: card(body, actions, speak, text) };
}

function checkAnswers(p: CheckPrompt): RenderedPrompt {
  const shown = (v: string | null | undefined) => (typeof v === 'string' ? v : NOT_KNOWN);
  const rowNote = (prefilled: boolean, field: string) => (prefilled ? (field === 'referrerName' ? ' (from Teams)' : ' (from what you told me earlier)') : '');
  const body = [
    ...noticeBlocks(p.notices),
    { type: 'TextBlock', text: 'Check your answers before sending', size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: `This summary goes to the duty team with ${levelWords(p.level, p.levelName)}. Anything marked "${NOT_KNOWN}" is sent as not known: nothing is guessed.`, wrap: true },
    ...(p.consentNeeded ? [] : [{ type: 'TextBlock', text: 'Consent is not needed to refer at level 4.', wrap: true, isSubtle: true }]),
    ...p.rows.map((r) => ({
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [richText(r.label + rowNote(r.prefilled, r.field), { weight: 'Bolder' }), richText(shown(r.value), typeof r.value === 'string' ? {} : { isSubtle: true })],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Center',
          // The button says which row it changes, so a screen reader's list of buttons is not
          // twenty "Change"s.
          items: [{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: changeTitle(r), tooltip: changeTitle(r), data: { handoff: 'change', field: r.field } }] }],
        },
      ],
    })),
  ];
  const actions = [
    { type: 'Action.Submit', title: 'Send to the duty team', style: 'positive', data: { handoff: 'submit' } },
    { type: 'Action.Submit', title: 'Cancel', data: { handoff: 'cancel' } },
  ];
  const text = [
    ...p.notices.map((n) => NOTICE_TEXT[n]),
    'Check your answers before sending:',
    p.rows.map((r, i) => `${i + 1}. ${r.label}${rowNote(r.prefilled, r.field)}: ${markdownText(shown(r.value))}`).join('\n'),
    'Reply "send" to send it to the duty team, "change" and a number to change an answer (for example "change 3"), or "cancel".',
  ].join('\n\n');
  const speak = ssml(
    ...p.notices.filter((n) => n === 'store-failed').map((n) => ssmlText(NOTICE_TEXT[n])),
    ssmlText(`Please check the summary. ${p.rows.filter((r) => typeof r.value === 'string').length} of ${p.rows.length} answers are filled in. Say send to send it to the duty team, or change and a number to change an answer.`),
  );
  return { text, speak, inputHint: 'expectingInput', card: card(body, actions, speak, text) };
}

/** "Change the child's name", or "Add the child's address" for a row not yet given. */
export function changeTitle(r: { value: string | null | undefined; name: string }): string {
  const verb = r.value === undefined ? 'Add' : 'Change';
  return `${verb} ${r.name}`;
}

/** The level as the packs name it ("Level 4: Request for Service ..."), never "level 4: Level 4: ...". */
export function levelWords(level: number, levelName: string): string {
  return new RegExp(`^level ${level}\\b`, 'i').test(levelName.trim()) ? levelName.trim() : `level ${level}: ${levelName.trim()}`;
}

/** "Ring X now: 01225 396312 or 01225 396313", or why there is no number to give. */
export function ringLines(contacts: readonly RingContact[]): string[] {
  return contacts.map((c) => {
    if (c.phones.length) return `${c.name}: ring ${c.phones.join(' or ')}. ${c.role}${c.setLocally ? ` ${setLocallyLine(c.setLocally)}` : ''}`;
    if (c.needsLocalConfiguration) return `${c.name}: the local guidance gives no phone number for this service, so it needs local configuration. ${c.note ?? ''}`.trim();
    if (c.urls.length) return `${c.name}: ${c.urls.join(', ')}. ${c.role}`;
    return `${c.name}: ${c.role}`;
  });
}

function ringSpeech(contacts: readonly RingContact[]): string[] {
  return contacts.map((c) =>
    c.phones.length
      ? ssmlText(`${c.name}: ${c.phones.map(spokenPhone).join(', or ')}.`)
      : c.needsLocalConfiguration
        ? ssmlText(`${c.name} has no phone number in the local guidance.`)
        : '',
  );
}

function confirmedMessage(p: ConfirmedPrompt, options: RenderOptions): RenderedPrompt {
  const ring = ringLines(p.contacts);
  const lead = `Saved. Your reference is ${p.reference}.`;
  // Only promise the Teams channel where there is one: otherwise the summary waits on the duty page.
  const explain = options.dutyChannel
    ? 'The summary is stored and is being sent to the duty team: they will see it in their Teams channel and on the duty page. Do not wait for them: ring now and quote the reference.'
    : 'The summary is stored and is waiting for the duty team on their duty page (no Teams duty channel is set up here), so they see it only when they look. Do not wait for them: ring now and quote the reference.';
  const danger = 'If the child is in immediate danger, ring 999 first.';
  // No duty number for this area (contact-gaps.ts): nothing to "ring now", so say what to do instead.
  const missing = missingNumber(p.contacts);
  const ringNow = missing ? ringLines(p.contacts.filter((c) => c !== missing)) : ring;
  const tell = missing ? 'The summary is stored and is being sent to the duty team. Keep the reference, and quote it whenever you speak to them about this child.' : explain;
  // Said once: the 999 line at the top already covers immediate danger when the practitioner said so.
  const gap = missing ? noNumberLines(missing, p.contacts, p.locality).filter((l) => !(p.immediateDanger && l.startsWith('If the child is in immediate danger'))) : [];
  const heading = missing ? `What to do now (${p.locality})` : `Who to ring now (${p.locality})`;
  const body = [
    { type: 'TextBlock', text: lead, size: 'Large', weight: 'Bolder', wrap: true, color: 'Good' },
    ...(p.immediateDanger ? [{ type: 'TextBlock', text: danger, wrap: true, weight: 'Bolder', color: 'Attention' }] : []),
    { type: 'TextBlock', text: tell, wrap: true },
    { type: 'TextBlock', text: heading, weight: 'Bolder', wrap: true },
    ...gap.map((line, i) => ({ type: 'TextBlock', text: line, wrap: true, ...(i < 2 ? { weight: 'Bolder' } : {}) })),
    ...ringNow.map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
  ];
  const text = [lead, ...(p.immediateDanger ? [danger] : []), tell, `${heading}:`, [...gap, ...ringNow].map((l) => `- ${l}`).join('\n')].join('\n\n');
  const speak = ssml(
    ssmlText(`Saved. Your reference is ${spokenReference(p.reference)}.`),
    ...(p.immediateDanger ? [ssmlText(danger)] : []),
    ...(missing ? noNumberSpeech(missing).map((s) => ssmlText(String(s))) : [ssmlText('Ring the duty team now and quote the reference.'), ...ringSpeech(p.contacts)]),
  );
  return { text, speak, inputHint: 'acceptingInput', card: card(body, [], speak, text) };
}

function cancelled(contacts: readonly RingContact[]): RenderedPrompt {
  const lead = 'The duty summary has been discarded: nothing was sent to the duty team.';
  const missing = missingNumber(contacts);
  const still = missing
    ? 'If the child is in immediate danger, ring 999. If you are still worried about the child, talk to your own safeguarding lead (DSL) or follow your local safeguarding procedures: no duty number is set up here yet.'
    : 'If you are still worried about the child, ring the duty team now. If the child is in immediate danger, ring 999.';
  const ring = ringLines(contacts);
  const body = [
    { type: 'TextBlock', text: lead, weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: still, wrap: true },
    ...ring.map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
  ];
  const text = [lead, still, ring.map((l) => `- ${l}`).join('\n')].join('\n\n');
  const speak = ssml(ssmlText(lead), ssmlText(still), ...ringSpeech(contacts));
  return { text, speak, inputHint: 'acceptingInput', card: card(body, [], speak, text) };
}
