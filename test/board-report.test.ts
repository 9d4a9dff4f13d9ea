// The board's report built from real SQLite: small numbers hidden and the rest rounded before any
// figure leaves the server, every table the board asked for, the chart drawn from the shown
// figures only, and the handoff counts written by the handoff store itself (so they agree with the
// handoffs and outlive the retention purge).
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { AuditLog } from '../bot/auth/audit.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { purgeExpired } from '../bot/handoff/purge.ts';
import { type AreaInfo, addMonths, boardReport, monthsBetween, type ReportTable, TABLE_IDS } from '../bot/reports/board.ts';
import { levelChart } from '../bot/reports/chart.ts';
import { createEventRecorder, type OutcomeEvent } from '../bot/reports/events.ts';
import { acknowledgedWithin, HandoffCounts } from '../bot/reports/handoffs.ts';
import { createReportQueries } from '../bot/reports/queries.ts';
import { shown } from '../bot/reports/suppress.ts';
import { reportQuery } from '../bot/http/reports.ts';
import { submitHandoff } from './helpers/handoff.ts';
import { memoryDatabase } from './helpers/db.ts';
import { knowledge } from './helpers/knowledge.ts';

const AREAS: AreaInfo[] = [...knowledge().packs.values()].map((p) => ({ id: p.id, name: p.manifest.name, routes: p.routes }));

/** A database with events recorded at the given times. */
function recorded(events: [string, Partial<OutcomeEvent>, number][]) {
  const db = memoryDatabase();
  let at = new Date();
  const recorder = createEventRecorder(db, () => at);
  for (const [iso, e, n] of events) {
    at = new Date(iso);
    for (let i = 0; i < n; i++) recorder.recordOutcome({ locality: 'bathnes', level: 2, route: 'direct-referral', channel: 'msteams', ...e });
  }
  return { db, recorder, queries: createReportQueries(db), setNow: (iso: string) => (at = new Date(iso)) };
}

const table = (tables: ReportTable[], id: string) => tables.find((t) => t.id === id)!;

describe('small numbers', () => {
  it('a count of 1 to 4 is shown as "<5", zero as 0, and everything else rounded to the nearest 5', async () => {
    expect([0, 1, 2, 3, 4].map(shown)).toEqual([0, '<5', '<5', '<5', '<5']);
    expect([5, 6, 7, 8, 12, 13, 37, 1002].map(shown)).toEqual([5, 5, 5, 10, 10, 15, 35, 1000]);
    expect(() => shown(-1)).toThrow(RangeError);
    expect(() => shown(2.5)).toThrow(RangeError);
  });

  it('comparing two overlapping periods cannot give back a hidden month', async () => {
    // January 5, February 6, March 1: exact totals would give March as 12 - 11 = 1.
    const { queries } = recorded([
      ['2026-01-10T12:00:00Z', {}, 5],
      ['2026-02-10T12:00:00Z', {}, 6],
      ['2026-03-10T12:00:00Z', {}, 1],
    ]);
    const total = async (from: string, to: string) => (await boardReport(queries, AREAS, { from, to })).totals.outcomes;
    expect((await boardReport(queries, AREAS, { from: '2026-03', to: '2026-03' })).totals.outcomes).toBe('<5');
    expect(await total('2026-01', '2026-03')).toBe(await total('2026-01', '2026-02'));
  });
});

