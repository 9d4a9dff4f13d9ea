// The shape of a locality pack and of the shared vocabulary. Everything a council can change lives
// in JSON that must pass these schemas; the loader and `npm run knowledge:check` report every
// failure with file, JSON path and reason, and the service refuses to start on any of them.
import { z } from 'zod';

/**
 * The seed's own words that support a fact, verbatim (case, whitespace, quote marks and dashes
 * aside). Several quotes when a passage rests on more than one sentence; "..." inside a quote
 * skips words, the parts being found in order.
 */
export const Quote = z.union([z.string().min(8, 'quote at least a few words'), z.array(z.string().min(8, 'quote at least a few words')).min(1)], {
  error: (issue) => (issue.input === undefined ? "missing quote: give the seed's own words that support this" : undefined),
});
export type Quote = z.infer<typeof Quote>;

/** A citation: the seed file name, a heading or phrase that appears verbatim in it, and the words it rests on. */
export const Source = z.strictObject({
  file: z.string().regex(/^[\w.-]+\.txt$/, 'a seed file name such as 000_6a056c61bb6d97c9.txt'),
  section: z.string().min(3, 'name the section heading the rule or passage comes from'),
  /** Found in the section that `section` names: the text from that heading (or the heading above the phrase) to the next. */
  quote: Quote,
});
export type Source = z.infer<typeof Source>;

/** National law or guidance a fact rests on when no local seed says it (999, Working Together duties). */
const Basis = z.string().min(10, 'name the law or national guidance');

/**
 * One thing the product tells a practitioner to do (a route step, a rule's action). It rests on
 * exactly one of: `quote` (words in its parent's cited section), its own `source`, a national
 * `basis`, or `needsLocalConfiguration` (the council must confirm it; shown as such).
 */
export const Statement = z
  .strictObject({
    text: z.string().min(5),
    quote: Quote.optional(),
    source: z.lazy(() => Source).optional(),
    basis: Basis.optional(),
    needsLocalConfiguration: z.literal(true).optional(),
    /** For a local one: what the council has to confirm, in plain words. */
    note: z.string().min(10).optional(),
  })
  .refine((s) => [s.quote, s.source, s.basis, s.needsLocalConfiguration].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of quote, source, basis (national) or needsLocalConfiguration: true',
  });
export type Statement = z.infer<typeof Statement>;

export const Level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type Level = z.infer<typeof Level>;

const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');
const IsoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'an ISO date, YYYY-MM or YYYY-MM-DD');
// Phone numbers are kept exactly as the source prints them (spacing included), so that a test can
// find each one verbatim in its seed.
const Phone = z.string().regex(/^[0-9 ]{3,20}$/, 'digits and spaces only, exactly as the source gives it');
const Email = z.email();

// ---------------------------------------------------------------------------------------------
// Pack metadata, levels and terminology

export const SourceDocument = z.strictObject({
  /** For the audit trail only: users see the title, owner, date and section, never the file name. */
  file: Source.shape.file,
  title: z.string().min(3),
  /** Who issued it, as a reader would name them ("Bath and North East Somerset Council"). */
  owner: z.string().min(3),
  area: z.string().min(2),
  /** National guidance (Working Together) as published locally: cited as national, not local. */
  national: z.boolean().default(false),
  /** Absent when the document carries no date; dateText then says what is known. */
  date: IsoDate.optional(),
  dateText: z.string().min(4),
});
export type SourceDocument = z.infer<typeof SourceDocument>;

export const LevelDefinition = z.strictObject({
  level: Level,
  name: z.string().min(3),
  meaning: z.string().min(10).max(200, 'keep the meaning to one line'),
  source: Source,
});
export type LevelDefinition = z.infer<typeof LevelDefinition>;

export const Term = z.strictObject({
  id: Id,
  term: z.string().min(2),
  abbreviation: z.string().optional(),
  meaning: z.string().min(10),
  /** What other areas call the same thing, e.g. CAF in B&NES is EHA in Leicester. */
  alsoKnownAs: z.array(z.string()).default([]),
  source: Source,
});
export type Term = z.infer<typeof Term>;

