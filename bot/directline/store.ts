// Everything the local Direct Line channel keeps, in one place: the channel's own key (signs user
// ids, authenticates the bot's calls back), tokens (stored as hashes, each bound to one
// conversation and one user), conversations, and the activities of each conversation in
// watermark order. Retention is bounded twice: a conversation idle for longer than the retention
// period is deleted with its tokens and activities, and a conversation keeps at most
// MAX_ACTIVITIES (the oldest go first). The tables are made by migration 004.
import { createHash, randomBytes } from 'node:crypto';
import { forUpdate, type Sql } from '../storage/sql.ts';

export const MAX_ACTIVITIES = 500;

export interface TokenGrant {
  conversationId: string;
  userId: string;
  expiresMs: number;
}

export interface StoredConversation {
  id: string;
  userId: string;
  started: boolean;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class DirectLineStore {
  readonly #db: Sql;
  readonly #now: () => number;

  constructor(db: Sql, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** The channel's secret, made once and kept, so every instance on this database shares it. */
  async key(): Promise<string> {
    const key = randomBytes(32).toString('base64url');
    // Two instances starting together: the first insert wins, both read the same key back.
    await this.#db.run('INSERT INTO directline_key (id, key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING', [key]);
    const row = await this.#db.get<{ key: string }>('SELECT key FROM directline_key WHERE id = 1');
    return row!.key;
  }

  async createConversation(userId: string): Promise<string> {
    const id = randomBytes(18).toString('base64url');
    await this.#db.run('INSERT INTO directline_conversation (id, user_id, updated_ms) VALUES (?, ?, ?)', [id, userId, this.#now()]);
    return id;
  }

  async conversation(id: string): Promise<StoredConversation | undefined> {
    const row = await this.#db.get<{ id: string; user_id: string; started: number }>('SELECT id, user_id, started FROM directline_conversation WHERE id = ?', [id]);
    return row && { id: row.id, userId: row.user_id, started: Number(row.started) === 1 };
  }

  /** True the first time only: the conversation's start is announced to the bot once. */
  async markStarted(id: string): Promise<boolean> {
    return (await this.#db.run('UPDATE directline_conversation SET started = 1 WHERE id = ? AND started = 0', [id])) === 1;
  }

  async issueToken(conversationId: string, userId: string, ttlMs: number): Promise<{ token: string; expiresMs: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresMs = this.#now() + ttlMs;
    await this.#db.run('INSERT INTO directline_token (token_hash, conversation_id, user_id, expires_ms) VALUES (?, ?, ?, ?)', [hash(token), conversationId, userId, expiresMs]);
    return { token, expiresMs };
  }

  /** The grant a token carries, if it exists and has not expired. */
  async grant(token: string): Promise<TokenGrant | undefined> {
    const row = await this.#db.get<{ conversation_id: string; user_id: string; expires_ms: number }>(
      'SELECT conversation_id, user_id, expires_ms FROM directline_token WHERE token_hash = ?',
      [hash(token)],
    );
    if (!row || Number(row.expires_ms) <= this.#now()) return undefined;
    return { conversationId: row.conversation_id, userId: row.user_id, expiresMs: Number(row.expires_ms) };
  }

  /**
   * Add an activity and give it the conversation's next watermark. `build` receives the id and
   * the watermark (sequence number) so the stored activity carries its own id.
   */
  append(conversationId: string, build: (id: string, seq: number) => Record<string, unknown>): Promise<{ id: string; seq: number } | undefined> {
    return this.#db.transaction(async (tx) => {
      // The conversation's row is locked, so two instances appending at once take turns.
      const row = await tx.get<{ next_seq: number }>(`SELECT next_seq FROM directline_conversation WHERE id = ?${forUpdate(tx)}`, [conversationId]);
      if (!row) return undefined;
      const seq = Number(row.next_seq);
      const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
      await tx.run('INSERT INTO directline_activity (conversation_id, seq, body) VALUES (?, ?, ?)', [conversationId, seq, JSON.stringify(build(id, seq))]);
      await tx.run('UPDATE directline_conversation SET next_seq = ?, updated_ms = ? WHERE id = ?', [seq + 1, this.#now(), conversationId]);
      if (seq > MAX_ACTIVITIES) await tx.run('DELETE FROM directline_activity WHERE conversation_id = ? AND seq <= ?', [conversationId, seq - MAX_ACTIVITIES]);
      return { id, seq };
    });
  }

  /** Activities after the watermark (all when there is none), and the new watermark. */
  async since(conversationId: string, watermark: number): Promise<{ activities: Record<string, unknown>[]; watermark: number }> {
    const rows = await this.#db.all<{ seq: number; body: string }>('SELECT seq, body FROM directline_activity WHERE conversation_id = ? AND seq > ? ORDER BY seq', [conversationId, watermark]);
    return { activities: rows.map((r) => JSON.parse(r.body) as Record<string, unknown>), watermark: rows.length ? Number(rows.at(-1)!.seq) : watermark };
  }

  /** Delete conversations idle since before the cutoff (with their tokens and activities), and expired tokens. */
  purge(idleBeforeMs: number): Promise<{ conversations: number; tokens: number }> {
    return this.#db.transaction(async (tx) => {
      const ids = await tx.all<{ id: string }>('SELECT id FROM directline_conversation WHERE updated_ms < ?', [idleBeforeMs]);
      for (const { id } of ids) {
        await tx.run('DELETE FROM directline_activity WHERE conversation_id = ?', [id]);
        await tx.run('DELETE FROM directline_token WHERE conversation_id = ?', [id]);
      }
      await tx.run('DELETE FROM directline_conversation WHERE updated_ms < ?', [idleBeforeMs]);
      const tokens = await tx.run('DELETE FROM directline_token WHERE expires_ms <= ?', [this.#now()]);
      return { conversations: ids.length, tokens };
    });
  }
}
