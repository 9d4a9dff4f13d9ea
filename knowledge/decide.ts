// The deterministic decision: structured answers and indicators in, a level of need with its
// route, contacts, sourced reasons and the questions still worth asking out. The tree itself is
// data (decision.json in each pack); this file only evaluates it.
//
// Safety properties, each held by construction and by tests:
// - harm first: harm rules set level 4, the highest, and harm-screen questions are asked first;
// - "unsure" about harm is a harm rule in the data, so it resolves upward;
// - the level is the maximum over every matching rule and the caller's floor, so a later answer
//   can add a reason but never take one away;
// - a harm indicator that free text found negated or uncertain is never dropped: it comes back
//   as a confirming question.
import type { LoadedPack } from './load.ts';
import type { Condition, Contact, IndicatorStatus, Level, Question, Rule, SharedVocabulary, Source, Statement } from './schema.ts';

export interface IndicatorFinding {
  id: string;
  status: IndicatorStatus;
  evidence?: string;
}

export interface DecisionInput {
  answers?: Readonly<Record<string, string>>;
  indicators?: readonly IndicatorFinding[];
  /** Age in years; negative for an unborn baby. */
  age?: number;
  /** The highest level already reached in this consultation: the outcome never goes below it. */
  floor?: Level;
}

/** A citation as a reader sees it: the document's title, owner, date and section. `file` is for the audit trail only. */
export interface CitedSource extends Source {
  documentTitle: string;
  documentOwner: string;
  documentDate: string;
  /** National guidance (Working Together) as published locally, cited as national. */
  national: boolean;
  /** The whole citation in one line, without the file name: "Early Help Offer, Bath and North East Somerset Council (February 2014), section “…”". */
  label: string;
}

/**
 * Something the practitioner is told to do, with what it rests on: a local document (`source`),
 * national law or guidance (`basis`), or nothing we hold (`localNote`: to be confirmed locally).
 */
export interface Said {
  text: string;
  source?: CitedSource;
  basis?: string;
  localNote?: string;
}

/** What a user is shown for a step or action the local guidance we hold does not give. */
export const LOCAL_NOTE = 'Not in the local guidance we hold: to be confirmed locally.';

export interface OutcomeContact {
  id: string;
  name: string;
  role: string;
  phones: string[];
  emails: string[];
  urls: string[];
  needsLocalConfiguration: boolean;
  note?: string;
  /** Where the details come from; national numbers carry a basis instead. */
  source?: CitedSource;
  basis?: string;
  /**
   * Set by the council in its local contacts file (knowledge/local-contacts.ts), not taken from
   * the guidance: shown as "set by the council (who, date)".
   */
  setLocally?: { by: string; on: string };
}

export interface Reason {
  rule: string;
  text: string;
  source: CitedSource;
}

export interface OutcomeQuestion {
  id: string;
  text: string;
  why: string;
  options: { value: string; label: string; synonyms: string[] }[];
  harmScreen: boolean;
  /** For a confirming question: the indicator it would confirm. */
  indicator?: string;
  source?: CitedSource;
}

export interface Outcome {
  locality: string;
  level: Level;
  /**
   * The level no later answer can lower: reached by rules that rest on answers or on harm, not by
   * a presumption from the description (a rule with `unless`). The conversation keeps it as the floor.
   */
  firmLevel: Level;
  levelName: string;
  levelMeaning: string;
  harmIndicated: boolean;
  route: {
    id: string;
    title: string;
    summary: string;
    steps: Said[];
    timescales: { text: string; source: CitedSource }[];
    consentRequired: boolean;
    source: CitedSource;
  };
  contacts: OutcomeContact[];
  reasons: Reason[];
  actions: Said[];
  questions: OutcomeQuestion[];
  knowledgeVersion: string;
}

interface Facts {
  answers: Readonly<Record<string, string>>;
  indicators: readonly IndicatorFinding[];
  needsCount: number;
  maxIndicatorLevel: number;
  age?: number;
  outcome?: number;
}