export const Parameter = z
  .strictObject({
    value: z.union([z.number(), z.string(), z.boolean()]),
    meaning: z.string().min(10),
    source: Source.optional(),
    /** Set, with no source, when no seed gives this number: a local choice, shown as such. */
    localChoice: z.string().min(10).optional(),
  })
  .refine((p) => (p.source === undefined) !== (p.localChoice === undefined), {
    message: 'a parameter has either a source (with the quote that gives its value) or a localChoice, not both',
    path: ['source'],
  });

export const PackManifest = z.strictObject({
  id: Id,
  name: z.string().min(3),
  shortName: z.string().min(2),
  /** Words that name the area in a practitioner's message ("I work in Bath"). */
  placeNames: z.array(z.string().min(2)).min(1),
  documents: z.array(SourceDocument).min(1),
  levels: z.array(LevelDefinition).length(4, 'exactly four levels, 1 to 4'),
  terminology: z.array(Term).min(1),
  parameters: z.record(z.string(), Parameter),
});
export type PackManifest = z.infer<typeof PackManifest>;

// ---------------------------------------------------------------------------------------------
// Contacts and routes

export const Contact = z
  .strictObject({
    id: Id,
    name: z.string().min(3),
    role: z.string().min(5),
    phones: z.array(Phone).default([]),
    emails: z.array(Email).default([]),
    urls: z.array(z.string().min(4)).default([]),
    /** True when a route needs this contact but the seeds give no number for it. */
    needsLocalConfiguration: z.boolean().default(false),
    note: z.string().optional(),
    /** The document's date (from pack.json documents) is shown beside the details. */
    source: Source,
  })
  .refine((c) => c.needsLocalConfiguration || c.phones.length + c.emails.length + c.urls.length > 0, {
    message: 'a contact needs a phone, email or web address, or needsLocalConfiguration: true',
    path: ['phones'],
  });
export type Contact = z.infer<typeof Contact>;

export const Route = z.strictObject({
  id: Id,
  level: Level,
  title: z.string().min(5),
  summary: z.string().min(10),
  steps: z.array(Statement).min(1),
  contacts: z.array(Id).default([]),
  timescales: z.array(z.strictObject({ text: z.string().min(5), source: Source })).default([]),
  consentRequired: z.boolean(),
  source: Source,
});
export type Route = z.infer<typeof Route>;

// ---------------------------------------------------------------------------------------------
// Structured questions and the decision rules over them

export const QuestionOption = z.strictObject({
  value: z.string().min(1),
  label: z.string().min(1),
  /** Other words a user may type or say for this option ("yeah", "not sure"). */
  synonyms: z.array(z.string()).default([]),
});

const ParamRef = z.strictObject({ param: z.string().min(1) });
const NumberOrParam = z.union([z.number(), ParamRef]);

export const IndicatorStatus = z.enum(['present', 'uncertain', 'negated']);
export type IndicatorStatus = z.infer<typeof IndicatorStatus>;

export type Condition =
  | { answer: string; is: string }
  | { answer: string; in: string[] }
  | { answer: string; answered: boolean }
  | { fact: 'needsCount' | 'age' | 'maxIndicatorLevel'; gte?: number | { param: string }; lt?: number | { param: string } }
  | { indicator: { harm?: boolean; minLevel?: number; id?: string; group?: boolean; status: IndicatorStatus[] } }
  | { outcome: { gte?: number; lt?: number } }
  | { all: Condition[] }
  | { any: Condition[] };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ answer: z.string().min(1), is: z.string().min(1) }),
    z.strictObject({ answer: z.string().min(1), in: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ answer: z.string().min(1), answered: z.boolean() }),
    z
      .strictObject({
        fact: z.enum(['needsCount', 'age', 'maxIndicatorLevel']),
        gte: NumberOrParam.optional(),
        lt: NumberOrParam.optional(),
      })
      .refine((c) => c.gte !== undefined || c.lt !== undefined, 'give gte or lt'),
    z.strictObject({
      indicator: z.strictObject({
        harm: z.boolean().optional(),
        minLevel: z.number().int().min(1).max(4).optional(),
        id: Id.optional(),
        /** True: the indicator is one of the Working Together groups that may benefit from early help. */
        group: z.boolean().optional(),
        status: z.array(IndicatorStatus).min(1),
      }),
    }),
    // The level reached by the level-setting rules. Only for askWhen and advisory rules, since a
    // level-setting rule that looked at the level would depend on itself.
    z.strictObject({
      outcome: z
        .strictObject({ gte: z.number().int().min(1).max(4).optional(), lt: z.number().int().min(1).max(5).optional() })
        .refine((o) => o.gte !== undefined || o.lt !== undefined, 'give gte or lt'),
    }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
  ]),
);

