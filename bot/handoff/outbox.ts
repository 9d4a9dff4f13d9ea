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
//
// With more than one instance on one database, a worker first *takes* due rows: a lease
// (lease_owner, lease_until) set in one transaction that skips rows another worker holds
// (FOR UPDATE SKIP LOCKED), so each row is worked by one instance at a time; only the holder may
// claim it for a send, and a lease left by an instance that died runs out and the row is taken
// again (an in-flight one as unknown, reconciled before any resend). ADR-011.
import { type Sql, skipLocked } from '../storage/sql.ts';

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
  leaseOwner: string | null;
  target: Record<string, unknown> | null;
  activityId: string | null;
  sentVersion: number | null;
  lastResult: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

const toRow = (r: Record<string, unknown>): OutboxRow => ({
  id: Number(r.id),
  reference: String(r.reference),
  kind: r.kind as OutboxKind,
  state: r.state as OutboxState,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  leaseOwner: (r.lease_owner as string | null) ?? null,
  target: r.target ? (JSON.parse(String(r.target)) as Record<string, unknown>) : null,
  activityId: (r.activity_id as string | null) ?? null,
  sentVersion: r.sent_version === null ? null : Number(r.sent_version),
  lastResult: (r.last_result as string | null) ?? null,
  createdAt: Number(r.created_at),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
});

export class Outbox {
  readonly #db: Sql;
  constructor(db: Sql) {
    this.#db = db;
  }

  /** Call inside the transaction that makes the message necessary. */
  async enqueue(tx: Sql, reference: string, kind: OutboxKind, now: number): Promise<void> {
    if (kind === 'duty-card-update') {
      // One pending update is enough: it always draws the latest status.
      const waiting = await tx.get(`SELECT 1 AS waiting FROM handoff_outbox WHERE reference = ? AND kind = 'duty-card-update' AND state = 'pending'`, [reference]);
      if (waiting) return;
    }
    await tx.run(`INSERT INTO handoff_outbox (reference, kind, state, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)`, [reference, kind, now, now]);
  }

  /**
   * Takes up to `limit` due rows for `owner` until `leaseUntil`: rows no other worker holds. First
   * marks in-flight attempts whose lease ran out (their instance died or their send hung) as
   * unknown, to be reconciled at `reconcileAt`.
   */
  async take(owner: string, now: number, leaseUntil: number, reconcileAt: number, limit = 20): Promise<OutboxRow[]> {
    return this.#db.transaction(async (tx) => {
      await tx.run(
        `UPDATE handoff_outbox SET state = 'unknown', next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, last_result = 'lease-expired'
         WHERE state = 'in-flight' AND lease_until < ?`,
        [reconcileAt, now],
      );
      const rows = await tx.all(
        `SELECT * FROM handoff_outbox WHERE state IN ('pending', 'unknown') AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
         ORDER BY next_attempt_at, id LIMIT ?${skipLocked(tx)}`,
        [now, now, limit],
      );
      if (!rows.length) return [];
      const ids = rows.map((r) => Number(r.id));
      await tx.run(`UPDATE handoff_outbox SET lease_owner = ?, lease_until = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [owner, leaseUntil, ...ids]);
      return rows.map((r) => ({ ...toRow(r), leaseOwner: owner, leaseUntil }));
    });
  }

  async get(id: number): Promise<OutboxRow | undefined> {
    const r = await this.#db.get('SELECT * FROM handoff_outbox WHERE id = ?', [id]);
    return r && toRow(r);
  }

  async forReference(reference: string, tx: Sql = this.#db): Promise<OutboxRow[]> {
    return (await tx.all('SELECT * FROM handoff_outbox WHERE reference = ? ORDER BY id', [reference])).map(toRow);
  }

  /**
   * Record the attempt and take the send's lease before sending: committed on its own, so a crash
   * during the send leaves evidence that the message may have gone. False if the row is no longer
   * pending or another worker holds it.
   */
  async claim(row: OutboxRow, owner: string, target: Record<string, unknown> | null, sentVersion: number | null, leaseUntil: number): Promise<boolean> {
    const changes = await this.#db.run(
      `UPDATE handoff_outbox SET state = 'in-flight', attempts = attempts + 1, lease_until = ?, lease_owner = ?, target = COALESCE(target, ?), sent_version = ?, last_result = 'sending'
       WHERE id = ? AND state = 'pending' AND (lease_owner IS NULL OR lease_owner = ?)`,
      [leaseUntil, owner, target ? JSON.stringify(target) : null, sentVersion, row.id, owner],
    );
    return changes === 1;
  }

  /** Delivered is the truth whoever learns it: no condition on state or lease. */
  async delivered(id: number, activityId: string | null, now: number, result = 'delivered'): Promise<void> {
    await this.#db.run(
      `UPDATE handoff_outbox SET state = 'delivered', activity_id = COALESCE(?, activity_id), delivered_at = ?, lease_until = NULL, lease_owner = NULL, last_result = ? WHERE id = ?`,
      [activityId, now, result, id],
    );
  }

  /** Back to pending: this owner's attempt certainly did not deliver. */
  async retryAt(id: number, owner: string, at: number, result: string): Promise<void> {
    await this.#db.run(
      `UPDATE handoff_outbox SET state = 'pending', next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, last_result = ? WHERE id = ? AND state = 'in-flight' AND lease_owner = ?`,
      [at, result, id, owner],
    );
  }

  /** Waiting for something outside (no duty channel yet): stays pending, not counted as an attempt. */
  async defer(id: number, at: number, result: string): Promise<void> {
    await this.#db.run(`UPDATE handoff_outbox SET next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, last_result = ? WHERE id = ? AND state = 'pending'`, [at, result, id]);
  }

  /** This owner's attempt may or may not have landed: reconcile before anything else is sent. */
  async unknown(id: number, owner: string, reconcileAt: number, result: string): Promise<void> {
    await this.#db.run(
      `UPDATE handoff_outbox SET state = 'unknown', next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, last_result = ? WHERE id = ? AND state = 'in-flight' AND lease_owner = ?`,
      [reconcileAt, result, id, owner],
    );
  }

  /** Reconciliation could not tell: stay unknown and ask again later. */
  async reconcileLater(id: number, at: number, result: string): Promise<void> {
    await this.#db.run(`UPDATE handoff_outbox SET next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, last_result = ? WHERE id = ? AND state = 'unknown'`, [at, result, id]);
  }

  /** Reset an unknown row to pending so it can be claimed again (reconciled: not delivered); the lease stays with its holder. */
  async release(id: number, result: string, now: number): Promise<void> {
    await this.#db.run(`UPDATE handoff_outbox SET state = 'pending', next_attempt_at = ?, last_result = ? WHERE id = ? AND state = 'unknown'`, [now, result, id]);
  }
}
