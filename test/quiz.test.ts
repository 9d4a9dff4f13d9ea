// The practice quiz in chat, turn by turn on botbuilder's TestAdapter and then over HTTP. Most
// cases are rows of a table: what the learner says (or clicks) and what the replies must say.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceDatabase } from './helpers/db.ts';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { createReportQueries } from '../bot/reports/queries.ts';
import { startService } from '../bot/service.ts';
import { botClient } from './helpers/bot-client.ts';
import { type Step, actionData, allWords, playSteps, testConversation, wordsOf } from './helpers/conversation.ts';
import { pack } from './helpers/knowledge.ts';

const DISCLOSURE = 'she told me her step-dad hits her';
const BATHNES_DUTY = ['01225 396312', '01225 396313'];
const CONCERN = '8 year old keeps coming in hungry and unwashed';
/** The first B&NES case, which the rules put at level 1. */
const FIRST = 'Settling into Reception';
const SECOND = 'A late talker';

const score = (correct: number, answered: number): Step['then'] => async (c) => {
  expect(await c.quiz()).toMatchObject({ score: { correct, answered } });
};
const quizEnded: Step['then'] = async (c) => {
  expect(await c.quiz()).toBeUndefined();
};

interface Case {
  name: string;
  channelId?: string;
  steps: Step[];
}

