// Everything the local Direct Line channel keeps, in one place so a second storage engine has one
// module to mirror: the channel's own key (signs user ids, authenticates the bot's calls back),
// tokens (stored as hashes, each bound to one conversation and one user), conversations, and the
// activities of each conversation in watermark order. Retention is bounded twice: a conversation
// idle for longer than the retention period is deleted with its tokens and activities, and a
// conversation keeps at most MAX_ACTIVITIES (the oldest go first).
import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from '../storage/transaction.ts';

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
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    db.exec(`
      CREATE TABLE IF NOT EXISTS directline_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS directline_conversation (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        started INTEGER NOT NULL DEFAULT 0,
        next_seq INTEGER NOT NULL DEFAULT 1,
        updated_ms INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS directline_token (
        token_hash TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES directline_conversation(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS directline_activity (
        conversation_id TEXT NOT NULL REFERENCES directline_conversation(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE INDEX IF NOT EXISTS directline_conversation_updated ON directline_conversation(updated_ms);
    `);
  }

  /** The channel's secret, made once and kept, so every instance on this database shares it. */
  key(): string {
    return inTransaction(this.#db, () => {
      const row = this.#db.prepare('SELECT key FROM directline_key WHERE id = 1').get() as { key: string } | undefined;
      if (row) return row.key;
      const key = randomBytes(32).toString('base64url');
      this.#db.prepare('INSERT INTO directline_key (id, key) VALUES (1, ?)').run(key);
      return key;
    });
  }

  createConversation(userId: string): string {
    const id = randomBytes(18).toString('base64url');
    this.#db.prepare('INSERT INTO directline_conversation (id, user_id, updated_ms) VALUES (?, ?, ?)').run(id, userId, this.#now());
    return id;
  }

  conversation(id: string): StoredConversation | undefined {
    const row = this.#db.prepare('SELECT id, user_id, started FROM directline_conversation WHERE id = ?').get(id) as { id: string; user_id: string; started: number } | undefined;
    return row && { id: row.id, userId: row.user_id, started: row.started === 1 };
  }

  /** True the first time only: the conversation's start is announced to the bot once. */
  markStarted(id: string): boolean {
    return Number(this.#db.prepare('UPDATE directline_conversation SET started = 1 WHERE id = ? AND started = 0').run(id).changes) === 1;
  }

  issueToken(conversationId: string, userId: string, ttlMs: number): { token: string; expiresMs: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresMs = this.#now() + ttlMs;
    this.#db.prepare('INSERT INTO directline_token (token_hash, conversation_id, user_id, expires_ms) VALUES (?, ?, ?, ?)').run(hash(token), conversationId, userId, expiresMs);
    return { token, expiresMs };
  }

  /** The grant a token carries, if it exists and has not expired. */
  grant(token: string): TokenGrant | undefined {
    const row = this.#db.prepare('SELECT conversation_id, user_id, expires_ms FROM directline_token WHERE token_hash = ?').get(hash(token)) as
      | { conversation_id: string; user_id: string; expires_ms: number }
      | undefined;
    if (!row || row.expires_ms <= this.#now()) return undefined;
    return { conversationId: row.conversation_id, userId: row.user_id, expiresMs: row.expires_ms };
  }

  /**
   * Add an activity and give it the conversation's next watermark. `build` receives the id and
   * the watermark (sequence number) so the stored activity carries its own id.
   */
  append(conversationId: string, build: (id: string, seq: number) => Record<string, unknown>): { id: string; seq: number } | undefined {
    return inTransaction(this.#db, () => {
      const row = this.#db.prepare('SELECT next_seq FROM directline_conversation WHERE id = ?').get(conversationId) as { next_seq: number } | undefined;
      if (!row) return undefined;
      const seq = row.next_seq;
      const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
      this.#db.prepare('INSERT INTO directline_activity (conversation_id, seq, body) VALUES (?, ?, ?)').run(conversationId, seq, JSON.stringify(build(id, seq)));
      this.#db.prepare('UPDATE directline_conversation SET next_seq = ?, updated_ms = ? WHERE id = ?').run(seq + 1, this.#now(), conversationId);
      this.#db.prepare('DELETE FROM directline_activity WHERE conversation_id = ? AND seq <= ?').run(conversationId, seq - MAX_ACTIVITIES);
      return { id, seq };
    });
  }

  /** Activities after the watermark (all when there is none), and the new watermark. */
  since(conversationId: string, watermark: number): { activities: Record<string, unknown>[]; watermark: number } {
    const rows = this.#db.prepare('SELECT seq, body FROM directline_activity WHERE conversation_id = ? AND seq > ? ORDER BY seq').all(conversationId, watermark) as Array<{ seq: number; body: string }>;
    return { activities: rows.map((r) => JSON.parse(r.body) as Record<string, unknown>), watermark: rows.at(-1)?.seq ?? watermark };
  }

  /** Delete conversations idle since before the cutoff (with their tokens and activities), and expired tokens. */
  purge(idleBeforeMs: number): { conversations: number; tokens: number } {
    return inTransaction(this.#db, () => {
      const ids = this.#db.prepare('SELECT id FROM directline_conversation WHERE updated_ms < ?').all(idleBeforeMs) as Array<{ id: string }>;
      for (const { id } of ids) {
        this.#db.prepare('DELETE FROM directline_activity WHERE conversation_id = ?').run(id);
        this.#db.prepare('DELETE FROM directline_token WHERE conversation_id = ?').run(id);
      }
      this.#db.prepare('DELETE FROM directline_conversation WHERE updated_ms < ?').run(idleBeforeMs);
      const tokens = Number(this.#db.prepare('DELETE FROM directline_token WHERE expires_ms <= ?').run(this.#now()).changes);
      return { conversations: ids.length, tokens };
    });
  }
}
