// The partnership board's report for a period and area: outcomes by month, area, route, role and
// channel; duty handoffs, what became of them and how quickly they were acknowledged; directory
// searches that found nothing. Each table is data (columns and rows) so the page, the chart and the
// CSV export show the same figures, and every figure has been through small-number suppression
// (suppress.ts) before it leaves this module: nothing downstream ever holds a raw count.
import { OUTCOME_LABELS } from '../../cards/handoff/view.ts';
import { levelChart } from './chart.ts';
import { ALL_AREAS, ROLE_NOT_KNOWN, ROLES } from './events.ts';
import { ACKNOWLEDGED_WITHIN } from './handoffs.ts';
import type { Dimension, OutcomeRow, ReportQueries } from './queries.ts';
import { ROUND_TO, SMALL, SUPPRESS_BELOW, type Shown, shown } from './suppress.ts';

/** What the report needs to know of an area's knowledge pack: its name and its routes. */
export interface AreaInfo {
  id: string;
  name: string;
  routes: readonly { id: string; title: string; level: number }[];
}

export interface BoardFilter {
  /** First and last month included, "YYYY-MM" (UK time). */
  from: string;
  to: string;
  /** One area's figures; undefined: every area. */
  locality?: string;
}

export interface Column {
  key: string;
  header: string;
  numeric?: true;
}
/** A row: labels as text, figures as shown (a rounded number, 0, or "<5"). */
export type Row = Record<string, string | Shown>;

export interface ReportTable {
  id: TableId;
  title: string;
  description: string;
  columns: Column[];
  rows: Row[];
}

export const TABLE_IDS = [
  'outcomes-by-month',
  'outcomes-by-area',
  'outcomes-by-route',
  'outcomes-by-role',
  'outcomes-by-channel',
  'handoffs-by-month',
  'handoff-acknowledgement',
  'directory-searches-with-no-result',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface BoardReport {
  period: { from: string; to: string; months: string[] };
  /** The area shown, or null for every area. */
  locality: string | null;
  areas: { id: string; name: string }[];
  suppression: { below: number; roundTo: number; shownAs: string };
  totals: { outcomes: Shown; handoffs: Shown; directorySearchesWithNoResult: Shown };
  /** The chart of outcomes-by-month, as SVG; that table is its text alternative. */
  chart: { svg: string; table: TableId };
  tables: ReportTable[];
}

const LEVELS = [1, 2, 3, 4] as const;
const LEVEL_COLUMNS: Column[] = [...LEVELS.map((l) => ({ key: `level${l}`, header: `Level ${l}`, numeric: true as const })), { key: 'all', header: 'All levels', numeric: true }];

export const ROLE_LABELS: Record<(typeof ROLES)[number] | typeof ROLE_NOT_KNOWN, string> = {
  teacher: 'Teacher',
  'designated-safeguarding-lead': 'Designated safeguarding lead',
  'early-years': 'Early years practitioner',
  gp: 'GP',
  'health-visitor': 'Health visitor',
  'school-nurse': 'School nurse',
  'youth-worker': 'Youth worker',
  'social-worker': 'Social worker',
  other: 'Another role',
  [ROLE_NOT_KNOWN]: 'Role not stated',
};

const CHANNEL_LABELS: Record<string, string> = {
  msteams: 'Microsoft Teams',
  webchat: 'Web chat',
  directline: 'Direct Line',
  emulator: 'Bot Framework Emulator',
  api: 'The triage API',
  other: 'Another channel',
};

/** Every month from `from` to `to` inclusive, "YYYY-MM". */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let month = from; month <= to; month = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(month);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}

/** The month `n` months after (or before, when negative) `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const sum = (counts: Iterable<number>) => [...counts].reduce((a, b) => a + b, 0);

/** Outcome counts for each key of one dimension, by level: key -> [level 1, 2, 3, 4]. */
function byLevel(rows: OutcomeRow[], dimension: Dimension): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const key = String(r[dimension]);
    const counts = out.get(key) ?? [0, 0, 0, 0];
    counts[Number(r.level) - 1]! += r.count;
    out.set(key, counts);
  }
  return out;
}

