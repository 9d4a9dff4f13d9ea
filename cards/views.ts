// What the consultation shows, built from plain data: each view has the whole message as plain
// text (numbered prompts for channels without cards, and the card's fallback), SSML to speak,
// and an Adaptive Card where cards are shown. No botbuilder here; the bot turns views into
// activities. Text from a practitioner only ever appears in TextBlock text with markdown
// neutralised, in SSML escaped, and in plain text as typed.
import { type AdaptiveCard, type CardAction, type CardElement, card, choiceSet, container, factSet, heading, submit, textBlock, textInput } from './adaptive.ts';
import type { CitedSource, OutcomeContact, Said } from '../knowledge/decide.ts';
import { type SpeechPart, ssml } from './ssml.ts';
import { missingNumber, noNumberLines, noNumberSpeech, setLocallyLine } from './contact-gaps.ts';

export interface View {
  text: string;
  speak: string;
  card?: AdaptiveCard;
  /** True when the view asks something and waits for the answer (voice opens the microphone). */
  expectsAnswer: boolean;
}

/** Where a rule, contact or passage comes from; plain data from knowledge/ (types only). */
export type { CitedSource, Said };

export type ContactView = Pick<OutcomeContact, 'name' | 'role' | 'phones' | 'emails' | 'urls' | 'needsLocalConfiguration' | 'note' | 'setLocally'>;

export interface OptionView {
  value: string;
  label: string;
}

/** Markdown in a TextBlock would let typed text format or link itself; escape its syntax. */
export function plainForCard(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/^(\s*)(\d+)\./gm, '$1$2\\.').replace(/^(\s*)-/gm, '$1\\-');
}

/** The document's title, owner, date and section: never the file name, which is for the audit trail. */
export function sourceLine(s: Pick<CitedSource, 'label'>): string {
  return `Source: ${s.label}`;
}

/**
 * A step or action as one line. One from the cited document reads as it is (the source line
 * under the list covers it, or it names its own); one resting on national guidance says so; one the
 * guidance we hold does not give is marked to be confirmed locally.
 */
export function saidLine(s: Said, covered?: Pick<CitedSource, 'label'>): string {
  if (s.basis) return `${s.text} (National guidance: ${s.basis})`;
  if (s.localNote) return `${s.text} (${s.localNote})`;
  return s.source && s.source.label !== covered?.label ? `${s.text} (${sourceLine(s.source)})` : s.text;
}

/** A contact's details as plain text: numbers always as text, since tel: links fail in Teams desktop. */
export function contactLines(c: ContactView): string[] {
  const lines: string[] = [];
  if (c.phones.length) lines.push(`Phone: ${c.phones.join(' or ')}`);
  if (c.emails.length) lines.push(`Email: ${c.emails.join(', ')}`);
  if (c.urls.length) lines.push(`Web: ${c.urls.join(', ')}`);
  if (c.setLocally) lines.push(setLocallyLine(c.setLocally));
  // The pack's note says what is missing in the council's own words; without one, say it plainly.
  if (c.note) lines.push(c.note);
  else if (c.needsLocalConfiguration) {
    lines.push('No contact details for this service are given in the guidance we hold: your council needs to configure them. Until then, ring 999 if the child is in immediate danger.');
  }
  return lines;
}

function contactSpeech(c: ContactView): SpeechPart[] {
  if (c.phones.length) {
    return [`${c.name}:`, ...c.phones.flatMap((p, i) => [i ? 'or' : '', { phone: p }]), { pause: 400 }];
  }
  if (c.needsLocalConfiguration) return [`${c.name}: the guidance we hold gives no number; your council needs to configure it.`];
  return [];
}

/** Where the duty number is missing, that contact's lines say so plainly and what to do instead. */
function linesFor(c: ContactView, gap: { missing: ContactView; contacts: ContactView[]; localityName: string } | undefined): string[] {
  return gap && c === gap.missing ? noNumberLines(c, gap.contacts, gap.localityName) : contactLines(c);
}

