// Databases for tests: the real SQLite engine in memory with the real migrations, built
// synchronously so a helper can hand one out without awaiting.
import { loadMigrations, migrate } from '../../bot/storage/migrate.ts';
import { openSqlite } from '../../bot/storage/sqlite.ts';
import type { Database } from '../../bot/storage/sql.ts';

export function memoryDatabase(): Database & { raw: import('node:sqlite').DatabaseSync } {
  const db = openSqlite({ dataDir: ':memory:' });
  for (const m of loadMigrations('sqlite')) db.raw.exec(m.sql);
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
