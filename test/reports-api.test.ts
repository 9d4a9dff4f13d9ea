// The board reports over HTTP against a real server: signed in exactly as for the duty page (401
// otherwise, and the refusal audited), every view and CSV export audited with who, when and what,
// filters checked with the field named, and nothing about a child anywhere: a canary passed
// through a real consultation, a directory search and a real duty handoff (with the duty team's
// note) never appears in the page, the JSON or any CSV.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { TABLE_IDS } from '../bot/reports/board.ts';
import { csvCell } from '../bot/reports/csv.ts';
import { reportMonth } from '../bot/reports/events.ts';
import { startService, type RunningService } from '../bot/service.ts';
import { AUDIENCE, type FakeEntra, startFakeEntra, TENANT } from './helpers/entra.ts';
import { passThroughEverything } from './helpers/reports.ts';

const TOKEN = 'duty-token-for-the-reports-test-0123456789';
const CANARY = 'Quibble-Marmoset-4417';
let service: RunningService;
let dir: string;
let reference: string;

async function call(path: string, opts: { token?: string | null; name?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TOKEN}`;
  if (opts.name) headers['x-duty-name'] = opts.name;
  const res = await fetch(service.url + path, { headers });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString('utf8');
  return { status: res.status, headers: res.headers, raw, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
}

const audit = async () => (await service.handoff.audit.entries({ limit: 1000 }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reports-'));
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dir, DUTY_TOKEN: TOKEN }), { log: createLogger('silent') });
  reference = await passThroughEverything(service.url, CANARY, TOKEN);
});
afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing in to the board reports', () => {
  it('serves the page to anyone, holding no figures, with the strict content security policy', async () => {
    const r = await call('/reports', { token: null });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(r.text).toContain('<label for="token">Duty token</label>');
    expect(r.text).toContain('shown as “&lt;5”');
    expect(r.text).not.toMatch(/<svg|<table/);
  });

  const refusals: [string, string | null][] = [
    ['no credentials', null],
    ['a wrong token', 'not-the-duty-token-at-all-0000000000'],
    ['a malformed header', 'two words'],
  ];
  for (const [what, token] of refusals) {
    it(`answers ${what} with 401 on the report and every CSV, and audits each refusal`, async () => {
      await service.handoff.refusals.flush(); // a new window of refusals
      const before = (await audit()).length;
      const paths = ['/api/reports', '/api/reports?locality=leicester', ...TABLE_IDS.map((t) => `/api/reports/${t}.csv`)];
      for (const path of paths) {
        const r = await call(path, { token });
        expect(r.status, path).toBe(401);
        expect(r.headers.get('www-authenticate')).toBe('Bearer realm="reports"');
        expect(r.text).not.toMatch(/Level|outcomes/);
      }
      // The first refusal from this address is written at once; the rest are one row when the window closes.
      await service.handoff.refusals.flush();
      const all = await audit();
      const entries = all.slice(0, all.length - before);
      expect(entries).toHaveLength(2);
      expect(entries.find((e) => e.action.startsWith('auth-refused:'))?.detail?.realm).toBe('reports');
      expect(entries.find((e) => e.action === 'auth-refused-repeated')?.detail).toMatchObject({ refusals: paths.length, realms: ['reports'] });
    });
  }
});

describe('the report', () => {
  it('counts the consultation and the handoff with its outcome, small numbers hidden', async () => {
    const r = await call('/api/reports', { name: 'Sam Board' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body.totals).toEqual({ outcomes: '<5', handoffs: '<5', directorySearchesWithNoResult: '<5' });
    const month = reportMonth(new Date());
    const handoffs = r.body.tables.find((t: any) => t.id === 'handoffs-by-month');
    expect(handoffs.rows.find((row: any) => row.month === month && row.area === 'Bath and North East Somerset')).toEqual({
      month,
      area: 'Bath and North East Somerset',
      made: '<5',
      notAcknowledged: 0,
      awaitingOutcome: 0,
      'accepted-for-assessment': '<5',
      'no-further-action': 0,
      'stepped-down-to-early-help': 0,
    });
    const acknowledged = r.body.tables.find((t: any) => t.id === 'handoff-acknowledgement');
    expect(acknowledged.rows.find((row: any) => row.month === month)).toMatchObject({ 'within-1-hour': '<5', 'over-24-hours': 0 });
    expect(r.body.tables.find((t: any) => t.id === 'outcomes-by-role').rows.find((row: any) => row.role === 'GP').all).toBe('<5');
  });

  it('writes every view to the audit log: who (and the name they gave), when, and which figures', async () => {
    const before = Date.now();
    await call('/api/reports?locality=leicester&from=2026-01&to=2026-06', { name: 'Sam Board' });
    const [entry] = await audit();
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^token:/),
      action: 'view-reports',
      reference: null,
      detail: { name: 'Sam Board (duty token)', from: '2026-01', to: '2026-06', locality: 'leicester' },
    });
    expect(Date.parse(entry!.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('filters by area and months', async () => {
    const r = await call('/api/reports?locality=LEICESTER&from=2025-11&to=2026-02');
    expect(r.status).toBe(200);
    expect(r.body.locality).toBe('leicester');
    expect(r.body.period.months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(r.body.tables.find((t: any) => t.id === 'outcomes-by-area').rows.map((row: any) => row.area)).toEqual(['Leicester City']);
  });

  const bad: [string, string, RegExp][] = [
    ['from=2026-13', 'query.from', /YYYY-MM/],
    ['to=March', 'query.to', /YYYY-MM/],
    ['from=2026-05&to=2026-01', 'query.to', /not be before the first month \(2026-05\)/],
    ['from=2020-01&to=2026-01', 'query.from', /at most 24 months/],
    ['locality=narnia', 'query.locality', /unknown locality "narnia"; known localities: bathnes, leicester/],
    ['area=bathnes', 'query', /area/],
    ['from=2026-01&from=2026-02', 'from', /once/],
  ];
  for (const [query, field, reason] of bad) {
    it(`answers ?${query} with 400 naming ${field}, and records no view`, async () => {
      const before = (await audit()).length;
      for (const path of [`/api/reports?${query}`, `/api/reports/outcomes-by-month.csv?${query}`]) {
        const r = await call(path);
        expect(r.status, path).toBe(400);
        expect(r.body.problems).toContainEqual({ field, reason: expect.stringMatching(reason) });
      }
      expect((await audit()).length).toBe(before);
    });
  }
});

describe('CSV export', () => {
  it.each(TABLE_IDS)('%s: a download with a header row, the same figures as the page, audited', async (table) => {
    const page = (await call('/api/reports?from=2026-01&to=2026-12')).body.tables.find((t: any) => t.id === table);
    const r = await call(`/api/reports/${table}.csv?from=2026-01&to=2026-12`, { name: 'Sam Board' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="early-help-${table}-2026-01-to-2026-12.csv"`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect([...r.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte order mark Excel needs
    const lines = r.text.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      page.columns.map((c: any) => csvCell(c.header)).join(','),
      ...page.rows.map((row: any) => page.columns.map((c: any) => csvCell(row[c.key])).join(',')),
    ]);
    expect((await audit())[0]).toMatchObject({ action: 'export-reports-csv', detail: { name: 'Sam Board (duty token)', table, from: '2026-01', to: '2026-12', locality: 'all' } });
  });

  it('answers an unknown table with 404 and the list of tables', async () => {
    const r = await call('/api/reports/children.csv');
    expect(r.status).toBe(404);
    expect(r.body.message).toContain('outcomes-by-month.csv');
  });
});