function contactElements(contacts: ContactView[], gap?: { missing: ContactView; contacts: ContactView[]; localityName: string }): CardElement[] {
  return contacts.map((c) =>
    container([
      textBlock(plainForCard(c.name), { bold: true }),
      textBlock(plainForCard(c.role), { subtle: true }),
      ...linesFor(c, gap).map((l, i) => textBlock(plainForCard(l), gap && c === gap.missing && i < 2 ? { bold: true } : {})),
    ]),
  );
}

export const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join('\n');
const orList = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

// ---------------------------------------------------------------------------------------------

export interface WelcomeData {
  localityName: string;
  otherAreas: { id: string; name: string; say: string }[];
}

export function welcomeView(d: WelcomeData): View {
  const intro =
    'Hello. I help people who work with children decide what to do when they are worried about a child: ' +
    'the level of need, the local route, who to contact and local services, with the guidance behind each answer.';
  const area = `I am using the guidance for ${d.localityName}.`;
  const change = d.otherAreas.length ? ` If you work somewhere else, say ${orList(d.otherAreas.map((a) => `"I work in ${a.say}"`))}.` : '';
  const ask = 'Tell me what is worrying you about the child, in your own words. If the child is in immediate danger, ring 999 now.';
  const tail = 'You can say help, levels, start again or back at any time, or quiz to practise choosing the level on invented cases.';
  const text = [intro, area + change, ask, tail].join('\n\n');
  return {
    text,
    speak: ssml(intro, area + change, ask),
    expectsAnswer: true,
    card: card([heading('Early help guidance'), textBlock(intro), textBlock(area + change, { subtle: true }), textBlock(ask, { bold: true }), textBlock(tail, { subtle: true })], {
      speak: ssml(intro, area + change, ask),
      fallbackText: text,
      actions: [
        ...d.otherAreas.map((a) => submit(`I work in ${a.say}`, { action: 'area', locality: a.id })),
        submit('The four levels', { action: 'command', command: 'levels' }),
        submit('Practice quiz', { action: 'quiz-start' }),
        submit('Help', { action: 'command', command: 'help' }),
      ],
    }),
  };
}

const HELP_SPEECH = ssml('Describe your concern in your own words. You can say start again, back, review, outcome, levels, services, what is, I work in, or quiz, at any time.');

export function helpView(d: { localityName: string; handoff?: string }): View {
  const lines = [
    'Describe your concern in your own words, and I will find what it suggests, ask the questions that remain (one at a time, harm first) and give you the level, the route, who to contact and local services.',
    'You can say at any time:',
    '- "start again": a new consultation',
    '- "back": take back your last answer',
    '- "review": check your answers so far',
    '- "outcome": see the outcome now',
    '- "levels": the four levels of need',
    '- "services" and a few words, for example "services parenting support"',
    '- "what is" and a term, for example "what is a TAF"',
    '- "I work in" and your area, to change area',
    '- "quiz": practise on invented cases (never real children), choosing the level for each; "stop" ends the quiz and your consultation carries on',
    ...(d.handoff ? [`- "duty summary": ${d.handoff.toLowerCase()}`] : []),
    `Area: ${d.localityName}. If a child is in immediate danger, ring 999.`,
  ];
  const text = lines.join('\n');
  return {
    text,
    speak: HELP_SPEECH,
    expectsAnswer: false,
    card: card([heading('What I can do'), ...lines.map((l) => textBlock(plainForCard(l)))], {
      speak: HELP_SPEECH,
      fallbackText: text,
      actions: [submit('The four levels', { action: 'command', command: 'levels' }), submit('Practice quiz', { action: 'quiz-start' }), submit('Start again', { action: 'command', command: 'start-again' })],
    }),
  };
}

export interface HarmAlertData {
  localityName: string;
  immediateDanger: boolean;
  contacts: ContactView[];
  /** The label of the duty summary offer, when a handoff flow is registered. */
  handoffOffer?: string;
}

