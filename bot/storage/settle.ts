// After a purge: make the deletion final on disk where the engine lets us. SQLite runs with
// secure_delete (bot/storage/sqlite.ts), so deleted rows are zeroed in the database file, but the
// write-ahead log still holds older copies of the pages they were on: checkpoint it and truncate
// it. PostgreSQL has no equivalent: deleted rows are unreadable through SQL at once, and their
// space is reclaimed by autovacuum, not overwritten (README, "Retention", says what that means).
import type { Sql } from './sql.ts';

export async function settleDeletes(db: Sql): Promise<void> {
  if (db.engine === 'sqlite') await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
}