describe('the report’s tables', () => {
  const { queries, recorder, setNow } = recorded([
    ['2026-01-15T12:00:00Z', { level: 2, route: 'direct-referral', role: 'teacher' }, 12],
    ['2026-01-20T12:00:00Z', { level: 4, route: 'request-for-service', role: 'gp' }, 2],
    ['2026-02-03T12:00:00Z', { locality: 'leicester', level: 3, route: 'eha', role: 'health-visitor', channel: 'webchat' }, 7],
    ['2026-02-04T12:00:00Z', { locality: 'leicester', level: 3, route: 'masp', channel: 'api' }, 1],
  ]);
  setNow('2026-02-10T12:00:00Z');
  for (let i = 0; i < 3; i++) recorder.recordDirectoryMiss({ locality: 'leicester' });
  recorder.recordDirectoryMiss({});
  let report: Awaited<ReturnType<typeof boardReport>>;
  beforeAll(async () => {
    report = await boardReport(queries, AREAS, { from: '2025-12', to: '2026-02' });
  });

  it('has every table the board asked for, each with columns and rows', async () => {
    expect(report.tables.map((t) => t.id)).toEqual([...TABLE_IDS]);
    expect(report.period).toEqual({ from: '2025-12', to: '2026-02', months: ['2025-12', '2026-01', '2026-02'] });
  });

  it('outcomes by month and level, with a month that had none', async () => {
    expect(table(report.tables, 'outcomes-by-month').rows).toEqual([
      { month: '2025-12', level1: 0, level2: 0, level3: 0, level4: 0, all: 0 },
      { month: '2026-01', level1: 0, level2: 10, level3: 0, level4: '<5', all: 15 },
      { month: '2026-02', level1: 0, level2: 0, level3: 10, level4: 0, all: 10 },
    ]);
  });

  it('outcomes by area, route, role and channel, with every route and role listed even at zero', async () => {
    expect(table(report.tables, 'outcomes-by-area').rows).toEqual([
      { area: 'Bath and North East Somerset', level1: 0, level2: 10, level3: 0, level4: '<5', all: 15 },
      { area: 'Leicester City', level1: 0, level2: 0, level3: 10, level4: 0, all: 10 },
    ]);
    const routes = table(report.tables, 'outcomes-by-route').rows;
    expect(routes).toContainEqual({ area: 'Leicester City', level: 3, route: 'Refer the case to the Multi Agency Support Panel (MASP)', outcomes: '<5' });
    expect(routes).toContainEqual({ area: 'Leicester City', level: 2, route: 'Single agency response alongside universal services', outcomes: 0 });
    expect(routes.filter((r) => r.area === 'Bath and North East Somerset')).toHaveLength(knowledge().packs.get('bathnes')!.routes.length);
    const roles = table(report.tables, 'outcomes-by-role').rows;
    expect(roles.map((r) => r.role)).toEqual(['Teacher', 'Designated safeguarding lead', 'Early years practitioner', 'GP', 'Health visitor', 'School nurse', 'Youth worker', 'Social worker', 'Another role', 'Role not stated']);
    expect(roles.find((r) => r.role === 'Role not stated')).toMatchObject({ level3: '<5', all: '<5' });
    expect(table(report.tables, 'outcomes-by-channel').rows.map((r) => [r.channel, r.all])).toEqual([
      ['The triage API', '<5'],
      ['Microsoft Teams', 15],
      ['Web chat', 5],
    ]);
  });

  it('directory searches with no result, by month and area, with searches across all areas', async () => {
    expect(table(report.tables, 'directory-searches-with-no-result').rows.at(-1)).toEqual({ month: '2026-02', bathnes: 0, leicester: '<5', all: '<5' });
  });

  it('one area: only its rows, its routes and its searches', async () => {
    const leicester = await boardReport(queries, AREAS, { from: '2026-01', to: '2026-02', locality: 'leicester' });
    expect(leicester.locality).toBe('leicester');
    expect(table(leicester.tables, 'outcomes-by-area').rows.map((r) => r.area)).toEqual(['Leicester City']);
    expect(new Set(table(leicester.tables, 'outcomes-by-route').rows.map((r) => r.area))).toEqual(new Set(['Leicester City']));
    expect(table(leicester.tables, 'directory-searches-with-no-result').columns.map((c) => c.key)).toEqual(['month', 'leicester']);
    expect(leicester.totals).toEqual({ outcomes: 10, handoffs: 0, directorySearchesWithNoResult: '<5' });
  });

  it('no figure anywhere in it is a raw count between 1 and 4, nor a number that is not a multiple of 5', async () => {
    const figures = report.tables.flatMap((t) => t.rows.flatMap((r) => t.columns.filter((c) => c.numeric).map((c) => r[c.key])));
    for (const v of [...figures, ...Object.values(report.totals)]) expect(v === '<5' || (typeof v === 'number' && v % 5 === 0)).toBe(true);
  });
});

