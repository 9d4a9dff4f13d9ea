// One triage: choose the area, check the answers against that area's questions, decide, and
// shape the result as the HTTP contract in DESIGN.md describes. Pure: the same request and
// knowledge version always give the same result.
import { applyConfirmations, confirmAnswerId, decide, type IndicatorFinding, type Outcome, type OutcomeContact } from './decide.ts';
import type { Knowledge, LoadedPack } from './load.ts';
import type { Indicator } from './schema.ts';
import type { Finding, Understanding } from './understand/index.ts';

export interface TriageRequest {
  text?: string;
  age?: number;
  locality?: string;
  answers?: Record<string, string>;
  /** Indicator ids the practitioner picked from the vocabulary: treated as present. */
  indicators?: string[];
  /**
   * Indicator ids the practitioner said the text was wrong about. Non-harm only: free text can
   * propose an indicator but never hide one, so a harm indicator is ruled out only by answering
   * its confirming question (`confirm-<id>`), which the decision records and the floor outlives.
   */
  exclude?: string[];
  floor?: 1 | 2 | 3 | 4;
}

export interface TriageIndicator {
  id: string;
  span?: { start: number; end: number };
  historic?: boolean;
  note?: string;
  label: string;
  domain: Indicator['domain'];
  level: number;
  harm: boolean;
  evidence: string;
  status: IndicatorFinding['status'];
  negated: boolean;
  uncertain: boolean;
  /** Uncertain because the practitioner hedged ("might", "not sure if"). */
  hedged?: boolean;
}

export interface TriageContact extends OutcomeContact {
  /** The first number and address, for clients that show one (the DESIGN contract). */
  phone?: string;
  email?: string;
}

export interface TriageResult extends Omit<Outcome, 'contacts'> {
  locality: string;
  localityName: string;
  age?: number;
  /** Where the age came from, when it was read from the text. */
  ageFromText?: { years: number; unborn: boolean; evidence: string };
  /** Answers the text itself gave ("mum refused consent"); the practitioner's own answers win. */
  answersFromText?: Record<string, string>;
  contacts: TriageContact[];
  indicators: TriageIndicator[];
  /**
   * False when the text named no indicator the reader recognised and nothing was picked or
   * answered: the harm screen comes first and the level is not a decision, only a start.
   */
  understood: boolean;
}

export interface TriageProblem {
  field: string;
  reason: string;
}

export class TriageInputError extends Error {
  readonly problems: TriageProblem[];
  constructor(problems: TriageProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    this.name = 'TriageInputError';
    this.problems = problems;
  }
}

/**
 * The area for a request: the one named, else the first place name found in the text, else the
 * configured default. An unknown area is an error naming the known ones, never a silent default.
 */
export function resolveLocality(knowledge: Knowledge, requested: string | undefined, text: string | undefined, fallback: string): LoadedPack {
  if (requested !== undefined) {
    const pack = knowledge.packs.get(requested.toLowerCase());
    if (!pack) {
      throw new TriageInputError([{ field: 'locality', reason: `unknown locality "${requested}"; known localities: ${[...knowledge.packs.keys()].join(', ')}` }]);
    }
    return pack;
  }
  return (text && localityNamedIn(knowledge, text)) || knowledge.packs.get(fallback)!;
}

/** The pack whose place name appears in the text as whole words, longest name first. */
export function localityNamedIn(knowledge: Knowledge, text: string): LoadedPack | undefined {
  const lower = ` ${text.toLowerCase().replace(/[^a-z0-9&]+/g, ' ')} `;
  const names = [...knowledge.packs.values()]
    .flatMap((pack) => pack.manifest.placeNames.map((name) => ({ pack, name: name.toLowerCase().replace(/[^a-z0-9&]+/g, ' ').trim() })))
    .sort((a, b) => b.name.length - a.name.length);
  return names.find(({ name }) => lower.includes(` ${name} `))?.pack;
}

/** Every answer must name a question of this area and one of its options. */
export function checkAnswers(pack: LoadedPack, knowledge: Knowledge, answers: Record<string, string>, indicatorIds: readonly string[]): TriageProblem[] {
  const problems: TriageProblem[] = [];
  const questions = new Map(pack.decision.questions.map((q) => [q.id, q]));
  const confirmable = new Set(knowledge.vocabulary.indicators.filter((i) => i.harm).map((i) => confirmAnswerId(i.id)));
  for (const [key, value] of Object.entries(answers)) {
    const q = questions.get(key);
    if (q) {
      if (!q.options.some((o) => o.value === value)) {
        problems.push({ field: `answers.${key}`, reason: `must be one of: ${q.options.map((o) => o.value).join(', ')}` });
      }
    } else if (confirmable.has(key)) {
      if (!['yes', 'no', 'unsure'].includes(value)) problems.push({ field: `answers.${key}`, reason: 'must be one of: yes, no, unsure' });
    } else {
      problems.push({ field: `answers.${key}`, reason: `unknown question for ${pack.id}; known questions: ${[...questions.keys()].join(', ')}` });
    }
  }
  const known = new Set(knowledge.vocabulary.indicators.map((i) => i.id));
  indicatorIds.forEach((id, i) => {
    if (!known.has(id)) problems.push({ field: `indicators[${i}]`, reason: `unknown indicator "${id}"` });
  });
  return problems;
}