export const Question = z.strictObject({
  id: Id,
  text: z.string().min(5),
  /** Shown as "why I ask": the rationale behind the question. */
  why: z.string().min(10),
  options: z.array(QuestionOption).min(2),
  /** Asked only while this holds (and the question is unanswered). Absent: always worth asking. */
  askWhen: Condition.optional(),
  /** Harm-screen questions come before every other question. */
  harmScreen: z.boolean().default(false),
  source: Source,
});
export type Question = z.infer<typeof Question>;

export const Rule = z.strictObject({
  id: Id,
  when: Condition,
  /**
   * A presumption from the description that the practitioner's own answer sets aside, where the
   * seeds make that answer decisive ("needs are clear and you know what service could help";
   * "two or less unmet needs that can be met with a single agency response"). Only answers, only
   * on a rule below level 4 that is not harm: a rule with `unless` never sets the floor.
   */
  unless: Condition.optional(),
  /** Absent for advisory rules, which add a reason or an action without setting a level. */
  level: Level.optional(),
  route: Id.optional(),
  reason: z.string().min(10),
  /** Something the practitioner should do because this rule matched. */
  action: Statement.optional(),
  /** Advisory rules only: shown only while the outcome is below this level. */
  onlyBelowLevel: Level.optional(),
  /** Extra contacts this rule brings in, by contact id. */
  contacts: z.array(Id).default([]),
  /** A match means harm is indicated or cannot be ruled out: the duty handoff is offered. */
  harm: z.boolean().default(false),
  source: Source,
});
export type Rule = z.infer<typeof Rule>;

export const DecisionTree = z.strictObject({
  questions: z.array(Question).min(1),
  rules: z.array(Rule).min(1),
  /** The route when no rule sets a level: level 1, universal services. */
  defaultRoute: Id,
});
export type DecisionTree = z.infer<typeof DecisionTree>;

// ---------------------------------------------------------------------------------------------
// Service directory: Open Referral UK / HSDS 3 shape

const TaxonomyTerm = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(2),
  /** "level-of-need" terms have code "1".."4"; others group services by need and type. */
  taxonomy: z.enum(['level-of-need', 'need', 'service-type']),
});

export const ServiceField = z.enum(['description', 'ages', 'eligibility_description', 'contacts', 'url']);
export type ServiceField = z.infer<typeof ServiceField>;

export const Service = z
  .strictObject({
    id: Id,
    name: z.string().min(3),
    status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
    description: z.string().min(20),
    organization: z.strictObject({ name: z.string().min(2) }).optional(),
    url: z.string().optional(),
    email: Email.optional(),
    minimum_age: z.number().min(-1).max(120),
    maximum_age: z.number().min(0).max(120),
    eligibility_description: z.string().min(5),
    contacts: z
      .array(
        z.strictObject({
          name: z.string().min(2),
          phones: z.array(z.strictObject({ number: Phone })).default([]),
          emails: z.array(Email).default([]),
          contact_ref: Id.optional(),
        }),
      )
      .default([]),
    service_areas: z.array(z.strictObject({ name: z.string().min(2), extent: z.string().optional() })).min(1),
    attributes: z.array(z.strictObject({ taxonomy_term: TaxonomyTerm })).min(1),
    /** Words practitioners use when they mean this service ("stay and play", "keyworker"). */
    keywords: z.array(z.string()).default([]),
    /** The date the entry was last checked against its source. */
    assured_date: IsoDate,
    needsLocalConfiguration: z.boolean().default(false),
    /**
     * Fields the seed does not give (its one line names the service and little else): shown to
     * users as "to be confirmed locally" until the council's own directory supplies them.
     */
    toConfirm: z.array(ServiceField).default([]),
    source: Source,
  })
  .refine((s) => s.toConfirm.length === 0 || s.needsLocalConfiguration, {
    message: 'an entry with fields to confirm needs needsLocalConfiguration: true',
    path: ['needsLocalConfiguration'],
  })
  .refine((s) => s.minimum_age <= s.maximum_age, { message: 'minimum_age is above maximum_age', path: ['minimum_age'] })
  .refine((s) => s.attributes.some((a) => a.taxonomy_term.taxonomy === 'level-of-need'), {
    message: 'a service needs at least one level-of-need taxonomy term',
    path: ['attributes'],
  });
