// The same contract for both storage engines: real SQLite and a real PostgreSQL (a throwaway
// cluster started for the run; the PostgreSQL half fails, never skips, when there is none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../bot/auth/audit.ts';
import { TokenAuthenticator } from '../bot/auth/duty-token.ts';
import { RefusalAudit } from '../bot/auth/refusals.ts';
import { DirectLineStore, MAX_ACTIVITIES } from '../bot/directline/store.ts';
import { DutyChannels } from '../bot/handoff/delivery/duty-channel.ts';
import { createEventRecorder, reportMonth } from '../bot/reports/events.ts';
import { createReportQueries } from '../bot/reports/queries.ts';
import { createServiceProblemStore } from '../bot/storage/service-problems.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { ETagConflictError, SqlStorage } from '../bot/storage/bot-state.ts';
import { loadMigrations, migrate } from '../bot/storage/migrate.ts';
import type { Database } from '../bot/storage/sql.ts';
import { ENGINES } from './helpers/engines.ts';
import { submitHandoff } from './helpers/handoff.ts';

describe.each(ENGINES)('%s store', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it('conversation state keeps botbuilder’s eTag contract', async () => {
    const storage = new SqlStorage(db);
    await storage.write({ k: { v: 1 } });
    const a = (await storage.read(['k'])).k;
    await storage.write({ k: { ...a, v: 2 } });
    await expect(storage.write({ k: { ...a, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k'])).k.v).toBe(2);
  });

  it('a handoff and its duty delivery are stored together, and acknowledged once', async () => {
    const store = new HandoffStore(db);
    const ref = await submitHandoff(store, 'contract-1');
    expect((await store.get(ref))?.duty.state).toBe('pending');
    expect((await store.list()).map((h) => h.reference)).toContain(ref);
    const [first, second] = await Promise.all([store.acknowledge(ref, { id: 'a', name: 'A' }), store.acknowledge(ref, { id: 'b', name: 'B' })]);
    expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
  });

  it('two workers taking the outbox at once never take the same row', async () => {
    const store = new HandoffStore(db);
    for (let i = 0; i < 6; i++) await submitHandoff(store, `take-${i}`);
    const now = Date.now();
    const [a, b] = await Promise.all([store.outbox.take('a', now, now + 60_000, now, 4), store.outbox.take('b', now, now + 60_000, now, 4)]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the audit log is append-only in the database itself', async () => {
    const audit = new AuditLog(db);
    await audit.record('system', 'contract', 'HX-7K3-9RE');
    await expect(db.run("UPDATE audit_log SET actor = 'x'")).rejects.toThrow();
    await expect(db.run('DELETE FROM audit_log')).rejects.toThrow();
    expect((await audit.entries({ action: 'contract' }))).toHaveLength(1);
  });

  it('an in-flight delivery whose lease ran out is taken again, as unknown, by another worker', async () => {
    const store = new HandoffStore(db);
    const ref = await submitHandoff(store, 'lease-1');
    const row = (await store.outbox.forReference(ref))[0]!;
    const now = Date.now();
    const [taken] = (await store.outbox.take('dead', now, now + 1000, now, 50)).filter((r) => r.id === row.id);
    expect(taken).toBeDefined();
    expect(await store.outbox.claim(taken!, 'dead', null, 1, now + 1000)).toBe(true);
    // Before the lease runs out nobody else gets it; after, the other worker finds it unknown.
    expect((await store.outbox.take('alive', now + 500, now + 60_000, now + 500, 50)).map((r) => r.id)).not.toContain(row.id);
    const later = now + 2000;
    const again = (await store.outbox.take('alive', later, later + 60_000, later, 50)).find((r) => r.id === row.id);
    expect(again).toMatchObject({ state: 'unknown', leaseOwner: 'alive', attempts: 1 });
    // The dead worker's late answer no longer counts.
    await store.outbox.retryAt(row.id, 'dead', later, 'late');
    expect((await store.outbox.get(row.id))?.state).toBe('unknown');
  });

  it('tokens: a generated one is made once and announced once; a configured one replaces it', async () => {
    const shown: string[] = [];
    const [a, b] = await Promise.all([
      TokenAuthenticator.open(db, { purpose: 'board', announce: (t) => shown.push(t) }),
      TokenAuthenticator.open(db, { purpose: 'board', announce: (t) => shown.push(t) }),
    ]);
    expect(shown).toHaveLength(1);
    expect(await a.authenticate(`Bearer ${shown[0]}`)).toMatchObject({ via: 'board-token' });
    expect(await b.authenticate(`Bearer ${shown[0]}`)).toMatchObject({ via: 'board-token' });
    // The board's token opens nothing the duty token opens, and rotating it revokes the old one.
    const duty = await TokenAuthenticator.open(db, { purpose: 'duty', configuredToken: 'duty-token-for-the-contract-00000001', announce: () => undefined });
    expect(await duty.authenticate(`Bearer ${shown[0]}`)).toBeNull();
    const rotated = await TokenAuthenticator.open(db, { purpose: 'board', configuredToken: 'board-token-for-the-contract-0000001', announce: (t) => shown.push(t) });
    expect(await rotated.authenticate(`Bearer ${shown[0]}`)).toBeNull();
    expect(await rotated.authenticate('Bearer board-token-for-the-contract-0000001')).toMatchObject({ via: 'board-token' });
    expect(shown).toHaveLength(1);
  });

  it('refused sign-ins: the first is written at once, the rest as one count row', async () => {
    const audit = new AuditLog(db);
    const refusals = new RefusalAudit(audit, { windowMs: 60_000, limit: 3 });
    try {
      for (let i = 0; i < 5; i++) await refusals.refused('192.0.2.7', { realm: 'duty', path: '/api/duty/handoffs', reason: 'no-credentials', limited: (await refusals.limited('192.0.2.7')).limited });
      expect((await refusals.limited('192.0.2.7')).limited).toBe(true);
    } finally {
      await refusals.stop();
    }
    const rows = (await audit.entries({ limit: 1000 })).filter((e) => e.detail?.source === '192.0.2.7');
    expect(rows.map((e) => e.action).sort()).toEqual(['auth-refused-repeated', 'auth-refused:no-credentials']);
    expect(rows.find((e) => e.action === 'auth-refused-repeated')?.detail).toMatchObject({ refusals: 5, rateLimited: 2 });
  });

  it('the duty channel captured at install is the one every instance posts to, and a removal of another channel is ignored', async () => {
    const channels = new DutyChannels(db);
    expect(await channels.current()).toBeUndefined();
    const target = (id: string) => ({ serviceUrl: 'https://smba.example.test/uk/', conversationId: id, source: 'installed' as const });
    await Promise.all([channels.apply({ kind: 'installed', target: target('19:a@thread.tacv2') }), channels.apply({ kind: 'installed', target: target('19:b@thread.tacv2') })]);
    const seen = (await new DutyChannels(db).current())?.conversationId;
    expect(['19:a@thread.tacv2', '19:b@thread.tacv2']).toContain(seen);
    expect(await channels.apply({ kind: 'removed', conversationId: '19:other@thread.tacv2' })).toBe('ignored');
    expect(await channels.apply({ kind: 'removed', conversationId: seen! })).toBe('forgotten');
    expect(await channels.current()).toBeUndefined();
  });

  it('Direct Line: one key, watermarks in order under concurrent appends, a bounded transcript, purge', async () => {
    const store = new DirectLineStore(db);
    const [k1, k2] = await Promise.all([store.key(), store.key()]);
    expect(k1).toBe(k2);
    const id = await store.createConversation('dl_user');
    const { token } = await store.issueToken(id, 'dl_user', 60_000);
    expect(await store.grant(token)).toMatchObject({ conversationId: id, userId: 'dl_user' });
    expect(await store.grant('not-a-token')).toBeUndefined();
    expect([await store.markStarted(id), await store.markStarted(id)]).toEqual([true, false]);
    const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(id, (aid) => ({ id: aid, text: `m${i}` }))));
    expect(seqs.map((s) => s!.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const after = await store.since(id, 15);
    expect(after.activities.map((a) => a.id)).toEqual([16, 17, 18, 19, 20].map((n) => `${id}|${String(n).padStart(7, '0')}`));
    expect(after.watermark).toBe(20);
    for (let i = 0; i < MAX_ACTIVITIES; i++) await store.append(id, (aid) => ({ id: aid }));
    expect((await store.since(id, 0)).activities).toHaveLength(MAX_ACTIVITIES);
    expect(await store.append('no-such-conversation', (aid) => ({ id: aid }))).toBeUndefined();
    expect(await store.purge(Date.now() + 1000)).toMatchObject({ conversations: 1 });
    expect(await store.conversation(id)).toBeUndefined();
    expect(await store.grant(token)).toBeUndefined();
  });

  it('report counts, with the board measures, add up under concurrent writes', async () => {
    const events = createEventRecorder(db);
    const queries = createReportQueries(db);
    await Promise.all(Array.from({ length: 10 }, () => events.recordOutcome({ locality: 'bathnes', level: 3, route: 'eha', channel: 'msteams' })));
    await Promise.all(Array.from({ length: 4 }, () => events.recordDirectoryMiss({ locality: 'bathnes', needs: ['parenting-capacity'] })));
    await events.recordAnswer({ locality: 'bathnes', level: 3, question: 'helpful', answer: 'partly' });
    const month = reportMonth(new Date());
    expect(await queries.outcomes(['locality', 'level'])).toEqual([{ locality: 'bathnes', level: 3, count: 10 }]);
    expect(await queries.directoryMisses()).toEqual([{ month, locality: 'bathnes', count: 4 }]);
    expect(await queries.directoryMissNeeds()).toEqual([{ month, locality: 'bathnes', need: 'parenting-capacity', count: 4 }]);
    expect(await queries.practitionerAnswers()).toEqual([{ month, locality: 'bathnes', level: 3, question: 'helpful', answer: 'partly', count: 1 }]);
    await expect(events.recordAnswer({ locality: 'bathnes', level: 3, question: 'asked-before', answer: 'partly' })).rejects.toThrow(TypeError);
  });

  it('directory problem reports are kept with a reference', async () => {
    const problems = createServiceProblemStore(db);
    const ref = await problems.add({ locality: 'bathnes', serviceId: 's1', serviceName: 'A service', kind: 'service-closed', details: 'closed in May' });
    expect(ref).toMatch(/^SP-[0-9A-Z]{6}$/);
    expect(await problems.list({ status: 'open' })).toEqual([expect.objectContaining({ reference: ref, details: 'closed in May', status: 'open' })]);
  });

  it('migrations are recorded and a second run applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    expect((await db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version))).toEqual(loadMigrations(db.engine).map((m) => m.version));
  });
});

it('both engines have the same numbered migrations', () => {
  expect(loadMigrations('postgres').map((m) => [m.version, m.name])).toEqual(loadMigrations('sqlite').map((m) => [m.version, m.name]));
});