function levelRow(labelKey: string, label: string, counts: number[] = [0, 0, 0, 0]): Row {
  return { [labelKey]: label, ...Object.fromEntries(LEVELS.map((l) => [`level${l}`, shown(counts[l - 1]!)])), all: shown(sum(counts)) };
}

export async function boardReport(queries: ReportQueries, areas: readonly AreaInfo[], filter: BoardFilter): Promise<BoardReport> {
  const months = monthsBetween(filter.from, filter.to);
  const where = { from: filter.from, to: filter.to, ...(filter.locality ? { locality: filter.locality } : {}) };
  const known = new Map(areas.map((a) => [a.id, a]));
  const [outcomes, handoffs, misses] = await Promise.all([
    queries.outcomes(['month', 'locality', 'level', 'route', 'role', 'channel'], where),
    queries.handoffs(where),
    queries.directoryMisses(where),
  ]);

  // The areas in scope: the one asked for, or every pack plus any area still in the figures
  // whose pack has since been removed (shown by its id rather than dropped).
  const seen = [...outcomes, ...handoffs, ...misses].map((r) => String(r.locality)).filter((id) => id !== ALL_AREAS);
  const scope = filter.locality ? [filter.locality] : [...new Set([...areas.map((a) => a.id), ...seen.sort()])];
  const areaName = (id: string) => known.get(id)?.name ?? id;

  const byMonth = byLevel(outcomes, 'month');
  const byArea = byLevel(outcomes, 'locality');
  const byRole = byLevel(outcomes, 'role');
  const byChannel = byLevel(outcomes, 'channel');
  const outcomesByMonth: ReportTable = {
    id: 'outcomes-by-month',
    title: 'Outcomes by month and level',
    description: 'How many consultations reached each level of need, by the month of the outcome.',
    columns: [{ key: 'month', header: 'Month' }, ...LEVEL_COLUMNS],
    rows: months.map((m) => levelRow('month', m, byMonth.get(m))),
  };

  const routeCounts = new Map<string, number>();
  for (const r of outcomes) routeCounts.set(`${r.locality}|${r.route}|${r.level}`, (routeCounts.get(`${r.locality}|${r.route}|${r.level}`) ?? 0) + r.count);
  const routeRows: Row[] = [];
  for (const id of scope) {
    const listed = (known.get(id)?.routes ?? []).map((r) => ({ key: `${id}|${r.id}|${r.level}`, level: r.level, title: r.title }));
    const unlisted = [...routeCounts.keys()]
      .filter((k) => k.startsWith(`${id}|`) && !listed.some((l) => l.key === k))
      .map((k) => ({ key: k, level: Number(k.split('|')[2]), title: k.split('|')[1]! }));
    for (const r of [...listed, ...unlisted].sort((a, b) => a.level - b.level)) {
      routeRows.push({ area: areaName(id), level: r.level, route: r.title, outcomes: shown(routeCounts.get(r.key) ?? 0) });
    }
  }

  const measures = new Map<string, number>();
  for (const h of handoffs) measures.set(`${h.month}|${h.locality}|${h.measure}`, h.count);
  const measure = (month: string, locality: string, name: string) => measures.get(`${month}|${locality}|${name}`) ?? 0;
  const outcomeIds = Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[];
  const handoffRows: Row[] = months.flatMap((month) =>
    scope.map((id) => {
      const made = measure(month, id, 'made');
      const acknowledged = measure(month, id, 'acknowledged');
      const recorded = outcomeIds.map((o) => measure(month, id, `outcome:${o}`));
      // Counts began when this version first ran: a handoff made before then can be acknowledged
      // after it, so a difference is never allowed below zero.
      return {
        month,
        area: areaName(id),
        made: shown(made),
        notAcknowledged: shown(Math.max(0, made - acknowledged)),
        awaitingOutcome: shown(Math.max(0, acknowledged - sum(recorded))),
        ...Object.fromEntries(outcomeIds.map((o, i) => [o, shown(recorded[i]!)])),
      };
    }),
  );

  const missCounts = new Map(misses.map((r) => [`${r.month}|${r.locality}`, r.count]));
  const missAreas = filter.locality ? scope : [...scope, ALL_AREAS];

  const tables: ReportTable[] = [
    outcomesByMonth,
    {
      id: 'outcomes-by-area',
      title: 'Outcomes by area and level',
      description: 'The same outcomes for the whole period, by the area whose guidance was used.',
      columns: [{ key: 'area', header: 'Area' }, ...LEVEL_COLUMNS],
      rows: scope.map((id) => levelRow('area', areaName(id), byArea.get(id))),
    },
    {
      id: 'outcomes-by-route',
      title: 'Outcomes by route',
      description: 'How often each local route was the answer. Each area has its own routes.',
      columns: [
        { key: 'area', header: 'Area' },
        { key: 'level', header: 'Level' },
        { key: 'route', header: 'Route' },
        { key: 'outcomes', header: 'Outcomes', numeric: true },
      ],
      rows: routeRows,
    },
    {
      id: 'outcomes-by-role',
      title: 'Outcomes by role and level',
      description: 'The practitioner’s role, when they said it in the conversation or gave it to the API.',
      columns: [{ key: 'role', header: 'Role' }, ...LEVEL_COLUMNS],
      rows: ([...ROLES, ROLE_NOT_KNOWN] as const).map((role) => levelRow('role', ROLE_LABELS[role], byRole.get(role))),
    },
    {
      id: 'outcomes-by-channel',
      title: 'Outcomes by channel and level',
      description: 'Where the outcome was given: Teams, the web chat, or another system through the triage API.',
      columns: [{ key: 'channel', header: 'Channel' }, ...LEVEL_COLUMNS],
      rows: [...byChannel.keys()].sort().map((c) => levelRow('channel', CHANNEL_LABELS[c] ?? c, byChannel.get(c))),
    },
    {
      id: 'handoffs-by-month',
      title: 'Duty handoffs and their outcomes',
      description:
        'Duty summaries sent to the duty team, by the month they were sent, with what has become of them: still waiting to be acknowledged, acknowledged with no outcome yet, or the outcome the duty team recorded.',
      columns: [
        { key: 'month', header: 'Month' },
        { key: 'area', header: 'Area' },
        { key: 'made', header: 'Handoffs', numeric: true },
        { key: 'notAcknowledged', header: 'Not yet acknowledged', numeric: true },
        { key: 'awaitingOutcome', header: 'Acknowledged, no outcome yet', numeric: true },
        ...outcomeIds.map((o) => ({ key: o, header: OUTCOME_LABELS[o], numeric: true as const })),
      ],
      rows: handoffRows,
    },
    {
      id: 'handoff-acknowledgement',
      title: 'Time to acknowledge a handoff',
      description: 'How long the duty team took to acknowledge each month’s handoffs, from the moment the summary was stored.',
      columns: [{ key: 'month', header: 'Month' }, ...ACKNOWLEDGED_WITHIN.map((b) => ({ key: b.id, header: b.label, numeric: true as const }))],
      rows: months.map((month) => ({
        month,
        ...Object.fromEntries(ACKNOWLEDGED_WITHIN.map((b) => [b.id, shown(sum(scope.map((id) => measure(month, id, `acknowledged-within:${b.id}`))))])),
      })),
    },
    {
      id: 'directory-searches-with-no-result',
      title: 'Directory searches with no result',
      description: 'Searches of the service directory (in the tab, the chat or the API) that found no service: a sign of a gap in the directory or in its words. The words searched for are never kept.',
      columns: [{ key: 'month', header: 'Month' }, ...missAreas.map((id) => ({ key: id, header: id === ALL_AREAS ? 'Across all areas' : areaName(id), numeric: true as const }))],
      rows: months.map((month) => ({ month, ...Object.fromEntries(missAreas.map((id) => [id, shown(missCounts.get(`${month}|${id}`) ?? 0)])) })),
    },
  ];

  return {
    period: { from: filter.from, to: filter.to, months },
    locality: filter.locality ?? null,
    areas: areas.map((a) => ({ id: a.id, name: a.name })),
    suppression: { below: SUPPRESS_BELOW, roundTo: ROUND_TO, shownAs: SMALL },
    totals: {
      outcomes: shown(sum(outcomes.map((r) => r.count))),
      handoffs: shown(sum(handoffs.filter((h) => h.measure === 'made').map((h) => h.count))),
      directorySearchesWithNoResult: shown(sum(misses.map((r) => r.count))),
    },
    chart: { svg: levelChart(outcomesByMonth.rows, months), table: outcomesByMonth.id },
    tables,
  };
}