/** Only non-harm indicators of the vocabulary can be excluded (see TriageRequest.exclude). */
export function checkExclusions(knowledge: Knowledge, ids: readonly string[]): TriageProblem[] {
  const byId = new Map(knowledge.vocabulary.indicators.map((i) => [i.id, i]));
  return ids.flatMap((id, i) => {
    const ind = byId.get(id);
    if (!ind) return [{ field: `exclude[${i}]`, reason: `unknown indicator "${id}"` }];
    if (ind.harm) return [{ field: `exclude[${i}]`, reason: `"${id}" is a harm indicator: rule it out by answering ${confirmAnswerId(id)} instead` }];
    return [];
  });
}

export function shapeContact(c: OutcomeContact): TriageContact {
  return { ...c, ...(c.phones[0] ? { phone: c.phones[0] } : {}), ...(c.emails[0] ? { email: c.emails[0] } : {}) };
}

/** A number parameter of the pack, for the text reader. */
const numberParam = (pack: LoadedPack, name: string): number | undefined => {
  const v = pack.manifest.parameters[name]?.value;
  return typeof v === 'number' ? v : undefined;
};

export function triage(
  knowledge: Knowledge,
  request: TriageRequest,
  options: { defaultLocality: string; understanding?: Understanding },
): TriageResult {
  const pack = resolveLocality(knowledge, request.locality, request.text, options.defaultLocality);
  const given = request.answers ?? {};
  const picked = request.indicators ?? [];
  const excluded = new Set(request.exclude ?? []);
  const problems = [...checkAnswers(pack, knowledge, given, picked), ...checkExclusions(knowledge, request.exclude ?? [])];
  if (problems.length) throw new TriageInputError(problems);

  const read =
    request.text && options.understanding
      ? options.understanding.understand(request.text, {
          age: request.age,
          nonMobileBabyMonths: numberParam(pack, 'nonMobileBabyMonths') ?? 6,
          persistentAbsencePercent: numberParam(pack, 'persistentAbsencePercent'),
        })
      : undefined;
  // What the text says answers a question only where the question exists here and the
  // practitioner has not answered it themselves.
  const questionIds = new Set(pack.decision.questions.map((q) => q.id));
  const fromText = Object.fromEntries(Object.entries(read?.answers ?? {}).filter(([q]) => questionIds.has(q)));
  const answers = { ...fromText, ...given };

  const byId = new Map(knowledge.vocabulary.indicators.map((i) => [i.id, i]));
  const findings: (IndicatorFinding & Partial<Finding> & { evidence: string })[] = [
    ...(read?.indicators ?? []).filter((f) => !excluded.has(f.id)),
    ...picked.map((id) => ({ id, status: 'present' as const, evidence: 'selected by the practitioner' })),
  ];
  const age = request.age ?? read?.age?.years;
  const outcome = decide(pack, knowledge.vocabulary, { answers, indicators: findings, age, floor: request.floor });
  const understood = findings.length > 0 || Object.keys(given).length > 0;
  if (!understood) {
    // Nothing was recognised: the level below is where the questions start, not an answer.
    outcome.questions = [...outcome.questions.filter((q) => q.harmScreen), ...outcome.questions.filter((q) => !q.harmScreen)];
    const first = outcome.reasons[0];
    if (first) {
      outcome.reasons.unshift({
        rule: 'not-understood',
        text: 'I did not recognise a specific need or risk in what was written, so this level is not a decision yet. Answer the questions, starting with whether the child may be at risk of harm.',
        source: first.source,
      });
    }
  }
  return {
    ...outcome,
    understood,
    localityName: pack.manifest.name,
    ...(age !== undefined ? { age } : {}),
    ...(request.age === undefined && read?.age ? { ageFromText: read.age } : {}),
    ...(Object.keys(fromText).length ? { answersFromText: fromText } : {}),
    contacts: outcome.contacts.map(shapeContact),
    indicators: applyConfirmations(findings, answers).map((f) => {
      const ind = byId.get(f.id)!;
      return {
        id: ind.id,
        label: ind.label,
        domain: ind.domain,
        level: ind.level,
        harm: ind.harm,
        evidence: f.evidence,
        ...(f.span ? { span: f.span } : {}),
        ...(f.historic ? { historic: true } : {}),
        ...(f.note ? { note: f.note } : {}),
        status: f.status,
        negated: f.status === 'negated',
        uncertain: f.status === 'uncertain',
        ...(f.status === 'uncertain' && f.hedged ? { hedged: true } : {}),
      };
    }),
  };
}
