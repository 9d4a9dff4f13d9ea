// Issue 13 item 2: a referral is made once and followed up. On the real service through the local
// Direct Line channel and Microsoft's own client: the same concern shows the summary already sent
// (reference, when, status) instead of a second one, with an explicit way on for a different
// concern; "status HX-..." answers the person who made it and nobody else; "not sure" about
// immediate danger gets 999 at once; the referrer's notice is retried until it lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../bot/adapter.ts';
import { AuditLog } from '../bot/auth/audit.ts';
import { DutyChannels } from '../bot/handoff/delivery/duty-channel.ts';
import { CloudAdapterSender } from '../bot/handoff/delivery/teams.ts';
import { DeliveryWorker } from '../bot/handoff/delivery/worker.ts';
import { next, startFlow } from '../bot/handoff/flow.ts';
import { newReference } from '../knowledge/handoff/reference.ts';
import { HandoffService } from '../bot/handoff/service.ts';
import { DutyQueue } from '../bot/handoff/queue.ts';
import { statusQuery } from '../bot/handoff/status.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { createLogger } from '../bot/log.ts';
import type { Database } from '../bot/storage/sql.ts';
import { renderPrompt } from '../cards/handoff/prompts.ts';
import { NEW_CONCERN } from '../cards/handoff/referral-status.ts';
import { answerAll, botClient, cardStep, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { actionData, allWords } from './helpers/conversation.ts';
import { type DirectLineUser, directLineUser } from './helpers/directline-client.ts';
import { startFakeConnector } from './helpers/fake-connector.ts';
import { harmTriage, submitHandoff, TYPED_ANSWERS } from './helpers/handoff.ts';
import { ENGINES } from './helpers/engines.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { createPostgresDatabase } from './helpers/postgres.ts';
import { waitFor } from './helpers/wait.ts';

const TOKEN = 'duty-token-for-the-follow-up-test-0123456789';
let t: TestService;
const users: DirectLineUser[] = [];
beforeAll(async () => {
  t = await startTestService('referral-followup', { DUTY_TOKEN: TOKEN });
});
afterAll(async () => {
  for (const u of users) u.end();
  await t?.stop();
});

const duty = (path: string, body: unknown) => callJson(t.service.url, 'POST', path, body, { authorization: `Bearer ${TOKEN}`, 'x-duty-name': 'Alex Duty' });
const user = async () => {
  const u = await directLineUser(t.service.url);
  users.push(u);
  return u;
};
/** Takes "This is a new, different concern" (confirming the start again, where the consultation asks first). */
async function newConcern(u: DirectLineUser) {
  let replies = await u.submit(actionData(await u.say('duty summary'), NEW_CONCERN));
  if (/Start again\?/.test(allWords(replies))) replies = await u.submit(actionData(replies, 'Yes, start again'));
  return replies;
}
/** Describes a harm concern, answers the summary and sends it; returns the reference. */
async function refer(u: DirectLineUser): Promise<string> {
  const check = await answerAll(u, await startDutySummary(u));
  expect(cardStep(check).kind).toBe('check');
  const reference = referenceIn(await u.submit({ handoff: 'submit' }));
  expect(reference).toMatch(/^HX-/);
  return reference!;
}

describe('after a summary is sent, the consultation knows it', () => {
  let jo: DirectLineUser;
  let reference: string;

  it('asking for the duty summary again shows the reference, when it was sent and that it is waiting; nothing is stored twice', { timeout: 90_000 }, async () => {
    jo = await user();
    reference = await refer(jo);
    const stored = (await t.service.handoff.store.list()).length;
    const again = allWords(await jo.say('duty summary'));
    expect(again).toContain(`You have already sent the duty summary for this concern: reference ${reference}, on `);
    expect(again).toMatch(/on \d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d \(UK time\)/);
    expect(again).toContain('Status: waiting. The duty team has not acknowledged it yet');
    expect(again).toContain(NEW_CONCERN);
    expect((await t.service.handoff.store.list()).length).toBe(stored);
  });

  it('reaching the outcome again shows the summary sent and, once acknowledged, who acknowledged it', async () => {
    expect((await duty(`/api/duty/handoffs/${reference}/acknowledge`, {})).status).toBe(200);
    const replies = await jo.say('outcome');
    const words = allWords(replies);
    expect(words).toContain('Review my answers');
    expect(words).toContain(`You have already sent the duty summary for this concern: reference ${reference}`);
    expect(words).toContain('Status: acknowledged by Alex Duty (duty token) on ');
  });

  it('once the outcome is recorded, the offer of the summary shows the outcome, never a new summary', async () => {
    expect((await duty(`/api/duty/handoffs/${reference}/outcome`, { outcome: 'no-further-action', note: 'Spoke to the school' })).status).toBe(200);
    await jo.waitForWords(new RegExp(`recorded an outcome for the summary you sent \\(reference ${reference}\\)`));
    const stored = (await t.service.handoff.store.list()).length;
    const replies = await jo.submit({ action: 'handoff' });
    const words = allWords(replies);
    expect(words).toContain(`already sent the duty summary for this concern: reference ${reference}`);
    expect(words).toContain('Status: outcome recorded. No further action, recorded by Alex Duty (duty token)');
    expect(words).toContain('Their note: Spoke to the school');
    expect(cardStep(replies).kind).not.toBe('question');
    expect((await t.service.handoff.store.list()).length).toBe(stored);
  });

  it('"this is a new, different concern" starts a new consultation, whose summary is its own', async () => {
    const replies = await newConcern(jo);
    expect(allWords(replies)).toMatch(/Tell me what is worrying you about the child/);
    const first = await startDutySummary(jo, 'Her brother told me their dad kicked him last night.');
    expect(cardStep(first).kind).toBe('question');
    expect(allWords(first)).not.toContain('already sent');
  });
});

describe('"status HX-..." answers the person who made it only', () => {
  let sam: DirectLineUser;
  let reference: string;
  const NOT_YOURS = /I can only tell the person who made a duty summary about it/;

  it('tells the referrer the status, however they ask', { timeout: 90_000 }, async () => {
    sam = await user();
    reference = await refer(sam);
    for (const ask of [`Has the duty team looked at ${reference}?`, `status ${reference.toLowerCase().replace(/-/g, ' ')}`, reference, 'has the duty team looked at it?']) {
      const words = allWords(await sam.say(ask));
      expect(words, ask).toContain(`Duty summary ${reference}, sent on `);
      expect(words, ask).toContain('Status: waiting');
    }
    expect((await t.service.handoff.audit.entries({ reference })).map((e) => e.action)).toContain('referrer-viewed-status');
  });

  it('gives anyone else the same polite refusal whether or not the reference exists', async () => {
    const other = await user();
    const theirs = allWords(await other.say(`status ${reference}`));
    expect(theirs).toMatch(NOT_YOURS);
    expect(theirs).not.toContain('Status:');
    let missing = newReference();
    while (missing === reference) missing = newReference();
    expect(allWords(await other.say(`Has the duty team looked at ${missing}?`))).toBe(theirs);
    expect(allWords(await other.say('status HX-AAA-AAA'))).toBe(theirs);
    expect(allWords(await other.say('status'))).toMatch(/No duty summary has been sent from this chat/);
    expect((await t.service.handoff.audit.entries({ reference })).map((e) => e.action)).toContain('referrer-status-refused');
  });

  it('answers in the middle of another summary, then asks the same question again', async () => {
    await newConcern(sam);
    const first = await startDutySummary(sam, 'Another pupil says her uncle hurts her.');
    const asked = cardStep(first);
    expect(asked.kind).toBe('question');
    const replies = await sam.say(`status ${reference}`);
    expect(allWords(replies)).toContain(`Duty summary ${reference}`);
    expect(cardStep(replies.slice(-1))).toMatchObject({ kind: 'question', field: asked.field });
  });

  it('in a Teams group chat, answers the member who made it and not the others in the same chat', { timeout: 90_000 }, async () => {
    const conversationId = '19:group-chat@unq.gbl.spaces';
    const sam = botClient(t.service.url, { channelId: 'msteams', conversationId, userId: '29:sam', userName: 'Sam Taylor', aadObjectId: 'sam-oid' });
    const jo = botClient(t.service.url, { channelId: 'msteams', conversationId, userId: '29:jo', userName: 'Jo Patel', aadObjectId: 'jo-oid' });
    const check = await answerAll(sam, await startDutySummary(sam));
    expect(cardStep(check).kind).toBe('check');
    const ref = referenceIn(await sam.say('send'))!;
    expect(allWords(await sam.say(`status ${ref}`))).toContain(`Duty summary ${ref}, sent on `);
    expect(allWords(await jo.say(`status ${ref}`))).toMatch(NOT_YOURS);
  });

  it('leaves a concern that mentions the duty team to the consultation', () => {
    expect(statusQuery('the duty team has seen this family before and mum is drinking again')).toBeUndefined();
    expect(statusQuery('she said her dad hits her')).toBeUndefined();
    expect(statusQuery('What has been done: I rang the duty team, ref HX-7K3-9RE')).toBeUndefined();
    expect(statusQuery('is the duty team open on Saturdays?')).toBeUndefined();
    // A question followed by anything else goes to the consultation, whose harm screen comes first.
    expect(statusQuery('Has the duty team looked at HX-7K3-9RE? She now says he hit her again')).toBeUndefined();
    expect(statusQuery('status HX-7K3-9RE. she has a new bruise today')).toBeUndefined();
    expect(statusQuery('has the duty team looked at my referral yet')).toEqual({ latest: true });
    expect(statusQuery('any update on HX 7K3 9RE')).toEqual({ reference: expect.stringMatching(/^HX/) });
  });
});

describe('"not sure" about immediate danger inside the summary', () => {
  it('gets "ring 999 now" in the very next reply, as in the consultation', () => {
    let s = startFlow({ triage: harmTriage() });
    while (s.prompt.kind === 'question' && s.prompt.question.id !== 'immediateDanger') s = next(s.state, { text: TYPED_ANSWERS[s.prompt.question.id] });
    expect(s.prompt.kind).toBe('question');
    for (const unsure of ['not sure', "don't know", { handoff: 'answer', field: 'immediateDanger', answer: 'unsure' }]) {
      const after = next(s.state, typeof unsure === 'string' ? { text: unsure } : { value: unsure });
      expect(after.state.answers.immediateDanger).toBe('unsure');
      const shown = renderPrompt(after.prompt);
      expect(shown.text, String(unsure)).toMatch(/ring 999 now/);
      expect(shown.speak).toMatch(/ring 999 now/);
    }
    // A firm "no" does not.
    expect(renderPrompt(next(s.state, { text: 'no' }).prompt).text).not.toMatch(/ring 999 now/);
  });
});

describe.each(ENGINES)('%s: the referrer\u2019s notice is durable', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it('is retried until it lands when the connector fails, and stops when the conversation is gone', async () => {
    const fake = await startFakeConnector();
    const store = new HandoffStore(db);
    const audit = new AuditLog(db);
    const worker = new DeliveryWorker(
      { store, channels: new DutyChannels(db, { configured: { serviceUrl: fake.url, conversationId: '19:duty@thread.tacv2', source: 'configured' }, authenticated: false }), sender: new CloudAdapterSender(createAdapter({}), undefined), audit, log: createLogger('silent') },
      { baseDelayMs: 10, maxDelayMs: 100, attemptTimeoutMs: 2000, reconcileDelayMs: 0, pollMs: 20 },
    );
    const service = new HandoffService({ store, queue: new DutyQueue(db), audit, kick: () => worker.kick() });
    const chat = (id: string) => ({ channelId: 'msteams', serviceUrl: fake.url, conversation: { id }, bot: { id: '28:bot' }, user: { id: '29:sam' } });
    const notice = async (ref: string) => (await store.outbox.forReference(ref)).find((o) => o.kind === 'referrer-outcome');
    try {
      const ref = await submitHandoff(store, 'k1', { referrerConversation: chat('a:sam') });
      const gone = await submitHandoff(store, 'k2', { referrerConversation: chat('a:removed') });
      worker.start();
      await waitFor('the duty posts', async () => (await store.get(ref))?.duty.state === 'delivered' && (await store.get(gone))?.duty.state === 'delivered');
      fake.failNextCreates(2, 503);
      await service.recordOutcome(ref, 'accepted-for-assessment', undefined, { id: 'token:x', name: 'Alex Duty' }, 'duty-page');
      const sent = await waitFor('the notice, after two failures', () => fake.created.find((c) => c.conversationId === 'a:sam'));
      expect(String(sent.activity.text)).toContain(ref);
      await waitFor('the notice marked delivered', async () => (await notice(ref))?.state === 'delivered');
      expect(await notice(ref)).toMatchObject({ state: 'delivered', attempts: 3 });
      expect(fake.created.filter((c) => c.conversationId === 'a:sam')).toHaveLength(1);

      fake.failNextCreates(1, 404);
      await service.recordOutcome(gone, 'no-further-action', undefined, { id: 'token:x', name: 'Alex Duty' }, 'duty-page');
      await waitFor('the notice given up', async () => (await notice(gone))?.lastResult === 'referrer-conversation-gone');
      expect(await notice(gone)).toMatchObject({ state: 'delivered', attempts: 1 });
      expect((await audit.entries({ reference: gone })).map((e) => e.action)).toContain('referrer-not-told:conversation-gone');
    } finally {
      await worker.stop();
      await fake.close();
    }
  });

  it('links each handoff to its conversation, consultation and maker, and forgets it with the handoff', async () => {
    const store = new HandoffStore(db);
    const link = { conversationKey: 'msteams|a:chat|29:sam', consultationId: 'c-1', referrerKey: 'msteams|aad:sam' };
    const first = await submitHandoff(store, 'draft-a', { referral: link });
    const second = await submitHandoff(store, 'draft-b', { referral: { ...link, consultationId: 'c-2' } });
    expect(await store.referrals.get(first)).toMatchObject({ reference: first, ...link });
    expect((await store.referrals.latest(link.conversationKey, 'c-1'))?.reference).toBe(first);
    expect((await store.referrals.latest(link.conversationKey, 'c-2'))?.reference).toBe(second);
    expect(await store.referrals.latest(link.conversationKey, 'c-3')).toBeUndefined();
    expect(await store.referrals.latest('msteams|a:other|29:sam')).toBeUndefined();
    await store.purge(new Date(Date.now() + 60_000), new Date(0));
    expect(await store.referrals.get(first)).toBeUndefined();
  });
});

