// The board's figures: anonymous counts written as things happen (an outcome from /api/triage, a
// directory search that found nothing), grouped by month, area, level, route, role and channel,
// and exported as CSV that a spreadsheet opens safely. Real SQLite throughout.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { createEventRecorder, reportMonth } from '../bot/reports/events.ts';
import { createReportQueries } from '../bot/reports/queries.ts';
import { needsNamedIn } from '../bot/reports/needs.ts';
import { Understanding } from '../knowledge/understand/index.ts';
import { csvCell, toCsv } from '../bot/reports/csv.ts';
import { memoryDatabase, serviceDatabase } from './helpers/db.ts';
import { startService, type RunningService } from '../bot/service.ts';

const temps: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function store(at: () => Date) {
  const db = memoryDatabase();
  return { db, recorder: createEventRecorder(db, at), queries: createReportQueries(db) };
}

describe('the reporting month', () => {
  it('is the month in UK time, so a late-night outcome in summer time counts in the next month', async () => {
    expect(reportMonth(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04');
    expect(reportMonth(new Date('2026-01-31T23:30:00Z'))).toBe('2026-01');
    expect(reportMonth(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
  });
});

describe('recording outcomes', () => {
  it('keeps counts, not one row per consultation, and only the anonymous columns', async () => {
    const { db, recorder, queries } = store(() => new Date('2026-02-10T10:00:00Z'));
    recorder.recordOutcome({ locality: 'bathnes', level: 3, route: 'caf', role: 'teacher', channel: 'msteams' });
    recorder.recordOutcome({ locality: 'bathnes', level: 3, route: 'caf', role: 'teacher', channel: 'msteams' });
    recorder.recordOutcome({ locality: 'bathnes', level: 4, route: 'request-for-service', channel: 'webchat' });
    await db.get('SELECT 1 AS settled');
    const columns = db.raw.prepare('PRAGMA table_info(report_outcomes)').all().map((c) => c.name);
    expect(columns).toEqual(['month', 'locality', 'level', 'route', 'role', 'channel', 'count']);
    expect(db.raw.prepare('SELECT COUNT(*) AS n FROM report_outcomes').get()!.n).toBe(2);
    expect((await queries.outcomes([]))).toEqual([{ count: 3 }]);
    expect((await queries.outcomes(['role']))).toEqual([
      { role: 'not-known', count: 1 },
      { role: 'teacher', count: 2 },
    ]);
  });

  it('counts an unrecognised channel as "other" and refuses a level outside 1 to 4', async () => {
    const { recorder, queries } = store(() => new Date('2026-02-10T10:00:00Z'));
    recorder.recordOutcome({ locality: 'leicester', level: 2, route: 'single-agency', channel: 'Some Channel <script>' });
    expect((await queries.outcomes(['channel']))).toEqual([{ channel: 'other', count: 1 }]);
    await expect(recorder.recordOutcome({ locality: 'leicester', level: 7 as 4, route: 'x', channel: 'api' })).rejects.toThrow(/level/);
    await expect(recorder.recordOutcome({ locality: 'Leicester City!', level: 2, route: 'x', channel: 'api' })).rejects.toThrow(/locality/);
  });
});

describe('the board’s aggregate queries', () => {
  let now = new Date('2026-01-15T12:00:00Z');
  const { recorder, queries } = store(() => now);
  beforeAll(() => {
    const add = (locality: string, level: 1 | 2 | 3 | 4, route: string, role?: 'gp' | 'teacher', n = 1) => {
      for (let i = 0; i < n; i++) recorder.recordOutcome({ locality, level, route, role, channel: 'msteams' });
    };
    add('bathnes', 2, 'direct-referral', 'teacher', 3);
    add('leicester', 4, 'duty-and-advice', 'gp');
    now = new Date('2026-02-15T12:00:00Z');
    add('bathnes', 3, 'caf', 'teacher', 2);
    add('leicester', 3, 'eha', undefined, 4);
    recorder.recordDirectoryMiss({ locality: 'leicester' });
    recorder.recordDirectoryMiss({ locality: 'leicester' });
    recorder.recordDirectoryMiss({});
  });

  it('groups by month and level', async () => {
    expect((await queries.outcomes(['month', 'level']))).toEqual([
      { month: '2026-01', level: 2, count: 3 },
      { month: '2026-01', level: 4, count: 1 },
      { month: '2026-02', level: 3, count: 6 },
    ]);
  });

  it('groups by area and route, and filters by area and months', async () => {
    expect((await queries.outcomes(['locality', 'route'], { locality: 'leicester' }))).toEqual([
      { locality: 'leicester', route: 'duty-and-advice', count: 1 },
      { locality: 'leicester', route: 'eha', count: 4 },
    ]);
    expect((await queries.outcomes(['role'], { from: '2026-02', to: '2026-02' }))).toEqual([
      { role: 'not-known', count: 4 },
      { role: 'teacher', count: 2 },
    ]);
    expect((await queries.outcomes([], { from: '2026-03' }))).toEqual([{ count: 0 }]);
  });

  it('counts directory searches that found nothing by month and area', async () => {
    expect((await queries.directoryMisses())).toEqual([
      { month: '2026-02', locality: 'all', count: 1 },
      { month: '2026-02', locality: 'leicester', count: 2 },
    ]);
  });

  it('refuses a grouping or a month it does not know, rather than building odd SQL', async () => {
    await expect(queries.outcomes(['month', 'text' as 'month'])).rejects.toThrow(/cannot group by text/);
    await expect(queries.outcomes([], { from: '2026-13' })).rejects.toThrow(/YYYY-MM/);
    await expect(queries.outcomes([], { to: "2026-01' OR 1=1 --" })).rejects.toThrow(/YYYY-MM/);
  });

  it('exports a grouping as CSV with a header row', async () => {
    const rows = (await queries.outcomes(['month', 'locality', 'level']));
    const csv = toCsv(
      [
        { key: 'month', header: 'Month' },
        { key: 'locality', header: 'Area' },
        { key: 'level', header: 'Level' },
        { key: 'count', header: 'Count' },
      ],
      rows,
    );
    expect(csv).toBe('Month,Area,Level,Count\r\n2026-01,bathnes,2,3\r\n2026-01,leicester,4,1\r\n2026-02,bathnes,3,2\r\n2026-02,leicester,3,4\r\n');
  });
});

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and defuses anything a spreadsheet would run', async () => {
    expect(csvCell('Level 3: CAF, TAC')).toBe('"Level 3: CAF, TAC"');
    expect(csvCell('say "hello"')).toBe('"say ""hello"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('events recorded by the HTTP API', () => {
  let service: RunningService;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir('api-events-');
    service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { log: createLogger('silent') });
  });
  afterAll(() => service?.stop());

  const queries = () => createReportQueries(serviceDatabase(dataDir));
  const post = (body: unknown) =>
    fetch(`${service.url}/api/triage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('an outcome from /api/triage is counted with its area, level, route and the role given', async () => {
    const res = await post({ locality: 'leicester', answers: { harm: 'no', 'needs-count': 'one' }, role: 'health-visitor' });
    expect(res.status).toBe(200);
    const month = reportMonth(new Date());
    expect((await queries().outcomes(['month', 'locality', 'level', 'route', 'role', 'channel']))).toEqual([
      { month, locality: 'leicester', level: 2, route: 'single-agency', role: 'health-visitor', channel: 'api', count: 1 },
    ]);
  });

  it('a role that is not on the list is a 400 naming the field, and nothing is counted', async () => {
    const before = (await queries().outcomes([]))[0]!.count;
    const res = await post({ locality: 'leicester', answers: { harm: 'no' }, role: 'head teacher' });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0]).toMatchObject({ field: 'body.role', reason: expect.stringMatching(/teacher/) });
    expect((await queries().outcomes([]))[0]!.count).toBe(before);
  });

  it('a directory search that finds nothing is counted for its area, and its words are never stored', async () => {
    const words = 'zqxjkv unfindable phrase';
    const empty = await fetch(`${service.url}/api/services?locality=bathnes&q=${encodeURIComponent(words)}`);
    expect((await empty.json()).results).toEqual([]);
    const found = await fetch(`${service.url}/api/services?locality=bathnes&q=parenting`);
    expect((await found.json()).results.length).toBeGreaterThan(0);
    expect(await queries().directoryMisses()).toEqual([{ month: reportMonth(new Date()), locality: 'bathnes', count: 1 }]);
    // By need: words that name no indicator of the shared vocabulary count as "not recognised".
    expect(await queries().directoryMissNeeds()).toEqual([{ month: reportMonth(new Date()), locality: 'bathnes', need: 'not-recognised', count: 1 }]);
  });

  it('reads a search’s category of need from its words with the consultation’s understanding, and keeps only the category', () => {
    const k = service.knowledge;
    const u = new Understanding(k.vocabulary);
    expect(needsNamedIn('zqxjkv', u, k.vocabulary)).toEqual([]);
    expect(needsNamedIn(undefined, u, k.vocabulary)).toEqual([]);
    const named = needsNamedIn('mum drinks every night and he is being bullied', u, k.vocabulary);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((n) => ['child-development', 'parenting-capacity', 'family-environment', 'harm-outside-home'].includes(n))).toBe(true);
    for (const file of readdirSync(dataDir)) expect(readFileSync(join(dataDir, file)).includes('unfindable')).toBe(false);
  });
});
