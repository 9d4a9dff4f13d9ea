// The delivery outbox: one row per message the duty team or the referrer must receive, written in
// the same transaction as the change that needs it. Its states make a non-idempotent send safe:
//
//   pending --claim (attempt counted, lease set, committed BEFORE the send)--> in-flight
//   in-flight --send succeeded--> delivered (with the activity id Teams returned)
//   in-flight --send certainly failed--> pending (retry after a backoff)
//   in-flight --outcome unknown (timeout, crash, lease expired)--> unknown
//   unknown --reconciled: the message is there--> delivered
//   unknown --reconciled: it is not there--> pending
//
// A row is never sent again while its previous attempt may have landed: it must be reconciled
// first. See docs/arch/ADR-001-duty-delivery.md.
import type { DatabaseSync } from 'node:sqlite';

export type OutboxKind = 'duty-post' | 'duty-card-update' | 'referrer-outcome';
export type OutboxState = 'pending' | 'in-flight' | 'unknown' | 'delivered';

export interface OutboxRow {
  id: number;
  reference: string;
  kind: OutboxKind;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  target: Record<string, unknown> | null;
  activityId: string | null;
  sentVersion: number | null;
  lastResult: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export function createOutboxTables(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS handoff_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      reference TEXT NOT NULL REFERENCES handoff(reference) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('duty-post', 'duty-card-update', 'referrer-outcome')),
      state TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'unknown', 'delivered')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      lease_until INTEGER,
      target TEXT,
      activity_id TEXT,
      sent_version INTEGER,
      last_result TEXT,
      created_at INTEGER NOT NULL,
      delivered_at INTEGER
    );
    CREATE UNIQUE INDEX IF NOT EXISTS handoff_outbox_one_duty_post ON handoff_outbox(reference) WHERE kind = 'duty-post';
    CREATE INDEX IF NOT EXISTS handoff_outbox_due ON handoff_outbox(state, next_attempt_at);
  `);
}

const toRow = (r: Record<string, unknown>): OutboxRow => ({
  id: Number(r.id),
  reference: String(r.reference),
  kind: r.kind as OutboxKind,
  state: r.state as OutboxState,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  target: r.target ? (JSON.parse(String(r.target)) as Record<string, unknown>) : null,
  activityId: (r.activity_id as string | null) ?? null,
  sentVersion: r.sent_version === null ? null : Number(r.sent_version),
  lastResult: (r.last_result as string | null) ?? null,
  createdAt: Number(r.created_at),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
});

export class Outbox {
  readonly #db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
    createOutboxTables(db);
  }

  /** Call inside the transaction that makes the message necessary. */
  enqueue(reference: string, kind: OutboxKind, now: number): void {
    if (kind === 'duty-card-update') {
      // One pending update is enough: it always draws the latest status.
      const waiting = this.#db.prepare(`SELECT 1 FROM handoff_outbox WHERE reference = ? AND kind = 'duty-card-update' AND state = 'pending'`).get(reference);
      if (waiting) return;
    }
    this.#db
      .prepare(`INSERT INTO handoff_outbox (reference, kind, state, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)`)
      .run(reference, kind, now, now);
  }

  /** In-flight attempts whose lease ran out (their process died or their send hung): outcome unknown. */
  expireLeases(now: number, reconcileAt: number): number {
    return Number(
      this.#db
        .prepare(`UPDATE handoff_outbox SET state = 'unknown', next_attempt_at = ?, last_result = 'lease-expired' WHERE state = 'in-flight' AND lease_until < ?`)
        .run(reconcileAt, now).changes,
    );
  }

  due(now: number, limit = 20): OutboxRow[] {
    const rows = this.#db
      .prepare(`SELECT * FROM handoff_outbox WHERE state IN ('pending', 'unknown') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
      .all(now, limit) as Array<Record<string, unknown>>;
    return rows.map(toRow);
  }

  get(id: number): OutboxRow | undefined {
    const r = this.#db.prepare('SELECT * FROM handoff_outbox WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r && toRow(r);
  }

  forReference(reference: string): OutboxRow[] {
    return (this.#db.prepare('SELECT * FROM handoff_outbox WHERE reference = ? ORDER BY id').all(reference) as Array<Record<string, unknown>>).map(toRow);
  }

  /**
   * Record the attempt and take a lease before sending: committed on its own (autocommit), so a
   * crash during the send leaves evidence that the message may have gone. False if another worker
   * claimed it first.
   */
  claim(row: OutboxRow, target: Record<string, unknown> | null, sentVersion: number | null, now: number, leaseUntil: number): boolean {
    const changes = this.#db
      .prepare(
        `UPDATE handoff_outbox SET state = 'in-flight', attempts = attempts + 1, lease_until = ?, target = COALESCE(target, ?), sent_version = ?, last_result = 'sending'
         WHERE id = ? AND state = 'pending'`,
      )
      .run(leaseUntil, target ? JSON.stringify(target) : null, sentVersion, row.id).changes;
    return Number(changes) === 1;
  }

  delivered(id: number, activityId: string | null, now: number, result = 'delivered'): void {
    this.#db
      .prepare(`UPDATE handoff_outbox SET state = 'delivered', activity_id = COALESCE(?, activity_id), delivered_at = ?, lease_until = NULL, last_result = ? WHERE id = ?`)
      .run(activityId, now, result, id);
  }

  /** Back to pending: the last attempt certainly did not deliver (or reconciliation found nothing). */
  retryAt(id: number, at: number, result: string): void {
    this.#db.prepare(`UPDATE handoff_outbox SET state = 'pending', next_attempt_at = ?, lease_until = NULL, last_result = ? WHERE id = ?`).run(at, result, id);
  }

  /** Waiting for something outside (no duty channel yet): stays pending, not counted as an attempt. */
  defer(id: number, at: number, result: string): void {
    this.#db.prepare(`UPDATE handoff_outbox SET next_attempt_at = ?, last_result = ? WHERE id = ? AND state = 'pending'`).run(at, result, id);
  }

  /** Rows deferred for `result` become due now (a duty channel was just designated). */
  resumeDeferred(result: string, now: number): number {
    return Number(this.#db.prepare(`UPDATE handoff_outbox SET next_attempt_at = ? WHERE state = 'pending' AND last_result = ?`).run(now, result).changes);
  }

  unknown(id: number, reconcileAt: number, result: string): void {
    this.#db.prepare(`UPDATE handoff_outbox SET state = 'unknown', next_attempt_at = ?, lease_until = NULL, last_result = ? WHERE id = ? AND state = 'in-flight'`).run(reconcileAt, result, id);
  }

  /** Reconciliation could not tell: stay unknown and ask again later. */
  reconcileLater(id: number, at: number, result: string): void {
    this.#db.prepare(`UPDATE handoff_outbox SET next_attempt_at = ?, last_result = ? WHERE id = ? AND state = 'unknown'`).run(at, result, id);
  }

  /** Reset an unknown row to pending so it can be claimed again (reconciled: not delivered). */
  release(id: number, result: string, now: number): void {
    this.#db.prepare(`UPDATE handoff_outbox SET state = 'pending', next_attempt_at = ?, last_result = ? WHERE id = ? AND state = 'unknown'`).run(now, result, id);
  }
}
