// The append-only audit log: who viewed or changed what, and when. The database refuses any
// UPDATE or DELETE (SQLite triggers; PostgreSQL a trigger, and the application role without the
// privilege), so not even a bug in this service (or a purge) can rewrite history. Entries name
// references and actions, never a child's details. The table is made by migration 001.
import type { Sql } from '../storage/sql.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  reference: string | null;
  detail: Record<string, unknown> | null;
}

export class AuditLog {
  readonly #db: Sql;
  readonly #now: () => Date;

  constructor(db: Sql, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /** Pass `tx` to write the entry in the same transaction as the change it records. */
  async record(actor: string, action: string, reference?: string, detail?: Record<string, unknown>, tx: Sql = this.#db): Promise<void> {
    await tx.run('INSERT INTO audit_log (at, actor, action, reference, detail) VALUES (?, ?, ?, ?, ?)', [
      this.#now().toISOString(),
      actor,
      action,
      reference ?? null,
      detail ? JSON.stringify(detail) : null,
    ]);
  }

  async entries(filter: { reference?: string; action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const reference = filter.reference ?? null;
    const action = filter.action ?? null;
    const rows = await this.#db.all(
      `SELECT id, at, actor, action, reference, detail FROM audit_log
       WHERE (CAST(? AS TEXT) IS NULL OR reference = ?) AND (CAST(? AS TEXT) IS NULL OR action = ?)
       ORDER BY id DESC LIMIT ?`,
      [reference, reference, action, action, filter.limit ?? 200],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      actor: String(r.actor),
      action: String(r.action),
      reference: (r.reference as string | null) ?? null,
      detail: r.detail ? (JSON.parse(String(r.detail)) as Record<string, unknown>) : null,
    }));
  }
}
