// The questions of the duty handoff, as data: what is asked, why, how an answer is checked, and
// which may be skipped ("not known") because the duty team can work without them. The order is
// the order of urgency for the person who picks up the phone: safety first, then who the child
// is, the concern, what has been done, and who to call back.
import { z } from 'zod';
import { readPhone } from './phone.ts';
import { DslTold, Consent, YesNoUnsure } from '../../knowledge/handoff/summary.ts';

export const FIELD_IDS = [
  'immediateDanger',
  'whereNow',
  'childName',
  'childAge',
  'setting',
  'household',
  'parentalResponsibility',
  'concern',
  'childWords',
  'done',
  'dslTold',
  'otherAgencies',
  'parentAware',
  'consent',
  'consentWhyNot',
  'referrerName',
  'referrerRole',
  'referrerAgency',
  'referrerPhone',
  'address',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];
export const FieldId = z.enum(FIELD_IDS);

/** An answer: the text or option value given, or null when the practitioner said "not known". */
export type Answers = Partial<Record<FieldId, string | null>>;

export interface Option {
  value: string;
  label: string;
  /** Other ways people say it, typed or spoken. */
  synonyms: string[];
}

/** What the summary knows beyond the answers: whether consent is a condition of this referral. */
export interface SequenceContext {
  consentNeeded: boolean;
}

export interface QuestionDef {
  id: FieldId;
  /** The label on the check-your-answers page. */
  label: string;
  /** The row named in a sentence, for its button: "Change the child's name". */
  name: string;
  text: string;
  why: string;
  kind: 'choice' | 'text' | 'phone';
  options?: Option[];
  /** The duty team cannot act without it: no "not known". */
  required?: boolean;
  /**
   * Never asked in the sequence: only added from check your answers when the practitioner offers
   * it. The duty team can act without it, and it is about other people (privacy: ask only what the
   * duty team needs), or it is only needed in some referrals (the context says which).
   */
  offeredOnly?: boolean | ((ctx: SequenceContext) => boolean);
  /** A follow-up the same prompt can answer ("No, asking could put him at risk"). */
  followUp?: FieldId;
  multiline?: boolean;
  max: number;
  askWhen?: (answers: Answers) => boolean;
  /** zod schema for the trimmed answer; its message is the polite re-ask. */
  schema: z.ZodType<string>;
}

const YES: Option = { value: 'yes', label: 'Yes', synonyms: ['yeah', 'yep', 'yes they are', 'y', 'correct', 'they are', 'i think so'] };
const NO: Option = { value: 'no', label: 'No', synonyms: ['nope', 'n', 'no they are not', 'not', 'nah'] };
const UNSURE: Option = { value: 'unsure', label: 'Not sure', synonyms: ['unsure', 'not sure', "don't know", 'dont know', 'do not know', 'maybe', 'possibly', 'no idea'] };

const text = (max: number, what: string) =>
  z.string().min(1, `Please type ${what}, or say "skip" if it is not known.`).max(max, `Please keep it to ${max} characters or fewer.`);

const choiceSchema = (values: readonly string[]) => z.string().refine((v) => values.includes(v), 'Please choose one of the options.');

const PHONE = z.string().superRefine((v, ctx) => {
  const read = readPhone(v);
  if (!read.ok) ctx.addIssue({ code: 'custom', message: read.reason });
});

const CHILD_NAME = text(60, "the child's first name or initials").refine(
  (v) => v.split(/\s+/).length <= 2,
  'Just the first name or initials, please: the duty team does not need the full name here.',
);