export type Service = z.infer<typeof Service>;

/**
 * How a pack reads the services it imports from its council's Open Referral UK feed (directory.json):
 * which taxonomy terms mean which levels of need and need categories, what an unmapped service
 * serves, when an entry counts as out of date, and where to send a practitioner when nothing in
 * the directory fits. Feeds carry no levels of need, so the mapping is local configuration.
 */
const FeedLevel = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'levels 1 to 3 only: a service from a feed is never a level 4 (duty) route',
});
export const DirectorySettings = z
  .strictObject({
    /** Says who chose the mapping and why: it is not from the seeds. */
    localChoice: z.string().min(10),
    unmapped: z.strictObject({ levels: z.array(FeedLevel).min(1) }).default({ levels: [1, 2] }),
    /** Need categories offered as a filter for imported services (pack services use their "need" terms). */
    needs: z.array(z.strictObject({ code: Id, name: z.string().min(2) })).default([]),
    taxonomyLevels: z
      .array(
        z.strictObject({
          /** The taxonomy as the feed names it (e.g. esdNeeds); absent: a term of that name in any taxonomy. */
          taxonomy: z.string().min(1).optional(),
          /** The term's name or id, as the feed gives it (compared without regard to case). */
          term: z.string().min(1),
          levels: z.array(FeedLevel).min(1),
          needs: z.array(Id).default([]),
        }),
      )
      .default([]),
    staleAfterMonths: z.number().int().min(1).max(120).default(24),
    /** When no service matches well: the pack contacts to offer instead, with the seed's words. */
    noMatch: z.strictObject({ contacts: z.array(Id).min(1), quote: z.string().min(10), source: Source }),
  })
  .superRefine((d, ctx) => {
    const codes = new Set(d.needs.map((n) => n.code));
    d.taxonomyLevels.forEach((m, i) =>
      m.needs.forEach((code, j) => {
        if (!codes.has(code)) ctx.addIssue({ code: 'custom', path: ['taxonomyLevels', i, 'needs', j], message: `"${code}" is not one of the needs listed in "needs"` });
      }),
    );
  });
export type DirectorySettings = z.infer<typeof DirectorySettings>;

// ---------------------------------------------------------------------------------------------
// Guidance passages and practice scenarios

export const Passage = z.strictObject({
  id: Id,
  title: z.string().min(3),
  text: z.string().min(40),
  topics: z.array(z.string()).min(1),
  source: Source,
});
export type Passage = z.infer<typeof Passage>;

export const Scenario = z.strictObject({
  id: Id,
  title: z.string().min(3),
  text: z.string().min(40),
  answers: z.record(z.string(), z.string()).default({}),
  indicators: z.array(Id).default([]),
  age: z.number().optional(),
  expectedLevel: Level,
  explanation: z.string().min(20),
  source: Source,
});
export type Scenario = z.infer<typeof Scenario>;

// ---------------------------------------------------------------------------------------------
// Shared vocabulary

export const Domain = z.enum(['child-development', 'parenting-capacity', 'family-environment', 'harm-outside-home']);
export type Domain = z.infer<typeof Domain>;

