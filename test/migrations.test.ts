// A database made by the code before numbered migrations (test/fixtures/before-migrations.sqlite,
// written by that code: one handoff, acknowledged, with its outbox row, audit entries, counts, a
// duty token, conversation state and a directory problem report) opens with today's code, takes
// the migrations and keeps every row. The second fixture (before-migrations-2026-12.sqlite) was
// written by the code of main at 57460fa, the last before migrations, which had added the board
// token, the Direct Line channel and the board measures: a triage, an empty directory search, a
// refused sign-in and a web chat conversation.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../bot/auth/audit.ts';
import { DutyTokenAuthenticator } from '../bot/auth/duty-token.ts';
import { DirectLineStore } from '../bot/directline/store.ts';
import { createReportQueries } from '../bot/reports/queries.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { SqlStorage } from '../bot/storage/bot-state.ts';
import { openDatabase, DEFAULT_POOL } from '../bot/storage/database.ts';
import { loadMigrations } from '../bot/storage/migrate.ts';
const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('upgrading a database made before numbered migrations', () => {
  it('applies every migration and loses no handoff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
    copyFileSync(join(FIXTURES, 'before-migrations.sqlite'), join(dir, 'assistant.sqlite'));
    const db = await openDatabase({ dataDir: dir, ...DEFAULT_POOL });
    try {
      expect((await db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version))).toEqual(loadMigrations('sqlite').map((m) => m.version));
      const store = new HandoffStore(db);
      const [item] = await store.list();
      expect(item).toMatchObject({ reference: 'HX-HXH-XPK', status: 'acknowledged', delivery: 'pending' });
      const h = await store.get('HX-HXH-XPK');
      expect(h?.acknowledged?.by).toBe('Duty Officer');
      expect((await store.outbox.forReference('HX-HXH-XPK'))[0]).toMatchObject({ kind: 'duty-post', state: 'pending', leaseOwner: null });
      expect((await new AuditLog(db).entries({ reference: 'HX-HXH-XPK' })).map((e) => e.action)).toEqual(['handoff-stored']);
      expect((await new SqlStorage(db).read(['msteams/conversations/a:before']))['msteams/conversations/a:before']).toMatchObject({ consultation: { texts: ['before migrations'] } });
      expect(await db.get('SELECT COUNT(*) AS n FROM service_problems')).toEqual({ n: 1 });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('from the last code before migrations: the board token, the web chat conversation and the board measures survive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
    copyFileSync(join(FIXTURES, 'before-migrations-2026-12.sqlite'), join(dir, 'assistant.sqlite'));
    const db = await openDatabase({ dataDir: dir, ...DEFAULT_POOL });
    try {
      expect((await db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version))).toEqual(loadMigrations('sqlite').map((m) => m.version));
      expect(await db.get('SELECT COUNT(*) AS n FROM board_token')).toEqual({ n: 1 });
      const duty = await DutyTokenAuthenticator.open(db, { configuredToken: 'duty-token-of-the-fixture-0000000001', announce: () => undefined });
      expect(await duty.authenticate('Bearer duty-token-of-the-fixture-0000000001')).toMatchObject({ via: 'duty-token' });
      const directLine = new DirectLineStore(db);
      const conversation = await directLine.conversation('kgqnFxv18joIWTJQsGkmiXPu');
      expect(conversation).toMatchObject({ started: true });
      const transcript = (await directLine.since('kgqnFxv18joIWTJQsGkmiXPu', 0)).activities;
      expect(transcript.some((a) => a.text === 'hello')).toBe(true);
      // Appending continues after the stored watermark, never over it.
      const next = await directLine.append('kgqnFxv18joIWTJQsGkmiXPu', (id) => ({ id, text: 'after the upgrade' }));
      expect(next!.seq).toBe(transcript.length + 1);
      const reports = createReportQueries(db);
      expect((await reports.outcomes([]))[0]!.count).toBe(1);
      expect((await reports.directoryMissNeeds()).map((r) => r.need)).toEqual(['not-recognised']);
      expect((await new AuditLog(db).entries()).map((e) => e.action)).toContain('auth-refused:no-credentials');
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
