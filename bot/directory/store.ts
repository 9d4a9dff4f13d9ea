// Services imported from councils' Open Referral UK feeds, in the database (not the pack's JSON),
// so a council refreshes its feed daily without a release. Each row keeps the record exactly as
// the feed sent it (`raw`), its version (1 on first import, +1 whenever the feed changes it) and
// the feed it came from, and beside it the normalised fields the directory uses (`record`): DfE
// found normalising every feed's variations brittle, so the raw document is the one of record
// and `record` can be rebuilt from it.
import type { DatabaseSync } from 'node:sqlite';
import type { FeedRecord } from '../../knowledge/search/feed-record.ts';
import type { ImportedService } from '../../knowledge/search/directory.ts';

type Param = string | number | bigint | null;
/** The few calls this store makes: the shape of the storage interface, so either engine fits. */
export interface DirectorySql {
  all<T = Record<string, unknown>>(sql: string, params?: readonly Param[]): Promise<T[]>;
  run(sql: string, params?: readonly Param[]): Promise<number>;
  transaction<T>(fn: (tx: DirectorySql) => Promise<T>): Promise<T>;
}

export interface StoredRow {
  id: string;
  hash: string;
  version: number;
  withdrawn: boolean;
}

export interface ImportCounts {
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  withdrawn: number;
}

export interface DirectoryStore {
  /** Every current (not withdrawn) imported service, for building the directory. */
  services(locality?: string): Promise<ImportedService[]>;
  /** Writes one import in one transaction: new and changed records, and withdraws what a whole feed no longer lists. */
  saveImport(run: {
    locality: string;
    feed: string;
    records: { id: string; raw: string; hash: string; record: FeedRecord }[];
    /** Withdraw this feed's services that are not in `records` (only when the whole feed was read). */
    withdrawMissing: boolean;
    rejected: number;
    at: Date;
  }): Promise<ImportCounts>;
  /** Grows with every import: a running service rebuilds its directory when it changes. */
  generation(): Promise<number>;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS directory_services (
    locality TEXT NOT NULL,
    id TEXT NOT NULL,
    feed TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    raw TEXT NOT NULL,
    record TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    withdrawn_at TEXT,
    PRIMARY KEY (locality, id)
  );
  CREATE TABLE IF NOT EXISTS directory_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    locality TEXT NOT NULL,
    feed TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    withdrawn INTEGER NOT NULL
  );
`;

/** node:sqlite behind the async calls above (until the shared storage interface lands). */
export function sqliteDirectorySql(db: DatabaseSync): DirectorySql {
  db.exec(SCHEMA);
  let depth = 0;
  const sql: DirectorySql = {
    async all<T>(q: string, params: readonly Param[] = []) {
      return db.prepare(q).all(...params) as T[];
    },
    async run(q, params = []) {
      return Number(db.prepare(q).run(...params).changes);
    },
    async transaction(fn) {
      if (depth > 0) return fn(sql);
      depth++;
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(sql);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      } finally {
        depth--;
      }
    },
  };
  return sql;
}

export function createDirectoryStore(sql: DirectorySql): DirectoryStore {
  return {
    async services(locality) {
      const rows = await sql.all<{ locality: string; feed: string; version: number; record: string }>(
        `SELECT locality, feed, version, record FROM directory_services WHERE withdrawn_at IS NULL${locality ? ' AND locality = ?' : ''} ORDER BY locality, id`,
        locality ? [locality] : [],
      );
      return rows.map((r) => ({ ...(JSON.parse(r.record) as FeedRecord), locality: r.locality, feed: { url: r.feed, version: Number(r.version) } }));
    },

    async saveImport(run) {
      return sql.transaction(async (tx) => {
        const existing = new Map(
          (await tx.all<{ id: string; hash: string; version: number; withdrawn_at: string | null; feed: string }>(
            'SELECT id, hash, version, withdrawn_at, feed FROM directory_services WHERE locality = ?',
            [run.locality],
          )).map((r) => [r.id, r]),
        );
        const at = run.at.toISOString();
        const counts: ImportCounts = { accepted: 0, updated: 0, unchanged: 0, rejected: run.rejected, withdrawn: 0 };
        const seen = new Set<string>();
        for (const r of run.records) {
          seen.add(r.id);
          const old = existing.get(r.id);
          const record = JSON.stringify(r.record);
          if (!old) {
            await tx.run(
              'INSERT INTO directory_services (locality, id, feed, version, hash, raw, record, imported_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)',
              [run.locality, r.id, run.feed, r.hash, r.raw, record, at],
            );
            counts.accepted++;
          } else if (old.hash !== r.hash || old.withdrawn_at !== null || old.feed !== run.feed) {
            await tx.run(
              'UPDATE directory_services SET feed = ?, version = version + 1, hash = ?, raw = ?, record = ?, imported_at = ?, withdrawn_at = NULL WHERE locality = ? AND id = ?',
              [run.feed, r.hash, r.raw, record, at, run.locality, r.id],
            );
            counts.updated++;
          } else {
            counts.unchanged++;
          }
        }
        if (run.withdrawMissing) {
          for (const old of existing.values()) {
            if (seen.has(old.id) || old.withdrawn_at !== null || old.feed !== run.feed) continue;
            await tx.run('UPDATE directory_services SET withdrawn_at = ? WHERE locality = ? AND id = ?', [at, run.locality, old.id]);
            counts.withdrawn++;
          }
        }
        await tx.run(
          'INSERT INTO directory_imports (locality, feed, finished_at, accepted, updated, unchanged, rejected, withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [run.locality, run.feed, at, counts.accepted, counts.updated, counts.unchanged, counts.rejected, counts.withdrawn],
        );
        return counts;
      });
    },

    async generation() {
      const [row] = await sql.all<{ n: number | null }>('SELECT MAX(id) AS n FROM directory_imports');
      return Number(row?.n ?? 0);
    },
  };
}
