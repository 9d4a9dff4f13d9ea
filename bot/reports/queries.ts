// The aggregate queries behind the board's reports page: counts of outcomes grouped by any of
// month, area, level, route, role and channel, directory searches that found nothing, and the
// duty handoffs' counts (made, acknowledged and how quickly, outcomes) by month and area, and the
// measures of measure-events.ts (empty searches by need, the practitioner's answers). Column
// names come from a fixed list, never from the request, so a query cannot be shaped by input.
import type { Sql } from '../storage/sql.ts';
import type { HandoffCountRow } from './handoffs.ts';
import { measureQueries } from './measure-events.ts';

export const DIMENSIONS = ['month', 'locality', 'level', 'route', 'role', 'channel'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface ReportFilter {
  /** First month included, "YYYY-MM". */
  from?: string;
  /** Last month included, "YYYY-MM". */
  to?: string;
  locality?: string;
}

export type OutcomeRow = Partial<Record<Dimension, string | number>> & { count: number };
export interface MissRow {
  month: string;
  locality: string;
  count: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function where(filter: ReportFilter): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const [key, op] of [['from', '>='], ['to', '<=']] as const) {
    const value = filter[key];
    if (value === undefined) continue;
    if (!MONTH.test(value)) throw new RangeError(`${key} must be a month written YYYY-MM`);
    clauses.push(`month ${op} ?`);
    params.push(value);
  }
  if (filter.locality !== undefined) {
    clauses.push('locality = ?');
    params.push(filter.locality);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

// Sums are cast back to INTEGER: PostgreSQL's SUM of an integer is a bigint, which pg reads as text.
export function createReportQueries(db: Sql) {
  return {
    ...measureQueries(db, where),
    /** Outcome counts grouped by the given dimensions, in their order; no dimensions: the total. */
    async outcomes(by: readonly Dimension[], filter: ReportFilter = {}): Promise<OutcomeRow[]> {
      const unknown = by.filter((d) => !DIMENSIONS.includes(d));
      if (unknown.length) throw new RangeError(`cannot group by ${unknown.join(', ')}; known: ${DIMENSIONS.join(', ')}`);
      const cols = [...new Set(by)].join(', ');
      const w = where(filter);
      const sql = cols
        ? `SELECT ${cols}, CAST(SUM(count) AS INTEGER) AS count FROM report_outcomes ${w.sql} GROUP BY ${cols} ORDER BY ${cols}`
        : `SELECT CAST(COALESCE(SUM(count), 0) AS INTEGER) AS count FROM report_outcomes ${w.sql}`;
      return (await db.all(sql, w.params)).map((row) => ({ ...row }) as OutcomeRow);
    },
    async directoryMisses(filter: ReportFilter = {}): Promise<MissRow[]> {
      const w = where(filter);
      return (await db.all(`SELECT month, locality, count FROM report_directory_misses ${w.sql} ORDER BY month, locality`, w.params)).map((row) => ({ ...row }) as unknown as MissRow);
    },
    async handoffs(filter: ReportFilter = {}): Promise<HandoffCountRow[]> {
      const w = where(filter);
      return (await db.all(`SELECT month, locality, measure, count FROM report_handoffs ${w.sql} ORDER BY month, locality, measure`, w.params)).map((row) => ({ ...row }) as unknown as HandoffCountRow);
    },
  };
}
export type ReportQueries = ReturnType<typeof createReportQueries>;