describe('the chart', () => {
  const rows = [
    { month: '2025-12', level1: 0, level2: 20, level3: '<5', level4: 5, all: 25 },
    { month: '2026-01', level1: 10, level2: 0, level3: 0, level4: 0, all: 10 },
  ];
  const svg = levelChart(rows, ['2025-12', '2026-01']);

  it('is well-formed SVG with a title and a description that points to the table', async () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Outcomes by month, one bar chart for each level, December 2025 to January 2026</title>');
    expect(svg).toMatch(/<desc id="chart-desc">[^<]*The table Outcomes by month and level gives the same figures/);
  });

  it('draws a labelled bar for each shown figure, only a label for "<5", and nothing for none', async () => {
    expect(svg.match(/<rect /g)).toHaveLength(3);
    const texts = (cls: string) => [...svg.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]+)<`, 'g'))].map((m) => m[1]);
    expect(texts('chart__value')).toEqual(['10', '20', '5']);
    expect(texts('chart__value chart__value--small')).toEqual(['&lt;5']);
    expect(texts('chart__level')).toEqual(['Level 1', 'Level 2', 'Level 3', 'Level 4']);
  });

  it('puts the year under the first month and under every January', async () => {
    const long = levelChart(
      monthsBetween('2025-11', '2026-02').map((month) => ({ month, level1: 5, level2: 5, level3: 5, level4: 5, all: 20 })),
      monthsBetween('2025-11', '2026-02'),
    );
    expect(long.match(/class="chart__year"[^>]*>(\d{4})</g)!.map((m) => m.slice(-5, -1))).toEqual(['2025', '2026', '2025', '2026', '2025', '2026', '2025', '2026']);
  });
});

describe('months and the period', () => {
  it('counts months across a year end in either direction', async () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -11)).toBe('2025-04');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
  });

  const parse = (q: Record<string, string>) => reportQuery('2026-03').safeParse(q);
  it('defaults to the last 12 months to this one, and to a later month when only a later start is given', async () => {
    expect(parse({}).data).toEqual({ from: '2025-04', to: '2026-03', locality: undefined });
    expect(parse({ from: '2026-01' }).data).toMatchObject({ from: '2026-01', to: '2026-03' });
    expect(parse({ from: '2026-06' }).data).toMatchObject({ from: '2026-06', to: '2026-06' });
    expect(parse({ to: '2025-06' }).data).toMatchObject({ from: '2024-07', to: '2025-06' });
  });

  it('names the field when a month is malformed, the end is before the start, or the period is over 24 months', async () => {
    const problems = (q: Record<string, string>) => parse(q).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(problems({ from: '2026-13' })).toEqual([['from', expect.stringMatching(/YYYY-MM/)]]);
    expect(problems({ from: '2026-03', to: '2026-01' })).toEqual([['to', expect.stringMatching(/not be before/)]]);
    expect(problems({ from: '2024-01', to: '2026-01' })).toEqual([['from', expect.stringMatching(/at most 24 months/)]]);
    expect(problems({ from: '2024-02', to: '2026-01' })).toBeUndefined();
    expect(problems({ area: 'bathnes' })).toEqual([['', expect.stringMatching(/area/)]]);
  });
});

describe('handoff counts, written by the handoff store', () => {
  it('count each handoff made, acknowledged (and how quickly) and its outcome, by the month it was made', async () => {
    const db = memoryDatabase();
    let now = new Date('2026-01-31T23:30:00Z');
    const store = new HandoffStore(db, () => now);
    const a = await submitHandoff(store, 'a');
    const b = await submitHandoff(store, 'b', { overrides: { concern: 'A different concern' } });
    now = new Date('2026-02-01T00:10:00Z'); // 40 minutes later, in the next month
    await store.acknowledge(a, { id: 'x', name: 'Duty' });
    now = new Date('2026-02-01T06:00:00Z');
    await store.recordOutcome(a, 'stepped-down-to-early-help', 'a note', { id: 'x', name: 'Duty' });
    await store.recordOutcome(b, 'accepted-for-assessment', undefined, { id: 'x', name: 'Duty' }); // outcome with no acknowledgement first
    await store.acknowledge(a, { id: 'x', name: 'Duty' }); // refused: counts nothing
    expect(await createReportQueries(db).handoffs()).toEqual([
      { month: '2026-01', locality: 'bathnes', measure: 'acknowledged', count: 2 },
      { month: '2026-01', locality: 'bathnes', measure: 'acknowledged-within:4-to-24-hours', count: 1 },
      { month: '2026-01', locality: 'bathnes', measure: 'acknowledged-within:within-1-hour', count: 1 },
      { month: '2026-01', locality: 'bathnes', measure: 'made', count: 2 },
      { month: '2026-01', locality: 'bathnes', measure: 'outcome:accepted-for-assessment', count: 1 },
      { month: '2026-01', locality: 'bathnes', measure: 'outcome:stepped-down-to-early-help', count: 1 },
    ]);
  });

  it('outlive the purge of the handoffs themselves, so last year’s figures stay whole', async () => {
    const db = memoryDatabase();
    let now = new Date('2026-01-10T09:00:00Z');
    const store = new HandoffStore(db, () => now);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await submitHandoff(store, key);
    now = new Date('2026-06-10T09:00:00Z');
    expect((await purgeExpired(store, new AuditLog(db), { retentionDays: 90, draftRetentionHours: 24, intervalMinutes: 60 }, now)).handoffs).toBe(6);
    const report = await boardReport(createReportQueries(db), AREAS, { from: '2026-01', to: '2026-01' });
    expect(table(report.tables, 'handoffs-by-month').rows[0]).toEqual({
      month: '2026-01',
      area: 'Bath and North East Somerset',
      made: 5,
      notAcknowledged: 5,
      awaitingOutcome: 0,
      'accepted-for-assessment': 0,
      'no-further-action': 0,
      'stepped-down-to-early-help': 0,
    });
  });

  it('band the time to acknowledge: within an hour, 1 to 4, 4 to 24, and more than 24 hours', async () => {
    const h = 3_600_000;
    expect([0, h, h + 1, 4 * h, 4 * h + 1, 24 * h, 24 * h + 1].map(acknowledgedWithin)).toEqual([
      'within-1-hour',
      'within-1-hour',
      '1-to-4-hours',
      '1-to-4-hours',
      '4-to-24-hours',
      '4-to-24-hours',
      'over-24-hours',
    ]);
  });

  it('hold no reference, time or text: only month, area, what was counted and how many', async () => {
    const db = memoryDatabase();
    await HandoffCounts.made(db, { createdAt: '2026-01-10T09:00:00Z', locality: 'leicester' });
    expect(db.raw.prepare('PRAGMA table_info(report_handoffs)').all().map((c) => c.name)).toEqual(['month', 'locality', 'measure', 'count']);
  });
});
