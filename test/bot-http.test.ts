// The real server path: restify, CloudAdapter, SQLite state, the consultation, over HTTP with
// deliveryMode "expectReplies". A whole consultation reaches an outcome at every level in both
// areas; a restart between turns resumes where it was; errors get an apology and leave no user
// text in the logs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { type RunningService, startService } from '../bot/service.ts';
import { sqliteAt } from './helpers/db.ts';
import { botClient, consultToOutcome } from './helpers/bot-client.ts';
import { allWords } from './helpers/conversation.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bot-http-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function capturingLog() {
  const lines: string[] = [];
  return { lines, log: createLogger('debug', (l) => lines.push(l)) };
}

describe('a whole consultation over HTTP reaches an outcome at every level, in both areas', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(loadConfig({ PORT: '0', DATA_DIR: tempDir() }), { log: createLogger('silent') });
  });
  afterAll(() => service?.stop());

  // Concerns a practitioner might type, and the answers they give; the level the guidance sets.
  const rows: { area: 'bathnes' | 'leicester'; level: number; concern: string; plan: Record<string, string>; typed: boolean; expect: RegExp }[] = [
    { area: 'bathnes', level: 1, concern: 'A new 6 year old in my class, I just want to check everything is ok', plan: { 'needs-met': 'yes' }, typed: true, expect: /Level 1: Universal services/ },
    { area: 'bathnes', level: 2, concern: 'A 9 year old I teach has a speech problem', plan: { 'needs-met': 'no', 'needs-clear': 'yes', agencies: 'no', 'open-case': 'none' }, typed: true, expect: /Early Help Targeted Support/ },
    { area: 'bathnes', level: 3, concern: 'I am worried about a 10 year old in my class', plan: { 'needs-met': 'no', 'needs-clear': 'no', 'open-case': 'none', consent: 'given' }, typed: false, expect: /Common Assessment Framework \(CAF\)/ },
    { area: 'bathnes', level: 4, concern: 'I am worried about a 7 year old in my class', plan: { harm: 'yes' }, typed: false, expect: /Request for Service from Social Care/ },
    { area: 'leicester', level: 1, concern: 'I work in Leicester. A 5 year old is settling in and I want to check', plan: { 'needs-met': 'yes' }, typed: false, expect: /Universal services/ },
    { area: 'leicester', level: 2, concern: 'I work in Leicester. A 10 year old needs some help at home', plan: { 'needs-met': 'no', 'needs-count': 'one', 'open-case': 'none' }, typed: false, expect: /Single agency response/ },
    { area: 'leicester', level: 3, concern: 'I work in Leicester. I am worried about a 12 year old', plan: { 'needs-met': 'no', 'needs-count': 'three-or-more', agencies: 'yes', 'open-case': 'none', consent: 'given' }, typed: true, expect: /Early Help Assessment \(EHA\)/ },
    { area: 'leicester', level: 4, concern: 'I work in Leicester. I am worried about a 3 year old', plan: { 'immediate-danger': 'unsure' }, typed: true, expect: /Duty and Advice Service/ },
  ];

  it.each(rows.map((r) => [r.area, r.level, r.typed ? 'typed' : 'clicked', r] as const))('%s, level %i (%s answers)', async (_area, level, _how, row) => {
    const client = botClient(service.url);
    const { level: reached, transcript, asked } = await consultToOutcome(client, row.concern, row.plan, { typed: row.typed });
    const outcome = allWords(transcript.at(-1)!);
    expect(reached, outcome).toBe(level);
    expect(outcome).toMatch(row.expect);
    expect(asked.slice(0, 2), 'harm screen first').toEqual(['immediate-danger', 'harm']);
    if (level === 3) expect(asked, 'consent is asked where the route needs it').toContain('consent');
    expect(outcome).toMatch(/Source: .+\.txt, section "/);
    if (level === 4) expect(outcome).toContain('999');
    if (row.area === 'leicester') expect(outcome).toContain('Leicester City');
  });
});