const cases: Case[] = [
  {
    name: 'a right answer clicked on the card is marked right, with the reasons, their sources and the score',
    steps: [
      { say: 'quiz', expect: ['Practice case 1 of 10', FIRST, 'not a real child', 'Which level of need is this, in Bath and North East Somerset?'] },
      {
        say: { click: 'Check my answer', with: { level: '1' } },
        expect: ['Right: Level 1: Universal services', 'Why', /Source: .+\.txt, section "/, 'How the rules read the case', 'In plain words', 'Your score: 1 of 1'],
        then: score(1, 1),
      },
    ],
  },
  {
    name: 'a wrong answer typed as "level 3" is marked wrong, with the level the rules give and why',
    steps: [
      { say: 'quiz' },
      { say: 'level 3', expect: ['Not quite', 'You chose Level 3: Common Assessment Framework', 'the rules give Level 1: Universal services', 'Why', 'Your score: 0 of 1'], then: score(0, 1) },
    ],
  },
  {
    name: '"next" gives another case and the score runs on across cases',
    steps: [
      { say: 'quiz' },
      { say: '1', expect: ['Your score: 1 of 1'] },
      { say: 'next', expect: ['Practice case 2 of 10', SECOND], not: [FIRST] },
      { say: 'three', expect: ['Not quite', 'the rules give Level 2: Early Help Targeted Support', 'Your score: 1 of 2'], then: score(1, 2) },
      { say: 'next case', expect: ['Practice case 3 of 10'] },
    ],
  },
  {
    name: '"skip" before answering moves on without scoring the case',
    steps: [{ say: 'quiz' }, { say: 'skip', expect: ['Practice case 2 of 10', SECOND], then: score(0, 0) }],
  },
  {
    name: 'a second answer to the same case does not change the score',
    steps: [{ say: 'quiz' }, { say: '1' }, { say: 'level 4', expect: ['only the first answer counts', 'Your score: 1 of 1'], then: score(1, 1) }],
  },
  {
    name: '"end quiz" gives the score, and the consultation in progress carries on at the question it had asked',
    steps: [
      { say: CONCERN },
      { say: 'yes', expect: ['Is the child in immediate danger right now?'] },
      { say: 'quiz', expect: ['Your consultation is paused', FIRST] },
      { say: '1' },
      { say: 'end quiz', expect: ['Quiz ended. Your score: 1 of 1.', 'Back to your consultation', 'Is the child in immediate danger right now?'], then: quizEnded },
      { say: 'no', expect: ['Do you think the child'], then: async (c) => expect((await c.state()).answers).toEqual({ 'immediate-danger': 'no' }) },
    ],
  },
  {
    name: '"stop" with no consultation in progress asks for the concern',
    steps: [{ say: 'quiz' }, { say: 'stop', expect: ['Quiz ended. No cases answered yet.', 'Tell me what is worrying you about the child'], not: ['Back to your consultation'], then: quizEnded }],
  },
  {
    name: 'a tampered quiz card gets a polite re-ask and the same case again, and scores nothing',
    steps: [
      { say: 'quiz' },
      { say: { value: { action: 'quiz-answer', step: 1, scenario: 'settling-into-reception', level: '7' } }, expect: ['could not read that answer', FIRST] },
      { say: { value: { action: 'quiz-answer', step: 'one', scenario: 'settling-into-reception', level: '1' } }, expect: ['could not read that answer'] },
      { say: { value: { action: 'quiz-answer', step: 1, scenario: '../../etc/passwd', level: '1' } }, expect: ['could not read that answer'] },
      { say: { value: { action: 'quiz-delete-everything' } }, expect: ['could not read that answer', FIRST], then: score(0, 0) },
      { say: { value: { action: 'drop-tables' } }, expect: ['could not read that answer', FIRST], then: score(0, 0) },
    ],
  },
  {
    name: 'a card from an earlier case is not used, and the current case is shown again',
    steps: [
      { say: 'quiz' },
      { say: '1' },
      { say: 'next', expect: [SECOND] },
      { say: { value: { action: 'quiz-answer', step: 1, scenario: 'settling-into-reception', level: '4' } }, expect: ['from an earlier case', SECOND], then: score(1, 1) },
      { say: { value: { action: 'quiz-next', step: 2 } }, expect: ['from an earlier case', 'Practice case 2 of 10'] },
    ],
  },
  {
    name: 'help, levels, services and "what is" work during the quiz, then the case is shown again',
    steps: [
      { say: 'quiz' },
      { say: 'help', expect: ['"quiz"', '"stop" ends the quiz', FIRST] },
      { say: 'levels', expect: ['The four levels of need in Bath and North East Somerset', 'Level 4: Request for Service from Social Care', FIRST] },
      { say: 'services parenting', expect: ['Family Support and Play Service', 'last checked', FIRST] },
      { say: 'what is a TAF', expect: ['Source:', FIRST] },
      { say: '1', expect: ['Right: Level 1'], then: score(1, 1) },
    ],
  },
  {
    name: '"I work in Leicester" during the quiz moves it to Leicester’s cases',
    steps: [
      { say: 'quiz' },
      { say: 'I work in Leicester', expect: ['Now practising with the cases for Leicester City', 'Practice case 1 of 9', 'Doing well in Year 2', 'Level 2: Single agency response'], not: ['still uses'] },
      { say: 'stop', expect: ['Tell me what is worrying you'], then: async (c) => expect((await c.state()).locality).toBe('leicester') },
    ],
  },
  {
    name: 'a change of area during the quiz says the consultation in progress keeps its own area',
    steps: [
      { say: CONCERN },
      { say: 'quiz' },
      { say: 'Leicester', expect: ['Leicester City', 'still uses the guidance for Bath and North East Somerset'] },
      { say: 'stop', then: async (c) => expect((await c.state()).locality).toBeUndefined() },
    ],
  },
  {
    name: 'a disclosure typed during the quiz ends it, and the duty numbers come first',
    steps: [
      { say: 'quiz' },
      { say: '2' },
      {
        say: DISCLOSURE,
        first: [...BATHNES_DUTY, '999'],
        expect: ['I have ended the practice quiz. Your score: 0 of 1.', 'It sounds like', 'Physical abuse'],
        then: async (c) => {
          expect(await c.quiz()).toBeUndefined();
          expect((await c.state()).texts).toEqual([DISCLOSURE]);
        },
      },
    ],
  },
  {
    name: 'a concern typed like a look-up during the quiz is screened, not looked up',
    steps: [{ say: 'quiz' }, { say: 'what is going on is that her dad hits her', first: [...BATHNES_DUTY], not: ['From the Bath and North East Somerset guidance'], then: quizEnded }],
  },
  {
    name: 'a concern without harm typed during the quiz goes to the consultation, and the quiz says it has ended',
    steps: [{ say: 'quiz' }, { say: CONCERN, expect: ['I have ended the practice quiz', 'It sounds like'], then: quizEnded }],
  },
  {
    name: 'a message too long to take, sent during the quiz, is refused politely by the consultation',
    steps: [{ say: 'quiz' }, { say: 'x'.repeat(2500), expect: ['longer than I can take', 'I have ended the practice quiz'], then: quizEnded }],
  },
  {
    name: '"start again" during the quiz ends it and starts a new consultation',
    steps: [
      { say: CONCERN },
      { say: 'quiz' },
      { say: 'start again', expect: ['I have ended the practice quiz', 'Starting again'], then: async (c) => expect((await c.state()).texts).toEqual([]) },
    ],
  },
  {
    name: '"duty summary" during the quiz is never held up by it',
    steps: [{ say: 'quiz' }, { say: 'duty summary', expect: ['I have ended the practice quiz', 'not set up here', ...BATHNES_DUTY], then: quizEnded }],
  },
  {
    name: '"review" during the quiz ends it and shows the consultation’s answers',
    steps: [{ say: CONCERN }, { say: 'yes' }, { say: 'no' }, { say: 'quiz' }, { say: 'review', expect: ['I have ended the practice quiz', 'Your answers so far', CONCERN], then: quizEnded }],
  },
  {
    name: '"back" during the quiz says a quiz answer cannot be taken back, and keeps the score',
    steps: [{ say: CONCERN }, { say: 'quiz' }, { say: '2' }, { say: 'back', expect: ['cannot be taken back', 'go back to your consultation', 'Your score: 0 of 1'], then: score(0, 1) }],
  },
  {
    name: 'words that are neither a level nor a command get a polite re-ask, and are not repeated back',
    steps: [
      { say: 'quiz' },
      {
        say: 'purple elephant',
        expect: ['did not catch which level', FIRST],
        not: ['purple'],
        then: async (c) => expect(JSON.stringify(await c.quiz())).not.toContain('purple'),
      },
    ],
  },
  {
    name: 'a quiz card clicked after the quiz has ended is not used',
    steps: [{ say: 'quiz' }, { say: 'stop' }, { say: { value: { action: 'quiz-answer', step: 1, scenario: 'settling-into-reception', level: '1' } }, expect: ['That quiz has ended'], then: quizEnded }],
  },
  {
    name: 'the help card’s "Practice quiz" button starts the quiz',
    steps: [{ say: 'help' }, { say: { click: 'Practice quiz' }, expect: ['Practice case 1 of 10', FIRST] }],
  },
  {
    name: 'channels without cards get the levels as a numbered list, answered by number',
    channelId: 'sms',
    steps: [
      { say: 'quiz', expect: ['1. Level 1: Universal services', '4. Level 4: Request for Service from Social Care', 'Reply with a number'] },
      { say: 'number four', expect: ['You chose Level 4', 'Why:', 'Your score: 0 of 1'] },
      { say: 'next', expect: ['Practice case 2 of 10'] },
    ],
  },
];

describe('the practice quiz, turn by turn', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await playSteps(c.steps, testConversation({ channelId: c.channelId }));
  });
});

