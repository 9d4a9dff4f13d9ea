// Delivery to the duty team through the real Bot Framework adapter (the one the service builds for
// /api/messages too), against a fake Bot Connector on loopback that fails when told to: the
// summary arrives, exactly once, whatever fails on the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../bot/adapter.ts';
import { AuditLog } from '../bot/auth/audit.ts';
import { backoffDelay } from '../bot/handoff/delivery/backoff.ts';
import { DutyChannels, type DutyTarget, readInstallEvent } from '../bot/handoff/delivery/duty-channel.ts';
import { GraphReconciler } from '../bot/handoff/delivery/graph-reconciler.ts';
import { CloudAdapterSender } from '../bot/handoff/delivery/teams.ts';
import { DeliveryWorker } from '../bot/handoff/delivery/worker.ts';
import { HandoffService } from '../bot/handoff/service.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { createLogger } from '../bot/log.ts';
import type { Database } from '../bot/storage/sql.ts';
import { sqliteAt } from './helpers/db.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';
import { submitHandoff } from './helpers/handoff.ts';
import { waitFor } from './helpers/wait.ts';

const CHANNEL = '19:duty-channel@thread.tacv2';
let dir: string;
let db: Database;
let fake: FakeConnector;
let worker: DeliveryWorker | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'delivery-'));
  db = await sqliteAt(dir);
  fake = await startFakeConnector();
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await db.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(opts: { target?: Partial<DutyTarget> | null; reconcile?: boolean } = {}) {
  const store = new HandoffStore(db);
  const audit = new AuditLog(db);
  const target: DutyTarget | undefined =
    opts.target === null ? undefined : { serviceUrl: fake.url, conversationId: CHANNEL, teamId: 'team-group-id', source: 'configured', ...opts.target };
  const channels = new DutyChannels(db, target);
  const adapter = createAdapter({});
  worker = new DeliveryWorker(
    {
      store,
      channels,
      sender: new CloudAdapterSender(adapter, undefined),
      ...(opts.reconcile === false ? {} : { reconciler: new GraphReconciler({ baseUrl: fake.url, token: async () => undefined }) }),
      audit,
      log: createLogger('silent'),
    },
    { baseDelayMs: 10, maxDelayMs: 100, attemptTimeoutMs: 2000, reconcileDelayMs: 0, pollMs: 20 },
  );
  const service = new HandoffService({ store, audit, kick: () => worker!.kick() });
  return { store, audit, channels, service, worker };
}

const submit = async (store: HandoffStore, key = 'conv-1', referrerConversation?: Record<string, unknown>) => (await submitHandoff(store, key, { referrerConversation }));

const delivered = async (store: HandoffStore, ref: string) => (await store.get(ref))?.duty.state === 'delivered';

