// PostgreSQL (pg), the shared store when DATABASE_URL is set: every instance of the service uses
// the same database. A bounded pool with timeouts, so an outage fails a request in seconds instead
// of queueing it forever; statements are written with `?` and numbered here ($1, $2, ...).
import pg from 'pg';
import { type Database, driverCall, type Param, type Row, type Sql } from './sql.ts';

export interface PostgresOptions {
  url: string;
  /** Connections per instance. */
  poolSize: number;
  /** How long a request waits for a connection, and for a statement, before it fails. */
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  onError?: (err: Error) => void;
}

const numbered = new Map<string, string>();
/** `?` to `$n`. Our statements carry no `?` inside string literals. */
export function numberPlaceholders(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

type Queryable = pg.Pool | pg.PoolClient;

class Handle implements Sql {
  readonly engine = 'postgres' as const;
  readonly q: Queryable;
  readonly begin: <T>(fn: (tx: Sql) => Promise<T>, relaxed: boolean) => Promise<T>;
  constructor(q: Queryable, begin: Handle['begin']) {
    this.q = q;
    this.begin = begin;
  }

  async all<T = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    return (await driverCall(() => this.q.query(numberPlaceholders(sql), params as unknown[]))).rows as T[];
  }

  async get<T = Row>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async exec(script: string): Promise<void> {
    await driverCall(() => this.q.query(script));
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    return (await driverCall(() => this.q.query(numberPlaceholders(sql), params as unknown[]))).rowCount ?? 0;
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.begin(fn, false);
  }

  relaxedTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.begin(fn, true);
  }
}

export function openPostgres(opts: PostgresOptions): Database & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs,
    query_timeout: opts.statementTimeoutMs + 1000,
    application_name: 'early-help-guide',
    // BIGINT (times in ms, COUNT(*)) as numbers: every value we store is far below 2^53.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (err) => opts.onError?.(err));

  const begin = async <T,>(fn: (tx: Sql) => Promise<T>, relaxed: boolean): Promise<T> => {
    const client = await driverCall(() => pool.connect());
    const inside: Handle = new Handle(client, (f) => f(inside));
    try {
      await inside.exec('BEGIN');
      // Conversation state: commit without waiting for the WAL flush. A server crash can lose the
      // last fraction of a second of such commits, never half of one (README "Durability").
      if (relaxed) await inside.exec('SET LOCAL synchronous_commit = off');
      const result = await fn(inside);
      await inside.exec('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A broken connection is discarded rather than returned to the pool.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackErr: Error) => client.release(rollbackErr),
      );
      throw err;
    }
  };

  const outer = new Handle(pool, begin);
  const safeUrl = (() => {
    try {
      const u = new URL(opts.url);
      return `postgres ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      return 'postgres';
    }
  })();
  return Object.assign(outer, {
    pool,
    description: safeUrl,
    async check() {
      await outer.get('SELECT 1 AS ok');
    },
    async close() {
      await pool.end();
    },
  });
}