// The first B&NES case is level 1: each answer must be read as the level it names.
const VOICE: [string, 1 | 2 | 3 | 4][] = [
  ['1', 1], ['one', 1], ['the first one', 1], ['number one', 1], ['level one', 1], ['level won', 1], ["it's level 1", 1], ['universal services', 1], ['um, universal', 1],
  ['2', 2], ['two', 2], ['the second one', 2], ['level to', 2], ['Level 2.', 2], ['targeted support', 2], ['the second level', 2],
  ['3', 3], ['three', 3], ['the third one', 3], ['level 3', 3], ['level tree', 3], ['I think it is level three', 3], ['CAF', 3], ['lvl3', 3],
  ['4', 4], ['four', 4], ['the fourth one', 4], ['the last one', 4], ['level for', 4], ['level 4 please', 4], ['social care', 4], ['number for', 4],
];

describe('answers are understood however they arrive: typed or spoken', () => {
  it.each(VOICE)('"%s" is level %i', async (said, level) => {
    const c = testConversation();
    await c.say('quiz');
    const words = allWords(await c.say(said));
    expect(words).toMatch(level === 1 ? /Right: Level 1/ : new RegExp(`You chose Level ${level}:`));
  });

  it.each(['yes', 'not sure', 'level five', 'the fifth one'])('"%s" names no level and is asked again', async (said) => {
    const c = testConversation();
    await c.say('quiz');
    expect(allWords(await c.say(said))).toContain('did not catch which level');
    expect((await c.quiz())!.score.answered).toBe(0);
  });
});

