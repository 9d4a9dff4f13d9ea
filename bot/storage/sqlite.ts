// The embedded default: one SQLite file under DATA_DIR (node:sqlite, no native build), WAL mode so
// readers never block the writer. node:sqlite is synchronous; this wraps it in the async `Sql`
// interface. One connection serves the whole process, so a transaction holds it exclusively:
// calls from outside wait until it ends (they would otherwise run inside it).
import { AsyncLocalStorage } from 'node:async_hooks';
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

  async relaxedRun(sql: string, params: readonly Param[] = []): Promise<number> {
    for (let busy = this.gate(); busy; busy = this.gate()) await busy;
    // Synchronous calls from here to the end: nothing else runs between the pragmas. Inside a
    // transaction the pragma is left alone (it cannot change there; the transaction's commit rules).
    const outside = !this.db.isTransaction;
    if (outside) this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      return await driverCall(() => Number(this.statement(sql).run(...(params as Param[])).changes));
    } finally {
      if (outside) this.db.exec('PRAGMA synchronous = FULL');
    }
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
  // secure_delete=ON: a deleted row's bytes are overwritten with zeros (in its page, or the whole
  // page when it is freed), so a purged summary is not left readable in free pages (issue 9;
  // ./settle.ts deals with the copies in the write-ahead log).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;');
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
  // Which transaction the running code belongs to: a call on the outer handle from inside a
  // transaction would wait for that transaction to end, that is for itself, for ever. It fails
  // at once instead, naming the mistake (PostgreSQL would run it outside the transaction).
  const within = new AsyncLocalStorage<Promise<void>>();
  const gate = () => {
    if (busy && within.getStore() === busy) throw new Error('storage: a statement on the outer handle inside its own transaction; use the transaction handle (tx) given');
    return busy;
  };
  const waitTurn = async () => {
    while (busy) await busy;
  };

  // Inside a transaction: no gate, and a nested transaction joins the open one.
  const inside: Handle = new Handle(db, statement, () => undefined, (fn) => fn(inside));

  const begin = async <T,>(fn: (tx: Sql) => Promise<T>, relaxed: boolean): Promise<T> => {
    // No await between this check and taking the turn, or two transactions could both start.
    for (let b = gate(); b; b = gate()) await b;
    let release!: () => void;
    const turn = new Promise<void>((r) => (release = r));
    busy = turn;
    try {
      if (relaxed) db.exec('PRAGMA synchronous = NORMAL');
      // BEGIN IMMEDIATE takes the write lock up front, so two writers never deadlock halfway.
      await driverCall(() => db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await within.run(turn, () => fn(inside));
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
