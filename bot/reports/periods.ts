// The periods the board's figures are grouped by: calendar months (UK time), or the quarters of
// the financial year that councils report in and the 2016 review uses ("Q1 reporting information",
// presented to the board in September): Q1 is April to June, Q4 January to March.
export type View = 'month' | 'quarter';
export const VIEWS: readonly View[] = ['month', 'quarter'];

/** One column of a time series: its key ("2026-03", or "2026-27 Q1") and the months it holds. */
export interface Bucket {
  key: string;
  months: string[];
}

/** Every month from `from` to `to` inclusive, "YYYY-MM". */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The month `n` months after (or before, when negative) `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The financial-year quarter a month falls in: "2026-27 Q1" for April 2026, "2025-26 Q4" for March 2026. */
export function quarterOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')} Q${Math.floor(((m + 8) % 12) / 3) + 1}`;
}

/** The first month of the quarter `month` is in. */
export function quarterStart(month: string): string {
  const m = Number(month.slice(5, 7));
  return addMonths(month, -(((m + 8) % 12) % 3));
}

/** The period as the view shows it: in quarters, widened to whole quarters. */
export function widen(from: string, to: string, view: View): { from: string; to: string } {
  return view === 'month' ? { from, to } : { from: quarterStart(from), to: addMonths(quarterStart(to), 2) };
}

export function buckets(from: string, to: string, view: View): Bucket[] {
  const months = monthsBetween(from, to);
  if (view === 'month') return months.map((m) => ({ key: m, months: [m] }));
  const out: Bucket[] = [];
  for (const m of months) {
    const key = quarterOf(m);
    if (out.at(-1)?.key === key) out.at(-1)!.months.push(m);
    else out.push({ key, months: [m] });
  }
  return out;
}
