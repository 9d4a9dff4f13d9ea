// The append-only audit log: who viewed or changed what, and when. SQLite triggers refuse any
// UPDATE or DELETE, so not even a bug in this service (or a purge) can rewrite history. Entries
// name references and actions, never a child's details.
import type { DatabaseSync } from 'node:sqlite';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  reference: string | null;
  detail: Record<string, unknown> | null;
}

export class AuditLog {
  readonly #db: DatabaseSync;
  readonly #now: () => Date;

  constructor(db: DatabaseSync, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        reference TEXT,
        detail TEXT
      );
      CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  }

  record(actor: string, action: string, reference?: string, detail?: Record<string, unknown>): void {
    this.#db
      .prepare('INSERT INTO audit_log (at, actor, action, reference, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.#now().toISOString(), actor, action, reference ?? null, detail ? JSON.stringify(detail) : null);
  }

  entries(filter: { reference?: string; action?: string; limit?: number } = {}): AuditEntry[] {
    const rows = this.#db
      .prepare(
        `SELECT id, at, actor, action, reference, detail FROM audit_log
         WHERE (:reference IS NULL OR reference = :reference) AND (:action IS NULL OR action = :action)
         ORDER BY id DESC LIMIT :limit`,
      )
      .all({ reference: filter.reference ?? null, action: filter.action ?? null, limit: filter.limit ?? 200 }) as Array<Record<string, unknown>>;
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
