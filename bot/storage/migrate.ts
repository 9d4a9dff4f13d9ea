// Numbered migrations, applied at open: bot/storage/migrations/<engine>/NNN-name.sql, the same
// numbers for both engines (a test holds them to it). Each database records what it has in
// schema_migrations; what is missing is applied in order, all in one transaction. PostgreSQL takes
// an advisory lock first, so two instances starting together apply each migration once (the second
// waits, then finds nothing to do); SQLite's BEGIN IMMEDIATE does the same across processes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, Sql } from './sql.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIR = join(import.meta.dirname, 'migrations');
/** Any 64-bit number no other application on the server uses: "EHG" and 14. */
const ADVISORY_LOCK = 0x454847_0014;

export function loadMigrations(engine: Engine): Migration[] {
  const files = readdirSync(join(DIR, engine)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, i) => {
    const m = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
    if (!m || Number(m[1]) !== i + 1) throw new Error(`migration ${engine}/${file}: expected ${String(i + 1).padStart(3, '0')}-<name>.sql`);
    return { version: i + 1, name: m[2]!, sql: readFileSync(join(DIR, engine, file), 'utf8') };
  });
}

/** Brings the database up to the newest migration; resolves to the versions it applied. */
export async function migrate(db: Sql, migrations: Migration[] = loadMigrations(db.engine), now: () => Date = () => new Date()): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [ADVISORY_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const newest = Math.max(0, ...done);
    if (newest > migrations.length) {
      throw new Error(`the database is at schema version ${newest}, newer than this code knows (${migrations.length}): run the newer release, or restore a backup`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now().toISOString()]);
      applied.push(m.version);
    }
    return applied;
  });
}