describe('the quiz and the consultation', () => {
  it('the quiz leaves a consultation in progress exactly as it was', async () => {
    const c = testConversation();
    await c.say(CONCERN);
    await c.say('yes');
    await c.say('no');
    const before = await c.state();
    for (const say of ['quiz', 'no', 'yes', '2', 'next', 'skip', 'help', 'levels', 'services parenting', 'what is a CAF', 'back', 'not sure', 'level 4', 'stop']) await c.say(say);
    await c.say({ value: { action: 'quiz-answer', step: 99, scenario: 'late-talker', level: '2' } });
    const after = await c.state();
    const { step: _before, ...kept } = before;
    const { step: _after, ...now } = after;
    expect(now).toEqual(kept);
  });

  it('going through every case ends the quiz with the final score; a skipped case comes back at the end', async () => {
    const c = testConversation();
    const cases = pack('bathnes').scenarios;
    await c.say('quiz');
    await c.say('skip');
    let words = '';
    for (const s of [...cases.slice(1), cases[0]!]) {
      const quiz = (await c.quiz())!;
      expect(quiz.scenario).toBe(s.id);
      await c.say(String(s.expectedLevel));
      words = allWords(await c.say('next'));
    }
    expect(words).toContain(`That was the last case: you have answered all ${cases.length}. Your score: ${cases.length} of ${cases.length}.`);
    expect(await c.quiz()).toBeUndefined();
  });

  it('a quiz started again begins with a fresh score', async () => {
    const c = testConversation();
    await c.say('quiz');
    await c.say('1');
    await c.say('stop');
    expect(allWords(await c.say('quiz'))).toContain('Practice case 1 of 10');
    expect((await c.quiz())!.score).toEqual({ answered: 0, correct: 0, seen: [] });
  });

  it('a quiz stored before a pack edit removed its case starts again, but a disclosure still goes to the duty team first', async () => {
    const outdated = { version: 1, locality: 'bathnes', scenario: 'a-case-since-removed', answered: false, step: 3, score: { answered: 2, correct: 1, seen: ['late-talker', 'a-case-since-removed'] } };
    for (const [said, expected] of [
      ['3', ['the quiz starts again', 'Practice case 1 of 10', FIRST]],
      [DISCLOSURE, [...BATHNES_DUTY, 'It sounds like']],
    ] as const) {
      const c = testConversation();
      await c.setQuiz(outdated);
      const words = allWords(await c.say(said));
      for (const e of expected) expect(words).toContain(e);
      expect(words).not.toContain('Right:');
    }
  });

  it('"quiz" during a quiz shows the current case rather than starting again', async () => {
    const c = testConversation();
    await c.say('quiz');
    await c.say('skip');
    expect(allWords(await c.say('quiz'))).toMatch(/already in the quiz[\s\S]*A late talker/);
  });
});