describe('on PostgreSQL, the whole service', () => {
  let pgService: TestService;
  beforeAll(async () => {
    pgService = await startTestService('referral-pg', { DUTY_TOKEN: TOKEN, DATABASE_URL: await createPostgresDatabase() });
  });
  afterAll(() => pgService?.stop());

  it('shows the summary already sent and answers status to its maker only', { timeout: 90_000 }, async () => {
    const conversationId = '19:pg-group-chat@unq.gbl.spaces';
    const sam = botClient(pgService.service.url, { channelId: 'msteams', conversationId, userId: '29:sam', userName: 'Sam Taylor', aadObjectId: 'sam-oid' });
    const jo = botClient(pgService.service.url, { channelId: 'msteams', conversationId, userId: '29:jo', userName: 'Jo Patel', aadObjectId: 'jo-oid' });
    const check = await answerAll(sam, await startDutySummary(sam));
    expect(cardStep(check).kind).toBe('check');
    const ref = referenceIn(await sam.say('send'))!;
    expect(allWords(await sam.say('duty summary'))).toContain(`You have already sent the duty summary for this concern: reference ${ref}`);
    expect(allWords(await sam.say(`status ${ref}`))).toContain(`Duty summary ${ref}, sent on `);
    expect(allWords(await jo.say(`status ${ref}`))).toMatch(/I can only tell the person who made a duty summary about it/);
    expect(await pgService.service.handoff.store.list()).toHaveLength(1);
  });
});
