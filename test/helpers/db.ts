// Databases for tests: the real SQLite engine in memory with the real migrations, built
// synchronously so a helper can hand one out without awaiting.
import { loadMigrations, migrate } from '../../bot/storage/migrate.ts';
import { openSqlite } from '../../bot/storage/sqlite.ts';
import type { Database } from '../../bot/storage/sql.ts';

export function memoryDatabase(): Database & { raw: import('node:sqlite').DatabaseSync } {
  const db = openSqlite({ dataDir: ':memory:' });
  db.raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of loadMigrations('sqlite')) {
    db.raw.exec(m.sql);
    db.raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
  }
  return db;
}

/** A SQLite file in `dir`, migrated as the service opens it. */
export async function sqliteAt(dir: string, file?: string): Promise<Database & { raw: import('node:sqlite').DatabaseSync }> {
  const db = openSqlite({ dataDir: dir, ...(file ? { file } : {}) });
  await migrate(db);
  return db;
}

/** The running service's SQLite file, opened beside it (to look at what it stored). */
export function serviceDatabase(dataDir: string): Database & { raw: import('node:sqlite').DatabaseSync } {
  return openSqlite({ dataDir });
}
