// The duty page's API against a real server: nothing without a token, handoffs newest first,
// acknowledge and outcome once each, bad input answered with the field and the reason, every view
// and change in the audit log; and the retention purge, audited with counts and references only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlow } from '../bot/handoff/flow.ts';
import { purgeExpired } from '../bot/handoff/purge.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { AuditLog } from '../bot/auth/audit.ts';
import type { RunningService } from '../bot/service.ts';
import { sqliteAt } from './helpers/db.ts';
import { harmTriage, submitHandoff } from './helpers/handoff.ts';
import { startTestService, type TestService } from './helpers/http.ts';

const TOKEN = 'duty-token-for-the-page-test-0123456789';
let running: TestService;
let service: RunningService;
const refs: string[] = [];

const submitTo = async (store: HandoffStore, key: string, overrides: Record<string, string> = {}) => (await submitHandoff(store, key, { overrides }));

async function call(method: string, path: string, opts: { token?: string | null; body?: unknown; name?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TOKEN}`;
  if (opts.name) headers['x-duty-name'] = opts.name;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(service.url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  running = await startTestService('duty', { DUTY_TOKEN: TOKEN });
  service = running.service;
  refs.push((await submitTo(service.handoff.store, 'a')));
  await new Promise((r) => setTimeout(r, 5));
  refs.push((await submitTo(service.handoff.store, 'b', { concern: '<script>alert("x")</script> bruise' })));
});
afterAll(async () => {
  await running?.stop();
});

describe('the duty page', () => {
  it('serves the page shell to anyone, with a strict content security policy and no data in it', async () => {
    const r = await call('GET', '/duty', { token: null });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(r.text).toContain('<label for="token">Duty token</label>');
    expect(r.text).not.toContain('HX-');
  });

  for (const [what, token] of [['no token', null], ['a wrong token', 'not-the-duty-token-at-all-0000000000']] as const) {
    it(`answers ${what} with 401 on every duty API, and audits the refusal`, async () => {
      await service.handoff.refusals.flush(); // a new window of refusals
      const before = (await service.handoff.audit.entries({ limit: 1000 })).length;
      for (const [m, p, body] of [
        ['GET', '/api/duty/handoffs'],
        ['GET', `/api/duty/handoffs/${refs[0]}`],
        ['POST', `/api/duty/handoffs/${refs[0]}/acknowledge`, {}],
        ['POST', `/api/duty/handoffs/${refs[0]}/outcome`, { outcome: 'no-further-action' }],
      ] as const) {
        const r = await call(m, p, { token, body });
        expect(r.status).toBe(401);
        expect(r.headers.get('www-authenticate')).toBe('Bearer realm="duty"');
        expect(r.text).not.toContain('HX-');
      }
      // The first refusal from this address is written at once; the rest are one row when the window closes.
      await service.handoff.refusals.flush();
      const after = await service.handoff.audit.entries({ limit: 1000 });
      const refusals = after.slice(0, after.length - before);
      expect(refusals).toHaveLength(2);
      expect(refusals.every((e) => e.actor === 'anonymous' && e.action.startsWith('auth-refused'))).toBe(true);
      expect(refusals.find((e) => e.action === 'auth-refused-repeated')?.detail).toMatchObject({ refusals: 4, realms: ['duty'] });
      expect((await service.handoff.store.get(refs[0]!))!.status).toBe('new');
    });
  }

  it('lists handoffs newest first with their status, and audits the view with who looked', async () => {
    const r = await call('GET', '/api/duty/handoffs', { name: 'Alex Duty' });
    expect(r.status).toBe(200);
    expect(r.body.handoffs.map((h: any) => h.reference)).toEqual([refs[1], refs[0]]);
    expect(r.body.handoffs[0]).toMatchObject({ status: 'new', level: 4, locality: 'bathnes' });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect((await service.handoff.audit.entries({ action: 'list-handoffs' }))[0]).toMatchObject({ actor: expect.stringMatching(/^token:/), detail: { via: 'duty-page', count: 2 } });
  });

  it('opens one: the summary as escaped HTML and as plain text to paste', async () => {
    const r = await call('GET', `/api/duty/handoffs/${refs[1]}`);
    expect(r.status).toBe(200);
    expect(r.body.html).toContain('&lt;script&gt;');
    expect(r.body.html).not.toContain('<script>');
    expect(r.body.text).toContain('<script>alert("x")</script> bruise');
    expect((await service.handoff.audit.entries({ action: 'view-handoff', reference: refs[1] }))).toHaveLength(1);
  });

  it('acknowledges once, then records one outcome; a second of either is refused with what was recorded', async () => {
    const ack = await call('POST', `/api/duty/handoffs/${refs[0]}/acknowledge`, { body: {}, name: 'Alex Duty' });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledged.by).toBe('Alex Duty (duty token)');
    expect((await call('POST', `/api/duty/handoffs/${refs[0]}/acknowledge`, { body: {} })).status).toBe(409);
    const out = await call('POST', `/api/duty/handoffs/${refs[0]}/outcome`, { body: { outcome: 'stepped-down-to-early-help', note: 'Family support offered' }, name: 'Alex Duty' });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ status: 'outcome-recorded', outcome: { value: 'stepped-down-to-early-help', label: 'Stepped down to early help', note: 'Family support offered' } });
    const again = await call('POST', `/api/duty/handoffs/${refs[0]}/outcome`, { body: { outcome: 'no-further-action' } });
    expect(again.status).toBe(409);
    expect(again.body.handoff.outcome.value).toBe('stepped-down-to-early-help');
    const audit = (await service.handoff.audit.entries({ reference: refs[0] }));
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['acknowledge', 'acknowledge-refused:already-recorded', 'record-outcome', 'record-outcome-refused:already-recorded']));
    expect(JSON.stringify(audit)).not.toContain('Family support offered');
  });

  it('answers bad input with 400 naming the field and the reason, and unknown references with 404', async () => {
    const badRef = await call('GET', '/api/duty/handoffs/HX-7K3-9RF');
    expect(badRef.status).toBe(400);
    expect(badRef.body.problems[0]).toMatchObject({ field: 'reference', reason: expect.stringMatching(/check character/) });
    const badOutcome = await call('POST', `/api/duty/handoffs/${refs[1]}/outcome`, { body: { outcome: 'closed', extra: 1 } });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.problems.map((p: any) => p.field)).toEqual(expect.arrayContaining(['body.outcome']));
    const longNote = await call('POST', `/api/duty/handoffs/${refs[1]}/outcome`, { body: { outcome: 'no-further-action', note: 'x'.repeat(1001) } });
    expect(longNote.status).toBe(400);
    expect(longNote.body.problems[0]).toMatchObject({ field: 'body.note' });
    expect((await call('GET', '/api/duty/handoffs/HX-7K3-9RE')).status).toBe(404);
    expect((await service.handoff.store.get(refs[1]!))!.status).toBe('new');
  });
});

describe('retention', () => {
  it('purges handoffs older than the retention period and abandoned flows, and audits counts and references only', async () => {
    const d = mkdtempSync(join(tmpdir(), 'purge-'));
    const db = await sqliteAt(d);
    let now = new Date('2026-01-01T09:00:00Z');
    const store = new HandoffStore(db, () => now);
    const audit = new AuditLog(db, () => now);
    const old = (await submitTo(store, 'old', { concern: 'PurgeCanary bruise' }));
    await store.saveDraft('abandoned', startFlow({ triage: harmTriage() }).state);
    now = new Date('2026-03-15T09:00:00Z');
    const recent = (await submitTo(store, 'recent'));
    const result = await purgeExpired(store, audit, { retentionDays: 60, draftRetentionHours: 24, intervalMinutes: 60 }, now);
    expect(result).toMatchObject({ handoffs: 1, drafts: 2, references: [old] });
    expect((await store.get(old))).toBeUndefined();
    expect((await store.get(recent))).toBeDefined();
    expect(await db.get('SELECT COUNT(*) AS n FROM handoff_outbox WHERE reference = ?', [old])).toEqual({ n: 0 });
    const entry = (await audit.entries({ action: 'purge' }))[0]!;
    expect(entry.detail).toMatchObject({ retentionDays: 60, handoffs: 1, drafts: 2, undelivered: 1, references: [old], created: { from: '2026-01-01T09:00:00.000Z', to: '2026-01-01T09:00:00.000Z' } });
    expect(JSON.stringify((await audit.entries()))).not.toContain('PurgeCanary');
    await db.close();
    rmSync(d, { recursive: true, force: true });
  });
});
