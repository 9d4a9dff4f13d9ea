// The database goes away under a running service (PostgreSQL, cut off by a TCP proxy on loopback
// in front of the run's real cluster) and comes back:
// - /healthz says the database is unreachable, within the pool's connect timeout;
// - a practitioner who describes harm is told plainly that nothing could be saved, with every
//   area's duty numbers (from the packs) and 999; one who asks something else is told too, without
//   being handed numbers as if harm were indicated;
// - a duty summary sent during the outage is told it was NOT sent (no reference is given);
// - a handoff confirmed before the outage is not lost: it reaches the duty channel once the
//   database is back, exactly once, and so does the summary sent again after the outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triage } from '../knowledge/triage.ts';
import { OUTAGE_MESSAGE, OUTAGE_NOT_SENT } from '../bot/conversation/outage.ts';
import { answerAll, botClient, cardStep, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';
import { startTestService, type TestService } from './helpers/http.ts';
import { createPostgresDatabase } from './helpers/postgres.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';
import { waitFor } from './helpers/wait.ts';

const CHANNEL = '19:duty@thread.tacv2';
const TOKEN = 'duty-token-for-the-outage-test-012345678';
let fake: FakeConnector;
let proxy: TcpProxy;
let t: TestService;

const text = (replies: { text?: string }[]) => replies.map((r) => r.text ?? '').join('\n');
const health = async () => {
  const began = Date.now();
  const res = await fetch(`${t.service.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { database: { engine: string; status: string } }, ms: Date.now() - began };
};
const duty = async () => {
  const res = await fetch(`${t.service.url}/api/duty/handoffs`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, handoffs: res.status === 200 ? ((await res.json()) as { handoffs: { reference: string; delivery: string }[] }).handoffs : [] };
};

beforeAll(async () => {
  fake = await startFakeConnector();
  const url = new URL(await createPostgresDatabase());
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  url.port = String(proxy.port);
  t = await startTestService('outage', {
    DATABASE_URL: url.toString(),
    DATABASE_POOL_SIZE: '3',
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    DATABASE_STATEMENT_TIMEOUT_MS: '2000',
    DUTY_TOKEN: TOKEN,
    DUTY_CHANNEL_ID: CHANNEL,
    DUTY_SERVICE_URL: fake.url,
    DUTY_TEAM_ID: 'duty-group',
    GRAPH_BASE_URL: fake.url,
    DELIVERY_BASE_DELAY_MS: '20',
    DELIVERY_MAX_DELAY_MS: '200',
    DELIVERY_ATTEMPT_TIMEOUT_MS: '500',
    DELIVERY_RECONCILE_DELAY_MS: '0',
    DELIVERY_POLL_MS: '50',
  });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await proxy?.close();
  await fake?.close();
});

describe('a database outage', () => {
  it('is reported, answered with the duty numbers when harm may be indicated, and loses no confirmed handoff', { timeout: 90_000 }, async () => {
    expect(await health()).toMatchObject({ status: 200, body: { database: { engine: 'postgres', status: 'ok' } } });
    const teams = { channelId: 'msteams', serviceUrl: fake.url };
    // Confirmed before the outage, while the duty channel refuses every post: it waits in the outbox.
    fake.failNextCreates(10_000, 503);
    const first = botClient(t.service.url, { ...teams, conversationId: 'a:outage-1', userId: '29:first', userName: 'Sam Taylor' });
    expect(cardStep(await answerAll(first, await startDutySummary(first))).kind).toBe('check');
    const confirmed = referenceIn(await first.submit({ handoff: 'submit' }));
    expect(confirmed).toMatch(/^HX-/);
    // A second practitioner is part way through their summary when the database goes.
    const second = botClient(t.service.url, { ...teams, conversationId: 'a:outage-2', userId: '29:second', userName: 'Alex Khan' });
    expect(cardStep(await answerAll(second, await startDutySummary(second))).kind).toBe('check');

    proxy.cut();
    fake.failNextCreates(0);
    const down = await health();
    expect(down).toMatchObject({ status: 503, body: { database: { engine: 'postgres', status: 'unreachable' } } });
    expect(down.ms).toBeLessThan(5000);

    const harm = text(await botClient(t.service.url, teams).say('She told me her stepdad hits her with a belt when her mum is at work.'));
    expect(harm).toContain(OUTAGE_MESSAGE);
    for (const pack of t.service.knowledge.packs.values()) {
      const numbers = triage(t.service.knowledge, { answers: { harm: 'yes' }, locality: pack.id }, { defaultLocality: pack.id }).contacts.flatMap((c) => c.phones).filter((p) => p !== '999');
      expect(harm).toContain(pack.manifest.name);
      for (const n of numbers) expect(harm).toContain(n);
    }
    expect(harm).toContain('999');
    const other = text(await botClient(t.service.url, teams).say('what does level 2 mean?'));
    expect(other).toContain(OUTAGE_MESSAGE);
    expect(other).not.toContain('ring the duty team now');

    const notSent = await second.submit({ handoff: 'submit' });
    expect(referenceIn(notSent)).toBeUndefined();
    expect(text(notSent)).toContain(OUTAGE_NOT_SENT);
    expect(text(notSent)).toContain('ring the duty team now');
    expect((await duty()).status).toBe(503);

    proxy.restore();
    await waitFor('the database back', async () => (await health()).status === 200, 15_000, 100);
    const sentAgain = referenceIn(await second.submit({ handoff: 'submit' }));
    expect(sentAgain).toMatch(/^HX-/);
    expect(sentAgain).not.toBe(confirmed);
    const delivered = await waitFor('both handoffs delivered', async () => {
      const list = (await duty()).handoffs.filter((h) => h.reference === confirmed || h.reference === sentAgain);
      return list.length === 2 && list.every((h) => h.delivery === 'delivered') ? list : undefined;
    }, 30_000, 100);
    expect(delivered).toHaveLength(2);
    expect(fake.postsCarrying(confirmed!, CHANNEL)).toHaveLength(1);
    expect(fake.postsCarrying(sentAgain!, CHANNEL)).toHaveLength(1);
  });
});
