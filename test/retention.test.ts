// Deleted data does not stay on disk, and every purge runs on its interval while the service runs
// (issue 9 item 7). A service with retention periods of two seconds and a purge every 0.6 s takes a
// duty summary naming a child, a directory problem report and a web chat message carrying the same
// surname; once they expire, the purges that run while it is up (not the one at start) delete them,
// and the surname is then nowhere in the database file, its write-ahead log or its index, read as
// raw bytes: secure_delete overwrote the rows, and the checkpoint left no old copy in the WAL. On
// PostgreSQL (which has no equivalent, README "Retention") the same run shows what it does give:
// no table holds the surname any more, read through SQL.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../bot/storage/sql.ts';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { startService, type RunningService } from '../bot/service.ts';
import { answerAll, botClient, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { TYPED_ANSWERS } from './helpers/handoff.ts';
import { createPostgresDatabase } from './helpers/postgres.ts';
import { waitFor } from './helpers/wait.ts';

const SURNAME = 'Wexmoorhaven';
const TWO_SECONDS_IN_DAYS = String(2 / 86_400);
const TWO_SECONDS_IN_HOURS = String(2 / 3_600);

const FILES = ['assistant.sqlite', 'assistant.sqlite-wal', 'assistant.sqlite-shm'];
/** How many times the surname occurs in the database's files, byte for byte (UTF-8 and UTF-16). */
function occurrences(dir: string): number {
  let n = 0;
  for (const f of FILES) {
    const path = join(dir, f);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    for (const needle of [Buffer.from(SURNAME, 'utf8'), Buffer.from(SURNAME, 'utf16le')]) {
      for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + 1)) n++;
    }
  }
  return n;
}

describe.each(['sqlite', 'postgres'] as Engine[])('%s', (engine) => {
  let dir: string;
  let service: RunningService;
  const lines: string[] = [];

  /** Rows in any table that carry the surname, read through SQL. */
  async function readableThroughSql(): Promise<number> {
    const db = service.database;
    const tables = await db.all<{ name: string }>(engine === 'sqlite' ? "SELECT name FROM sqlite_master WHERE type = 'table'" : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    let n = 0;
    for (const { name } of tables) for (const row of await db.all(`SELECT * FROM ${name}`)) if (JSON.stringify(row).includes(SURNAME)) n++;
    return n;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'retention-'));
    service = await startService(
      loadConfig({
        PORT: '0',
        DATA_DIR: dir,
        ...(engine === 'postgres' ? { DATABASE_URL: await createPostgresDatabase() } : {}),
        STATE_RETENTION_DAYS: TWO_SECONDS_IN_DAYS,
        HANDOFF_RETENTION_DAYS: TWO_SECONDS_IN_DAYS,
        HANDOFF_DRAFT_RETENTION_HOURS: TWO_SECONDS_IN_HOURS,
        DIRECTLINE_RETENTION_HOURS: TWO_SECONDS_IN_HOURS,
        SERVICE_PROBLEM_RETENTION_DAYS: TWO_SECONDS_IN_DAYS,
        PURGE_INTERVAL_MINUTES: '0.01',
      }),
      { log: createLogger('debug', (l) => lines.push(l)) },
    );
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('retention', () => {
    it(
      engine === 'sqlite'
        ? 'purges a summary, a problem report and a web chat transcript while running, and leaves no byte of them on disk'
        : 'purges a summary, a problem report and a web chat transcript while running; no table holds them, read through SQL',
      async () => {
        // A duty summary naming the child, through the real conversation.
        const client = botClient(service.url);
        await answerAll(client, await startDutySummary(client), { ...TYPED_ANSWERS, childName: `Jamie ${SURNAME}` });
        const reference = referenceIn(await client.submit({ handoff: 'submit' }))!;
        expect((await service.handoff.store.get(reference))!.summary.child.name).toContain(SURNAME);
        // A directory problem report whose details name the family.
        const report = await fetch(`${service.url}/api/service-problems`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ locality: 'bathnes', service: 'compass', kind: 'other', details: `The ${SURNAME} family were told it had closed` }),
        });
        expect(report.status).toBe(201);
        // A web chat message on the local Direct Line.
        const grant = (await (await fetch(`${service.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
          token: string;
          conversationId: string;
        };
        const auth = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
        await fetch(`${service.url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' });
        const sent = await fetch(`${service.url}/v3/directline/conversations/${grant.conversationId}/activities`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ type: 'message', from: { id: 'me' }, text: `I teach a boy called Sam ${SURNAME}` }),
        });
        expect(sent.status).toBe(200);
        // Written: the surname is stored now (on disk, for SQLite: in the database or its WAL).
        expect(await readableThroughSql()).toBeGreaterThan(0);
        if (engine === 'sqlite') expect(occurrences(dir)).toBeGreaterThan(0);
        const purgesSoFar = (await service.handoff.audit.entries({ action: 'purge', limit: 10_000 })).length;

        await waitFor(
          'every purge to have deleted its rows',
          async () => (await service.handoff.store.get(reference)) === undefined && (await readableThroughSql()) === 0 && (engine === 'sqlite' ? occurrences(dir) : 0) === 0,
          20_000,
          100,
        );
        // Deleted by the purges that ran while the service was up, not the one at start.
        expect((await service.handoff.audit.entries({ action: 'purge', limit: 10_000 })).length).toBeGreaterThan(purgesSoFar);
        const purged = (await service.handoff.audit.entries({ action: 'purge', limit: 10_000 })).find((e) => (e.detail as { handoffs?: number }).handoffs === 1);
        expect(purged?.detail).toMatchObject({ references: [reference] });
        expect(lines.some((l) => l.includes('"retention purge"') && l.includes('"serviceProblemReports":1'))).toBe(true);
        expect(lines.some((l) => l.includes('"retention purge"') && /"webChatTranscripts":[1-9]/.test(l))).toBe(true);
        expect(lines.some((l) => l.includes('"retention purge"') && /"conversationState":[1-9]/.test(l))).toBe(true);
        expect(lines.filter((l) => l.includes('purge failed'))).toEqual([]);
        // And the service carries on.
        expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      },
    );

    it('stops its timer on shutdown: no purge runs on a closed database', async () => {
      await service.stop();
      const before = lines.length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(lines.slice(before).filter((l) => l.includes('purge'))).toEqual([]);
      service = undefined as unknown as RunningService;
    });
  });
});