export function harmAlertView(d: HarmAlertData): View {
  const local = d.contacts.filter((c) => !c.phones.includes('999'));
  const missingDuty = missingNumber(local);
  const gap = missingDuty && { missing: missingDuty, contacts: local, localityName: d.localityName };
  const lead = d.immediateDanger
    ? 'If the child is in immediate danger, ring 999 now.'
    : missingDuty
      ? 'What you have described could mean the child is at risk of significant harm. Act on it now; do not wait for the rest of my questions.'
      : 'What you have described could mean the child is at risk of significant harm. Talk to the duty team now; do not wait for the rest of my questions.';
  const missing = local.filter((c) => c.needsLocalConfiguration && c.phones.length === 0);
  const callNow = local.filter((c) => c.phones.length > 0);
  const nineNineNine = 'If the child is in immediate danger, ring 999.';
  const lines = [
    lead,
    ...local.map((c) => `${c.name}\n${linesFor(c, gap).join('\n')}`),
    d.immediateDanger ? '' : nineNineNine,
    ...(d.handoffOffer ? [`I can help you prepare the summary the duty team will need: say "duty summary".`] : []),
    'I will carry on with the questions below.',
  ].filter(Boolean);
  const text = lines.join('\n\n');
  const speech: SpeechPart[] = [
    lead,
    ...callNow.flatMap((c) => ['Ring', ...contactSpeech(c)]),
    ...(missingDuty ? noNumberSpeech(missingDuty) : missing.flatMap(contactSpeech)),
    d.immediateDanger || missingDuty ? '' : nineNineNine,
    d.handoffOffer ? 'I can help you prepare the summary for the duty team: say duty summary.' : '',
  ];
  const speak = ssml(...speech);
  return {
    text,
    speak,
    expectsAnswer: false,
    card: card(
      [
        container([heading(d.immediateDanger ? 'Ring 999 now' : missingDuty ? 'Act now: no duty number is set up here' : 'Talk to the duty team now'), textBlock(lead, { bold: true })], 'attention'),
        ...contactElements(local, gap),
        ...(d.immediateDanger ? [] : [textBlock(nineNineNine, { bold: true })]),
        textBlock(`Area: ${plainForCard(d.localityName)}. I will carry on with the questions below.`, { subtle: true }),
      ],
      { speak, fallbackText: text, actions: d.handoffOffer ? [submit(d.handoffOffer, { action: 'handoff' }, { primary: true })] : [] },
    ),
  };
}

export interface IndicatorView {
  id: string;
  label: string;
  /** The practitioner's words that suggest it. */
  evidence: string;
  status: 'present' | 'uncertain' | 'negated';
  harm: boolean;
  /** Uncertain because the practitioner hedged; otherwise the words only suggest it, and it is to check. */
  hedged?: boolean;
}

const SELECTED = 'selected by the practitioner';
/** The practitioner's words behind an indicator, or that they chose it themselves. */
const quoteEvidence = (evidence: string) => (evidence === SELECTED ? 'selected by you' : `from "${evidence}"`);

export function confirmIndicatorsView(d: { step: number; indicators: IndicatorView[] }): View {
  const shown = d.indicators.filter((i) => i.status !== 'negated');
  const asked = d.indicators.filter((i) => i.status === 'negated' && i.harm);
  // "You were not sure" only when the practitioner said so: a definite disclosure the words only
  // suggest an indicator for is "to check", never put down to their doubt.
  const doubt = (i: IndicatorView) => (i.status !== 'uncertain' ? '' : i.hedged ? ' (you were not sure)' : ' (to check)');
  const describe = (i: IndicatorView) => `${i.label}${doubt(i)}, ${quoteEvidence(i.evidence)}`;
  const intro = shown.length ? 'It sounds like:' : 'I did not find a clear need in what you wrote.';
  const askedLine = asked.length ? `You said ${orList(asked.map((i) => i.label.toLowerCase()))} is not happening; I will ask you about it to be sure.` : '';
  const question = shown.length ? 'Is that right?' : 'Is there something I should add?';
  const options = shown.length ? ['Yes, that is right', 'Add one', 'Remove one'] : ['No, carry on', 'Add one'];
  const text = [intro, ...shown.map((i) => `- ${describe(i)}`), askedLine, `${question}\n${numbered(options)}`].filter(Boolean).join('\n');
  const speak = ssml(intro, ...shown.map((i) => `${i.label}${doubt(i).replace(/^ \((.*)\)$/, ', $1')}.`), askedLine, question, shown.length ? 'Say yes, add one, or remove one.' : 'Say carry on, or add one.');
  const body: CardElement[] = [
    heading(intro),
    ...shown.map((i) => container([textBlock(plainForCard(i.label) + doubt(i), { bold: true }), textBlock(plainForCard(quoteEvidence(i.evidence)), { subtle: true })])),
    ...(askedLine ? [textBlock(plainForCard(askedLine))] : []),
    textBlock(question, { bold: true }),
  ];
  const actions: CardAction[] = shown.length
    ? [submit('Yes, that is right', { action: 'indicators', step: d.step, choice: 'right' }, { primary: true }), submit('Add one', { action: 'indicators', step: d.step, choice: 'add' }), submit('Remove one', { action: 'indicators', step: d.step, choice: 'remove' })]
    : [submit('No, carry on', { action: 'indicators', step: d.step, choice: 'right' }, { primary: true }), submit('Add one', { action: 'indicators', step: d.step, choice: 'add' })];
  return { text, speak, expectsAnswer: true, card: card(body, { speak, fallbackText: text, actions }) };
}

