// Durable handoffs: the summary, its status as the duty team works on it, the referrer's
// conversation (to tell them the outcome), the in-progress flows (drafts), and the outbox rows
// that carry each to Teams. A handoff and its outbox row are written in one transaction, so a
// stored handoff always has a delivery on the way, and a delivery always has its handoff.
import { z } from 'zod';
import { HandoffCounts } from '../reports/handoffs.ts';
import { forUpdate, type Sql } from '../storage/sql.ts';
import { FlowState } from './flow.ts';
import { Outbox, type OutboxRow } from './outbox.ts';
import { newReference } from '../../knowledge/handoff/reference.ts';
import { type ReferralLink, ReferralStore } from './referrals.ts';
import { type OutcomeValue, Summary, type SummaryDraft } from '../../knowledge/handoff/summary.ts';

export const OUTCOMES = ['accepted-for-assessment', 'no-further-action', 'stepped-down-to-early-help'] as const satisfies readonly OutcomeValue[];
export const Outcome = z.enum(OUTCOMES);

export type HandoffStatus = 'new' | 'acknowledged' | 'outcome-recorded';

export interface Actor {
  /** Stable id for the audit log: "entra:<oid>", "token:<id>", "teams:<aadObjectId>". */
  id: string;
  /** The name shown to people. */
  name: string;
}

export interface StoredHandoff {
  summary: Summary;
  status: HandoffStatus;
  version: number;
  acknowledged?: { by: string; at: string };
  outcome?: { value: OutcomeValue; note?: string; by: string; at: string };
  /** The referrer's conversation, for the outcome notice; opaque to this module. */
  referrerConversation?: Record<string, unknown>;
  duty: { state: OutboxRow['state'] | 'none'; attempts: number; activityId: string | null; conversationId: string | null; lastResult: string | null };
}

export interface HandoffListItem {
  reference: string;
  createdAt: string;
  locality: string;
  level: number;
  status: HandoffStatus;
  delivery: StoredHandoff['duty']['state'];
}

export interface PurgeResult {
  handoffs: number;
  /** Of those, how many had never reached the duty channel (they were on the duty page throughout). */
  undelivered: number;
  drafts: number;
  references: string[];
  created?: { from: string; to: string };
}

export type ChangeResult = { ok: true; handoff: StoredHandoff } | { ok: false; reason: 'not-found' | 'already-recorded'; handoff?: StoredHandoff };

export class HandoffStore {
  readonly #db: Sql;
  readonly #now: () => Date;
  readonly outbox: Outbox;
  /** Who made each handoff, from which conversation and consultation (bot/handoff/referrals.ts). */
  readonly referrals: ReferralStore;

  constructor(db: Sql, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
    this.outbox = new Outbox(db);
    this.referrals = new ReferralStore(db);
  }

  // --- drafts: the flow's state between turns, so a restart mid-handoff resumes where it was

  async loadDraft(key: string, tx: Sql = this.#db): Promise<FlowState | undefined> {
    const row = await tx.get<{ state: string }>('SELECT state FROM handoff_draft WHERE conversation_key = ?', [key]);
    if (!row) return undefined;
    const parsed = FlowState.safeParse(JSON.parse(row.state));
    return parsed.success ? parsed.data : undefined;
  }