export const Indicator = z.strictObject({
  id: Id,
  label: z.string().min(3),
  domain: Domain,
  /** The level this indicator suggests on its own. */
  level: Level,
  /** A harm indicator: present means level 4; uncertain means talk to the duty team. */
  harm: z.boolean().default(false),
  /** Needs are counted by group, so two words for one problem count once. */
  need: Id,
  /** Words and phrases practitioners use for it. */
  terms: z.array(z.string().min(2)).min(1),
  /** Asked when the indicator is negated or uncertain in free text. */
  confirm: z.string().min(10).optional(),
  /** Whose problem it is. A child's indicator said of a parent becomes `whenAboutParent`. */
  about: z.enum(['child', 'parent', 'any']).default('any'),
  whenAboutParent: Id.optional(),
  /** Said of another child by name ("a boy in his class hit him"), it becomes this indicator. */
  whenAboutChild: Id.optional(),
  /** How a plain mention reads: "uncertain" for words that may or may not mean harm ("a bruise"). */
  mention: z.enum(['present', 'uncertain']).default('present'),
  /** Applies only when the child's age (in years) is known and in this range (max exclusive). */
  ages: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /** Phrases that contain a term but mean something else ("hit his head", "hit him back"). */
  exceptions: z.array(z.string().min(2)).default([]),
  /** Said of the past ("last year", "historic"), it becomes this indicator instead. */
  historicBecomes: Id.optional(),
  /** Words nearby that explain it away (an accident, seen by mum); never used for a baby not yet mobile. */
  mitigatedBy: z.array(z.string().min(2)).default([]),
  /** Applies only to a baby who is not yet mobile (by age or by what the practitioner says). */
  onlyForNonMobileBaby: z.boolean().default(false),
  /** The Working Together 2023 early help group this indicator covers, if any. */
  workingTogether: z.string().optional(),
  /** The seed words that support its level, or (with no source) why the level is a local choice. */
  source: Source.optional(),
  localChoice: z.string().min(10).optional(),
}).refine((i) => (i.source === undefined) !== (i.localChoice === undefined), {
  message: 'an indicator has a source (with the quote that supports its level) or a localChoice, not both',
  path: ['source'],
});
export type Indicator = z.infer<typeof Indicator>;

export const SynonymGroup = z.strictObject({
  /** All words in a group are treated as the same when searching ("CAF", "early help assessment"). */
  words: z.array(z.string().min(1)).min(2),
});
export type SynonymGroup = z.infer<typeof SynonymGroup>;

/** National numbers that hold everywhere in England; not from a local seed, so cited by basis. */
export const NationalContact = z.strictObject({
  id: Id,
  name: z.string().min(3),
  phones: z.array(Phone).min(1),
  when: z.string().min(10),
  basis: z.string().min(10),
});
export type NationalContact = z.infer<typeof NationalContact>;

const Phrase = z.string().regex(/[\p{L}\p{N}]/u, 'a phrase needs at least one word');
const CueList = z.array(Phrase).min(1);

/** How free text is read: rewrites, and the cue words for negation, hedging, history and people. */
export const Language = z.strictObject({
  rewrites: z.record(z.string(), z.string()),
  caseSensitiveRewrites: z.record(z.string(), z.string()),
  /** Words that are right as they are, which the speller must never change ("trans", "ELSA"). */
  knownWords: z.array(z.string().min(1)).default([]),
  /** Several words rewritten together: letters spelt out ("d v") and known speech mishearings. */
  phraseRewrites: z.record(z.string().regex(/\s/, 'a phrase of two or more words'), z.string()),
  negation: z.strictObject({ before: CueList, after: CueList, pseudo: CueList, window: z.number().int().min(1).max(20) }),
  uncertainty: z.strictObject({ before: CueList, after: CueList, window: z.number().int().min(1).max(20) }),
  history: z.strictObject({
    cues: CueList,
    window: z.number().int().min(1).max(30),
    /**
     * Protection in place ("convicted", "no contact since", "case closed"): with one of these
     * within two sentences, harm said only of the past is asked about rather than read as now.
     */
    protectedBy: CueList.default([]),
  }),
  /** A year written before this one ("a CP plan in 2016") marks what is near it as the past. */
  historicYearsBefore: z.number().int().min(1990).max(2100),
  resolution: z.strictObject({ cues: CueList }),
  clauseBreaks: CueList,
  /** Figures of speech never read literally: "died laughing", "got hammered", "stole the show". */
  figurative: z.array(Phrase).default([]),
  persons: z.strictObject({ parent: CueList, child: CueList, sibling: CueList, pronounsChild: CueList, female: CueList, male: CueList }),
  questionFrames: z.strictObject({ asks: CueList, answersNo: CueList, answersYes: CueList }),
  mobility: z.strictObject({ mobile: CueList, nonMobile: CueList }),
  answerCues: z.array(z.strictObject({ question: z.string().min(1), value: z.string().min(1), phrases: CueList })),
  ageWords: z.strictObject({ newborn: CueList, unborn: CueList, schoolYears: z.record(z.string(), z.number()) }),
  ageGap: z.strictObject({
    relationshipWords: CueList,
    adultAge: z.number().int().min(16).max(21),
    minimumGap: z.number().int().min(1).max(10),
    indicator: Id,
  }),
});
export type Language = z.infer<typeof Language>;

