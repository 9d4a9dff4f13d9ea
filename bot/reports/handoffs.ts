// Anonymous counts of duty handoffs for the board: how many were made each month in each area,
// how many the duty team acknowledged and how quickly, and the outcomes they recorded. They are
// written by the handoff store inside its own transactions, so they agree with the handoffs, and
// they outlive the handoffs themselves (purged after HANDOFF_RETENTION_DAYS), so a year's figures
// stay whole. Each is counted in the month the handoff was made (UK time): a month's row says
// what became of that month's handoffs. No reference, time, name or text is kept.
import type { DatabaseSync } from 'node:sqlite';
import type { OutcomeValue } from '../../cards/handoff/view.ts';
import { reportMonth } from './events.ts';

/** How long the duty team took to acknowledge, in the bands the board sees. */
export const ACKNOWLEDGED_WITHIN = [
  { id: 'within-1-hour', upToHours: 1, label: 'Within 1 hour' },
  { id: '1-to-4-hours', upToHours: 4, label: '1 to 4 hours' },
  { id: '4-to-24-hours', upToHours: 24, label: '4 to 24 hours' },
  { id: 'over-24-hours', upToHours: Infinity, label: 'More than 24 hours' },
] as const;
export type AcknowledgedWithin = (typeof ACKNOWLEDGED_WITHIN)[number]['id'];

export type HandoffMeasure = 'made' | 'acknowledged' | `outcome:${OutcomeValue}` | `acknowledged-within:${AcknowledgedWithin}`;

export interface HandoffCountRow {
  month: string;
  locality: string;
  measure: HandoffMeasure;
  count: number;
}

export function createHandoffCountTable(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS report_handoffs (
      month TEXT NOT NULL,
      locality TEXT NOT NULL,
      measure TEXT NOT NULL,
      count INTEGER NOT NULL CHECK (count > 0),
      PRIMARY KEY (month, locality, measure)
    ) WITHOUT ROWID;
  `);
}

export function acknowledgedWithin(elapsedMs: number): AcknowledgedWithin {
  const hours = Math.max(0, elapsedMs) / 3_600_000;
  return ACKNOWLEDGED_WITHIN.find((b) => hours <= b.upToHours)!.id;
}

/** Called by the handoff store, inside its transactions. */
export class HandoffCounts {
  readonly #add;

  constructor(db: DatabaseSync) {
    createHandoffCountTable(db);
    const add = db.prepare(`
      INSERT INTO report_handoffs (month, locality, measure, count) VALUES (?, ?, ?, 1)
      ON CONFLICT (month, locality, measure) DO UPDATE SET count = count + 1`);
    this.#add = (createdAt: string, locality: string, measure: HandoffMeasure) => add.run(reportMonth(new Date(createdAt)), locality, measure);
  }

  made(h: { createdAt: string; locality: string }): void {
    this.#add(h.createdAt, h.locality, 'made');
  }

  acknowledged(h: { createdAt: string; locality: string }, at: Date): void {
    this.#add(h.createdAt, h.locality, 'acknowledged');
    this.#add(h.createdAt, h.locality, `acknowledged-within:${acknowledgedWithin(at.getTime() - Date.parse(h.createdAt))}`);
  }

  outcome(h: { createdAt: string; locality: string }, outcome: OutcomeValue): void {
    this.#add(h.createdAt, h.locality, `outcome:${outcome}`);
  }
}
