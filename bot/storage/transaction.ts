// One SQLite transaction around a function: committed together or not at all. BEGIN IMMEDIATE
// takes the write lock up front, so two writers never deadlock halfway through.
import type { DatabaseSync } from 'node:sqlite';

export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
