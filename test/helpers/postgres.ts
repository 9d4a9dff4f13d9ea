// A PostgreSQL database of its own for each caller, on the run's throwaway cluster
// (test/helpers/postgres-cluster.ts). Fails, never skips, when there is no cluster.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../bot/storage/migrate.ts';
import { openPostgres } from '../../bot/storage/postgres.ts';
import type { Database } from '../../bot/storage/sql.ts';

/** The cluster's admin URL; throws the reason when the run has no PostgreSQL. */
export function postgresUrl(): string {
  const p = inject('postgres');
  if ('error' in p) throw new Error(p.error);
  return p.url;
}

/** A new, empty database on the cluster; resolves to its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  const name = `t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database, opened and migrated as the service opens it. */
export async function postgresDatabase(): Promise<Database> {
  const db = openPostgres({ url: await createPostgresDatabase(), poolSize: 5, connectTimeoutMs: 5000, statementTimeoutMs: 10_000 });
  await migrate(db);
  return db;
}
