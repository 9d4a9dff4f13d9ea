// The board's chart, drawn on the server as SVG (no chart library, nothing fetched at run time):
// four small bar charts on one scale, one for each level, with a bar for each month. One level per
// panel means no colour has to be told apart, and every bar carries its figure as text. A figure
// shown as "<5" gets no bar (drawing one would reveal roughly what it hides), only its label; a
// month with none gets neither.
// Colours and text come from the page's stylesheet through class names, so the chart follows the
// page's light, dark and high-contrast themes. As an image it has a title and a description; the
// table "Outcomes by month and level" beside it is its text alternative.
import type { Row } from './board.ts';
import { SMALL } from './suppress.ts';

const WIDTH = 760;
const LEFT = 74;
const RIGHT = 8;
const PANEL = 124;
const BAR_AREA = 72;
const TOP = 22;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const round = (n: number) => Math.round(n * 10) / 10;

export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return LONG_MONTH.format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Four panels (levels 1 to 4) of monthly bars from the rows of "Outcomes by month and level". */
export function levelChart(rows: readonly Row[], months: readonly string[]): string {
  const band = (WIDTH - LEFT - RIGHT) / Math.max(1, months.length);
  const barWidth = round(Math.min(36, band * 0.62));
  const values = rows.flatMap((r) => [1, 2, 3, 4].map((l) => r[`level${l}`])).filter((v): v is number => typeof v === 'number');
  const max = Math.max(5, ...values);
  const height = TOP + 4 * PANEL + 6;
  const period = months.length ? `${monthName(months[0]!)} to ${monthName(months.at(-1)!)}` : 'no months';
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${xml(`Outcomes by month, one bar chart for each level, ${period}`)}</title>`,
    `<desc id="chart-desc">${xml(
      `Each panel shows how many consultations reached that level in each month, on the same scale. Figures are rounded to the nearest 5 and counts of 1 to 4 are shown as ${SMALL} with no bar. The table Outcomes by month and level gives the same figures.`,
    )}</desc>`,
  ];
  [1, 2, 3, 4].forEach((level, p) => {
    const top = TOP + p * PANEL;
    const base = top + BAR_AREA;
    parts.push(`<g class="chart__panel level-${level}">`);
    parts.push(`<text class="chart__level" x="0" y="${top + BAR_AREA / 2}">Level ${level}</text>`);
    parts.push(`<line class="chart__axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${base}" y2="${base}"/>`);
    rows.forEach((row, i) => {
      const centre = round(LEFT + band * i + band / 2);
      const value = row[`level${level}`];
      if (typeof value === 'number' && value > 0) {
        const h = round((value / max) * (BAR_AREA - 14));
        parts.push(`<rect class="chart__bar" x="${round(centre - barWidth / 2)}" y="${round(base - h)}" width="${barWidth}" height="${h}"/>`);
        parts.push(`<text class="chart__value" x="${centre}" y="${round(base - h - 3)}" text-anchor="middle">${value}</text>`);
      } else if (value === SMALL) {
        parts.push(`<text class="chart__value chart__value--small" x="${centre}" y="${base - 3}" text-anchor="middle">${xml(SMALL)}</text>`);
      }
      const month = String(row.month);
      const [year, m] = month.split('-');
      const label = MONTH_NAMES[Number(m) - 1] ?? month;
      parts.push(`<text class="chart__month" x="${centre}" y="${base + 15}" text-anchor="middle">${xml(label)}</text>`);
      if (i === 0 || m === '01') parts.push(`<text class="chart__year" x="${centre}" y="${base + 29}" text-anchor="middle">${xml(year ?? '')}</text>`);
    });
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
