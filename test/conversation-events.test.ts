// The board's figures from the conversation: each consultation outcome counted once, with area,
// level, route, role (when the practitioner said it) and channel; a `services` search that finds
// nothing counted for its area; practice never counted; and nothing a practitioner typed, no name
// and no age, ever in the events tables. Real SQLite throughout (in memory, then on disk over HTTP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { serviceDatabase } from './helpers/db.ts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { type EventRecorder, neverFailing, reportMonth } from '../bot/reports/events.ts';
import { createReportQueries } from '../bot/reports/queries.ts';
import { startService } from '../bot/service.ts';
import { botClient, consultToOutcome } from './helpers/bot-client.ts';
import { type TestConversation, actionData, allWords, playSteps, testConversation } from './helpers/conversation.ts';

const CONCERN = '8 year old keeps coming in hungry and unwashed';
const CANARY = 'Zebedee-Quokka-7731';

/** Every row of the events tables, as text, with the names of the tables that hold them. */
function eventRows(db: DatabaseSync): { tables: string[]; text: string } {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'report_%' ORDER BY name")
    .all()
    .map((t) => String(t.name));
  return { tables, text: JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t}`).all())) };
}

const outcomes = async (c: TestConversation) => (await c.reports.outcomes(['locality', 'level', 'route', 'role', 'channel']));

describe('outcomes from the conversation', () => {
  it('counts an outcome once per consultation, with area, level, route, the stated role and the channel', async () => {
    const c = testConversation({ channelId: 'msteams' });
    await playSteps(
      [
        { say: `I am a health visitor. ${CONCERN}` },
        { say: 'outcome', expect: ['Review my answers'] },
        { say: 'outcome', expect: ['Review my answers'] },
        { say: 'review' },
      ],
      c,
    );
    const rows = await outcomes(c);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ locality: 'bathnes', role: 'health-visitor', channel: 'msteams', count: 1 });
    expect([1, 2, 3, 4]).toContain(rows[0]!.level);
    expect(rows[0]!.route).toMatch(/^[a-z0-9-]+$/);

    await c.say('start again');
    await c.say('yes');
    await c.say(CONCERN);
    await c.say('outcome');
    expect((await c.reports.outcomes([]))).toEqual([{ count: 2 }]);
  });

  it('counts a new outcome when a later answer raises the level, and the same one shown again not at all', async () => {
    const c = await playSteps([
      { say: CONCERN },
      { say: 'yes' },
      { say: 'no', expect: ['Do you think the child'] },
      { say: 'outcome' },
      { say: 'back', expect: ['taken back your answer'] },
      { say: 'yes', expect: ['01225 396312'] },
      { say: 'outcome', expect: ['Request for Service from Social Care'] },
      { say: 'outcome' },
    ]);
    const rows = (await c.reports.outcomes(['level']));
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(2);
    expect(rows.find((r) => r.level === 4)?.count).toBe(1);
  });

  it('an unstated role is "not-known", and an area change counts the outcome in the new area', async () => {
    const c = await playSteps([{ say: 'I work in Leicester' }, { say: CONCERN }, { say: 'outcome' }]);
    expect(await outcomes(c)).toEqual([expect.objectContaining({ locality: 'leicester', role: 'not-known', channel: 'test', count: 1 })]);
  });

  it('the practice quiz is never counted as an outcome', async () => {
    const c = await playSteps([{ say: 'quiz' }, { say: '1' }, { say: 'next' }, { say: '4' }, { say: 'stop' }]);
    expect((await c.reports.outcomes([]))).toEqual([{ count: 0 }]);
  });
});

describe('directory searches with no result', () => {
  it('a `services` search that finds nothing is counted for the area; one that finds something is not', async () => {
    const c = await playSteps([
      { say: 'services zqxjkv', expect: ['No local service found for "zqxjkv"', 'B&NES Early Help App', 'Details of these services can be found on the Early Help App'], not: ['Integrated Working Team'] },
      { say: 'services parenting', expect: ['Family Support and Play Service'] },
      { say: 'I work in Leicester' },
      { say: 'services zqxjkv' },
      { say: 'quiz' },
      { say: 'services zqxjkv', expect: ['No local service found for "zqxjkv"', 'Early Help advice points', '0116 4541694'] },
    ]);
    const month = reportMonth(new Date());
    expect((await c.reports.directoryMisses())).toEqual([
      { month, locality: 'bathnes', count: 1 },
      { month, locality: 'leicester', count: 2 },
    ]);
  });
});

describe('the questions asked once at the outcome', () => {
  /** Answers every question with the first answer that is not harm, to a level 1 to 3 outcome. */
  async function toOutcome(c: TestConversation, concern: string) {
    let replies = await c.say(concern);
    for (let i = 0; i < 12; i++) {
      const s = await c.state();
      if (s.pending.kind === 'outcome') return replies;
      if (s.pending.kind !== 'question') {
        replies = await c.say('yes');
        continue;
      }
      const choices = JSON.stringify(replies).match(/"choices":(\[[^\]]*\])/);
      const values: string[] = choices ? JSON.parse(choices[1]!).map((x: { value: string }) => x.value) : [];
      const answer = values.find((v) => v === 'no') ?? values.find((v) => v !== 'yes' && v !== 'unsure') ?? 'no';
      replies = await c.say({ value: { action: 'answer', question: s.pending.id, step: s.step, answer } });
    }
    throw new Error('no outcome after 12 answers');
  }

  it('"was this helpful?" and "asked before?" are counted once each; a second answer is thanked and not counted', async () => {
    const c = testConversation();
    const outcome = await toOutcome(c, CONCERN);
    expect(allWords(outcome)).toContain('Was this guidance helpful?');
    expect((await c.state()).feedback?.asked?.level).toBeLessThan(4);
    expect(allWords(await c.say('partly helpful'))).toContain('Only a count is kept');
    expect(allWords(await c.say('not helpful'))).toContain('already have that answer');
    expect(allWords(await c.say({ value: actionData(outcome, 'No, this is the first time') }))).toContain('Only a count is kept');
    expect(allWords(await c.say('outcome'))).not.toContain('Was this guidance helpful?');
    expect((await c.reports.practitionerAnswers()).map(({ question, answer, count }) => ({ question, answer, count }))).toEqual([
      { question: 'asked-before', answer: 'no', count: 1 },
      { question: 'helpful', answer: 'partly', count: 1 },
    ]);
  });

  it('a press on an earlier consultation’s card, or a tampered answer, counts nothing', async () => {
    const c = testConversation();
    const replies = await toOutcome(c, `${CONCERN}. I have asked about this child before`);
    expect(allWords(replies), allWords(replies)).toContain('Was this guidance helpful?');
    expect(allWords(replies)).not.toContain('Have you asked me about this child before?');
    const press = actionData(replies, 'Yes, helpful');
    await c.say('start again');
    await c.say('yes');
    expect(allWords(await c.say({ value: press }))).toContain('earlier outcome');
    await c.say({ value: { ...press, answer: CANARY } });
    expect((await c.reports.practitionerAnswers()).map(({ question, answer }) => [question, answer])).toEqual([['asked-before', 'yes']]);
  });
});

describe('privacy: nothing typed reaches the board’s tables', () => {
  it('no words, names or ages from the conversation are stored with the counts', async () => {
    const c = await playSteps([
      { say: `I am a teacher. ${CANARY} Smith is 13 and keeps coming in hungry, mum drinks. I have asked about this child before` },
      { say: 'outcome', expect: ['Review my answers'] },

      { say: `services ${CANARY}` },
      { say: `what is ${CANARY}` },
      { say: 'quiz' },
      { say: `services ${CANARY} Smith` },
      { say: `${CANARY} hits her` },
    ]);
    const { tables, text } = eventRows(c.eventsDb);
    expect(tables).toEqual(['report_directory_miss_needs', 'report_directory_misses', 'report_handoffs', 'report_outcomes', 'report_practitioner_answers']);
    // Said in words before the outcome: counted once at it, as a count and nothing more.
    const answers = (await c.reports.practitionerAnswers()).map(({ question, answer, count }) => ({ question, answer, count }));
    expect(answers).toEqual([{ question: 'asked-before', answer: 'yes', count: 1 }]);
    expect((await c.reports.outcomes([]))[0]!.count).toBeGreaterThan(0);
    expect((await c.reports.directoryMisses()).length).toBeGreaterThan(0);
    // 13 cannot be a month, a level or (here) a count, so finding it would mean an age was stored.
    for (const secret of [CANARY, 'Zebedee', 'Smith', 'hungry', 'drinks', '13']) expect(text, secret).not.toContain(secret);
  });

  it('over HTTP the outcome is counted with the channel the message came from, and the canary never reaches the tables', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conversation-events-'));
    const service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { log: createLogger('silent') });
    try {
      const client = botClient(service.url, { channelId: 'webchat' });
      const { level, transcript } = await consultToOutcome(client, `I am a GP. ${CANARY} is 6 and I am worried`, { 'needs-met': 'no', 'needs-clear': 'yes', agencies: 'no', 'open-case': 'none' });
      expect(allWords(transcript.at(-1)!)).toContain('Review my answers');
      await client.say(`services ${CANARY}`);
      const db = serviceDatabase(dataDir);
      try {
        const queries = createReportQueries(db);
        expect((await queries.outcomes(['locality', 'level', 'role', 'channel']))).toEqual([{ locality: 'bathnes', level, role: 'gp', channel: 'webchat', count: 1 }]);
        expect((await queries.directoryMisses())).toEqual([{ month: reportMonth(new Date()), locality: 'bathnes', count: 1 }]);
        expect(eventRows(db.raw).text).not.toContain(CANARY);
      } finally {
        db.close();
      }
    } finally {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('counting never stands in the way of an answer', () => {
  it('a recorder that fails is logged by the error’s name only, and the caller carries on', async () => {
    const lines: string[] = [];
    const failing: EventRecorder = {
      recordOutcome: () => {
        throw new Error(`disk full while writing ${CANARY}`);
      },
      recordDirectoryMiss: () => {
        throw new TypeError('locality must be a short lower-case id');
      },
      recordAnswer: () => {
        throw new RangeError(`no such answer ${CANARY}`);
      },
    };
    const events = neverFailing(failing, createLogger('debug', (l) => lines.push(l)));
    expect(() => events.recordOutcome({ locality: 'bathnes', level: 2, route: 'direct-referral', channel: 'msteams' })).not.toThrow();
    expect(() => events.recordDirectoryMiss({ locality: 'bathnes' })).not.toThrow();
    expect(() => events.recordAnswer({ locality: 'bathnes', level: 2, question: 'helpful', answer: 'yes' })).not.toThrow();
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'error', msg: 'report event not recorded', event: 'outcome', error: 'Error' }),
      expect.objectContaining({ level: 'error', msg: 'report event not recorded', event: 'directory-miss', error: 'TypeError' }),
      expect.objectContaining({ level: 'error', msg: 'report event not recorded', event: 'practitioner-answer', error: 'RangeError' }),
    ]);
    expect(lines.join('\n')).not.toContain(CANARY);
  });
});
