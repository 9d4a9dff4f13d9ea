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

/** The relaxed pool's size beside a main pool of `poolSize`: a quarter, at least 1. */
export const relaxedPoolSize = (poolSize: number) => Math.max(1, Math.ceil(poolSize / 4));

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
  /** Where relaxedRun goes: the relaxed pool outside a transaction, the transaction's client inside. */
  readonly relaxed: Queryable;
  readonly begin: <T>(fn: (tx: Sql) => Promise<T>, relaxed: boolean) => Promise<T>;
  constructor(q: Queryable, begin: Handle['begin'], relaxed: Queryable = q) {
    this.q = q;
    this.begin = begin;
    this.relaxed = relaxed;
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

  async relaxedRun(sql: string, params: readonly Param[] = []): Promise<number> {
    return (await driverCall(() => this.relaxed.query(numberPlaceholders(sql), params as unknown[]))).rowCount ?? 0;
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.begin(fn, false);
  }

  relaxedTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.begin(fn, true);
  }
}

export function openPostgres(opts: PostgresOptions): Database & { pool: pg.Pool } {
  const settings = (max: number, extra: Partial<pg.PoolConfig> = {}): pg.PoolConfig => ({
    connectionString: opts.url,
    max,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs,
    query_timeout: opts.statementTimeoutMs + 1000,
    application_name: 'early-help-guide',
    // BIGINT (times in ms, COUNT(*)) as numbers: every value we store is far below 2^53.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    ...extra,
  });
  const pool = new pg.Pool(settings(opts.poolSize));
  // Conversation state's single writes (relaxedRun): a few connections of their own, set to commit
  // without waiting for the WAL flush, so such a write is one round trip. Never used for a
  // handoff, the outbox or the audit log. Counted in the instance's connections (README).
  const relaxedPool = new pg.Pool(settings(relaxedPoolSize(opts.poolSize), { options: '-c synchronous_commit=off' }));
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (err) => opts.onError?.(err));
  relaxedPool.on('error', (err) => opts.onError?.(err));

  const begin = async <T,>(fn: (tx: Sql) => Promise<T>, relaxed: boolean): Promise<T> => {
    const client = await driverCall(() => pool.connect());
    // A checked-out client whose connection drops emits 'error' on itself, not on the pool: without
    // a listener that is an uncaught exception (the process would exit). The statement in flight
    // fails too, and that failure is what the caller sees.
    const dropped = (err: Error) => opts.onError?.(err);
    client.on('error', dropped);
    const release = (err?: Error) => {
      client.removeListener('error', dropped);
      client.release(err);
    };
    const inside: Handle = new Handle(client, (f) => f(inside));
    try {
      // Conversation state: commit without waiting for the WAL flush. A server crash can lose the
      // last fraction of a second of such commits, never half of one (README "Durability"). Sent
      // with BEGIN as one simple query: one round trip, not two.
      await inside.exec(relaxed ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
      const result = await fn(inside);
      await inside.exec('COMMIT');
      release();
      return result;
    } catch (err) {
      // A broken connection is discarded rather than returned to the pool.
      await client.query('ROLLBACK').then(
        () => release(),
        (rollbackErr: Error) => release(rollbackErr),
      );
      throw err;
    }
  };

  const outer = new Handle(pool, begin, relaxedPool);
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
      await Promise.all([pool.end(), relaxedPool.end()]);
    },
  });
}
