// Bot Framework state (conversation and user state) in the service's database, its own table.
// Implements botbuilder's Storage contract, including eTag concurrency: a write carrying an eTag
// succeeds only if the stored item still has that eTag, so two turns racing on one conversation
// (on one instance or two) cannot silently overwrite each other. A turn's state is written in one
// relaxed transaction: a crash of the machine may lose the last turn, never half of it.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { forUpdate, type Sql } from './sql.ts';

export class ETagConflictError extends Error {
  constructor(key: string) {
    // The key is a channel/conversation id, not user text.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export class SqlStorage implements Storage {
  readonly #db: Sql;

  constructor(db: Sql) {
    this.#db = db;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (!keys.length) return items;
    const rows = await this.#db.all<{ key: string; etag: string; document: string }>(
      `SELECT key, etag, document FROM bot_state WHERE key IN (${keys.map(() => '?').join(', ')})`,
      keys,
    );
    for (const row of rows) items[row.key] = { ...JSON.parse(row.document), eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (!entries.length) return;
    const now = new Date().toISOString();
    await this.#db.relaxedTransaction(async (tx) => {
      for (const [key, item] of entries) {
        const { eTag, ...document } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
        const etag = randomUUID();
        const body = JSON.stringify(document);
        if (eTag === undefined || eTag === '*') {
          await tx.run(
            `INSERT INTO bot_state (key, etag, document, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document, updated_at = excluded.updated_at`,
            [key, etag, body, now],
          );
          continue;
        }
        // The row is locked (PostgreSQL) or the database is (SQLite) until commit: check, then write.
        const row = await tx.get<{ etag: string }>(`SELECT etag FROM bot_state WHERE key = ?${forUpdate(tx)}`, [key]);
        if (row && row.etag !== eTag) throw new ETagConflictError(key);
        if (row) {
          await tx.run('UPDATE bot_state SET etag = ?, document = ?, updated_at = ? WHERE key = ?', [etag, body, now, key]);
        } else {
          // Another instance may create it meanwhile: the insert then fails as a conflict would.
          const inserted = await tx.run('INSERT INTO bot_state (key, etag, document, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING', [key, etag, body, now]);
          if (inserted === 0) throw new ETagConflictError(key);
        }
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.#db.run(`DELETE FROM bot_state WHERE key IN (${keys.map(() => '?').join(', ')})`, keys);
  }

  /** Removes state not touched for `days`: conversations hold what practitioners typed. */
  async purgeOlderThan(days: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.#db.run('DELETE FROM bot_state WHERE updated_at < ?', [cutoff]);
  }
}
