// The whole handoff through the real server: Teams-shaped activities to POST /api/messages (the
// real CloudAdapter, expectReplies, the real conversation), the duty channel captured from the
// install event, a harm concern whose duty summary is offered, filled in and sent, the summary
// posted to a fake Bot Connector on loopback, the duty card's buttons, and the referrer told the
// outcome in their own chat; then the same from the web chat page's side. A canary string typed
// into every answer must never reach a log line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { startService, type RunningService } from '../bot/service.ts';
import { answerAll, type BotClient, botClient, cardStep, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { actionData, allWords } from './helpers/conversation.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';
import { TYPED_ANSWERS } from './helpers/handoff.ts';
import { waitFor } from './helpers/wait.ts';

const CANARY = 'Zqx7Canary';
const TOKEN = 'duty-token-for-the-teams-test-0123456789';
const TEAM_CHANNEL = '19:duty-general@thread.tacv2';
let service: RunningService;
let fake: FakeConnector;
let dir: string;
const logLines: string[] = [];
let sam: BotClient;
let reference: string;

/** Someone in Teams: proactive messages to their conversation go to the fake Bot Connector. */
const teams = (who: { conversationId: string; userId: string; userName: string; aadObjectId?: string }) => botClient(service.url, { channelId: 'msteams', serviceUrl: fake.url, ...who });

const dutyApi = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(service.url + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers as object) } });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'teams-'));
  fake = await startFakeConnector();
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    GRAPH_BASE_URL: fake.url,
    DUTY_TOKEN: TOKEN,
    DELIVERY_BASE_DELAY_MS: '10',
    DELIVERY_MAX_DELAY_MS: '200',
    DELIVERY_RECONCILE_DELAY_MS: '0',
    DELIVERY_POLL_MS: '20',
  });
  service = await startService(config, { log: createLogger('debug', (l) => logLines.push(l)) });
  sam = teams({ conversationId: 'a:chat-with-sam', userId: '29:sam', userName: 'Sam Taylor', aadObjectId: 'sam-oid' });
});
afterAll(async () => {
  await service?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a harm case in Teams', () => {
  it('installing the app in the duty team makes that team the duty channel', async () => {
    const manager = teams({ conversationId: TEAM_CHANNEL, userId: '29:duty-manager', userName: 'Duty Manager', aadObjectId: 'manager-oid' });
    const r = await manager.send({
      type: 'installationUpdate',
      action: 'add',
      conversation: { id: TEAM_CHANNEL, conversationType: 'channel', tenantId: 'tenant-1', isGroup: true, name: 'General' },
      channelData: { team: { id: TEAM_CHANNEL, aadGroupId: 'duty-group-id' }, tenant: { id: 'tenant-1' } },
    });
    expect(r.status).toBe(200);
    expect((await service.handoff.channels.current())).toMatchObject({ conversationId: TEAM_CHANNEL, teamId: 'duty-group-id', source: 'installed' });
    expect((await service.handoff.audit.entries({ action: 'duty-channel-captured' }))).toHaveLength(1);
  });

  it('in the duty team’s channels it answers only when @mentioned, though Teams sends it every message there', async () => {
    const colleague = teams({ conversationId: TEAM_CHANNEL, userId: '29:duty-worker', userName: 'Pat Duty' });
    const channel = { id: TEAM_CHANNEL, conversationType: 'channel', isGroup: true, name: 'General' };
    const chatter = await colleague.send({ text: 'Morning all, who is on the phones today?', conversation: channel });
    expect(chatter).toEqual({ status: 200, activities: [] });
    const mention = { type: 'mention', mentioned: { id: 'bot', name: 'Early help guide' }, text: '<at>Early help guide</at>' };
    const asked = await colleague.send({ text: '<at>Early help guide</at> levels', conversation: channel, entities: [mention] });
    expect(allWords(asked.activities)).toMatch(/The four levels of need/);
  });

  it("ends with a reference, after asking only what was missing (not the practitioner's name: Teams gave it)", async () => {
    const answers = Object.fromEntries((await Object.entries(TYPED_ANSWERS)).map(([k, v]) => [k, k === 'childName' ? `${CANARY}` : k === 'referrerPhone' || k.match(/immediateDanger|dslTold|parentAware|consent$/) ? v : `${v} ${CANARY}`]));
    const first = await startDutySummary(sam, `I am worried: ${CANARY} has a bruise and says his mum's partner hit him`);
    expect(cardStep(first)).toMatchObject({ kind: 'question', field: 'immediateDanger' });
    const asked: string[] = [];
    let replies = first;
    for (let i = 0; i < 40; i++) {
      const step = cardStep(replies);
      if (step.kind !== 'question') break;
      asked.push(step.field!);
      // Every prompt speaks and expects an answer.
      expect(replies[0]).toMatchObject({ inputHint: 'expectingInput', speak: expect.stringMatching(/^<speak/) });
      replies = await sam.say(answers[step.field!]!);
    }
    expect(asked).not.toContain('referrerName');
    expect(asked).not.toContain('concern');
    const check = cardStep(replies);
    expect(check.kind).toBe('check');
    expect(check.text).toContain('Your name (from Teams): Sam Taylor');
    const sent = await sam.submit({ handoff: 'submit' });
    reference = referenceIn(sent)!;
    expect(reference).toMatch(/^HX-/);
    expect(cardStep(sent).text).toContain('01225 396312');
    // Confirmed only once stored:
    expect((await service.handoff.store.get(reference))).toBeDefined();
  });

  it('a repeated "send" (a retried request) gives the same reference and stores nothing twice', async () => {
    const again = await sam.submit({ handoff: 'submit' });
    expect(referenceIn(again)).toBe(reference);
    expect((await service.handoff.store.list()).filter((h) => h.reference === reference)).toHaveLength(1);
  });

  it('reaches the duty channel exactly once, and the duty page shows it', async () => {
    await waitFor('the duty post', async () => (await service.handoff.store.get(reference))?.duty.state === 'delivered');
    expect(fake.postsCarrying(reference, TEAM_CHANNEL)).toHaveLength(1);
    const list = await dutyApi('/api/duty/handoffs');
    expect(list.body.handoffs.filter((h: any) => h.reference === reference)).toHaveLength(1);
  });

  it('the duty card\'s Acknowledge works from the duty channel and redraws the card', async () => {
    const post = fake.postsCarrying(reference, TEAM_CHANNEL)[0]!;
    const duty = teams({ conversationId: `${TEAM_CHANNEL};messageid=${post.id}`, userId: '29:alex', userName: 'Alex Duty', aadObjectId: 'alex-oid' });
    const r = (await duty.send({ value: { handoffDuty: 'acknowledge', reference }, replyToId: post.id })).activities as any[];
    expect(r[0].text).toBe(`Acknowledged: ${reference}, by Alex Duty.`);
    expect(r[0].speak).toBe(`<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-GB">Acknowledged: ${reference}, by Alex Duty.</speak>`);
    await waitFor('the card update', () => post.updates.length > 0);
    expect(JSON.stringify(post.updates.at(-1))).toContain('Acknowledged by Alex Duty');
    const again = await duty.submit({ handoffDuty: 'acknowledge', reference });
    expect(again[0].text).toMatch(/already acknowledged by Alex Duty/);
  });

  it('tampered, foreign or stale card actions get a polite reply and change nothing', async () => {
    const post = fake.postsCarrying(reference, TEAM_CHANNEL)[0]!;
    const duty = teams({ conversationId: `${TEAM_CHANNEL};messageid=${post.id}`, userId: '29:alex', userName: 'Alex Duty' });
    expect((await duty.submit({ handoffDuty: 'acknowledge', reference: 'HX-AAA-AAA' }))[0].text).toMatch(/does not match a handoff I hold/);
    expect((await duty.submit({ handoffDuty: 'delete', reference }))[0].text).toMatch(/does not match/);
    expect((await duty.submit({ handoffDuty: 'outcome', reference, outcome: 'close-the-case' }))[0].text).toMatch(/choose an outcome/);
    // The same button pressed from somewhere other than the duty channel:
    expect((await sam.submit({ handoffDuty: 'outcome', reference, outcome: 'no-further-action' }))[0].text).toMatch(/only be taken from the card in the duty channel/);
    expect((await service.handoff.store.get(reference))!.status).toBe('acknowledged');
  });

  it('an outcome recorded from the card reaches the referrer in their own conversation', async () => {
    const post = fake.postsCarrying(reference, TEAM_CHANNEL)[0]!;
    const duty = teams({ conversationId: `${TEAM_CHANNEL};messageid=${post.id}`, userId: '29:alex', userName: 'Alex Duty', aadObjectId: 'alex-oid' });
    const r = await duty.submit({ handoffDuty: 'outcome', reference, outcome: 'accepted-for-assessment', note: 'Social worker allocated' });
    expect(r[0].text).toMatch(/Outcome recorded/);
    const notice = await waitFor('the referrer notice', () => fake.created.find((c) => c.conversationId === sam.conversationId));
    expect(notice.activity.text).toContain(reference);
    expect(notice.activity.text).toContain('Accepted for assessment');
    expect(notice.activity).toMatchObject({ recipient: { id: '29:sam' } });
    const stale = await duty.submit({ handoffDuty: 'outcome', reference, outcome: 'no-further-action' });
    expect(stale[0].text).toMatch(/already has an outcome \(Accepted for assessment/);
  });

  it('an outcome recorded on the duty page reaches the referrer in their own conversation', async () => {
    const jo = teams({ conversationId: 'a:chat-with-jo', userId: '29:jo', userName: 'Jo Patel' });
    const check = await answerAll(jo, await startDutySummary(jo, 'A child told me her stepdad hits her'));
    const ref = referenceIn(await jo.say('send'))!;
    expect(ref).toMatch(/^HX-/);
    expect(cardStep(check).kind).toBe('check');
    await waitFor('the duty post', async () => (await service.handoff.store.get(ref))?.duty.state === 'delivered');
    const r = await dutyApi(`/api/duty/handoffs/${ref}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'no-further-action', note: 'Discussed with the DSL' }) });
    expect(r.status).toBe(200);
    const notice = await waitFor('the referrer notice', () => fake.created.find((c) => c.conversationId === jo.conversationId));
    expect(notice.activity.text).toContain(ref);
    expect(notice.activity.text).toContain('No further action');
    expect(notice.activity.text).toContain('Discussed with the DSL');
  });

  it('no log line carries anything the practitioner typed (canary)', async () => {
    expect(logLines.length).toBeGreaterThan(10);
    const leaks = logLines.filter((l) => l.includes(CANARY));
    expect(leaks).toEqual([]);
    // Nor does the audit log.
    expect(JSON.stringify((await service.handoff.audit.entries({ limit: 1000 })))).not.toContain(CANARY);
    // The canary did go through: it is in the stored summary.
    expect(JSON.stringify((await service.handoff.store.get(reference))!.summary)).toContain(CANARY);
  });
});

describe('a harm case in web chat', () => {
  it('ends with a reference; the summary reaches the duty page and the duty channel exactly once', async () => {
    // As the web chat page talks to the bot: channel "webchat", its own origin as the service URL.
    const page = botClient(service.url, { channelId: 'webchat', serviceUrl: service.url });
    const harm = await page.say('I am worried about a 6 year old: she told me her dad hits her with a belt');
    expect(allWords(harm.slice(0, 1))).toContain('01225 396312');
    const first = await page.submit(actionData(harm, 'Prepare the duty summary'));
    // Web chat has no Teams name to give: the practitioner is asked for theirs.
    const check = await answerAll(page, first);
    expect(cardStep(check).kind).toBe('check');
    const ref = referenceIn(await page.submit({ handoff: 'submit' }))!;
    expect(ref).toMatch(/^HX-/);
    await waitFor('the duty post', async () => (await service.handoff.store.get(ref))?.duty.state === 'delivered');
    expect(fake.postsCarrying(ref, TEAM_CHANNEL)).toHaveLength(1);
    const list = await dutyApi('/api/duty/handoffs');
    expect(list.body.handoffs.filter((h: any) => h.reference === ref)).toHaveLength(1);
    const opened = await dutyApi(`/api/duty/handoffs/${ref}`);
    expect(opened.body.text).toContain('Sam Taylor');
    expect(opened.body.text).toContain('she told me her dad hits her with a belt');
    // The web chat page has no connector to carry a later message back, so none is attempted.
    expect((await service.handoff.store.get(ref))!.referrerConversation).toBeUndefined();
  });
});

describe('a flow in progress survives a restart', () => {
  it('picks up at the same question after the service restarts', async () => {
    // A new client after the restart: the same person in the same Teams chat, at the new address.
    const kim = () => teams({ conversationId: 'a:chat-with-kim', userId: '29:kim', userName: 'Kim' });
    let r = await startDutySummary(kim());
    r = await kim().say('no');
    expect(cardStep(r).field).toBe('whereNow');
    await service.stop();
    service = await startService(loadConfig({ PORT: '0', DATA_DIR: dir, GRAPH_BASE_URL: fake.url, DUTY_TOKEN: TOKEN }), { log: createLogger('silent') });
    r = await kim().say('At home with mum');
    expect(cardStep(r).field).toBe('childName');
    const done = await answerAll(kim(), r);
    expect(cardStep(done).kind).toBe('check');
  });
});
