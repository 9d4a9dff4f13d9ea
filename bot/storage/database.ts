// One SQLite database file under the data directory (node:sqlite: no native build). WAL mode so
// readers never block the writer, and synchronous=FULL so a confirmed write survives a crash.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function openDatabase(dataDir: string, file = 'assistant.sqlite'): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, file));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  return db;
}

export function checkDatabase(db: DatabaseSync): void {
  db.prepare('SELECT 1').get();
}