describe('the Bot Framework endpoint', () => {
  it('says at start that it is anonymous when no app id is configured', async () => {
    const { lines, log } = capturingLog();
    const service = await startService(loadConfig({ PORT: '0', DATA_DIR: tempDir() }), { log });
    await service.stop();
    expect(lines.join('\n')).toMatch(/"bot endpoint is anonymous/);
    expect(lines.join('\n')).toMatch(/"botAuthentication":"anonymous"/);
  });

  it('refuses unauthenticated requests when an app id is configured', async () => {
    const service = await startService(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000002', MicrosoftAppType: 'SingleTenant' }),
      { log: createLogger('silent') },
    );
    try {
      const r = await botClient(service.url).send({ text: 'hello' });
      expect(r.status).toBe(401);
    } finally {
      await service.stop();
    }
  });

  it('answers a failing turn with a plain apology and logs no user text', async () => {
    const { lines, log } = capturingLog();
    const dataDir = tempDir();
    const service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug' }), { log });
    try {
      const client = botClient(service.url);
      await client.say('CANARY-7731 she told me her step-dad hits her');
      // Storage breaks underneath the running service: the duty summary's drafts are gone.
      const db = await sqliteAt(dataDir);
      await db.exec('DROP TABLE handoff_draft');
      await db.close();
      const r = await client.send({ value: { action: 'handoff' } });
      expect(r.status).toBe(200);
      // The database failing under a turn: told plainly, with the duty team and 999 (no state read).
      expect(allWords(r.activities)).toMatch(/^Sorry, I cannot reach my records just now.*duty team.*999/s);
      expect(allWords(r.activities)).not.toMatch(/handoff_draft|SQLITE|at \w+ \(/);
      expect(lines.some((l) => l.includes('"turn failed"') && l.includes('"code":"ERR_SQLITE_ERROR"'))).toBe(true);
      expect(lines.join('\n')).not.toContain('CANARY-7731');
    } finally {
      await service.stop();
    }
  });

  it('rejects a body that is not an activity with a 400, and keeps serving', async () => {
    const service = await startService(loadConfig({ PORT: '0', DATA_DIR: tempDir() }), { log: createLogger('silent') });
    try {
      const post = (body: string) => fetch(`${service.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect((await post('{"type":')).status).toBe(400);
      const notActivity = await post('{"hello":"world"}');
      expect(notActivity.status).toBe(400);
      expect((await notActivity.json()).problems.map((p: { field: string }) => p.field)).toEqual(expect.arrayContaining(['body.type', 'body.channelId', 'body.conversation']));
      const noConversation = await post(JSON.stringify({ type: 'message', channelId: 'webchat', serviceUrl: 'http://x', conversation: {} }));
      expect(noConversation.status).toBe(400);
      expect((await noConversation.json()).problems[0].field).toBe('body.conversation.id');
      const good = await botClient(service.url).say('hello');
      expect(good.length).toBeGreaterThan(0);
    } finally {
      await service.stop();
    }
  });
});

describe('state survives a restart', () => {
  it('a consultation resumes where it was after the server restarts between turns', async () => {
    const dataDir = tempDir();
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir });
    const conversationId = 'restart-conversation';
    const userId = 'restart-user';

    let service = await startService(config, { log: createLogger('silent') });
    let client = botClient(service.url, { conversationId, userId });
    await client.say('I work in Leicester');
    await client.say('8 year old keeps coming in hungry and unwashed');
    const asked = allWords(await client.say('yes'));
    expect(asked).toContain('Is the child in immediate danger right now?');
    await service.stop();

    service = await startService(config, { log: createLogger('silent') });
    try {
      client = botClient(service.url, { conversationId, userId });
      const next = allWords(await client.say('no'));
      expect(next, 'the answer is taken for the question asked before the restart').toContain('Do you think the child');
      const review = allWords(await client.say('review'));
      expect(review).toContain('Leicester City');
      expect(review).toContain('8 year old keeps coming in hungry and unwashed');
      expect(review).toContain('Is the child in immediate danger right now?');
    } finally {
      await service.stop();
    }
  });

  it('remembers the area a practitioner chose, in their next conversation', async () => {
    const service = await startService(loadConfig({ PORT: '0', DATA_DIR: tempDir() }), { log: createLogger('silent') });
    try {
      await botClient(service.url, { userId: 'same-user' }).say('I work in Leicester');
      const welcome = allWords(await botClient(service.url, { userId: 'same-user' }).join());
      expect(welcome).toContain('guidance for Leicester City');
    } finally {
      await service.stop();
    }
  });
});
