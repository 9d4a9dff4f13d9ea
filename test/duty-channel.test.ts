// The duty channel is designated deliberately, never captured (issue 9 item 3, ADR-010). Through the
// real server and the real Bot Framework adapter: forged install events (whatever their channelId)
// never make a channel the duty channel, so the next practitioner's summary, child's name and all,
// is not posted to the forger's connector; a forged duty card press changes no handoff; with an
// app id, only activities whose Bot Framework token verifies count, an install only adds a
// candidate, and a card press from a team that is not the designated channel is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { startService, type RunningService } from '../bot/service.ts';
import { answerAll, botClient, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { startFakeBotFramework, type FakeBotFramework } from './helpers/bot-framework.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';

const TOKEN = 'duty-token-for-the-duty-channel-test-0123';
const BOARD = 'board-token-for-the-duty-channel-test-0123';
const FORGED_TEAM = '19:forged-team@thread.tacv2';
const SURNAME = 'Quenbyforge';
const fast = { DELIVERY_BASE_DELAY_MS: '10', DELIVERY_MAX_DELAY_MS: '200', DELIVERY_RECONCILE_DELAY_MS: '0', DELIVERY_POLL_MS: '20' };
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'duty-channel-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const installs = (serviceUrl: string, channelId: string) => [
  {
    type: 'installationUpdate',
    action: 'add',
    channelId,
    serviceUrl,
    conversation: { id: FORGED_TEAM, conversationType: 'channel', tenantId: 't-1' },
    channelData: { team: { id: FORGED_TEAM, aadGroupId: 'forged-group', name: 'Forged' }, tenant: { id: 't-1' } },
  },
  {
    type: 'conversationUpdate',
    channelId,
    serviceUrl,
    membersAdded: [{ id: 'bot', name: 'Early help guide' }],
    conversation: { id: FORGED_TEAM, conversationType: 'channel', tenantId: 't-1' },
    channelData: { team: { id: FORGED_TEAM, aadGroupId: 'forged-group' }, tenant: { id: 't-1' } },
  },
];

async function makeHandoff(service: RunningService, client = botClient(service.url)): Promise<string> {
  const answers = { childName: `Jamie ${SURNAME}` };
  const check = await answerAll(client, await startDutySummary(client), { ...(await import('./helpers/handoff.ts')).TYPED_ANSWERS, ...answers });
  expect(JSON.stringify(check)).toContain(SURNAME);
  const ref = referenceIn(await client.submit({ handoff: 'submit' }));
  expect(ref).toMatch(/^HX-/);
  return ref!;
}