export function removeIndicatorView(d: { step: number; indicators: { id: string; label: string }[] }): View {
  const q = 'Which one is not right?';
  const text = `${q}\n${numbered(d.indicators.map((i) => i.label))}`;
  const speak = ssml(q, orList(d.indicators.map((i) => i.label)) + '?');
  return {
    text,
    speak,
    expectsAnswer: true,
    card: card([choiceSet('indicator', q, d.indicators.map((i) => ({ title: i.label, value: i.id })))], {
      speak,
      fallbackText: text,
      actions: [submit('Remove it', { action: 'remove', step: d.step }, { validate: true, primary: true })],
    }),
  };
}

export function addIndicatorView(d: { step: number; vocabulary: { id: string; label: string }[] }): View {
  const q = 'What else is going on? Tell me in a few words, for example "young carer" or "not attending school".';
  const speak = ssml(q);
  return {
    text: q,
    speak,
    expectsAnswer: true,
    card: card(
      [
        textInput('words', 'What else is going on, in a few words', { placeholder: 'for example: young carer' }),
        choiceSet('indicator', 'Or choose from the list', d.vocabulary.map((i) => ({ title: i.label, value: i.id })), { style: 'compact', required: false, placeholder: 'Choose one' }),
      ],
      { speak, fallbackText: q, actions: [submit('Add it', { action: 'add', step: d.step }, { validate: true, primary: true })] },
    ),
  };
}

export function confirmRemovalView(d: { step: number; indicator: { id: string; label: string }; confirmQuestion: string; level: number; levelName: string }): View {
  const lines = [
    `You are saying this is not right: ${d.indicator.label}.`,
    `Because it could mean a child is being harmed, I will record it as your answer "no" to: "${d.confirmQuestion}"`,
    `The level reached so far (${d.levelName}) stays: a later answer does not lower it. If something earlier was wrong, say start again.`,
    'Shall I record that?',
  ];
  const text = `${lines.join('\n')}\n${numbered(['Yes, record "no"', 'No, keep it'])}`;
  const speak = ssml(...lines, 'Say yes to record it, or no to keep it.');
  return {
    text,
    speak,
    expectsAnswer: true,
    card: card(lines.map((l, i) => textBlock(plainForCard(l), i === 3 ? { bold: true } : {})), {
      speak,
      fallbackText: text,
      actions: [
        submit('Yes, record "no"', { action: 'confirm-removal', step: d.step, indicator: d.indicator.id, choice: 'yes' }),
        submit('No, keep it', { action: 'confirm-removal', step: d.step, indicator: d.indicator.id, choice: 'no' }, { primary: true }),
      ],
    }),
  };
}

