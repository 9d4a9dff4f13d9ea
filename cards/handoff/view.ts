// The summary as rows a person reads: the same labels, order and "not known" wording for the
// Teams card, the plain text and the duty page, so the three renderings can never disagree.
import type { OutcomeValue, Summary } from '../../knowledge/handoff/summary.ts';
import { NOT_KNOWN } from '../../knowledge/handoff/summary.ts';

export interface Row {
  label: string;
  value: string;
  /** False when the practitioner did not give it: shown as "not known". */
  known: boolean;
  /** True when the value is the practitioner's own text (rendered with the strictest escaping). */
  said: boolean;
}

export interface Section {
  title: string;
  rows: Row[];
}

export interface SummaryView {
  reference: string;
  title: string;
  when: string;
  sections: Section[];
}

export const OUTCOME_LABELS = {
  'accepted-for-assessment': 'Accepted for assessment',
  'no-further-action': 'No further action',
  'stepped-down-to-early-help': 'Stepped down to early help',
} as const satisfies Record<OutcomeValue, string>;

const YES_NO_UNSURE = { yes: 'Yes', no: 'No', unsure: 'Not sure' } as const;
const DSL = { yes: 'Yes', no: 'No', 'referrer-is-dsl': 'The referrer is the safeguarding lead' } as const;
const CONSENT = { yes: 'Yes, consent given', no: 'No, consent not given', 'not-asked': 'Not asked' } as const;
const STATUS = { present: 'present', uncertain: 'not certain', negated: 'said not to be happening' } as const;

/**
 * What may not travel into any rendering: control characters (they can fake line breaks or
 * terminal colours in pasted text) and bidirectional overrides (they can make text read in a
 * different order from how it is stored).
 */
export function clean(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
}

/** Dates as duty staff in England read them, in UK time whatever the server's zone. */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

const said = (label: string, value: string | undefined): Row =>
  value === undefined || clean(value) === '' ? { label, value: NOT_KNOWN, known: false, said: false } : { label, value: clean(value), known: true, said: true };

const fixed = (label: string, value: string | undefined): Row =>
  value === undefined ? { label, value: NOT_KNOWN, known: false, said: false } : { label, value, known: true, said: false };

export function summaryView(s: Summary): SummaryView {
  const indicators: Row[] = s.indicators.length
    ? s.indicators.map((i) => ({
        label: `${i.label}${i.status === 'present' ? '' : ` (${STATUS[i.status]})`}`,
        value: clean(i.evidence) || NOT_KNOWN,
        known: clean(i.evidence) !== '',
        said: true,
      }))
    : [fixed('Indicators', undefined)];
  const reasons: Row[] = s.reasons.map((r) => ({
    label: 'Reason',
    value: `${r.text} (source: ${r.source.documentTitle}, "${r.source.section}")`,
    known: true,
    said: false,
  }));
  const consentRows: Row[] = [
    fixed('Consent given', s.consent && CONSENT[s.consent]),
    ...(s.consent === 'no' || s.consent === 'not-asked' ? [said('Why not', s.consentWhyNot)] : []),
  ];
  if (!s.consentNeeded) consentRows.push(fixed('Consent needed', 'No: consent is not needed to refer at level 4'));

  return {
    reference: s.reference,
    title: `Duty handoff ${s.reference}`,
    when: formatWhen(s.createdAt),
    sections: [
      {
        title: 'Handoff',
        rows: [fixed('Reference', s.reference), fixed('Date and time', formatWhen(s.createdAt)), fixed('Area', s.locality.name)],
      },
      {
        title: 'Safety now',
        rows: [
          fixed('Child in immediate danger', s.immediateDanger && (s.immediateDanger === 'yes' ? 'Yes: 999 advised' : YES_NO_UNSURE[s.immediateDanger])),
          said('Where the child is now', s.whereNow),
        ],
      },
      {
        title: 'The child',
        rows: [
          said('First name or initials', s.child.name),
          said('Age, date of birth or due date', s.child.ageOrDate),
          said('School or setting', s.child.setting),
          said('Address', s.child.address),
          said('Household', s.household),
          said('Who has parental responsibility', s.parentalResponsibility),
        ],
      },
      { title: 'The concern', rows: [said("In the practitioner's words", s.concern), said("The child's own words", s.childWords)] },
      { title: 'What was found (indicator and evidence)', rows: indicators },
      { title: 'Level and reasons', rows: [fixed('Level', s.levelName), ...reasons] },
      {
        title: 'What has happened',
        rows: [
          said('What has been done', s.done),
          fixed('Safeguarding lead (DSL) told', s.dslTold && DSL[s.dslTold]),
          said('Other agencies involved', s.otherAgencies),
          fixed('Parent or carer aware', s.parentAware && YES_NO_UNSURE[s.parentAware]),
          ...consentRows,
        ],
      },
      {
        title: 'Referrer',
        rows: [said('Name', s.referrer.name), said('Role', s.referrer.role), said('Agency', s.referrer.agency), said('Phone', s.referrer.phone)],
      },
    ],
  };
}