describe('anonymous (no app id): a forged install or card press changes nothing', () => {
  let service: RunningService;
  let forger: FakeConnector;
  beforeAll(async () => {
    forger = await startFakeConnector();
    service = await startService(loadConfig({ PORT: '0', DATA_DIR: tempDir(), DUTY_TOKEN: TOKEN, BOARD_TOKEN: BOARD, ...fast }), { log: createLogger('silent') });
  });
  afterAll(async () => {
    await service?.stop();
    await forger?.close();
  });

  it('forged installs (webchat and msteams) then a handoff: nothing reaches the forged connector, the summary waits on the duty page', async () => {
    for (const channelId of ['webchat', 'msteams']) {
      for (const event of installs(forger.url, channelId)) {
        const r = await botClient(service.url, { channelId, serviceUrl: forger.url, conversationId: FORGED_TEAM }).send(event as never);
        expect(r.status).toBe(200);
      }
    }
    expect((await service.handoff.channels.current())).toBeUndefined();
    const ref = await makeHandoff(service);
    await pause(400); // twenty polls of the delivery worker
    expect(forger.requests).toEqual([]);
    expect(forger.postsCarrying(SURNAME)).toEqual([]);
    expect((await service.handoff.store.get(ref))!.duty).toMatchObject({ state: 'pending', lastResult: 'no-duty-channel' });
    const page = await fetch(`${service.url}/api/duty/handoffs/${ref}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await page.json()) as { text: string }).text).toContain(SURNAME);
    const channel = await fetch(`${service.url}/api/duty/channel`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await channel.json()).toEqual({ mode: 'anonymous', current: null, candidates: [] });
    // Not audited either: anyone could post these as often as they like.
    expect((await service.handoff.audit.entries({ limit: 1000 })).filter((e) => e.action.startsWith('duty-channel'))).toEqual([]);
  });

  it('a forged card press (acknowledge, outcome) gets a polite refusal, is audited once, and leaves the handoff as it was', async () => {
    const ref = await makeHandoff(service);
    const duty = botClient(service.url, { channelId: 'msteams', serviceUrl: forger.url, conversationId: `${FORGED_TEAM};messageid=1`, userId: '29:forger', userName: 'Forger' });
    const ack = await duty.submit({ handoffDuty: 'acknowledge', reference: ref });
    expect(ack[0]!.text).toMatch(/Duty actions can only be taken from the card in the duty channel\. Nothing was changed/);
    const outcome = await duty.submit({ handoffDuty: 'outcome', reference: ref, outcome: 'no-further-action' });
    expect(outcome[0]!.text).toMatch(/Nothing was changed/);
    const h = (await service.handoff.store.get(ref))!;
    expect(h.status).toBe('new');
    expect(h.acknowledged).toBeUndefined();
    expect(h.outcome).toBeUndefined();
    const refused = (await service.handoff.audit.entries({ action: 'auth-refused:not-authenticated' }));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.detail).toMatchObject({ realm: 'duty-card' });
  });

  it('the duty page cannot designate a channel while anonymous (409), and the board token cannot call it at all', async () => {
    const post = (token: string) =>
      fetch(`${service.url}/api/duty/channel`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: FORGED_TEAM }) });
    expect((await post(BOARD)).status).toBe(401);
    const r = await post(TOKEN);
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ error: 'anonymous' });
  });
});

describe('with an app id: only a verified Teams activity counts, and an install is only a candidate', () => {
  let service: RunningService;
  let bf: FakeBotFramework;
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector();
    bf = await startFakeBotFramework();
    process.env.IDENTITY_ENDPOINT = bf.env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = bf.env.IDENTITY_HEADER;
    service = await startService(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), DUTY_TOKEN: TOKEN, GRAPH_BASE_URL: connector.url, ...bf.env, ...fast }), { log: createLogger('silent') });
  });
  afterAll(async () => {
    await service?.stop();
    await connector?.close();
    await bf?.stop();
  });

  it('an install signed with a key Bot Framework never published is refused (401) and recorded nowhere', async () => {
    const forged = botClient(service.url, { channelId: 'msteams', serviceUrl: connector.url, conversationId: FORGED_TEAM, token: (url) => bf.token(url, { key: bf.otherKey }) });
    for (const event of installs(connector.url, 'msteams')) expect((await forged.send(event as never)).status).toBe(401);
    // A genuine token for another serviceUrl is refused too: the token names the connector.
    const elsewhere = botClient(service.url, { channelId: 'msteams', serviceUrl: connector.url, conversationId: FORGED_TEAM, token: () => bf.token('https://smba.example/') });
    expect((await elsewhere.send(installs(connector.url, 'msteams')[0] as never)).status).toBe(401);
    expect((await service.handoff.channels.candidates())).toEqual([]);
  });

  it('a genuine install in a school team is a candidate, not the duty channel; its card presses are refused; the duty page names only candidates', async () => {
    const school = '19:school-staff@thread.tacv2';
    const teacher = botClient(service.url, { channelId: 'msteams', serviceUrl: connector.url, conversationId: school, userId: '29:teacher', token: (url) => bf.token(url) });
    const r = await teacher.send({ ...installs(connector.url, 'msteams')[0], conversation: { id: school }, channelData: { team: { id: school, name: 'Staff room' }, tenant: { id: 't-1' } } } as never);
    expect(r.status).toBe(200);
    expect((await service.handoff.channels.current())).toBeUndefined();
    expect((await service.handoff.channels.candidates()).map((c) => c.teamName)).toEqual(['Staff room']);
    const practitioner = botClient(service.url, { channelId: 'msteams', serviceUrl: connector.url, conversationId: 'a:practitioner', token: (url) => bf.token(url) });
    const ref = await makeHandoff(service, practitioner);
    await pause(300);
    expect(connector.postsCarrying(SURNAME)).toEqual([]);
    const press = await botClient(service.url, { channelId: 'msteams', serviceUrl: connector.url, conversationId: `${school};messageid=5`, token: (url) => bf.token(url) }).submit({ handoffDuty: 'outcome', reference: ref, outcome: 'no-further-action' });
    expect(press[0]!.text).toMatch(/Nothing was changed/);
    expect((await service.handoff.store.get(ref))!.status).toBe('new');
    expect((await service.handoff.audit.entries({ action: 'auth-refused:not-duty-channel' }))).toHaveLength(1);
    const bad = await fetch(`${service.url}/api/duty/channel`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: FORGED_TEAM }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: [{ field: 'body.conversationId', reason: expect.stringMatching(/not a team the app has been installed in/) }] });
    expect((await service.handoff.audit.entries({ action: 'duty-channel-designated' }))).toEqual([]);
  });
});