export function decide(pack: LoadedPack, vocab: SharedVocabulary, input: DecisionInput): Outcome {
  const indicatorById = new Map(vocab.indicators.map((i) => [i.id, i]));
  const answers = input.answers ?? {};
  // Uncertainty resolves upward: a hedged need still counts as a need, and a hedged harm
  // indicator stays "uncertain", which the harm-unsure rule sends to the duty team.
  const findings = applyConfirmations(
    (input.indicators ?? []).filter((f) => indicatorById.has(f.id)),
    answers,
  ).map((f) => (f.status === 'uncertain' && !indicatorById.get(f.id)!.harm ? { ...f, status: 'present' as const } : f));
  const present = findings.filter((f) => f.status === 'present').map((f) => indicatorById.get(f.id)!);
  const facts: Facts = {
    answers,
    indicators: findings,
    needsCount: new Set(present.filter((i) => i.level >= 2).map((i) => i.need)).size,
    maxIndicatorLevel: Math.max(0, ...present.map((i) => i.level)),
    age: input.age,
  };
  const params = pack.manifest.parameters;
  const test = (c: Condition) => evaluate(c, facts, params, indicatorById);

  // A presumption (`unless`) gives way to the practitioner's own answer where the seeds make it decisive.
  const levelled = pack.decision.rules.filter((r) => r.level !== undefined && test(r.when) && !(r.unless && test(r.unless)));
  const computed = Math.max(1, ...levelled.map((r) => r.level!)) as Level;
  const level = Math.max(computed, input.floor ?? 1) as Level;
  const firmLevel = Math.max(1, input.floor ?? 1, ...levelled.filter((r) => !r.unless).map((r) => r.level!)) as Level;
  facts.outcome = level;
  const atLevel = levelled.filter((r) => r.level === level);
  const advisory = pack.decision.rules.filter(
    (r) => r.level === undefined && (r.onlyBelowLevel === undefined || level < r.onlyBelowLevel) && test(r.when),
  );

  const routeId = atLevel.find((r) => r.route)?.route ?? (level === 1 ? pack.decision.defaultRoute : undefined);
  const route = pack.routes.find((r) => r.id === routeId) ?? pack.routes.find((r) => r.level === level)!;
  const levelDef = pack.manifest.levels.find((l) => l.level === level)!;
  const cite = (source: Source) => citeSource(pack, source);

  const reasons: Reason[] = atLevel.map((r) => ({ rule: r.id, text: r.reason, source: cite(r.source) }));
  if (level > computed) {
    reasons.unshift({
      rule: 'floor',
      text: `An earlier answer in this consultation reached level ${level}. Later answers can add to the picture but do not lower the level; start again if an earlier answer was wrong.`,
      source: cite(levelDef.source),
    });
  }
  if (level === 1 && atLevel.length === 0) {
    reasons.push({ rule: 'universal', text: levelDef.meaning, source: cite(levelDef.source) });
  }
  for (const r of advisory) reasons.push({ rule: r.id, text: r.reason, source: cite(r.source) });

  const actions = [...atLevel, ...advisory]
    .filter((r): r is Rule & { action: Statement } => r.action !== undefined)
    .map((r) => said(pack, r.action, r.source));

  const contactIds = unique([...route.contacts, ...atLevel.flatMap((r) => r.contacts), ...advisory.flatMap((r) => r.contacts)]);
  const contacts: OutcomeContact[] = contactIds.map((id) => toOutcomeContact(pack, pack.contacts.find((c) => c.id === id)!));
  if (level === 4) {
    // 999 is shown with every level 4 outcome: it is the fallback whenever a local number is
    // missing, and the right call whenever a child is in immediate danger.
    for (const n of vocab.national) {
      contacts.push({ id: n.id, name: n.name, role: n.when, phones: [...n.phones], emails: [], urls: [], needsLocalConfiguration: false, basis: n.basis });
    }
  }

  return {
    locality: pack.id,
    level,
    firmLevel,
    levelName: levelDef.name,
    levelMeaning: levelDef.meaning,
    harmIndicated: [...levelled, ...advisory].some((r) => r.harm),
    route: {
      id: route.id,
      title: route.title,
      summary: route.summary,
      steps: route.steps.map((s) => said(pack, s, route.source)),
      timescales: route.timescales.map((t) => ({ text: t.text, source: cite(t.source) })),
      consentRequired: route.consentRequired,
      source: cite(route.source),
    },
    contacts,
    reasons,
    actions,
    questions: questionsStillWorthAsking(pack, facts, test, indicatorById),
    knowledgeVersion: pack.knowledgeVersion,
  };
}

function questionsStillWorthAsking(
  pack: LoadedPack,
  facts: Facts,
  test: (c: Condition) => boolean,
  indicatorById: ReadonlyMap<string, SharedVocabulary['indicators'][number]>,
): OutcomeQuestion[] {
  const toQuestion = (q: Question): OutcomeQuestion => ({
    id: q.id,
    text: q.text,
    why: q.why,
    options: q.options.map((o) => ({ value: o.value, label: o.label, synonyms: [...o.synonyms] })),
    harmScreen: q.harmScreen,
    source: citeSource(pack, q.source),
  });
  const open = pack.decision.questions.filter((q) => facts.answers[q.id] === undefined && (!q.askWhen || test(q.askWhen)));
  // A possible harm indicator that the practitioner's words negated or hedged is asked about
  // directly, straight after the harm screen: "no marks" must never silently end the matter.
  const confirming: OutcomeQuestion[] = [];
  for (const f of facts.indicators) {
    const ind = indicatorById.get(f.id)!;
    const id = confirmAnswerId(ind.id);
    if (!ind.harm || f.status === 'present' || facts.answers[id] !== undefined) continue;
    if (confirming.some((q) => q.id === id)) continue;
    confirming.push({
      id,
      text: ind.confirm ?? `You mentioned something that could be ${ind.label.toLowerCase()}. Is that happening?`,
      why:
        f.status === 'negated'
          ? `You said${f.evidence ? ` "${f.evidence}"` : ' something'} that may rule this out. Harm is checked first, so I ask rather than assume.`
          : `It was not certain${f.evidence ? ` ("${f.evidence}")` : ''}. When harm is uncertain, the safe answer is to check.`,
      options: [
        { value: 'yes', label: 'Yes', synonyms: [] },
        { value: 'no', label: 'No', synonyms: [] },
        { value: 'unsure', label: 'Not sure', synonyms: [] },
      ],
      harmScreen: true,
      indicator: ind.id,
    });
  }
  const harmFirst = open.filter((q) => q.harmScreen).map(toQuestion);
  const rest = open.filter((q) => !q.harmScreen).map(toQuestion);
  return [...harmFirst, ...confirming, ...rest];
}

