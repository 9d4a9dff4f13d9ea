// Services imported from councils' Open Referral UK feeds, in the database (not the pack's JSON),
// so a council refreshes its feed daily without a release. Each row keeps the record exactly as
// the feed sent it (`raw`), its version (1 on first import, +1 whenever the feed changes it) and
// the feed it came from, and beside it the normalised fields the directory uses (`record`): DfE
// found normalising every feed's variations brittle, so the raw document is the one of record
// and `record` can be rebuilt from it.
import type { FeedRecord } from '../../knowledge/search/feed-record.ts';
import type { ImportedService } from '../../knowledge/search/directory.ts';
import { forUpdate, type Param, type Sql } from '../storage/sql.ts';

/** New records are written this many to a statement: one round trip per batch, not per service. */
const BATCH = 400;

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

export function createDirectoryStore(sql: Sql): DirectoryStore {
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
          (await tx.all<{ id: string; hash: string; version: number | string; withdrawn_at: string | null; feed: string }>(
            `SELECT id, hash, version, withdrawn_at, feed FROM directory_services WHERE locality = ?${forUpdate(tx)}`,
            [run.locality],
          )).map((r) => [r.id, r]),
        );
        const at = run.at.toISOString();
        const counts: ImportCounts = { accepted: 0, updated: 0, unchanged: 0, rejected: run.rejected, withdrawn: 0 };
        const seen = new Set<string>();
        let batch: Param[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const rows = batch.length / 7;
          await tx.run(
            `INSERT INTO directory_services (locality, id, feed, version, hash, raw, record, imported_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, 1, ?, ?, ?, ?)').join(', ')}`,
            batch,
          );
          batch = [];
        };
        for (const r of run.records) {
          seen.add(r.id);
          const old = existing.get(r.id);
          const record = JSON.stringify(r.record);
          if (!old) {
            batch.push(run.locality, r.id, run.feed, r.hash, r.raw, record, at);
            if (batch.length >= BATCH * 7) await flush();
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
        await flush();
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
      const row = await sql.get<{ n: number | string | null }>('SELECT MAX(id) AS n FROM directory_imports');
      return Number(row?.n ?? 0);
    },
  };
}
