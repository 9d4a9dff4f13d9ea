// Learning mode: invented practice cases from each pack's scenarios.json, marked against the same
// decision engine that answers real questions. Pure and synchronous, so the tab's API and the chat
// `quiz` command can share it; the learner's score is plain data the caller keeps (the browser's
// session storage, or conversation state), never stored here.
import { type AnswerOption, matchAnswer, normalise } from './answers.ts';
import { type CitedSource, type Reason, type Said, citeSource, decide } from './decide.ts';
import type { LoadedPack } from './load.ts';
import type { Level, Scenario, SharedVocabulary } from './schema.ts';

/** What the learner sees before answering: the case, never the answer. */
export interface ScenarioCard {
  id: string;
  title: string;
  text: string;
  age?: number;
}

export interface LevelChoice {
  level: Level;
  /** "Level 2: Single agency response": the area's own name, always with its number. */
  label: string;
  meaning: string;
}

export interface PracticeSet {
  locality: string;
  localityName: string;
  levels: LevelChoice[];
  scenarios: ScenarioCard[];
}

export interface PracticeFeedback {
  scenario: ScenarioCard;
  chosenLevel: Level;
  correct: boolean;
  /** The rule-based answer: what the decision engine gives for this case's facts. */
  answer: {
    level: Level;
    label: string;
    meaning: string;
    harmIndicated: boolean;
    route: { id: string; title: string; summary: string; source: CitedSource };
    reasons: Reason[];
    actions: Said[];
  };
  /** The facts the rules were given, in words: each answer with its question, each indicator. */
  facts: string[];
  explanation: string;
  source: CitedSource;
  knowledgeVersion: string;
}

export class UnknownScenarioError extends Error {
  readonly scenarioId: string;
  constructor(scenarioId: string, pack: LoadedPack) {
    super(`unknown scenario "${scenarioId}" for ${pack.id}; known scenarios: ${pack.scenarios.map((s) => s.id).join(', ')}`);
    this.name = 'UnknownScenarioError';
    this.scenarioId = scenarioId;
  }
}

/** A level's local name with its number, whether or not the pack's name already carries it. */
export function levelLabel(level: number, name: string): string {
  return /^level\s+\d/i.test(name) ? name : `Level ${level}: ${name}`;
}

export function levelChoices(pack: LoadedPack): LevelChoice[] {
  return [...pack.manifest.levels]
    .sort((a, b) => a.level - b.level)
    .map((l) => ({ level: l.level, label: levelLabel(l.level, l.name), meaning: l.meaning }));
}

export function practiceSet(pack: LoadedPack): PracticeSet {
  return { locality: pack.id, localityName: pack.manifest.name, levels: levelChoices(pack), scenarios: pack.scenarios.map(toCard) };
}

/** The level the rules give for a scenario's facts. */
export function ruleLevel(pack: LoadedPack, vocab: SharedVocabulary, scenario: Scenario) {
  return decide(pack, vocab, {
    answers: scenario.answers,
    indicators: scenario.indicators.map((id) => ({ id, status: 'present' as const, evidence: 'part of the practice case' })),
    age: scenario.age,
  });
}

export function checkAnswer(pack: LoadedPack, vocab: SharedVocabulary, scenarioId: string, chosenLevel: Level): PracticeFeedback {
  const scenario = pack.scenarios.find((s) => s.id === scenarioId);
  if (!scenario) throw new UnknownScenarioError(scenarioId, pack);
  const outcome = ruleLevel(pack, vocab, scenario);
  return {
    scenario: toCard(scenario),
    chosenLevel,
    correct: chosenLevel === outcome.level,
    answer: {
      level: outcome.level,
      label: levelLabel(outcome.level, outcome.levelName),
      meaning: outcome.levelMeaning,
      harmIndicated: outcome.harmIndicated,
      route: { id: outcome.route.id, title: outcome.route.title, summary: outcome.route.summary, source: outcome.route.source },
      reasons: outcome.reasons,
      actions: outcome.actions,
    },
    facts: describeFacts(pack, vocab, scenario),
    explanation: scenario.explanation,
    source: citeSource(pack, scenario.source),
    knowledgeVersion: pack.knowledgeVersion,
  };
}