/** "Start again?" before anything the practitioner told is discarded. */
export function confirmRestartView(d: { step: number; messages: number; answers: number }): View {
  const what = [d.messages ? `${d.messages} message${d.messages === 1 ? '' : 's'} about the child` : '', d.answers ? `${d.answers} answer${d.answers === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  const lines = [`Start again? This clears what you have told me so far (${what || 'your answers'}), and it cannot be undone.`, 'Say yes to start again, or no to carry on where you were.'];
  const text = `${lines.join('\n')}\n${numbered(['Yes, start again', 'No, carry on'])}`;
  const speak = ssml(...lines);
  return {
    text,
    speak,
    expectsAnswer: true,
    card: card(lines.map((l, i) => textBlock(plainForCard(l), i === 0 ? { bold: true } : {})), {
      speak,
      fallbackText: text,
      actions: [
        submit('Yes, start again', { action: 'restart', step: d.step, choice: 'confirm' }),
        submit('No, carry on', { action: 'restart', step: d.step, choice: 'cancel' }, { primary: true }),
      ],
    }),
  };
}

export interface QuestionData {
  step: number;
  id: string;
  text: string;
  why: string;
  options: OptionView[];
  /** Said before the question, e.g. "Thanks." or a re-ask. */
  preface?: string;
}

export function questionView(q: QuestionData): View {
  const text = [q.preface, q.text, `Why I ask: ${q.why}`, numbered(q.options.map((o) => o.label)), 'Reply with a number or in your own words.'].filter(Boolean).join('\n');
  const speak = ssml(q.preface ?? '', q.text, `${orList(q.options.map((o) => o.label))}?`);
  return {
    text,
    speak,
    expectsAnswer: true,
    card: card(
      [
        ...(q.preface ? [textBlock(plainForCard(q.preface))] : []),
        choiceSet('answer', q.text, q.options.map((o) => ({ title: o.label, value: o.value }))),
        textBlock(`Why I ask: ${q.why}`, { subtle: true }),
      ],
      { speak, fallbackText: text, actions: [submit('Next', { action: 'answer', question: q.id, step: q.step }, { validate: true, primary: true })] },
    ),
  };
}

export interface ServiceView {
  name: string;
  description: string;
  minimum_age: number;
  maximum_age: number;
  contacts: { name: string; phones: string[]; emails: string[]; urls: string[] }[];
  url?: string;
  email?: string;
  assured_date: string;
  needsLocalConfiguration: boolean;
  /** Fields the local guidance does not give (ages, eligibility...): shown as to be confirmed. */
  toConfirm?: string[];
  /** "checked 3 months ago"; stale: older than the council allows, or undated. */
  checked?: { text: string; stale: boolean };
  /** True when a feed service's categories are not mapped to levels, so its levels are the default. */
  levelsAssumed?: boolean;
  levels?: number[];
  /** "pack": named in the local guidance; "feed": from the council's directory feed. */
  origin?: 'pack' | 'feed';
  /** Why it matched: the words and the filters. */
  why?: string[];
}

/** When nothing in the directory fits: the council's own information service, in the seed's words. */
export interface NoMatchView {
  message: string;
  contacts: ContactView[];
  quote: string;
  source: CitedSource;
}

// An age range the guidance does not give is only a search default: never shown as a fact.
const ageRange = (s: ServiceView) =>
  s.toConfirm?.includes('ages') ? 'ages to be confirmed locally' : s.minimum_age < 0 ? `unborn to ${s.maximum_age}` : `ages ${s.minimum_age} to ${s.maximum_age}`;

/** The first sentences of a description, up to about two lines: the rest is in the directory. */
function shortDescription(text: string, max = 220): string {
  if (text.length <= max) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [text];
  let out = '';
  for (const sentence of sentences) {
    if (out && (out + sentence).length > max) break;
    out += sentence;
  }
  return out.length > max ? `${out.slice(0, max - 1).trimEnd()}…` : out.trim();
}

function serviceLines(s: ServiceView): string[] {
  const phones = [...new Set(s.contacts.flatMap((c) => c.phones))];
  const emails = [...new Set([...(s.email ? [s.email] : []), ...s.contacts.flatMap((c) => c.emails)])];
  const urls = [...new Set([...(s.url ? [s.url] : []), ...s.contacts.flatMap((c) => c.urls)])];
  return [
    shortDescription(s.description),
    `${ageRange(s)}; ${s.checked ? s.checked.text : `last checked ${s.assured_date}`}${s.origin === 'feed' ? ", from the council's directory feed" : ''}`,
    ...(s.checked?.stale ? ['This entry is old: check with the service before relying on it.'] : []),
    ...(s.levelsAssumed && s.levels ? [`Levels of need ${s.levels.join(' and ')} assumed: the council has not mapped this service's categories to levels.`] : []),
    ...(s.why?.length ? [`Why it is here: ${s.why.join('; ')}`] : []),
    ...(phones.length ? [`Phone: ${phones.join(' or ')}`] : []),
    ...(emails.length ? [`Email: ${emails.join(', ')}`] : []),
    ...(urls.length ? [`Web: ${urls.join(', ')}`] : []),
    ...(s.needsLocalConfiguration ? ['Contact details need local configuration.'] : []),
  ];
}

