// Who made each handoff, from which conversation and which consultation: what lets the
// conversation know a summary was already sent for this concern (and not silently start a second),
// and lets "status HX-..." answer the person who made it and nobody else. One row per handoff,
// written in the same transaction as the handoff (HandoffStore.submit) and deleted with it.
// All the SQL is here; the table is migration 007 (bot/storage/migrations/*/007-handoff-referral.sql).
import type { Sql } from '../storage/sql.ts';

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
  readonly #db: Sql;
  constructor(db: Sql) {
    this.#db = db;
  }

  /** Call inside the transaction that stores the handoff, with its `tx`. */
  async link(tx: Sql, reference: string, link: ReferralLink, createdMs: number): Promise<void> {
    await tx.run('INSERT INTO handoff_referral (reference, conversation_key, consultation_id, referrer_key, created_ms) VALUES (?, ?, ?, ?, ?)', [
      reference,
      link.conversationKey,
      link.consultationId ?? null,
      link.referrerKey,
      createdMs,
    ]);
  }

  async get(reference: string): Promise<StoredReferral | undefined> {
    const r = await this.#db.get('SELECT * FROM handoff_referral WHERE reference = ?', [reference]);
    return r && toReferral(r);
  }

  /** The latest summary sent from this conversation for this consultation (for any, without one). */
  async latest(conversationKey: string, consultationId?: string): Promise<StoredReferral | undefined> {
    const r =
      consultationId === undefined
        ? await this.#db.get('SELECT * FROM handoff_referral WHERE conversation_key = ? ORDER BY created_ms DESC, reference DESC LIMIT 1', [conversationKey])
        : await this.#db.get('SELECT * FROM handoff_referral WHERE conversation_key = ? AND consultation_id = ? ORDER BY created_ms DESC, reference DESC LIMIT 1', [conversationKey, consultationId]);
    return r && toReferral(r);
  }
}