function describeFacts(pack: LoadedPack, vocab: SharedVocabulary, scenario: Scenario): string[] {
  const facts: string[] = [];
  if (scenario.age !== undefined) facts.push(scenario.age < 0 ? 'An unborn baby' : `Age: ${scenario.age}`);
  for (const [questionId, value] of Object.entries(scenario.answers)) {
    const q = pack.decision.questions.find((x) => x.id === questionId)!;
    facts.push(`${q.text} ${q.options.find((o) => o.value === value)!.label}`);
  }
  for (const id of scenario.indicators) facts.push(`Indicator: ${vocab.indicators.find((i) => i.id === id)!.label}`);
  return facts;
}

function toCard(s: Scenario): ScenarioCard {
  return { id: s.id, title: s.title, text: s.text, ...(s.age !== undefined ? { age: s.age } : {}) };
}

// ---------------------------------------------------------------------------------------------
// The running score: plain data the caller keeps. Only a case's first answer counts, so trying a
// case again after seeing the answer does not inflate the score.

export interface PracticeScore {
  answered: number;
  correct: number;
  /** Scenario ids already answered, in order. */
  seen: string[];
}

export const emptyScore = (): PracticeScore => ({ answered: 0, correct: 0, seen: [] });

export function addToScore(score: PracticeScore, feedback: Pick<PracticeFeedback, 'scenario' | 'correct'>): PracticeScore {
  if (score.seen.includes(feedback.scenario.id)) return score;
  return { answered: score.answered + 1, correct: score.correct + (feedback.correct ? 1 : 0), seen: [...score.seen, feedback.scenario.id] };
}

/**
 * The first case not yet answered, in the pack's order; undefined when all are done. With `after`
 * (a case being skipped), the search starts after it and wraps round, so a skipped case comes
 * back once the others are done.
 */
export function nextScenario(pack: LoadedPack, score: PracticeScore, after?: string): ScenarioCard | undefined {
  const start = after === undefined ? 0 : pack.scenarios.findIndex((s) => s.id === after) + 1;
  const order = [...pack.scenarios.slice(start), ...pack.scenarios.slice(0, start)];
  const next = order.find((s) => !score.seen.includes(s.id));
  return next && toCard(next);
}

// ---------------------------------------------------------------------------------------------
// A level chosen in words, as the chat's quiz receives it: "3", "three", "the third one",
// "level 3", spoken "level tree", or the area's own name for it ("CAF", "universal services").

const CARDINALS = ['one', 'two', 'three', 'four'];
const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** The four levels as answer options for knowledge/answers.ts, with the ways people say them. */
export function levelAnswerOptions(pack: LoadedPack): AnswerOption[] {
  return levelChoices(pack).map((l) => {
    const n = l.level - 1;
    const localName = l.label.replace(/^level\s+\d\s*:?\s*/i, '');
    return {
      value: String(l.level),
      label: l.label,
      synonyms: [`level ${CARDINALS[n]}`, `${ORDINALS[n]} level`, `the ${ORDINALS[n]} level`, localName, localName.replace(/\s*\([^)]*\)/g, '')],
    };
  });
}

/** The level an answer names, or undefined when it names none or could mean more than one. */
export function readLevel(pack: LoadedPack, text: string): Level | undefined {
  const options = levelAnswerOptions(pack);
  // "level tree" (or "lvl3") is read as "number tree", so the matcher's spoken-number homophones apply.
  const asNumber = normalise(text).replace(/\b(?:level|lvl) ?(?=\w)/, 'number ');
  const match = matchAnswer(text, options) ?? (asNumber.startsWith('number ') || asNumber.includes(' number ') ? matchAnswer(asNumber, options) : undefined);
  return match ? (Number(match.value) as Level) : undefined;
}

/** Scenarios whose expected level is not what the rules give: a pack edit made them drift. */
export function scenarioDrift(pack: LoadedPack, vocab: SharedVocabulary): { index: number; id: string; expected: Level; actual: Level }[] {
  return pack.scenarios.flatMap((s, index) => {
    const actual = ruleLevel(pack, vocab, s).level;
    return actual === s.expectedLevel ? [] : [{ index, id: s.id, expected: s.expectedLevel, actual }];
  });
}
