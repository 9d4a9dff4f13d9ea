// Anonymous counts of duty handoffs for the board: how many were made each month in each area,
// how many the duty team acknowledged and how quickly, and the outcomes they recorded. They are
// written by the handoff store inside its own transactions, so they agree with the handoffs, and
// they outlive the handoffs themselves (purged after HANDOFF_RETENTION_DAYS), so a year's figures
// stay whole. Each is counted in the month the handoff was made (UK time): a month's row says
// what became of that month's handoffs. No reference, time, name or text is kept.
import type { Sql } from '../storage/sql.ts';
import type { OutcomeValue } from '../../knowledge/handoff/summary.ts';
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

export function acknowledgedWithin(elapsedMs: number): AcknowledgedWithin {
  const hours = Math.max(0, elapsedMs) / 3_600_000;
  return ACKNOWLEDGED_WITHIN.find((b) => hours <= b.upToHours)!.id;
}

/** Called by the handoff store, inside its transactions (the `tx` it passes). */
export const HandoffCounts = {
  async made(tx: Sql, h: { createdAt: string; locality: string }): Promise<void> {
    await add(tx, h, 'made');
  },

  async acknowledged(tx: Sql, h: { createdAt: string; locality: string }, at: Date): Promise<void> {
    await add(tx, h, 'acknowledged');
    await add(tx, h, `acknowledged-within:${acknowledgedWithin(at.getTime() - Date.parse(h.createdAt))}`);
  },

  async outcome(tx: Sql, h: { createdAt: string; locality: string }, outcome: OutcomeValue): Promise<void> {
    await add(tx, h, `outcome:${outcome}`);
  },
};

async function add(tx: Sql, h: { createdAt: string; locality: string }, measure: HandoffMeasure): Promise<void> {
  await tx.run(
    `INSERT INTO report_handoffs (month, locality, measure, count) VALUES (?, ?, ?, 1)
     ON CONFLICT (month, locality, measure) DO UPDATE SET count = report_handoffs.count + 1`,
    [reportMonth(new Date(h.createdAt)), h.locality, measure],
  );
}
