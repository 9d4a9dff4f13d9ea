// Opens the service's database and brings its schema up to date: PostgreSQL when DATABASE_URL is
// set (shared by every instance), otherwise one SQLite file under DATA_DIR.
import { migrate } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './sql.ts';
import { openSqlite } from './sqlite.ts';

export interface DatabaseConfig {
  /** postgres://... selects PostgreSQL; unset, SQLite under dataDir. */
  url?: string;
  dataDir: string;
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

export const DEFAULT_POOL = { poolSize: 10, connectTimeoutMs: 5000, statementTimeoutMs: 10_000 } as const;

export async function openDatabase(config: DatabaseConfig, onError?: (err: Error) => void): Promise<Database> {
  const db = config.url
    ? openPostgres({ url: config.url, poolSize: config.poolSize, connectTimeoutMs: config.connectTimeoutMs, statementTimeoutMs: config.statementTimeoutMs, ...(onError ? { onError } : {}) })
    : openSqlite({ dataDir: config.dataDir });
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