  async saveDraft(key: string, state: FlowState, tx: Sql = this.#db): Promise<void> {
    await tx.run(
      'INSERT INTO handoff_draft (conversation_key, state, updated_ms) VALUES (?, ?, ?) ON CONFLICT (conversation_key) DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms',
      [key, JSON.stringify(state), this.#now().getTime()],
    );
  }

  async deleteDraft(key: string): Promise<void> {
    await this.#db.run('DELETE FROM handoff_draft WHERE conversation_key = ?', [key]);
  }

  /**
   * Store a handoff, its duty delivery and the flow's final state in one transaction. Only after
   * this resolves may the practitioner be given the reference. A repeated submit of a flow that is
   * already stored returns the same reference and stores nothing twice.
   */
  async submit(input: {
    draftKey: string;
    draft: SummaryDraft;
    referrerConversation?: Record<string, unknown>;
    /** Who made it and from where, so the conversation knows it was sent and only they see its status. */
    referral?: ReferralLink;
    finalState: (reference: string) => FlowState;
  }): Promise<{ reference: string; created: boolean }> {
    return this.#db.transaction(async (tx) => {
      // The draft row is locked until commit, so a double submit on two instances stores once.
      const locked = await tx.get<{ state: string }>(`SELECT state FROM handoff_draft WHERE conversation_key = ?${forUpdate(tx)}`, [input.draftKey]);
      const existing = locked && FlowState.safeParse(JSON.parse(locked.state));
      if (existing?.success && existing.data.phase === 'done' && existing.data.reference) return { reference: existing.data.reference, created: false };
      const now = this.#now();
      let reference = newReference();
      while (await tx.get('SELECT 1 AS taken FROM handoff WHERE reference = ?', [reference])) reference = newReference();
      const summary = Summary.parse({ ...input.draft, reference, createdAt: now.toISOString() });
      await tx.run(
        `INSERT INTO handoff (reference, created_at, created_ms, locality, level, summary, referrer_conversation, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'new')`,
        [reference, summary.createdAt, now.getTime(), summary.locality.id, summary.level, JSON.stringify(summary), input.referrerConversation ? JSON.stringify(input.referrerConversation) : null],
      );
      await this.outbox.enqueue(tx, reference, 'duty-post', now.getTime());
      if (input.referral) await this.referrals.link(tx, reference, input.referral, now.getTime());
      await HandoffCounts.made(tx, { createdAt: summary.createdAt, locality: summary.locality.id });
      await this.saveDraft(input.draftKey, input.finalState(reference), tx);
      return { reference, created: true };
    });
  }

  async get(reference: string, tx: Sql = this.#db): Promise<StoredHandoff | undefined> {
    const r = await tx.get(`SELECT * FROM handoff WHERE reference = ?`, [reference]);
    return r && this.#toStored(r, tx);
  }

  async list(limit = 200): Promise<HandoffListItem[]> {
    // Handoffs made in the same millisecond keep the order they were stored in (rowid / seq).
    const order = this.#db.engine === 'sqlite' ? 'h.rowid' : 'h.seq';
    const rows = await this.#db.all(
      `SELECT h.reference, h.created_at, h.locality, h.level, h.status, o.state AS delivery
       FROM handoff h LEFT JOIN handoff_outbox o ON o.reference = h.reference AND o.kind = 'duty-post'
       ORDER BY h.created_ms DESC, ${order} DESC LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({
      reference: String(r.reference),
      createdAt: String(r.created_at),
      locality: String(r.locality),
      level: Number(r.level),
      status: r.status as HandoffStatus,
      delivery: (r.delivery as OutboxRow['state'] | null) ?? 'none',
    }));
  }

  /** Acknowledge once; a second acknowledgement changes nothing and says who was first. */
  async acknowledge(reference: string, actor: Actor): Promise<ChangeResult> {
    return this.#db.transaction(async (tx) => {
      const current = await this.#locked(tx, reference);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.status !== 'new') return { ok: false, reason: 'already-recorded', handoff: current };
      const now = this.#now();
      await tx.run(`UPDATE handoff SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, version = version + 1 WHERE reference = ?`, [now.toISOString(), actor.name, reference]);
      await HandoffCounts.acknowledged(tx, countKey(current), now);
      await this.#enqueueCardUpdate(tx, reference, now.getTime());
      return { ok: true, handoff: (await this.get(reference, tx))! };
    });
  }

  /** Record the outcome once, and queue the notice to the referrer in the same transaction. */
  async recordOutcome(reference: string, outcome: OutcomeValue, note: string | undefined, actor: Actor): Promise<ChangeResult> {
    return this.#db.transaction(async (tx) => {
      const current = await this.#locked(tx, reference);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.status === 'outcome-recorded') return { ok: false, reason: 'already-recorded', handoff: current };
      const now = this.#now();
      await tx.run(
        `UPDATE handoff SET status = 'outcome-recorded', outcome = ?, outcome_note = ?, outcome_at = ?, outcome_by = ?,
           acknowledged_at = COALESCE(acknowledged_at, ?), acknowledged_by = COALESCE(acknowledged_by, ?), version = version + 1
         WHERE reference = ?`,
        [outcome, note ?? null, now.toISOString(), actor.name, now.toISOString(), actor.name, reference],
      );
      // An outcome recorded straight away also acknowledges the handoff, as the row above does.
      if (current.status === 'new') await HandoffCounts.acknowledged(tx, countKey(current), now);
      await HandoffCounts.outcome(tx, countKey(current), outcome);
      if (current.referrerConversation) await this.outbox.enqueue(tx, reference, 'referrer-outcome', now.getTime());
      await this.#enqueueCardUpdate(tx, reference, now.getTime());
      return { ok: true, handoff: (await this.get(reference, tx))! };
    });
  }

  /** The handoff, its row locked until the transaction ends, so two instances cannot both change it. */
  async #locked(tx: Sql, reference: string): Promise<StoredHandoff | undefined> {
    const r = await tx.get(`SELECT * FROM handoff WHERE reference = ?${forUpdate(tx)}`, [reference]);
    return r && this.#toStored(r, tx);
  }

  /** The duty card shows status: once it has been posted, a change of status redraws it. */
  async #enqueueCardUpdate(tx: Sql, reference: string, now: number): Promise<void> {
    const post = (await this.outbox.forReference(reference, tx)).find((r) => r.kind === 'duty-post');
    if (post?.state === 'delivered') await this.outbox.enqueue(tx, reference, 'duty-card-update', now);
  }

  /** Called by the worker when the duty post lands: if the status moved on meanwhile, redraw the card. */
  async afterDutyPost(reference: string, sentVersion: number | null): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const h = await tx.get<{ version: number }>(`SELECT version FROM handoff WHERE reference = ?${forUpdate(tx)}`, [reference]);
      if (h && sentVersion !== null && Number(h.version) > sentVersion) await this.outbox.enqueue(tx, reference, 'duty-card-update', this.#now().getTime());
    });
  }

  /**
   * Delete handoffs (and with them their outbox rows) created before the cutoff, and drafts not
   * touched since the draft cutoff. Returns counts and the reference range for the audit log.
   */
  async purge(handoffsBefore: Date, draftsBefore: Date): Promise<PurgeResult> {
    const order = this.#db.engine === 'sqlite' ? 'rowid' : 'seq';
    return this.#db.transaction(async (tx) => {
      const rows = await tx.all<{ reference: string; created_at: string }>(`SELECT reference, created_at FROM handoff WHERE created_ms < ? ORDER BY created_ms, ${order}`, [handoffsBefore.getTime()]);
      const undelivered = Number(
        (await tx.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM handoff h JOIN handoff_outbox o ON o.reference = h.reference AND o.kind = 'duty-post' WHERE h.created_ms < ? AND o.state <> 'delivered'`,
          [handoffsBefore.getTime()],
        ))!.n,
      );
      await tx.run('DELETE FROM handoff WHERE created_ms < ?', [handoffsBefore.getTime()]);
      const drafts = await tx.run('DELETE FROM handoff_draft WHERE updated_ms < ?', [draftsBefore.getTime()]);
      return {
        handoffs: rows.length,
        undelivered,
        drafts,
        references: rows.map((r) => r.reference),
        ...(rows.length ? { created: { from: rows[0]!.created_at, to: rows.at(-1)!.created_at } } : {}),
      };
    });
  }

  async #toStored(r: Record<string, unknown>, tx: Sql): Promise<StoredHandoff> {
    const reference = String(r.reference);
    const post = (await this.outbox.forReference(reference, tx)).find((o) => o.kind === 'duty-post');
    return {
      summary: Summary.parse(JSON.parse(String(r.summary))),
      status: r.status as HandoffStatus,
      version: Number(r.version),
      ...(r.acknowledged_at ? { acknowledged: { by: String(r.acknowledged_by), at: String(r.acknowledged_at) } } : {}),
      ...(r.outcome
        ? { outcome: { value: r.outcome as OutcomeValue, ...(r.outcome_note ? { note: String(r.outcome_note) } : {}), by: String(r.outcome_by), at: String(r.outcome_at) } }
        : {}),
      ...(r.referrer_conversation ? { referrerConversation: JSON.parse(String(r.referrer_conversation)) as Record<string, unknown> } : {}),
      duty: {
        state: post?.state ?? 'none',
        attempts: post?.attempts ?? 0,
        activityId: post?.activityId ?? null,
        conversationId: (post?.target?.conversationId as string | undefined) ?? null,
        lastResult: post?.lastResult ?? null,
      },
    };
  }
}

/** What the board's counts know of a handoff: when it was made and for which area. */
function countKey(h: StoredHandoff): { createdAt: string; locality: string } {
  return { createdAt: h.summary.createdAt, locality: h.summary.locality.id };
}
