// Conversation state in SQLite honours botbuilder's Storage contract, eTags included, so two
// turns racing on one conversation cannot silently overwrite each other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETagConflictError, SqlStorage } from '../bot/storage/bot-state.ts';
import { sqliteAt } from './helpers/db.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqlStorage', () => {
  it('reads back what it wrote, with a new eTag on every write', async () => {
    const storage = new SqlStorage(await sqliteAt(dir));
    await storage.write({ 'webchat/conversations/a': { consultation: { texts: ['hungry'] } } });
    const first = await storage.read(['webchat/conversations/a', 'missing']);
    expect(first).toEqual({ 'webchat/conversations/a': { consultation: { texts: ['hungry'] }, eTag: expect.any(String) } });
    await storage.write({ 'webchat/conversations/a': { ...first['webchat/conversations/a'], n: 2 } });
    const second = await storage.read(['webchat/conversations/a']);
    expect(second['webchat/conversations/a'].n).toBe(2);
    expect(second['webchat/conversations/a'].eTag).not.toBe(first['webchat/conversations/a'].eTag);
  });

  it('refuses a write carrying a stale eTag and keeps the newer state', async () => {
    const storage = new SqlStorage(await sqliteAt(dir));
    await storage.write({ k: { v: 1 } });
    const a = (await storage.read(['k'])).k;
    const b = (await storage.read(['k'])).k;
    await storage.write({ k: { ...a, v: 2 } });
    await expect(storage.write({ k: { ...b, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k'])).k.v).toBe(2);
    await storage.write({ k: { v: 4, eTag: '*' } });
    expect((await storage.read(['k'])).k.v).toBe(4);
  });

  it('writes all of a turn or none of it', async () => {
    const storage = new SqlStorage(await sqliteAt(dir));
    await storage.write({ user: { v: 1 } });
    const stale = (await storage.read(['user'])).user;
    await storage.write({ user: { v: 2 } });
    await expect(storage.write({ conversation: { v: 1 }, user: { ...stale, v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect(await storage.read(['conversation'])).toEqual({});
  });

  it('survives closing and reopening the database file', async () => {
    const db = await sqliteAt(dir);
    await new SqlStorage(db).write({ k: { texts: ['a concern'] } });
    await db.close();
    expect((await new SqlStorage(await sqliteAt(dir)).read(['k'])).k.texts).toEqual(['a concern']);
  });

  it('deletes, and purges conversations untouched for longer than the retention', async () => {
    const storage = new SqlStorage(await sqliteAt(dir));
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    await storage.delete(['a']);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
    expect(await storage.purgeOlderThan(30)).toBe(0);
    expect(await storage.purgeOlderThan(30, new Date(Date.now() + 31 * 86_400_000))).toBe(1);
    expect(await storage.read(['b'])).toEqual({});
  });
});
