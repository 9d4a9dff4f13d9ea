// Bot Framework state (conversation and user state) in SQLite: the same database file as the rest
// of the service, its own table. Implements botbuilder's Storage contract, including eTag
// concurrency: a write carrying an eTag succeeds only if the stored item still has that eTag,
// so two turns racing on one conversation cannot silently overwrite each other.
import { randomUUID } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Storage, StoreItems } from 'botbuilder';

export class ETagConflictError extends Error {
  constructor(key: string) {
    // The key is a channel/conversation id, not user text.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export class SqliteStorage implements Storage {
  private readonly db: DatabaseSync;
  private readonly select: StatementSync;
  private readonly selectETag: StatementSync;
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS bot_state (
      key TEXT PRIMARY KEY,
      etag TEXT NOT NULL,
      document TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    this.select = db.prepare('SELECT etag, document FROM bot_state WHERE key = ?');
    this.selectETag = db.prepare('SELECT etag FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, etag, document, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, document = excluded.document, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key) as { etag: string; document: string } | undefined;
      if (row) items[key] = { ...JSON.parse(row.document), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = new Date().toISOString();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...document } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
        if (eTag !== undefined && eTag !== '*') {
          const row = this.selectETag.get(key) as { etag: string } | undefined;
          if (row && row.etag !== eTag) throw new ETagConflictError(key);
        }
        this.upsert.run(key, randomUUID(), JSON.stringify(document), now);
      }
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.remove.run(key);
  }

  /** Removes state not touched for `days`: conversations hold what practitioners typed. */
  purgeOlderThan(days: number, now: Date = new Date()): number {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return Number(this.db.prepare('DELETE FROM bot_state WHERE updated_at < ?').run(cutoff).changes);
  }
}
