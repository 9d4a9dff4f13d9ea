// Who made each handoff, from which conversation and which consultation: what lets the
// conversation know a summary was already sent for this concern (and not silently start a second),
// and lets "status HX-..." answer the person who made it and nobody else. One row per handoff,
// written in the same transaction as the handoff (HandoffStore.submit) and deleted with it.
// All the SQL is here, so the second storage engine has one module to mirror.
import type { DatabaseSync } from 'node:sqlite';

export interface ReferralLink {
  /** The conversation the summary was made in (channel|conversation|user, as the drafts are keyed). */
  conversationKey: string;
  /** The consultation (the concern) it was made from; undefined for a consultation with no id. */
  consultationId?: string;
  /** The person who made it, as the channel names them (channel|user). */
  referrerKey: string;
}

export interface StoredReferral extends ReferralLink {
  reference: string;
  createdMs: number;
}

const toReferral = (r: Record<string, unknown>): StoredReferral => ({
  reference: String(r.reference),
  conversationKey: String(r.conversation_key),
  ...(r.consultation_id ? { consultationId: String(r.consultation_id) } : {}),
  referrerKey: String(r.referrer_key),
  createdMs: Number(r.created_ms),
});

export class ReferralStore {
  readonly #db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS handoff_referral (
        reference TEXT PRIMARY KEY REFERENCES handoff(reference) ON DELETE CASCADE,
        conversation_key TEXT NOT NULL,
        consultation_id TEXT,
        referrer_key TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS handoff_referral_conversation ON handoff_referral(conversation_key, consultation_id);
    `);
  }

  /** Call inside the transaction that stores the handoff. */
  link(reference: string, link: ReferralLink, createdMs: number): void {
    this.#db
      .prepare('INSERT INTO handoff_referral (reference, conversation_key, consultation_id, referrer_key, created_ms) VALUES (?, ?, ?, ?, ?)')
      .run(reference, link.conversationKey, link.consultationId ?? null, link.referrerKey, createdMs);
  }

  get(reference: string): StoredReferral | undefined {
    const r = this.#db.prepare('SELECT * FROM handoff_referral WHERE reference = ?').get(reference) as Record<string, unknown> | undefined;
    return r && toReferral(r);
  }

  /** The latest summary sent from this conversation for this consultation (for any, without one). */
  latest(conversationKey: string, consultationId?: string): StoredReferral | undefined {
    const r = (
      consultationId === undefined
        ? this.#db.prepare('SELECT * FROM handoff_referral WHERE conversation_key = ? ORDER BY created_ms DESC, rowid DESC LIMIT 1').get(conversationKey)
        : this.#db.prepare('SELECT * FROM handoff_referral WHERE conversation_key = ? AND consultation_id = ? ORDER BY created_ms DESC, rowid DESC LIMIT 1').get(conversationKey, consultationId)
    ) as Record<string, unknown> | undefined;
    return r && toReferral(r);
  }
}
