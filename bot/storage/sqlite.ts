// The embedded default: one SQLite file under DATA_DIR (node:sqlite, no native build), WAL mode so
// readers never block the writer. node:sqlite is synchronous; this wraps it in the async `Sql`
// interface. One connection serves the whole process, so a transaction holds it exclusively:
// calls from outside wait until it ends (they would otherwise run inside it).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Database, driverCall, type Param, type Row, type Sql } from './sql.ts';

class Handle implements Sql {
  readonly engine = 'sqlite' as const;
  readonly db: DatabaseSync;
  readonly statement: (sql: string) => StatementSync;
  readonly gate: () => Promise<void> | undefined;
  readonly begin: <T>(fn: (tx: Sql) => Promise<T>, relaxed: boolean) => Promise<T>;
  constructor(db: DatabaseSync, statement: Handle['statement'], gate: Handle['gate'], begin: Handle['begin']) {
    this.db = db;
    this.statement = statement;
    this.gate = gate;
    this.begin = begin;
  }

  // Each call first waits until no transaction holds the connection, then runs its statement in
  // the same microtask: an await between the two would let a transaction begun meanwhile swallow
  // the statement (and roll it back with its own). Hence the loop is written out in each method.

  async all<T = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    for (let busy = this.gate(); busy; busy = this.gate()) await busy;
    return driverCall(() => this.statement(sql).all(...(params as Param[])) as T[]);
  }

  async get<T = Row>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    for (let busy = this.gate(); busy; busy = this.gate()) await busy;
    return driverCall(() => this.statement(sql).get(...(params as Param[])) as T | undefined);
  }

  async exec(script: string): Promise<void> {
    for (let busy = this.gate(); busy; busy = this.gate()) await busy;
    return driverCall(() => this.db.exec(script));
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    for (let busy = this.gate(); busy; busy = this.gate()) await busy;
    return driverCall(() => Number(this.statement(sql).run(...(params as Param[])).changes));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.begin(fn, false);
  }

  relaxedTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.begin(fn, true);
  }
}

export interface SqliteOptions {
  dataDir: string;
  file?: string;
}

export function openSqlite(opts: SqliteOptions): Database & { raw: DatabaseSync } {
  mkdirSync(opts.dataDir, { recursive: true });
  const path = opts.dataDir === ':memory:' ? ':memory:' : join(opts.dataDir, opts.file ?? 'assistant.sqlite');
  const db = new DatabaseSync(path);
  // synchronous=FULL: a confirmed handoff survives a power cut. Conversation state opts out per
  // transaction (relaxedTransaction), see README "Durability".
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  const cache = new Map<string, StatementSync>();
  const statement = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  let busy: Promise<void> | undefined;
  const gate = () => busy;
  const waitTurn = async () => {
    while (busy) await busy;
  };

  // Inside a transaction: no gate, and a nested transaction joins the open one.
  const inside: Handle = new Handle(db, statement, () => undefined, (fn) => fn(inside));

  const begin = async <T,>(fn: (tx: Sql) => Promise<T>, relaxed: boolean): Promise<T> => {
    // No await between this check and taking the turn, or two transactions could both start.
    while (busy) await busy;
    let release!: () => void;
    busy = new Promise<void>((r) => (release = r));
    try {
      if (relaxed) db.exec('PRAGMA synchronous = NORMAL');
      // BEGIN IMMEDIATE takes the write lock up front, so two writers never deadlock halfway.
      await driverCall(() => db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await fn(inside);
        await driverCall(() => db.exec('COMMIT'));
        return result;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        if (relaxed) db.exec('PRAGMA synchronous = FULL');
      }
    } finally {
      busy = undefined;
      release();
    }
  };

  const outer = new Handle(db, statement, gate, begin);
  return Object.assign(outer, {
    raw: db,
    description: path === ':memory:' ? 'sqlite (in memory)' : `sqlite ${path}`,
    async check() {
      await outer.get('SELECT 1');
    },
    async close() {
      await waitTurn();
      if (db.isOpen) db.close();
    },
  });
}
