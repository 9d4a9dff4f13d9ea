// The same contract for both storage engines: real SQLite and a real PostgreSQL (a throwaway
// cluster started for the run; the PostgreSQL half fails, never skips, when there is none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../bot/auth/audit.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { ETagConflictError, SqlStorage } from '../bot/storage/bot-state.ts';
import { loadMigrations, migrate } from '../bot/storage/migrate.ts';
import type { Database } from '../bot/storage/sql.ts';
import { memoryDatabase } from './helpers/db.ts';
import { submitHandoff } from './helpers/handoff.ts';
import { postgresDatabase } from './helpers/postgres.ts';

const engines: [string, () => Promise<Database>][] = [
  ['sqlite', async () => memoryDatabase()],
  ['postgres', postgresDatabase],
];

describe.each(engines)('%s store', (_engine, open) => {
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

  it('migrations are recorded and a second run applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    expect((await db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version))).toEqual(loadMigrations(db.engine).map((m) => m.version));
  });
});

it('both engines have the same numbered migrations', () => {
  expect(loadMigrations('postgres').map((m) => [m.version, m.name])).toEqual(loadMigrations('sqlite').map((m) => [m.version, m.name]));
});