describe('delivery to the duty channel', () => {
  it('reaches the duty channel once even when the connector fails the first three posts', async () => {
    const { store } = setup();
    const ref = (await submit(store));
    fake.failNextCreates(3, 503);
    worker!.start();
    await waitFor('delivery', () => delivered(store, ref));
    expect(fake.postsCarrying(ref, CHANNEL)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.status === 503)).toHaveLength(3);
    const h = (await store.get(ref))!;
    expect(h.duty.attempts).toBe(4);
    expect(h.duty.activityId).toBe(fake.postsCarrying(ref)[0]!.id);
    // A 503 might have created the post, so each one was reconciled before the next attempt.
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('a throttled post (429) certainly created nothing, so it is retried without reconciliation', async () => {
    const { store } = setup();
    const ref = (await submit(store));
    fake.failNextCreates(2, 429);
    worker!.start();
    await waitFor('delivery', () => delivered(store, ref));
    expect(fake.postsCarrying(ref)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
    // The failure reached the worker as it was: nothing else (no apology) was posted anywhere.
    expect(fake.created).toHaveLength(1);
  });

  it('a post that landed but whose answer was lost is found by reconciliation and not sent again', async () => {
    const { store } = setup();
    const ref = (await submit(store));
    fake.dropNextCreateResponses(1);
    worker!.start();
    await waitFor('delivery', () => delivered(store, ref));
    expect(fake.postsCarrying(ref)).toHaveLength(1);
    expect((await store.get(ref))!.duty).toMatchObject({ attempts: 1, activityId: fake.postsCarrying(ref)[0]!.id, lastResult: 'reconciled-found' });
  });

  it('without a way to reconcile, an unknown outcome is never resent blindly (the duty page still has it)', async () => {
    const { store } = setup({ reconcile: false });
    const ref = (await submit(store));
    fake.dropNextCreateResponses(1);
    worker!.start();
    await waitFor('an unknown outcome', async () => (await store.get(ref))?.duty.state === 'unknown');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.created.filter((c) => JSON.stringify(c.activity).includes(ref))).toHaveLength(1);
    expect((await store.get(ref))!.duty).toMatchObject({ state: 'unknown', attempts: 1, lastResult: 'cannot-reconcile' });
    expect((await store.list())[0]).toMatchObject({ reference: ref, delivery: 'unknown' });
  });

  it('with no duty channel yet the handoff waits, and goes to the team the app is then installed in', async () => {
    const { store, channels } = setup({ target: null });
    const ref = (await submit(store));
    await worker!.runOnce();
    expect((await store.get(ref))!.duty).toMatchObject({ state: 'pending', attempts: 0, lastResult: 'no-duty-channel' });
    const event = readInstallEvent({
      type: 'installationUpdate',
      action: 'add',
      serviceUrl: fake.url,
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
      recipient: { id: '28:bot-id' },
      from: { id: '29:installer', aadObjectId: 'installer-oid' },
      channelData: { team: { id: '19:general@thread.tacv2', aadGroupId: 'group-1' }, tenant: { id: 'tenant-1' } },
    });
    expect(event).toMatchObject({ kind: 'installed', target: { conversationId: '19:general@thread.tacv2', teamId: 'group-1', tenantId: 'tenant-1', botId: '28:bot-id' } });
    await channels.apply(event!);
    // Deferred rows wait for their time; bring it forward as the install handler's kick would.
    await db.run('UPDATE handoff_outbox SET next_attempt_at = 0');
    await worker!.runOnce();
    expect(fake.postsCarrying(ref, '19:general@thread.tacv2')).toHaveLength(1);
    expect(fake.postsCarrying(ref, '19:general@thread.tacv2')[0]!.activity).toMatchObject({ from: { id: '28:bot-id' } });
  });

  it('acknowledging redraws the card in place: an update of the same post, never a second post', async () => {
    const { store, service } = setup();
    const ref = (await submit(store));
    worker!.start();
    await waitFor('delivery', () => delivered(store, ref));
    service.acknowledge(ref, { id: 'token:x', name: 'Alex Duty' }, 'duty-page');
    const post = fake.postsCarrying(ref)[0]!;
    await waitFor('card update', () => post.updates.length === 1);
    expect(JSON.stringify(post.updates[0])).toContain('Acknowledged by Alex Duty');
    expect(JSON.stringify(post.updates[0])).not.toContain('"title":"Acknowledge"');
    expect(fake.postsCarrying(ref)).toHaveLength(1);
  });

  it('an acknowledgement made while the post was still on its way is shown on the card once it lands', async () => {
    const { store, service } = setup();
    const ref = (await submit(store));
    service.acknowledge(ref, { id: 'token:x', name: 'Early Bird' }, 'duty-page');
    worker!.start();
    await waitFor('delivery', () => delivered(store, ref));
    const post = fake.postsCarrying(ref)[0]!;
    expect(JSON.stringify(post.activity)).toContain('Acknowledged by Early Bird');
  });

  it('recording the outcome tells the referrer in their own conversation, with the reference and no child details', async () => {
    const { store, service } = setup();
    const referrer = { channelId: 'msteams', serviceUrl: fake.url, conversation: { id: 'a:referrer-chat' }, bot: { id: '28:bot-id' }, user: { id: '29:referrer' } };
    const ref = (await submit(store, 'conv-2', referrer));
    worker!.start();
    await waitFor('delivery', () => delivered(store, ref));
    service.recordOutcome(ref, 'stepped-down-to-early-help', 'Family support worker allocated', { id: 'token:x', name: 'Alex Duty' }, 'duty-page');
    const notice = await waitFor('referrer notice', () => fake.created.find((c) => c.conversationId === 'a:referrer-chat'));
    const text = String(notice.activity.text);
    expect(text).toContain(ref);
    expect(text).toContain('Stepped down to early help');
    expect(text).toContain('Family support worker allocated');
    expect(text).not.toContain('J.B.');
    expect(text).not.toContain('Oldfield');
  });
});

describe('the duty channel from Teams install events', () => {
  const teamEvent = (extra: Record<string, unknown>) => ({
    type: 'conversationUpdate',
    serviceUrl: 'https://smba.example/uk/',
    conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
    recipient: { id: '28:bot-id' },
    channelData: { team: { id: '19:general@thread.tacv2', aadGroupId: 'group-1' }, tenant: { id: 'tenant-1' } },
    ...extra,
  });

  it('a conversationUpdate adding the bot to a team captures it; adding someone else does not', async () => {
    expect(readInstallEvent(teamEvent({ membersAdded: [{ id: '28:bot-id' }] }))).toMatchObject({ kind: 'installed', target: { conversationId: '19:general@thread.tacv2', teamId: 'group-1' } });
    expect(readInstallEvent(teamEvent({ membersAdded: [{ id: '29:new-teacher' }] }))).toBeUndefined();
  });

  it('removing the app from that team forgets it; a personal chat is never taken for a duty channel', async () => {
    const { channels } = setup({ target: null });
    await channels.apply(readInstallEvent(teamEvent({ membersAdded: [{ id: '28:bot-id' }] }))!);
    expect((await channels.current())?.conversationId).toBe('19:general@thread.tacv2');
    expect(await channels.apply(readInstallEvent(teamEvent({ membersRemoved: [{ id: '28:bot-id' }] }))!)).toBe('forgotten');
    expect((await channels.current())).toBeUndefined();
    const personal = { type: 'installationUpdate', action: 'add', serviceUrl: 'https://smba.example/uk/', conversation: { id: 'a:personal' }, recipient: { id: '28:bot-id' }, channelData: { tenant: { id: 't' } } };
    expect(readInstallEvent(personal)).toBeUndefined();
  });

  it('a configured channel wins over an installed one', async () => {
    const { channels } = setup();
    await channels.apply(readInstallEvent(teamEvent({ membersAdded: [{ id: '28:bot-id' }] }))!);
    expect((await channels.current())).toMatchObject({ conversationId: CHANNEL, source: 'configured' });
  });
});

describe('backoff', () => {
  it('doubles from the base, with jitter between half and the whole step, and never passes the cap', async () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, o, () => 0)).toBe(500);
    expect(backoffDelay(1, o, () => 1)).toBe(1000);
    expect(backoffDelay(4, o, () => 1)).toBe(8000);
    expect(backoffDelay(30, o, () => 1)).toBe(60_000);
    expect(backoffDelay(30, o, () => 0)).toBe(30_000);
    const samples = new Set(Array.from({ length: 50 }, () => backoffDelay(3, o)));
    expect(samples.size).toBeGreaterThan(10);
    for (const s of samples) expect(s).toBeGreaterThanOrEqual(2000), expect(s).toBeLessThanOrEqual(4000);
  });
});
