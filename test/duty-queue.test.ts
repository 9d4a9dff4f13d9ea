// The duty list as the duty team relies on it: however many handoffs there are, none that is
// waiting falls off the list; the list says how many there are in all and pages the rest; the
// most urgent comes first; bad paging is a 400 naming the field; and the live stream says when
// something changed, only to a signed-in duty worker, without holding up a stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOf, cutAtWord, initials } from '../bot/handoff/queue.ts';
import { Summary } from '../knowledge/handoff/summary.ts';
import { dutyCard } from '../cards/handoff/duty-card.ts';
import { HandoffStore } from '../bot/handoff/store.ts';
import { draftOf, next } from '../bot/handoff/flow.ts';
import { triage } from '../knowledge/triage.ts';
import { Understanding } from '../knowledge/understand/index.ts';
import { checkedFlow, submitHandoff } from './helpers/handoff.ts';
import { startTestService, type TestService } from './helpers/http.ts';
import { knowledge } from './helpers/knowledge.ts';
import { createPostgresDatabase } from './helpers/postgres.ts';

// The whole service on each engine: the embedded SQLite, and PostgreSQL on the run's cluster.
const ENGINES: [string, () => Promise<Record<string, string>>][] = [
  ['sqlite', async () => ({})],
  ['postgres', async () => ({ DATABASE_URL: await createPostgresDatabase() })],
];

const TOKEN = 'duty-token-for-the-queue-test-0123456789';
const actor = { id: 'token:test', name: 'Test Duty' };

