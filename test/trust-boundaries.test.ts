// Who may open what (issue 9): the partnership board's own credential opens the reports and never
// the duty page or a case; refused callers are audited without one client writing unbounded
// rows, and a source refused too often is slowed down (429) without locking out a valid caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../bot/config.ts';
import { AuditLog } from '../bot/auth/audit.ts';
import { RefusalAudit } from '../bot/auth/refusals.ts';
import { sqliteAt } from './helpers/db.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../bot/log.ts';
import { startService } from '../bot/service.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { submitHandoff } from './helpers/handoff.ts';

const DUTY = 'duty-token-for-trust-boundaries-000001';
const BOARD = 'board-token-for-trust-boundaries-00001';
let t: TestService;
let reference: string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await startTestService('trust', { DUTY_TOKEN: DUTY, BOARD_TOKEN: BOARD });
  reference = await submitHandoff(t.service.handoff.store, 'trust-conversation');
});
afterAll(() => t?.stop());

describe('the board credential', () => {
  it('opens the board reports and their CSVs', async () => {
    const r = await callJson(t.service.url, 'GET', '/api/reports', undefined, bearer(BOARD));
    expect(r.status).toBe(200);
    expect((await callJson(t.service.url, 'GET', '/api/reports/outcomes-by-route.csv', undefined, bearer(BOARD))).status).toBe(200);
    const seen = (await t.service.handoff.audit.entries({ action: 'view-reports', limit: 5 }))[0]!;
    expect(seen.detail?.name).toBe('Board token holder');
  });

  it('never opens the duty page, the list of handoffs, or a case', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/duty/me'],
      ['GET', '/api/duty/handoffs'],
      ['GET', `/api/duty/handoffs/${reference}`],
      ['POST', `/api/duty/handoffs/${reference}/acknowledge`, {}],
      ['POST', `/api/duty/handoffs/${reference}/outcome`, { outcome: 'no-further-action' }],
    ] as const) {
      const r = await callJson(t.service.url, method, path, body, bearer(BOARD));
      expect(r.status, path).toBe(401);
      expect(r.text).not.toContain('HX-');
    }
    expect((await t.service.handoff.store.get(reference))!.status).toBe('new');
  });

  it('the duty token still opens the reports (the duty team sees the cases themselves already)', async () => {
    expect((await callJson(t.service.url, 'GET', '/api/reports', undefined, bearer(DUTY))).status).toBe(200);
    expect((await callJson(t.service.url, 'GET', '/api/duty/handoffs', undefined, bearer(DUTY))).status).toBe(200);
  });

  it('is generated and shown once when not configured, and differs from the duty token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-gen-'));
    const shown: Record<string, string[]> = { duty: [], board: [] };
    const start = () =>
      startService(loadConfig({ PORT: '0', DATA_DIR: dir }), {
        log: createLogger('silent'),
        handoff: { announceToken: (x) => shown.duty!.push(x), announceBoardToken: (x) => shown.board!.push(x) },
      });
    try {
      const first = await start();
      await first.stop();
      const s = await start();
      try {
        expect(shown.duty).toHaveLength(1);
        expect(shown.board).toHaveLength(1);
        expect(shown.board![0]).not.toBe(shown.duty![0]);
        expect((await callJson(s.url, 'GET', '/api/reports', undefined, bearer(shown.board![0]!))).status).toBe(200);
        expect((await callJson(s.url, 'GET', '/api/duty/handoffs', undefined, bearer(shown.board![0]!))).status).toBe(401);
      } finally {
        await s.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a BOARD_TOKEN equal to the DUTY_TOKEN is refused at start', () => {
    expect(() => loadConfig({ DUTY_TOKEN: DUTY, BOARD_TOKEN: DUTY })).toThrow(ConfigError);
  });
});

describe('refused callers', () => {
  it('10,000-style floods write a bounded number of audit rows, answer 429 past the limit, and still let a valid token in', async () => {
    const url = t.service.url;
    await t.service.handoff.refusals.flush();
    const before = (await t.service.handoff.audit.entries({ limit: 100_000 })).length;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${url}/api/duty/handoffs`, { headers: bearer(`wrong-token-${i}-0000000000000000000`) });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // A valid credential from the same address is never locked out by someone else's failures.
    expect((await fetch(`${url}/api/duty/handoffs`, { headers: bearer(DUTY) })).status).toBe(200);
    await t.service.handoff.refusals.flush();
    const all = await t.service.handoff.audit.entries({ limit: 100_000 });
    const rows = all.slice(0, all.length - before).filter((e) => e.action.startsWith('auth-refused'));
    expect(rows.map((e) => e.action).sort()).toEqual(['auth-refused-repeated', 'auth-refused:bad-credentials']);
    expect(rows.find((e) => e.action === 'auth-refused-repeated')!.detail).toMatchObject({ refusals: 200, rateLimited: 170, realms: ['duty'] });
  });

  it('one row per source per window, and a new window starts a new count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-refusals-'));
    const db = await sqliteAt(dir);
    try {
      let now = new Date('2026-03-01T10:00:00Z');
      const audit = new AuditLog(db);
      const refusals = new RefusalAudit(audit, { now: () => now, windowMs: 60_000, limit: 5 });
      const refuse = async (source: string) => refusals.refused(source, { realm: 'duty', path: '/api/duty/handoffs', reason: 'no-credentials', limited: (await refusals.limited(source)).limited });
      for (let i = 0; i < 50; i++) await refuse('10.0.0.1');
      for (let i = 0; i < 3; i++) await refuse('10.0.0.2');
      expect((await refusals.limited('10.0.0.1')).limited).toBe(true);
      expect((await refusals.limited('10.0.0.2')).limited).toBe(false);
      expect((await audit.entries()).filter((e) => e.action.startsWith('auth-refused'))).toHaveLength(2);
      now = new Date('2026-03-01T10:01:30Z');
      expect((await refusals.limited('10.0.0.1')).limited).toBe(false);
      const rows = (await audit.entries()).filter((e) => e.action === 'auth-refused-repeated');
      expect(rows.map((e) => [e.detail?.source, e.detail?.refusals]).sort()).toEqual([['10.0.0.1', 50], ['10.0.0.2', 3]]);
      await refusals.stop();
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
