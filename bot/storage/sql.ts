// The one storage interface every durable part of the service is written against: a few
// Promise-returning calls over SQL, implemented for SQLite (node:sqlite, the embedded default) and
// PostgreSQL (pg, for more than one instance). Statements use `?` placeholders; each engine
// translates. Where the two dialects differ, the caller asks `engine` (a handful of places, each
// commented), and the schema itself lives in numbered migrations per engine (./migrations).
export type Param = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;
export type Engine = 'sqlite' | 'postgres';

export interface Sql {
  readonly engine: Engine;
  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /**
   * Runs `fn` in one transaction: committed together or not at all. Inside, use only the `tx`
   * given (a call on the outer handle would wait for the transaction to end). Called on a `tx`,
   * it runs `fn` in the transaction already open.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Like `transaction`, for writes that may trade durability for speed: conversation state, where
   * a crash of the machine may lose the last turn but never leaves a half-written one.
   */
  relaxedTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export interface Database extends Sql {
  /** Resolves when the database answers; rejects (with a message naming no data) when it does not. */
  check(): Promise<void>;
  close(): Promise<void>;
  /** Where the data lives, for the start-up log (never a password). */
  readonly description: string;
}

/** `FOR UPDATE SKIP LOCKED` where the engine has row locks; SQLite's write lock already serialises. */
export const skipLocked = (sql: Sql) => (sql.engine === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '');
/** `FOR UPDATE` where the engine has row locks. */
export const forUpdate = (sql: Sql) => (sql.engine === 'postgres' ? ' FOR UPDATE' : '');

/** A unique-key clash, in either engine's words. */
export function isUniqueViolation(err: unknown): boolean {
  const e = (err instanceof DatabaseError ? err.cause : err) as { code?: string; message?: string };
  return e?.code === '23505' || /UNIQUE constraint failed/.test(String(e?.message));
}

/**
 * Anything the database driver threw (unreachable, timed out, refused): the callers' errors pass
 * through untouched. Carries the driver's code; its message names no data.
 */
export class DatabaseError extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    const c = cause as { code?: string; message?: string };
    super(`database: ${c?.code ?? 'error'}`, { cause });
    this.name = 'DatabaseError';
    this.code = c?.code;
  }
}

export async function driverCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof DatabaseError ? err : new DatabaseError(err);
  }
}
