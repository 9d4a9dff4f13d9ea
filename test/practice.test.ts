// Learning mode: every invented practice case teaches what the rules really do, the set covers
// each level and each route a new member of staff must know, and marking is the engine's answer.
import { describe, expect, it } from 'vitest';
import { addToScore, checkAnswer, emptyScore, levelAnswerOptions, nextScenario, practiceSet, readLevel, ruleLevel, UnknownScenarioError } from '../knowledge/practice.ts';
import { knowledge, pack } from './helpers/knowledge.ts';

const areas = ['bathnes', 'leicester'] as const;
const cases = areas.flatMap((area) => pack(area).scenarios.map((s) => ({ area, scenario: s })));

describe('each practice case gets the level the decision rules give for its facts', () => {
  it.each(cases.map((c) => [`${c.area}: ${c.scenario.title}`, c] as const))('%s', async (_name, { area, scenario }) => {
    expect(ruleLevel(pack(area), knowledge().vocabulary, scenario).level).toBe(scenario.expectedLevel);
  });
});

/** The decision rules each area's cases reach, as rule ids (level-setting and advisory). */
const rulesReached = (area: (typeof areas)[number]) =>
  new Set(pack(area).scenarios.flatMap((s) => ruleLevel(pack(area), knowledge().vocabulary, s).reasons.map((r) => r.rule)));

describe('the practice set covers what new staff must learn', () => {
  it.each(areas)('%s has at least 8 cases covering all four levels', async (area) => {
    const scenarios = pack(area).scenarios;
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    expect(new Set(scenarios.map((s) => s.expectedLevel))).toEqual(new Set([1, 2, 3, 4]));
  });

  it.each(areas)('%s has a case for harm that cannot be ruled out and for refused consent, both ways', async (area) => {
    const reached = rulesReached(area);
    expect(reached).toContain('harm-unsure');
    expect(reached).toContain('consent-refused-escalating');
    expect(reached).toContain('consent-refused');
  });

  it('Leicester has a case for the Multi Agency Support Panel and one for step down from social care', async () => {
    const routes = new Set(pack('leicester').scenarios.map((s) => ruleLevel(pack('leicester'), knowledge().vocabulary, s).route.id));
    expect(routes).toContain('masp');
    expect(routes).toContain('step-down');
  });

  it('B&NES has a case where a possible school exclusion brings the offer of a CAF, and one stepping down', async () => {
    const reached = rulesReached('bathnes');
    expect(reached).toContain('exclusion-offer-caf');
    expect(reached).toContain('step-down');
  });

  it('every case says it is invented, and none repeats another', async () => {
    for (const { scenario } of cases) expect(scenario.text).toMatch(/^Invented teaching case\./);
    expect(new Set(cases.map((c) => c.scenario.text)).size).toBe(cases.length);
  });
});

describe('marking an answer', () => {
  const vocab = () => knowledge().vocabulary;

  it('the case shown to the learner does not give the answer away', async () => {
    const set = practiceSet(pack('leicester'));
    expect(set.levels.map((l) => l.label)).toEqual([
      'Level 1: Universal services',
      'Level 2: Single agency response',
      'Level 3: Early Help Assessment (EHA) and Team Around the Family',
      'Level 4: Specialist social care: Duty and Advice Service',
    ]);
    for (const card of set.scenarios) expect(Object.keys(card).sort()).toEqual(expect.arrayContaining(['id', 'text', 'title']));
    expect(set.scenarios.some((c) => 'expectedLevel' in c || 'explanation' in c || 'answers' in c)).toBe(false);
  });

  it('a right answer is marked correct and comes with the rules’ reasons and their sources', async () => {
    const feedback = checkAnswer(pack('leicester'), vocab(), 'stuck-after-two-reviews', 3);
    expect(feedback.correct).toBe(true);
    expect(feedback.answer.level).toBe(3);
    expect(feedback.answer.route.id).toBe('masp');
    expect(feedback.answer.reasons[0]).toMatchObject({ rule: 'masp', source: { file: '004_1747f0fdca566f6a.txt', documentTitle: expect.any(String) } });
    expect(feedback.facts).toContain('Which best describes how the support is going? No improvement');
    expect(feedback.source.section).toBe('Multi Agency Support Panel (MASP)');
  });

  it('a wrong answer is marked wrong and still shows the rule-based level and the explanation', async () => {
    const feedback = checkAnswer(pack('bathnes'), vocab(), 'a-mark-on-the-cheek', 2);
    expect(feedback).toMatchObject({ correct: false, chosenLevel: 2, answer: { level: 4, harmIndicated: true, route: { id: 'duty-consultation' } } });
    expect(feedback.explanation).toMatch(/unsure/);
  });

  it('names the known cases when asked about one that does not exist', async () => {
    expect(() => checkAnswer(pack('bathnes'), vocab(), 'no-such-case', 1)).toThrow(UnknownScenarioError);
    expect(() => checkAnswer(pack('bathnes'), vocab(), 'no-such-case', 1)).toThrow(/late-talker/);
  });
});

