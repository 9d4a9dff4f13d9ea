// Bot Framework state (conversation and user state) in the service's database, its own table.
// Implements botbuilder's Storage contract, including eTag concurrency: a write carrying an eTag
// succeeds only if the stored item still has that eTag, so two turns racing on one conversation
// (on one instance or two) cannot silently overwrite each other. State is written with the cheaper
// commit (relaxedRun, relaxedTransaction): a crash of the machine may lose the last turns, never
// half of one; a crash of the process loses nothing.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Sql } from './sql.ts';

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
    // botbuilder writes one key at a time (conversation state, then user state): that is one
    // statement with the cheaper commit. Several keys are written together or not at all.
    if (entries.length === 1) return this.#writeOne(this.#db, entries[0]![0], entries[0]![1], now);
    await this.#db.relaxedTransaction(async (tx) => {
      for (const [key, item] of entries) await this.#writeOne(tx, key, item, now);
    });
  }

  /** One item, honouring its eTag, in one statement when it is new or unchanged elsewhere. */
  async #writeOne(db: Sql, key: string, item: unknown, now: string): Promise<void> {
    const { eTag, ...document } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
    const etag = randomUUID();
    const body = JSON.stringify(document);
    if (eTag === undefined || eTag === '*') {
      await db.relaxedRun(
        `INSERT INTO bot_state (key, etag, document, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document, updated_at = excluded.updated_at`,
        [key, etag, body, now],
      );
      return;
    }
    // Written only if the stored eTag is still the one this turn read: the check and the write
    // are one statement, so two turns racing on one conversation (on one instance or two) cannot
    // both succeed.
    if ((await db.relaxedRun('UPDATE bot_state SET etag = ?, document = ?, updated_at = ? WHERE key = ? AND etag = ?', [etag, body, now, key, eTag])) === 1) return;
    // Not written: either the item is gone (then it is created, unless another turn creates it
    // first) or another turn changed it (a conflict).
    const inserted = await db.relaxedRun('INSERT INTO bot_state (key, etag, document, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING', [key, etag, body, now]);
    if (inserted === 0) throw new ETagConflictError(key);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.#db.run(`DELETE FROM bot_state WHERE key IN (${keys.map(() => '?').join(', ')})`, keys);
  }

  /** Removes state not touched for `days`: conversations hold what practitioners typed. */
  async purgeOlderThan(days: number, now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.#db.run('DELETE FROM bot_state WHERE updated_at < ?', [cutoff]);
  }
}
