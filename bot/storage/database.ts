// One SQLite database file under the data directory (node:sqlite: no native build). WAL mode so
// readers never block the writer, and synchronous=FULL so a confirmed write survives a crash.
// secure_delete=ON: a deleted row's bytes are overwritten with zeros (in its page, or the whole
// page when it is freed), so a purged summary is not left readable in free pages; settleDeletes()
// then checkpoints and truncates the write-ahead log, which still holds older copies of those pages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function openDatabase(dataDir: string, file = 'assistant.sqlite'): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, file));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;');
  return db;
}

/** After a purge: copy the WAL into the database file and truncate it, so no old page copy remains there. */
export function settleDeletes(db: DatabaseSync): void {
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
}

export function checkDatabase(db: DatabaseSync): void {
  db.prepare('SELECT 1').get();
}