export const QUESTIONS: readonly QuestionDef[] = [
  {
    id: 'immediateDanger',
    label: 'Child in immediate danger',
    name: "whether the child is in immediate danger",
    text: 'Is the child in immediate danger right now?',
    why: 'If they are, ring 999 first: the duty team is not an emergency service.',
    kind: 'choice',
    options: [YES, NO, UNSURE],
    required: true,
    max: 10,
    schema: choiceSchema(YesNoUnsure.options),
  },
  {
    id: 'whereNow',
    label: 'Where the child is now',
    name: "where the child is now",
    text: 'Where is the child now? (for example "in school until 3.15pm", "at home with mum")',
    why: 'The duty team decides how quickly to act partly on whether the child is somewhere safe.',
    kind: 'text',
    max: 300,
    schema: text(300, 'where the child is now'),
  },
  {
    id: 'childName',
    label: 'First name or initials',
    name: "the child's name",
    text: "What is the child's first name, or their initials?",
    why: 'So the duty team can match your call to this summary. The full name is not needed here.',
    kind: 'text',
    required: true,
    max: 60,
    schema: CHILD_NAME,
  },
  {
    id: 'childAge',
    label: 'Age, date of birth or due date',
    name: "the child's age",
    text: "How old is the child? An age, a date of birth, or a due date for an unborn baby all help.",
    why: 'Age changes what the duty team looks for and which services can help.',
    kind: 'text',
    max: 60,
    schema: text(60, 'the age, date of birth or due date'),
  },
  {
    id: 'setting',
    label: 'School or setting',
    name: "the child's school or setting",
    text: 'Which school, nursery or other setting does the child attend?',
    why: 'The duty team may need to contact the setting.',
    kind: 'text',
    max: 160,
    schema: text(160, 'the school or setting'),
  },
  {
    id: 'household',
    label: 'Household',
    name: "who lives in the household",
    text: 'Who lives in the household, as far as you know?',
    why: 'Who else is at home matters for the child and for other children there.',
    kind: 'text',
    multiline: true,
    max: 1000,
    schema: text(1000, 'who lives in the household'),
    offeredOnly: true,
  },
  {
    id: 'parentalResponsibility',
    label: 'Who has parental responsibility',
    name: "who has parental responsibility",
    text: 'Who has parental responsibility for the child, if you know?',
    why: 'The duty team needs to know whom to involve in decisions about the child.',
    kind: 'text',
    max: 300,
    schema: text(300, 'who has parental responsibility'),
    offeredOnly: true,
  },
  {
    id: 'concern',
    label: "The concern in your words",
    name: "the concern",
    text: 'In your own words, what is the concern?',
    why: 'The duty team reads your words as you wrote them, not our summary of them.',
    kind: 'text',
    multiline: true,
    required: true,
    max: 5000,
    schema: z.string().min(1, 'Please describe the concern in a few words.').max(5000, 'Please keep it to 5000 characters or fewer.'),
  },
  {
    id: 'childWords',
    label: "The child's own words",
    name: "the child's own words",
    text: 'Has the child said anything about it? If so, what did they say, in their words?',
    why: "A child's own words, recorded as they said them, matter to the duty team and any later enquiry.",
    kind: 'text',
    multiline: true,
    max: 2000,
    schema: text(2000, "the child's words"),
  },
  {
    id: 'done',
    label: 'What has been done',
    name: "what has been done",
    text: 'What has been done so far (by you or others)?',
    why: 'So the duty team does not repeat it, and knows what is already in place.',
    kind: 'text',
    multiline: true,
    max: 2000,
    schema: text(2000, 'what has been done'),
  },
  {
    id: 'dslTold',
    label: 'Safeguarding lead (DSL) told',
    name: "whether your safeguarding lead was told",
    text: 'Has your designated safeguarding lead (DSL) been told?',
    why: 'Your safeguarding lead should know, and the duty team may want to speak to them.',
    kind: 'choice',
    options: [YES, NO, { value: 'referrer-is-dsl', label: 'I am the DSL', synonyms: ["i'm the dsl", 'me', 'i am', 'i am the safeguarding lead'] }],
    max: 20,
    schema: choiceSchema(DslTold.options),
  },
  {
    id: 'otherAgencies',
    label: 'Other agencies involved',
    name: "the other agencies involved",
    text: 'Are other agencies involved with the child or family (for example health visitor, police, a support service)?',
    why: 'The duty team may gather information from them.',
    kind: 'text',
    max: 1000,
    schema: text(1000, 'the other agencies'),
    offeredOnly: true,
  },
  {
    id: 'parentAware',
    label: 'Parent or carer aware',
    name: "whether a parent or carer is aware",
    text: 'Is a parent or carer aware that you are contacting the duty team?',
    why: 'It changes how the duty team makes first contact with the family.',
    kind: 'choice',
    options: [YES, NO, UNSURE],
    max: 10,
    schema: choiceSchema(YesNoUnsure.options),
  },
  {
    id: 'consent',
    label: 'Consent given',
    name: "whether consent was given",
    text: 'Has the parent or carer given consent to the referral? If not, you can add why, for example "not asked, it could put him at greater risk".',
    why: 'Consent is sought where it is safe to ask. It is not needed to refer at level 4, when a child may be at risk of significant harm.',
    kind: 'choice',
    options: [
      { value: 'yes', label: 'Yes', synonyms: YES.synonyms },
      { value: 'no', label: 'No', synonyms: NO.synonyms },
      { value: 'not-asked', label: 'Not asked', synonyms: ['not asked', 'have not asked', "haven't asked", 'did not ask', 'unsafe to ask'] },
    ],
    max: 20,
    schema: choiceSchema(Consent.options),
    // Asked only where consent is a condition of the referral; at level 4 it is not, and the
    // practitioner can still add it from check your answers.
    offeredOnly: (ctx) => !ctx.consentNeeded,
    followUp: 'consentWhyNot',
  },
  {
    id: 'consentWhyNot',
    label: 'Why consent was not given',
    name: "why consent was not given",
    text: 'Why has consent not been given? (for example "asking could put the child at greater risk")',
    why: 'The duty team records why a referral was made without consent.',
    kind: 'text',
    max: 1000,
    askWhen: (a) => a.consent === 'no' || a.consent === 'not-asked',
    // Answered with consent itself ("No, asking could put him at risk"), so the count of questions
    // announced at the start never grows.
    offeredOnly: true,
    schema: text(1000, 'why not'),
  },
  {
    id: 'referrerName',
    label: 'Your name',
    name: "your name",
    text: 'What is your name?',
    why: 'So the duty team knows who made the referral.',
    kind: 'text',
    max: 120,
    schema: text(120, 'your name'),
  },
  {
    id: 'referrerRole',
    label: 'Your role',
    name: "your role",
    text: 'What is your role (for example class teacher, DSL, health visitor)?',
    why: 'Your role tells the duty team what you are likely to know and see.',
    kind: 'text',
    max: 120,
    schema: text(120, 'your role'),
  },
  {
    id: 'referrerAgency',
    label: 'Your agency or organisation',
    name: "your agency or organisation",
    text: 'Which agency or organisation do you work for?',
    why: 'So the duty team can reach you and record where the referral came from.',
    kind: 'text',
    max: 160,
    schema: text(160, 'your agency'),
  },
  {
    id: 'referrerPhone',
    label: 'Your phone number',
    name: "your phone number",
    text: 'What phone number can the duty team ring you back on?',
    why: 'The duty team often needs to call back with questions.',
    kind: 'phone',
    max: 80,
    schema: PHONE,
  },
  {
    id: 'address',
    label: "Child's address (only if you want to add it)",
    name: "the child's address",
    text: "What is the child's address? Only add it if you have it and think the duty team needs it.",
    why: 'An address helps the duty team find the child quickly, but it is not required.',
    kind: 'text',
    multiline: true,
    offeredOnly: true,
    max: 300,
    schema: text(300, 'the address'),
  },
];

export const QUESTION_BY_ID: ReadonlyMap<FieldId, QuestionDef> = new Map(QUESTIONS.map((q) => [q.id, q]));

/** Whether the question applies given the answers so far (a follow-up only after its trigger). */
export function applies(q: QuestionDef, answers: Answers): boolean {
  return !q.askWhen || q.askWhen(answers);
}

/** Whether the question is asked in the sequence, rather than only offered on check your answers. */
export function inSequence(q: QuestionDef, answers: Answers, ctx: SequenceContext): boolean {
  const offered = typeof q.offeredOnly === 'function' ? q.offeredOnly(ctx) : (q.offeredOnly ?? false);
  return !offered && applies(q, answers);
}

/** The questions the sequence asks, in order. */
export function sequence(answers: Answers, ctx: SequenceContext): QuestionDef[] {
  return QUESTIONS.filter((q) => inSequence(q, answers, ctx));
}