describe('voice and cards in the quiz', () => {
  it('every activity speaks valid SSML and says whether it listens; the last one listens', async () => {
    const c = testConversation();
    for (const say of ['quiz', 'level 3', 'help', 'next', 'the second one', 'stop']) {
      const replies = await c.say(say);
      for (const a of replies) {
        expect(XMLValidator.validate(a.speak!), a.speak).toBe(true);
        expect(['expectingInput', 'acceptingInput', 'ignoringInput']).toContain(a.inputHint);
      }
      expect(replies.at(-1)!.inputHint, say).toBe('expectingInput');
    }
  });

  it('cards are Adaptive Cards 1.5 under 40 KB, with speak, a fallback and a label on the level input', async () => {
    const c = testConversation({ channelId: 'msteams' });
    const replies = [...(await c.say('quiz')), ...(await c.say('4')), ...(await c.say('help'))];
    const cards = replies.flatMap((a) => a.attachments ?? []).map((a) => a.content as Record<string, unknown>);
    expect(cards.length).toBeGreaterThanOrEqual(3);
    for (const card of cards) {
      expect(card.version).toBe('1.5');
      expect(XMLValidator.validate(card.speak as string)).toBe(true);
      expect((card.fallbackText as string).length).toBeGreaterThan(10);
      expect(JSON.stringify(card).length).toBeLessThan(40 * 1024);
    }
    const input = (cards[0]!.body as Record<string, unknown>[]).find((e) => e.type === 'Input.ChoiceSet')!;
    expect(input).toMatchObject({ id: 'level', label: 'Which level of need is this, in Bath and North East Somerset?', isRequired: true });
    expect(actionData(replies, 'Check my answer')).toEqual({ action: 'quiz-answer', step: 1, scenario: 'settling-into-reception' });
  });

  it('the case is read out with the four levels, and a wrong answer with the level the rules give', async () => {
    const c = testConversation();
    const [question] = await c.say('quiz');
    expect(question!.speak).toContain('Which level of need is this');
    expect(question!.speak).toContain('Level 4: Request for Service from Social Care.');
    const [feedback] = await c.say('4');
    expect(feedback!.speak).toContain('Not quite. The rules give Level 1: Universal services.');
    expect(feedback!.speak).toContain('Your score: 0 of 1.');
    expect(wordsOf(feedback!)).toContain('Next case');
  });
});

describe('the quiz over HTTP (/api/messages with expectReplies)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('runs a quiz through the real server, keeps the score across a restart, and counts no outcome', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'quiz-http-'));
    dirs.push(dataDir);
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir });
    const ids = { conversationId: 'quiz-over-http', userId: 'learner' };

    let service = await startService(config, { log: createLogger('silent') });
    try {
      const client = botClient(service.url, ids);
      const first = await client.say('quiz');
      expect(allWords(first)).toContain(FIRST);
      const marked = allWords(await client.submit({ ...actionData(first, 'Check my answer'), level: '1' }));
      expect(marked).toContain('Right: Level 1: Universal services');
      const second = await client.submit(actionData(await client.say('help'), 'Next case'));
      expect(allWords(second)).toContain(SECOND);
      const tampered = await client.submit({ action: 'quiz-answer', step: 'x', level: 9 });
      expect(allWords(tampered)).toContain('could not read that answer');
    } finally {
      await service.stop();
    }

    service = await startService(config, { log: createLogger('silent') });
    try {
      const client = botClient(service.url, ids);
      const answered = allWords(await client.say('the second one'));
      expect(answered, 'the case shown before the restart is the one answered').toContain('Right: Level 2: Early Help Targeted Support');
      expect(answered).toContain('Your score: 2 of 2');
      expect(allWords(await client.say('end quiz'))).toContain('Quiz ended. Your score: 2 of 2.');
      const queries = createReportQueries(serviceDatabase(dataDir));
      expect((await queries.outcomes([])), 'practice is never counted as an outcome').toEqual([{ count: 0 }]);
    } finally {
      await service.stop();
    }
  });
});