describe('nothing about a child reaches the board', () => {
  it('the canary, the handoff reference and the typed answers appear nowhere in the page, the JSON or any CSV', async () => {
    const texts = [
      (await call('/reports')).text,
      (await call('/api/reports')).text,
      (await call('/api/reports?locality=bathnes')).text,
      ...(await Promise.all(TABLE_IDS.map(async (t) => (await call(`/api/reports/${t}.csv`)).text))),
    ];
    // The handoff really is in the store, with the canary, so its absence here means something.
    expect(JSON.stringify((await service.handoff.store.get(reference)))).toContain(CANARY);
    for (const text of texts) {
      for (const secret of [CANARY, 'Quibble', reference, 'Oldfield', 'J.B.', 'Sam Taylor', 'Allocated', 'hungry', 'belt']) expect(text).not.toContain(secret);
    }
  });
});

describe('with Entra ID sign-in and a role for the board', () => {
  let entra: FakeEntra;
  let board: RunningService;
  let boardDir: string;
  beforeAll(async () => {
    entra = await startFakeEntra();
    boardDir = mkdtempSync(join(tmpdir(), 'reports-entra-'));
    board = await startService(
      loadConfig({
        PORT: '0',
        DATA_DIR: boardDir,
        DUTY_AUTH: 'entra',
        ENTRA_TENANT_ID: TENANT,
        ENTRA_AUDIENCE: AUDIENCE,
        ENTRA_JWKS_URI: entra.jwksUrl,
        ENTRA_REQUIRED_ROLE: 'Duty.ReadWrite',
        ENTRA_REPORTS_ROLE: 'Reports.Read',
      }),
      { log: createLogger('silent') },
    );
  });
  afterAll(async () => {
    await board?.stop();
    await entra?.stop();
    rmSync(boardDir, { recursive: true, force: true });
  });
  const status = async (path: string, roles: string[]) =>
    (await fetch(board.url + path, { headers: { authorization: `Bearer ${await entra.token({ roles, oid: `oid-${roles.join('-') || 'none'}` })}` } })).status;

  it('a board member with the reports role sees the reports and not the duty page', async () => {
    expect(await status('/api/reports', ['Reports.Read'])).toBe(200);
    expect(await status('/api/reports/outcomes-by-role.csv', ['Reports.Read'])).toBe(200);
    expect(await status('/api/duty/handoffs', ['Reports.Read'])).toBe(401);
  });

  it('the duty team sees both; someone with neither role sees neither', async () => {
    expect(await status('/api/reports', ['Duty.ReadWrite'])).toBe(200);
    expect(await status('/api/duty/handoffs', ['Duty.ReadWrite'])).toBe(200);
    expect(await status('/api/reports', [])).toBe(401);
    expect(await status('/api/duty/handoffs', [])).toBe(401);
  });

  it('audits the view with the signed-in person’s Entra id and name', async () => {
    await status('/api/reports', ['Reports.Read']);
    expect((await board.handoff.audit.entries({ action: 'view-reports', limit: 1 }))[0]).toMatchObject({ actor: 'entra:oid-Reports.Read', detail: { name: 'Alex Duty' } });
  });
});