async function list(running: TestService, query = '', token: string | null = TOKEN) {
  const res = await fetch(`${running.service.url}/api/duty/handoffs${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(ENGINES)('%s: with 250 handoffs, the oldest still waiting', (_engine, env) => {
  let running: TestService;
  let oldest: string;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    running = await startTestService('duty-queue', { DUTY_TOKEN: TOKEN, ...(await env()) });
    // The service's own database, with a clock of its own so each handoff is a minute older than the next.
    let clock = Date.parse('2026-11-01T08:00:00Z');
    const store = new HandoffStore(running.service.database, () => new Date(clock));
    oldest = await submitHandoff(store, 'oldest');
    for (let i = 0; i < 249; i++) {
      clock += 60_000;
      const ref = await submitHandoff(store, `k${i}`);
      await store.acknowledge(ref, actor);
      acknowledged.push(ref);
    }
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('lists the waiting one on the first page, says how many there are in all, and pages the rest', async () => {
    const r = await list(running);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 250, unacknowledged: 1, page: { page: 1, pageSize: 50, pages: 5, handled: 249 } });
    expect(r.body.handoffs[0]).toMatchObject({ reference: oldest, status: 'new' });
    expect(r.body.waiting.map((h: any) => h.reference)).toEqual([oldest]);
    // The acknowledged ones, newest first.
    expect(r.body.handled.map((h: any) => h.reference)).toEqual(acknowledged.slice(-50).reverse());
  });

  it('keeps the waiting one on every page, and every acknowledged one is on exactly one page', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const r = await list(running, `?page=${page}`);
      expect(r.body.handoffs[0].reference).toBe(oldest);
      seen.push(...r.body.handled.map((h: any) => h.reference));
    }
    expect(seen).toHaveLength(249);
    expect(new Set(seen)).toEqual(new Set(acknowledged));
    const beyond = await list(running, '?page=6');
    expect(beyond.body.waiting.map((h: any) => h.reference)).toEqual([oldest]);
    expect(beyond.body.handled).toEqual([]);
    const big = await list(running, '?pageSize=200&page=2');
    expect(big.body.handled).toHaveLength(49);
  });

  it('answers bad paging with 400, naming the field and the reason', async () => {
    for (const [query, field, reason] of [
      ['?page=0', 'query.page', /from 1/],
      ['?page=abc', 'query.page', /whole number/],
      ['?page=-2', 'query.page', /whole number/],
      ['?pageSize=201', 'query.pageSize', /from 1 to 200/],
      ['?pageSize=1.5', 'query.pageSize', /whole number/],
      ['?limit=10', 'query', /limit/],
      ['?page=1&page=2', 'page', /once/],
    ] as const) {
      const r = await list(running, query);
      expect(r.status, query).toBe(400);
      expect(r.body.problems[0].field, query).toBe(field);
      expect(`${r.body.problems[0].field} ${r.body.problems[0].reason}`, query).toMatch(reason);
    }
    expect((await list(running, '?page=2', null)).status).toBe(401);
  });
});

describe.each(ENGINES)('%s: order and what each row shows', (_engine, env) => {
  let running: TestService;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    running = await startTestService('duty-order', { DUTY_TOKEN: TOKEN, ...(await env()) });
    let clock = Date.parse('2026-11-02T08:00:00Z');
    const store = new HandoffStore(running.service.database, () => new Date(clock));
    const add = async (key: string, overrides: Record<string, string>) => {
      clock += 60_000;
      refs[key] = await submitHandoff(store, key, { overrides });
    };
    await add('calm-old', { immediateDanger: 'no', childName: 'Jamie' });
    await add('unsure', { immediateDanger: 'not sure', childName: 'amira', childAge: '03/02/2020' });
    await add('danger', { immediateDanger: 'yes', childName: 'Zoë', childAge: 'about seven, in year two at the infant school' });
    await add('calm-new', { immediateDanger: 'no' });
    await add('danger-newer', { immediateDanger: 'yes' });
    await store.acknowledge(refs['calm-new']!, actor);
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('puts immediate danger first, then "not sure", then the rest, each oldest first; the full name never appears', async () => {
    const r = await list(running);
    expect(r.body.waiting.map((h: any) => h.reference)).toEqual([refs.danger, refs['danger-newer'], refs.unsure, refs['calm-old']]);
    expect(r.body.handled.map((h: any) => h.reference)).toEqual([refs['calm-new']]);
    expect(r.body.urgent).toBe(3);
    const byRef = Object.fromEntries(r.body.handoffs.map((h: any) => [h.reference, h]));
    expect(byRef[refs.danger!]).toMatchObject({ urgency: 'immediate-danger', child: { initials: 'Z.', age: 'about seven, in year two at…' } });
    expect(byRef[refs.unsure!]).toMatchObject({ urgency: 'not-sure', child: { initials: 'A.', age: '6' } });
    expect(byRef[refs['calm-old']!]).toMatchObject({ urgency: 'not-in-immediate-danger', child: { initials: 'J.' } });
    expect(byRef[refs['calm-new']!].acknowledgedAt).toEqual(expect.any(String));
    const text = JSON.stringify(r.body);
    for (const name of ['Jamie', 'amira', 'Zoë']) expect(text).not.toContain(name);
  });

  it('streams a change mark to a signed-in duty worker when a handoff arrives, and refuses anyone else', async () => {
    const { service } = running;
    expect((await fetch(`${service.url}/api/duty/events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${service.url}/api/duty/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const events: string[] = [];
    const nextEvent = async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
        const m = buffer.match(/event: handoffs\ndata: (.*)\n\n/);
        if (m) return JSON.parse(m[1]!).mark as string;
      }
    };
    events.push(await nextEvent());
    await submitHandoff(service.handoff.store, 'live');
    events.push(await nextEvent());
    expect(events[1]).not.toBe(events[0]);
    // No case data travels on the stream.
    expect(events.join('')).not.toMatch(/HX-|J\.B\./);
    expect(await service.handoff.audit.entries({ action: 'watch-handoffs' })).toHaveLength(1);
    controller.abort();
  });
});

