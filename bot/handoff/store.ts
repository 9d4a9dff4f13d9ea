// Durable handoffs: the summary, its status as the duty team works on it, the referrer's
// conversation (to tell them the outcome), the in-progress flows (drafts), and the outbox rows
// that carry each to Teams. A handoff and its outbox row are written in one transaction, so a
// stored handoff always has a delivery on the way, and a delivery always has its handoff.
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { HandoffCounts } from '../reports/handoffs.ts';
import { inTransaction } from '../storage/transaction.ts';
import { type OutcomeValue } from '../../cards/handoff/view.ts';
import { FlowState } from './flow.ts';
import { Outbox, type OutboxRow } from './outbox.ts';
import { newReference } from './reference.ts';
import { type ReferralLink, ReferralStore } from './referrals.ts';
import { Summary, type SummaryDraft } from './summary.ts';

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
  readonly #db: DatabaseSync;
  readonly #now: () => Date;
  /** The board's anonymous counts, written in the same transactions as the handoffs. */
  readonly #counts: HandoffCounts;
  readonly outbox: Outbox;
  /** Who made each handoff, from which conversation and consultation (bot/handoff/referrals.ts). */
  readonly referrals: ReferralStore;

  constructor(db: DatabaseSync, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
    db.exec(`
      CREATE TABLE IF NOT EXISTS handoff (
        reference TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        locality TEXT NOT NULL,
        level INTEGER NOT NULL,
        summary TEXT NOT NULL,
        referrer_conversation TEXT,
        status TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'outcome-recorded')),
        version INTEGER NOT NULL DEFAULT 1,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        outcome TEXT,
        outcome_note TEXT,
        outcome_at TEXT,
        outcome_by TEXT
      );
      CREATE INDEX IF NOT EXISTS handoff_created ON handoff(created_ms);
      CREATE TABLE IF NOT EXISTS handoff_draft (
        conversation_key TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      );
    `);
    this.outbox = new Outbox(db);
    this.referrals = new ReferralStore(db);
    this.#counts = new HandoffCounts(db);
  }

  // --- drafts: the flow's state between turns, so a restart mid-handoff resumes where it was

  loadDraft(key: string): FlowState | undefined {
    const row = this.#db.prepare('SELECT state FROM handoff_draft WHERE conversation_key = ?').get(key) as { state: string } | undefined;
    if (!row) return undefined;
    const parsed = FlowState.safeParse(JSON.parse(row.state));
    return parsed.success ? parsed.data : undefined;
  }

  saveDraft(key: string, state: FlowState): void {
    this.#db
      .prepare('INSERT INTO handoff_draft (conversation_key, state, updated_ms) VALUES (?, ?, ?) ON CONFLICT(conversation_key) DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms')
      .run(key, JSON.stringify(state), this.#now().getTime());
  }

  deleteDraft(key: string): void {
    this.#db.prepare('DELETE FROM handoff_draft WHERE conversation_key = ?').run(key);
  }

  /**
   * Store a handoff, its duty delivery and the flow's final state in one transaction. Only after
   * this returns may the practitioner be given the reference. A repeated submit of a flow that is
   * already stored returns the same reference and stores nothing twice.
   */
  submit(input: {
    draftKey: string;
    draft: SummaryDraft;
    referrerConversation?: Record<string, unknown>;
    /** Who made it and from where, so the conversation knows it was sent and only they see its status. */
    referral?: ReferralLink;
    finalState: (reference: string) => FlowState;
  }): { reference: string; created: boolean } {
    return inTransaction(this.#db, () => {
      const existing = this.loadDraft(input.draftKey);
      if (existing?.phase === 'done' && existing.reference) return { reference: existing.reference, created: false };
      const now = this.#now();
      let reference = newReference();
      while (this.#db.prepare('SELECT 1 FROM handoff WHERE reference = ?').get(reference)) reference = newReference();
      const summary = Summary.parse({ ...input.draft, reference, createdAt: now.toISOString() });
      this.#db
        .prepare(
          `INSERT INTO handoff (reference, created_at, created_ms, locality, level, summary, referrer_conversation, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'new')`,
        )
        .run(reference, summary.createdAt, now.getTime(), summary.locality.id, summary.level, JSON.stringify(summary), input.referrerConversation ? JSON.stringify(input.referrerConversation) : null);
      this.outbox.enqueue(reference, 'duty-post', now.getTime());
      if (input.referral) this.referrals.link(reference, input.referral, now.getTime());
      this.#counts.made({ createdAt: summary.createdAt, locality: summary.locality.id });
      this.saveDraft(input.draftKey, input.finalState(reference));
      return { reference, created: true };
    });
  }

  get(reference: string): StoredHandoff | undefined {
    const r = this.#db.prepare('SELECT * FROM handoff WHERE reference = ?').get(reference) as Record<string, unknown> | undefined;
    return r && this.#toStored(r);
  }

  list(limit = 200): HandoffListItem[] {
    const rows = this.#db
      .prepare(
        `SELECT h.reference, h.created_at, h.locality, h.level, h.status, o.state AS delivery
         FROM handoff h LEFT JOIN handoff_outbox o ON o.reference = h.reference AND o.kind = 'duty-post'
         ORDER BY h.created_ms DESC, h.rowid DESC LIMIT ?`,
      )
      .all(limit) as Array<Record<string, unknown>>;
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
  acknowledge(reference: string, actor: Actor): ChangeResult {
    return inTransaction(this.#db, () => {
      const current = this.get(reference);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.status !== 'new') return { ok: false, reason: 'already-recorded', handoff: current };
      const now = this.#now();
      this.#db
        .prepare(`UPDATE handoff SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, version = version + 1 WHERE reference = ?`)
        .run(now.toISOString(), actor.name, reference);
      this.#counts.acknowledged(countKey(current), now);
      this.#enqueueCardUpdate(reference, now.getTime());
      return { ok: true, handoff: this.get(reference)! };
    });
  }

  /** Record the outcome once, and queue the notice to the referrer in the same transaction. */
  recordOutcome(reference: string, outcome: OutcomeValue, note: string | undefined, actor: Actor): ChangeResult {
    return inTransaction(this.#db, () => {
      const current = this.get(reference);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.status === 'outcome-recorded') return { ok: false, reason: 'already-recorded', handoff: current };
      const now = this.#now();
      this.#db
        .prepare(
          `UPDATE handoff SET status = 'outcome-recorded', outcome = ?, outcome_note = ?, outcome_at = ?, outcome_by = ?,
             acknowledged_at = COALESCE(acknowledged_at, ?), acknowledged_by = COALESCE(acknowledged_by, ?), version = version + 1
           WHERE reference = ?`,
        )
        .run(outcome, note ?? null, now.toISOString(), actor.name, now.toISOString(), actor.name, reference);
      // An outcome recorded straight away also acknowledges the handoff, as the row above does.
      if (current.status === 'new') this.#counts.acknowledged(countKey(current), now);
      this.#counts.outcome(countKey(current), outcome);
      if (current.referrerConversation) this.outbox.enqueue(reference, 'referrer-outcome', now.getTime());
      this.#enqueueCardUpdate(reference, now.getTime());
      return { ok: true, handoff: this.get(reference)! };
    });
  }

  /** The duty card shows status: once it has been posted, a change of status redraws it. */
  #enqueueCardUpdate(reference: string, now: number): void {
    const post = this.outbox.forReference(reference).find((r) => r.kind === 'duty-post');
    if (post?.state === 'delivered') this.outbox.enqueue(reference, 'duty-card-update', now);
  }

  /** Called by the worker when the duty post lands: if the status moved on meanwhile, redraw the card. */
  afterDutyPost(reference: string, sentVersion: number | null): void {
    const h = this.get(reference);
    if (h && sentVersion !== null && h.version > sentVersion) this.outbox.enqueue(reference, 'duty-card-update', this.#now().getTime());
  }

  /**
   * Delete handoffs (and with them their outbox rows) created before the cutoff, and drafts not
   * touched since the draft cutoff. Returns counts and the reference range for the audit log.
   */
  purge(handoffsBefore: Date, draftsBefore: Date): PurgeResult {
    return inTransaction(this.#db, () => {
      const rows = this.#db.prepare('SELECT reference, created_at FROM handoff WHERE created_ms < ? ORDER BY created_ms, rowid').all(handoffsBefore.getTime()) as Array<{ reference: string; created_at: string }>;
      const undelivered = Number(
        (this.#db.prepare(`SELECT COUNT(*) AS n FROM handoff h JOIN handoff_outbox o ON o.reference = h.reference AND o.kind = 'duty-post' WHERE h.created_ms < ? AND o.state <> 'delivered'`).get(handoffsBefore.getTime()) as { n: number }).n,
      );
      this.#db.prepare('DELETE FROM handoff WHERE created_ms < ?').run(handoffsBefore.getTime());
      const drafts = Number(this.#db.prepare('DELETE FROM handoff_draft WHERE updated_ms < ?').run(draftsBefore.getTime()).changes);
      return {
        handoffs: rows.length,
        undelivered,
        drafts,
        references: rows.map((r) => r.reference),
        ...(rows.length ? { created: { from: rows[0]!.created_at, to: rows.at(-1)!.created_at } } : {}),
      };
    });
  }

  #toStored(r: Record<string, unknown>): StoredHandoff {
    const reference = String(r.reference);
    const post = this.outbox.forReference(reference).find((o) => o.kind === 'duty-post');
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