function serviceElements(services: ServiceView[]): CardElement[] {
  return services.map((s) => container([textBlock(plainForCard(s.name), { bold: true }), ...serviceLines(s).map((l, i) => textBlock(plainForCard(l), i === 1 ? { subtle: true } : {}))]));
}

/** The honest empty result: what was not found, then where the council says to look. */
function noMatchParts(m: NoMatchView): { text: string; elements: CardElement[]; speech: string[] } {
  const quote = `"${m.quote}"`;
  return {
    text: [m.message, `${quote}\n${sourceLine(m.source)}`, ...m.contacts.map((c) => `- ${c.name}: ${contactLines(c).join('; ')}`)].join('\n'),
    elements: [textBlock(plainForCard(m.message), { bold: true }), textBlock(plainForCard(quote)), textBlock(plainForCard(sourceLine(m.source)), { subtle: true }), ...contactElements(m.contacts)],
    speech: [m.message, ...m.contacts.map((c) => `${c.name}.`)],
  };
}

export function servicesView(d: { query: string; localityName: string; age?: number; services: ServiceView[]; noMatch?: NoMatchView }): View {
  if (!d.services.length && d.noMatch) {
    const parts = noMatchParts(d.noMatch);
    const speak = ssml(...parts.speech);
    return { text: parts.text, speak, expectsAnswer: false, card: card(parts.elements, { speak, fallbackText: parts.text }) };
  }
  const title = d.services.length
    ? `Services in ${d.localityName}${d.age !== undefined ? ` for a child aged ${d.age < 0 ? 'unborn' : d.age}` : ''}:`
    : `I found no service in ${d.localityName} for that. Try other words, for example "services parenting".`;
  const text = [title, ...d.services.map((s, i) => `${i + 1}. ${s.name}\n${serviceLines(s).join('\n')}`)].join('\n\n');
  const speak = ssml(title, ...d.services.map((s) => `${s.name}.`));
  return { text, speak, expectsAnswer: false, card: card([heading(plainForCard(title)), ...serviceElements(d.services)], { speak, fallbackText: text }) };
}

export function levelsView(d: { localityName: string; levels: { level: number; name: string; meaning: string; source: CitedSource }[] }): View {
  const title = `The four levels of need in ${d.localityName}:`;
  const text = [title, ...d.levels.map((l) => `${l.name}\n${l.meaning}\n${sourceLine(l.source)}`)].join('\n\n');
  const speak = ssml(title, ...d.levels.map((l) => `${l.name}. ${l.meaning}`));
  return {
    text,
    speak,
    expectsAnswer: false,
    card: card([heading(title), ...d.levels.map((l) => container([textBlock(plainForCard(l.name), { bold: true }), textBlock(plainForCard(l.meaning)), textBlock(plainForCard(sourceLine(l.source)), { subtle: true })]))], {
      speak,
      fallbackText: text,
    }),
  };
}

export interface DefinitionData {
  query: string;
  localityName: string;
  term?: { term: string; abbreviation?: string; meaning: string; alsoKnownAs: string[]; source: CitedSource };
  passages: { title: string; text: string; source: CitedSource }[];
}

export function definitionView(d: DefinitionData): View {
  const parts: { title: string; text: string; source: CitedSource }[] = [];
  if (d.term) {
    const aka = d.term.alsoKnownAs.length ? ` Also called: ${d.term.alsoKnownAs.join(', ')}.` : '';
    parts.push({ title: `${d.term.term}${d.term.abbreviation ? ` (${d.term.abbreviation})` : ''}`, text: d.term.meaning + aka, source: d.term.source });
  }
  parts.push(...d.passages);
  const title = parts.length ? `From the ${d.localityName} guidance:` : `I found nothing in the ${d.localityName} guidance about "${d.query}". Try other words, or say levels.`;
  const text = [title, ...parts.map((p) => `${p.title}\n${p.text}\n${sourceLine(p.source)}`)].join('\n\n');
  const speak = ssml(title, ...parts.slice(0, 1).map((p) => `${p.title}. ${p.text}`));
  return {
    text,
    speak,
    expectsAnswer: false,
    card: card([heading(plainForCard(title)), ...parts.map((p) => container([textBlock(plainForCard(p.title), { bold: true }), textBlock(plainForCard(p.text)), textBlock(plainForCard(sourceLine(p.source)), { subtle: true })]))], {
      speak,
      fallbackText: text,
    }),
  };
}