/**
 * Compositional frames (frames.json): word classes and the orders in which they make a reading,
 * "agent + harm verb + child or body part", so an indicator is read without its exact phrase.
 */
const FrameSlot = z.strictObject({
  class: z.string().min(1),
  /** Words allowed between this slot and the one before it, in the same sentence. */
  gap: z.number().int().min(0).max(15).default(0),
  /** Classes that must not appear in that gap ("dad punched mum in the face" is not the child). */
  blockedBy: z.array(z.string().min(1)).default([]),
  /** Classes that must not come right after this slot ("mum hurt her back" is her own back). */
  notFollowedBy: z.array(z.string().min(1)).default([]),
});
export const Frame = z.strictObject({
  id: Id,
  indicator: Id,
  /** "uncertain": the frame suggests harm without saying it; the decision asks and resolves upward. */
  status: z.enum(['present', 'uncertain']).default('present'),
  slots: z.array(FrameSlot).min(2),
  /** Classes of which one must occur in the same sentence or within two sentences of it. */
  context: z.array(z.string().min(1)).default([]),
  /** The published guidance that makes this combination an indicator. */
  basis: z.string().min(10),
});
export type Frame = z.infer<typeof Frame>;
export const Frames = z.strictObject({
  about: z.string().optional(),
  classes: z.record(z.string().regex(/^[a-zA-Z]+$/), z.array(Phrase).min(1)),
  frames: z.array(Frame).min(1),
});
export type Frames = z.infer<typeof Frames>;

/**
 * Phrases harvested from published threshold and continuum-of-need documents (lexicon.json), one
 * source per document with where it came from, each phrase with the indicator it evidences and
 * the level the document gives it.
 */
export const LexiconSource = z.strictObject({
  council: z.string().min(2),
  document: z.string().min(2),
  url: z.string().url().optional(),
  entries: z
    .array(z.strictObject({ phrase: Phrase, indicator: Id, level: Level }))
    .min(1),
});
export type LexiconSource = z.infer<typeof LexiconSource>;

/** Files shared by every pack, each with its schema. */
export const SharedFiles = {
  'indicators.json': z.array(Indicator).min(1),
  'language.json': Language,
  'synonyms.json': z.array(SynonymGroup).default([]),
  'national.json': z.array(NationalContact).min(1),
  'frames.json': Frames,
  'lexicon.json': z.array(LexiconSource).min(1),
} as const;

export interface SharedVocabulary {
  readonly indicators: readonly Indicator[];
  readonly language: Language;
  readonly synonyms: readonly SynonymGroup[];
  readonly national: readonly NationalContact[];
  readonly frames: Frames;
  readonly lexicon: readonly LexiconSource[];
}

/** The files of a pack, each with its schema. The loader reads and checks them in this order. */
export const PackFiles = {
  'pack.json': PackManifest,
  'contacts.json': z.array(Contact).min(1),
  'routes.json': z.array(Route).min(4),
  'decision.json': DecisionTree,
  'services.json': z.array(Service).min(1),
  'guidance.json': z.array(Passage).min(1),
  'scenarios.json': z.array(Scenario).default([]),
  'directory.json': DirectorySettings,
} as const;