describe('the running score', () => {
  it('counts only the first answer to each case, and offers the next unanswered case', async () => {
    const leicester = pack('leicester');
    let score = emptyScore();
    const first = nextScenario(leicester, score)!;
    expect(first.id).toBe(leicester.scenarios[0]!.id);
    score = addToScore(score, checkAnswer(leicester, knowledge().vocabulary, first.id, 2));
    score = addToScore(score, checkAnswer(leicester, knowledge().vocabulary, first.id, 1));
    expect(score).toEqual({ answered: 1, correct: 0, seen: [first.id] });
    expect(nextScenario(leicester, score)!.id).toBe(leicester.scenarios[1]!.id);
    for (const s of leicester.scenarios) score = addToScore(score, checkAnswer(leicester, knowledge().vocabulary, s.id, s.expectedLevel));
    expect(score.answered).toBe(leicester.scenarios.length);
    expect(score.correct).toBe(leicester.scenarios.length - 1);
    expect(nextScenario(leicester, score)).toBeUndefined();
  });
});

describe('skipping a case', () => {
  it('offers the case after the one skipped, and the skipped one again once the rest are answered', async () => {
    const bathnes = pack('bathnes');
    const [first, second] = bathnes.scenarios;
    let score = emptyScore();
    expect(nextScenario(bathnes, score, first!.id)!.id).toBe(second!.id);
    for (const s of bathnes.scenarios.slice(1)) score = addToScore(score, checkAnswer(bathnes, knowledge().vocabulary, s.id, s.expectedLevel));
    expect(nextScenario(bathnes, score, bathnes.scenarios.at(-1)!.id)!.id).toBe(first!.id);
    expect(nextScenario(bathnes, score, first!.id)!.id, 'the only case left is offered again').toBe(first!.id);
  });
});

describe('a level named in words', () => {
  it.each([
    ['bathnes', 'CAF', 3],
    ['leicester', 'EHA', 3],
    ['leicester', 'single agency', 2],
    ['leicester', 'duty and advice', 4],
    ['bathnes', 'Early Help Targeted Support', 2],
    ['bathnes', 'level 3: common assessment framework', 3],
  ] as const)('%s: "%s" is level %i, in the area’s own words', (area, said, level) => {
    expect(readLevel(pack(area), said)).toBe(level);
  });

  it.each(['yes', 'no', 'not sure', 'level 5', 'five', 'level', 'zero', 'level 3 or 4'])('"%s" names no level', async (said) => {
    expect(readLevel(pack('bathnes'), said)).toBeUndefined();
  });

  it('offers each level with the ways it is said, and its number as the value', async () => {
    const options = levelAnswerOptions(pack('leicester'));
    expect(options.map((o) => o.value)).toEqual(['1', '2', '3', '4']);
    expect(options[2]!.synonyms).toEqual(expect.arrayContaining(['level three', 'third level', 'Early Help Assessment (EHA) and Team Around the Family', 'Early Help Assessment and Team Around the Family']));
  });
});