export interface OutcomeData {
  localityName: string;
  level: number;
  levelName: string;
  levelMeaning: string;
  harmIndicated: boolean;
  route: { title: string; summary: string; steps: Said[]; timescales: { text: string }[]; consentRequired: boolean; source: CitedSource };
  reasons: { text: string; source: CitedSource }[];
  actions: Said[];
  contacts: ContactView[];
  services: ServiceView[];
  /** No local service fitted: the council's information service instead of unrelated teams. */
  noMatch?: NoMatchView;
  knowledgeVersion: string;
  handoffOffer?: string;
  /** Questions left unanswered when the practitioner asked for the outcome early. */
  unanswered: number;
}

export function outcomeView(d: OutcomeData): View {
  const what = [...d.route.steps, ...d.actions].map((s) => saidLine(s, d.route.source));
  const early = d.unanswered ? `You asked for the outcome with ${d.unanswered} question${d.unanswered === 1 ? '' : 's'} unanswered; it may change if you answer ${d.unanswered === 1 ? 'it' : 'them'}.` : '';
  // At level 4 the duty team is the route: where it has no number, its entry says so and what to
  // do instead (contact-gaps.ts), in place of the pack's note.
  const missingDuty = d.level === 4 ? missingNumber(d.contacts) : undefined;
  if (missingDuty) d = { ...d, contacts: d.contacts.map((c) => (c === missingDuty ? { ...c, note: noNumberLines(c, d.contacts, d.localityName).join(' ') } : c)) };
  const text = [
    `${d.levelName} (${d.localityName})`,
    d.levelMeaning,
    early,
    `Why:\n${d.reasons.map((r) => `- ${r.text}\n  ${sourceLine(r.source)}`).join('\n')}`,
    `What to do next: ${d.route.title}\n${d.route.summary}\n${what.map((s, i) => `${i + 1}. ${s}`).join('\n')}${d.route.timescales.length ? `\n${d.route.timescales.map((t) => t.text).join('\n')}` : ''}\n${sourceLine(d.route.source)}`,
    `Who to contact:\n${d.contacts.map((c) => `- ${c.name}: ${contactLines(c).join('; ')}`).join('\n')}`,
    d.services.length ? `Local services:\n${d.services.map((s, i) => `${i + 1}. ${s.name} (${ageRange(s)})${s.contacts[0]?.phones[0] ? `, phone ${s.contacts[0].phones[0]}` : ''}`).join('\n')}` : d.noMatch ? `Local services:\n${noMatchParts(d.noMatch).text}` : '',
    [d.handoffOffer ? '"duty summary" to prepare the summary for the duty team' : '', '"review" to check your answers', '"start again" for a new concern'].filter(Boolean).join(', ') + '.',
    `Knowledge version ${d.knowledgeVersion}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const firstPhone = d.contacts.find((c) => c.phones.length && !c.phones.includes('999'));
  const speak = ssml(
    `${d.levelName}.`,
    d.levelMeaning,
    d.route.summary,
    ...(firstPhone ? [`Contact ${firstPhone.name} on`, { phone: firstPhone.phones[0]! }, '.'] : []),
    ...(missingDuty ? noNumberSpeech(missingDuty) : d.level === 4 ? ['If the child is in immediate danger, ring 999.'] : []),
    'The card shows the reasons, their sources and local services.',
  );
  const body: CardElement[] = [
    container([heading(plainForCard(d.levelName), 'Large'), textBlock(plainForCard(d.levelMeaning)), textBlock(`Level ${d.level}, ${plainForCard(d.localityName)}`, { subtle: true })], d.level === 4 ? 'attention' : 'emphasis'),
    ...(early ? [textBlock(early, { color: 'Warning' })] : []),
    heading('Why'),
    ...d.reasons.map((r) => container([textBlock(plainForCard(r.text)), textBlock(plainForCard(sourceLine(r.source)), { subtle: true })])),
    heading('What to do next'),
    textBlock(plainForCard(`${d.route.title}: ${d.route.summary}`), { bold: true }),
    ...what.map((s, i) => textBlock(`${i + 1}\\. ${plainForCard(s)}`)),
    ...d.route.timescales.map((t) => textBlock(plainForCard(t.text), { subtle: true })),
    textBlock(plainForCard(sourceLine(d.route.source)), { subtle: true }),
    heading('Who to contact'),
    ...contactElements(d.contacts),
    ...(d.services.length ? [heading('Local services'), ...serviceElements(d.services)] : d.noMatch ? [heading('Local services'), ...noMatchParts(d.noMatch).elements] : []),
    factSet([{ title: 'Knowledge version', value: d.knowledgeVersion }]),
  ];
  const actions: CardAction[] = [
    ...(d.handoffOffer ? [submit(d.handoffOffer, { action: 'handoff' }, { primary: true })] : []),
    submit('Review my answers', { action: 'command', command: 'review' }),
    submit('Start again', { action: 'command', command: 'start-again' }),
  ];
  return { text, speak, expectsAnswer: false, card: card(body, { speak, fallbackText: text, actions }) };
}

export interface ReviewData {
  localityName: string;
  texts: string[];
  indicators: IndicatorView[];
  answers: { question: string; answer: string }[];
  level: number;
  levelName: string;
}

export function reviewView(d: ReviewData): View {
  const text = [
    `Your answers so far (${d.localityName}):`,
    d.texts.length ? `What you told me:\n${d.texts.map((t) => `"${t}"`).join('\n')}` : 'You have not described the concern yet.',
    d.indicators.length ? `What it suggests:\n${d.indicators.map((i) => `- ${i.label} (${i.status === 'present' ? 'found' : i.status === 'uncertain' ? 'not sure' : 'ruled out or not happening'})`).join('\n')}` : '',
    d.answers.length ? `Your answers:\n${d.answers.map((a, i) => `${i + 1}. ${a.question} ${a.answer}`).join('\n')}` : 'No questions answered yet.',
    `Level so far: ${d.levelName}.`,
    'Say "change" and a number to change an answer, "back" to take back the last one, or "start again".',
  ]
    .filter(Boolean)
    .join('\n\n');
  const speak = ssml(`You have answered ${d.answers.length} question${d.answers.length === 1 ? '' : 's'}. Level so far: ${d.levelName}.`, 'Say change and a number to change an answer.');
  return {
    text,
    speak,
    expectsAnswer: false,
    card: card(
      [
        heading('Your answers so far'),
        textBlock(`Area: ${plainForCard(d.localityName)}`, { subtle: true }),
        ...d.texts.map((t) => textBlock(`"${plainForCard(t)}"`, { subtle: true })),
        ...(d.indicators.length ? [factSet(d.indicators.map((i) => ({ title: plainForCard(i.label), value: i.status === 'present' ? 'found' : i.status === 'uncertain' ? 'not sure' : 'ruled out' })))] : []),
        ...(d.answers.length ? [factSet(d.answers.map((a, i) => ({ title: `${i + 1}\\. ${plainForCard(a.question)}`, value: plainForCard(a.answer) })))] : []),
        textBlock(`Level so far: ${plainForCard(d.levelName)}`, { bold: true }),
        textBlock('Say "change" and a number to change an answer.', { subtle: true }),
      ],
      { speak, fallbackText: text, actions: [submit('Back', { action: 'command', command: 'back' }), submit('See the outcome', { action: 'command', command: 'outcome' }), submit('Start again', { action: 'command', command: 'start-again' })] },
    ),
  };
}

/** A short message with no card: acknowledgements, re-asks, apologies. */
export function messageView(text: string, options: { expectsAnswer?: boolean } = {}): View {
  return { text, speak: ssml(text), expectsAnswer: options.expectsAnswer ?? false };
}