/** The answer id that confirms or rules out one indicator the free text proposed. */
export const confirmAnswerId = (indicatorId: string) => `confirm-${indicatorId}`;

/**
 * A practitioner's answer to a confirming question settles that indicator: "yes" makes it present,
 * "unsure" keeps it uncertain (which resolves upward for harm), "no" records it as ruled out.
 */
export function applyConfirmations<F extends IndicatorFinding>(findings: readonly F[], answers: Readonly<Record<string, string>>): F[] {
  const status = { yes: 'present', unsure: 'uncertain', no: 'negated' } as const;
  return findings.map((f) => {
    const answer = answers[confirmAnswerId(f.id)] as keyof typeof status | undefined;
    return answer && answer in status ? { ...f, status: status[answer] } : f;
  });
}

function evaluate(
  c: Condition,
  facts: Facts,
  params: LoadedPack['manifest']['parameters'],
  indicatorById: ReadonlyMap<string, SharedVocabulary['indicators'][number]>,
): boolean {
  const num = (v: number | { param: string } | undefined) => (typeof v === 'object' ? Number(params[v.param]!.value) : v);
  const inRange = (x: number | undefined, gte?: number, lt?: number) =>
    x !== undefined && (gte === undefined || x >= gte) && (lt === undefined || x < lt);
  if ('all' in c) return c.all.every((s) => evaluate(s, facts, params, indicatorById));
  if ('any' in c) return c.any.some((s) => evaluate(s, facts, params, indicatorById));
  if ('answer' in c) {
    const value = facts.answers[c.answer];
    if ('is' in c) return value === c.is;
    if ('in' in c) return value !== undefined && c.in.includes(value);
    return (value !== undefined) === c.answered;
  }
  if ('fact' in c) return inRange(facts[c.fact], num(c.gte), num(c.lt));
  if ('outcome' in c) return inRange(facts.outcome, c.outcome.gte, c.outcome.lt);
  const want = c.indicator;
  return facts.indicators.some((f) => {
    const ind = indicatorById.get(f.id)!;
    return (
      want.status.includes(f.status) &&
      (want.id === undefined || want.id === f.id) &&
      (want.group === undefined || want.group === (ind.workingTogether !== undefined)) &&
      (want.harm === undefined || want.harm === ind.harm) &&
      (want.minLevel === undefined || ind.level >= want.minLevel)
    );
  });
}

export function citeSource(pack: LoadedPack, source: Source): CitedSource {
  // The loader refuses a citation of a document the pack does not list, so `doc` is always found.
  const doc = pack.manifest.documents.find((d) => d.file === source.file)!;
  const label = `${doc.national ? 'National guidance: ' : ''}${doc.title}, ${doc.owner} (${doc.dateText}), section “${source.section}”`;
  return { ...source, documentTitle: doc.title, documentOwner: doc.owner, documentDate: doc.dateText, national: doc.national, label };
}

/** A step or action with what it rests on; a bare `quote` rests on its parent's source. */
export function said(pack: LoadedPack, s: Statement, parent: Source): Said {
  if (s.quote !== undefined) return { text: s.text, source: citeSource(pack, parent) };
  if (s.source) return { text: s.text, source: citeSource(pack, s.source) };
  if (s.basis) return { text: s.text, basis: s.basis };
  return { text: s.text, localNote: s.note ?? LOCAL_NOTE };
}

export function toOutcomeContact(pack: LoadedPack, c: Contact & { setLocally?: { by: string; on: string } }): OutcomeContact {
  return {
    id: c.id,
    name: c.name,
    role: c.role,
    phones: [...c.phones],
    emails: [...c.emails],
    urls: [...c.urls],
    needsLocalConfiguration: c.needsLocalConfiguration,
    ...(c.note ? { note: c.note } : {}),
    // The guidance still names the service (the citation stays); the details are the council's.
    source: citeSource(pack, c.source),
    ...(c.setLocally ? { setLocally: { by: c.setLocally.by, on: c.setLocally.on } } : {}),
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