describe('the evidence the duty worker reads', () => {
  it('is the words that evidenced each indicator, whole words of what the practitioner wrote, never a word cut in two', async () => {
    const running = await startTestService('duty-evidence', { DUTY_TOKEN: TOKEN });
    try {
      // A long run-on sentence, as people type: the evidence must be cut from it at words.
      const concern =
        'Year 3 pupil came in this morning after the long weekend away with his dad and the new partner and her two older children from the flat upstairs ' +
        'with a large bruise on his cheek and finger-shaped marks on his upper arm and he would not say how it happened when his teacher asked him about it twice. ' +
        "Later he said his mum's boyfriend grabbed him and hit him last night because he was loud.";
      const t = triage(knowledge(), { text: concern, locality: 'bathnes' }, { defaultLocality: 'bathnes', understanding: new Understanding(knowledge().vocabulary) });
      expect(t.indicators.length).toBeGreaterThan(1);
      const flow = checkedFlow({ triage: t, overrides: { concern } });
      const store = running.service.handoff.store;
      const { reference } = await store.submit({ draftKey: 'evidence', draft: draftOf(flow.state), finalState: (r) => next(flow.state, { stored: { reference: r } }).state });
      const indicators = (await store.get(reference))!.summary.indicators;
      const res = await fetch(`${running.service.url}/api/duty/handoffs/${reference}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const detail = (await res.json()) as { text: string; html: string };
      for (const i of indicators) {
        const at = concern.indexOf(i.evidence);
        expect(at, i.evidence).toBeGreaterThanOrEqual(0);
        expect(concern.slice(Math.max(0, at - 1), at), `before "${i.evidence}"`).toMatch(/^[^\p{L}\p{N}]?$/u);
        expect(concern.slice(at + i.evidence.length, at + i.evidence.length + 1), `after "${i.evidence}"`).toMatch(/^[^\p{L}\p{N}]?$/u);
        expect(detail.text).toContain(i.evidence);
      }
    } finally {
      await running.stop();
    }
  });
});

describe.each(ENGINES)('%s: shutting down with a duty page open', (_engine, env) => {
  it('ends the live stream instead of waiting for it', async () => {
    const running = await startTestService('duty-stop', { DUTY_TOKEN: TOKEN, ...(await env()) });
    const res = await fetch(`${running.service.url}/api/duty/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const reader = res.body!.getReader();
    await reader.read();
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    // The page sees the stream end (and reconnects to whichever instance is still running).
    for (;;) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) break;
    }
  });
});

describe('the Teams duty card', () => {
  it('flags "not sure" at the top as it flags immediate danger, and says nothing extra when the answer was no', () => {
    const card = (immediateDanger: string) => {
      const flow = checkedFlow({ overrides: { immediateDanger } });
      const summary = Summary.parse({ ...draftOf(flow.state), reference: 'HX-7K3-9RE', createdAt: '2026-12-03T10:00:00.000Z' });
      return (dutyCard(summary).body as { text?: string }[]).slice(0, 3).map((b) => b.text ?? '');
    };
    expect(card('not sure')[2]).toBe('The referrer is not sure whether the child is in immediate danger.');
    expect(card('yes')[2]).toBe('The referrer says the child is in immediate danger: 999 was advised.');
    expect(card('no').join(' ')).not.toMatch(/immediate danger/);
  });
});

describe('the words a row is made of', () => {
  it('gives initials, never a name', () => {
    expect(initials('Jamie Brown')).toBe('J.B.');
    expect(initials('J.B.')).toBe('J.B.');
    expect(initials('  ')).toBe('not known');
    expect(initials(undefined)).toBe('not known');
    expect(initials('Ó Briain, Siobhán')).toBe('Ó.B.S.');
  });

  it('gives an age from a number, a date of birth or a due date, and otherwise the words cut at a word', () => {
    const at = new Date('2026-12-03T10:00:00Z');
    expect(ageOf('7', at)).toBe('7');
    expect(ageOf('7 years old', at)).toBe('7');
    expect(ageOf('04/12/2019', at)).toBe('6');
    expect(ageOf('03/12/2019', at)).toBe('7');
    expect(ageOf('2026-06-01', at)).toBe('6 months');
    expect(ageOf('01/03/2027', at)).toBe('unborn');
    expect(ageOf('31/02/2020', at)).toBe('31/02/2020');
    expect(ageOf(undefined, at)).toBe('not known');
    expect(cutAtWord('twelve and a half nearly thirteen', 20)).toBe('twelve and a half…');
    expect(cutAtWord('short', 20)).toBe('short');
  });
});
