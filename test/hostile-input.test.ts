// Issue 9's single requests that used to stop or break the service, each against the real service
// in a child process (so an uncaught error shows as the process exiting): compressed bodies that
// are not what they claim, a gzip bomb, an activity nested 5,000 deep, JSON sent as CSV, a report
// period from year 0, an invoke nobody asked replies for, a disclosure with `entities: [null]`,
// and the nosniff header. What was typed (a canary, in bodies and headers) never reaches the log.
import { request } from 'node:http';
import { createGzip, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botClient } from './helpers/bot-client.ts';
import { type ChildService, startChildService } from './helpers/child-service.ts';
import { allWords } from './helpers/conversation.ts';

const CANARY = 'Qv9HostileCanary';
const TOKEN = 'hostile-input-duty-token-0123456789';
let svc: ChildService;

beforeAll(async () => {
  svc = await startChildService('hostile', { DUTY_TOKEN: TOKEN });
});
afterAll(async () => {
  await svc?.stop();
});

const raw = (path: string, init: RequestInit & { headers?: Record<string, string> }) => fetch(svc.url + path, init).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
const alive = async () => {
  expect(svc.exited(), 'the process exited').toBeUndefined();
  expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
};

/** Any method with any body (fetch refuses a GET with a body). */
function httpCall(method: string, path: string, headers: Record<string, string>, body: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(svc.url + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A gzip body of `mib` MiB of zeros, made without holding the inflated bytes. */
async function gzipBomb(mib: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => gz.on('end', r));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i++) if (!gz.write(zeros)) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await done;
  return Buffer.concat(out);
}

describe('compressed bodies', () => {
  it('a body that is not gzip, sent as gzip, to GET and POST routes, gets a 4xx and the process carries on', async () => {
    for (const method of ['GET', 'DELETE', 'OPTIONS']) {
      const r = await httpCall(method, '/healthz', { 'content-encoding': 'gzip' }, 'x');
      expect(r.status, method).toBeLessThan(500);
    }
    await alive();
    for (const path of ['/api/triage', '/api/messages', '/api/practice', '/api/service-problems']) {
      const r = await raw(path, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: `{"text":"${CANARY}"}` });
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text).problems[0]).toMatchObject({ field: 'body', reason: expect.stringMatching(/not valid gzip/) });
    }
    await alive();
  });

  it('real gzip and deflate bodies are read; an unknown encoding is 415', async () => {
    const body = JSON.stringify({ text: 'a 9 year old with a speech problem', locality: 'bathnes' });
    for (const [enc, bytes] of [['gzip', gzipSync(body)], ['deflate', deflateSync(body)]] as const) {
      const r = await raw('/api/triage', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': enc }, body: bytes });
      expect(r.status, enc).toBe(200);
      expect(JSON.parse(r.text).level).toBeGreaterThan(0);
    }
    const br = await raw('/api/triage', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: 'xxxx' });
    expect(br.status).toBe(415);
    expect(JSON.parse(br.text).problems[0].field).toBe('headers.content-encoding');
  });

  it('a gzip bomb (200 MiB from under 256 KB), ten at once, gets 413 and memory stays bounded', async () => {
    const bomb = await gzipBomb(200);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = svc.memory();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => raw('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(bomb) })),
    );
    for (const r of results) {
      expect(r.status).toBe(413);
      expect(JSON.parse(r.text).problems[0].reason).toMatch(/inflates to more than 256 KB/);
    }
    // Ten bodies of 256 KB at most, inflated or not, and their buffers: far under 100 MiB more.
    expect(svc.memory().peakMiB - before.peakMiB).toBeLessThan(100);
    await alive();
  });
});

describe('bodies that cannot become a reply', () => {
  it('an activity nested 5,000 deep is a 400 naming the depth, and nothing of the request is logged', async () => {
    // Written out by hand: JSON.stringify itself overflows its stack on such an object.
    const from = `${'{"id":"u","nested":'.repeat(5000)}{"id":"${CANARY}"}${'}'.repeat(5000)}`;
    const body = `{"type":"message","channelId":"webchat","serviceUrl":"http://127.0.0.1:9/","conversation":{"id":"deep"},"recipient":{"id":"bot"},"text":"${CANARY}","deliveryMode":"expectReplies","from":${from}}`;
    const r = await raw('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-canary': CANARY }, body });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).problems[0]).toEqual({ field: 'body', reason: 'is nested more than 32 levels deep' });
    await alive();
    expect(svc.lines.join('\n')).not.toContain(CANARY);
  });
});

describe('the remaining 5xx', () => {
  it('JSON sent as text/csv or text/tsv to every POST route is 415', async () => {
    const routes = ['/api/triage', '/api/messages', '/api/practice', '/api/service-problems', '/api/duty/handoffs/HX-AAA-AAA/acknowledge', '/api/duty/handoffs/HX-AAA-AAA/outcome'];
    for (const path of routes) {
      for (const type of ['text/csv', 'text/tsv']) {
        const r = await raw(path, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ text: 'hello', outcome: 'no-further-action' }) });
        expect(r.status, `${path} ${type}`).toBe(415);
        expect(JSON.parse(r.text).problems[0]).toMatchObject({ field: 'headers.content-type', reason: expect.stringContaining('application/json') });
      }
    }
    await alive();
  });

  it('a report period outside 2000 to 2099 is a 400 with the field, never a RangeError or months of 1900', async () => {
    for (const [query, field] of [['to=0000-01', 'query.to'], ['from=0000-01', 'query.from'], ['from=1899-12&to=1900-01', 'query.from'], ['to=9999-12', 'query.to']] as const) {
      const r = await raw(`/api/reports?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status, query).toBe(400);
      expect(JSON.parse(r.text).problems.map((p: { field: string }) => p.field), query).toContain(field);
    }
    const csv = await raw('/api/reports/outcomes-by-route.csv?to=0000-01', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(csv.status).toBe(400);
  });

  it('an invoke activity without expectReplies is answered without a 5xx', async () => {
    const r = await raw('/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'invoke', name: 'task/fetch', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'inv' }, from: { id: 'u' }, recipient: { id: 'bot' }, value: {} }),
    });
    expect(r.status).toBeLessThan(500);
    await alive();
  });

  it('a disclosure with entities [null] (or other malformed parts) still gets the duty numbers', async () => {
    const shapes = [{ entities: [null] }, { entities: [{ type: 'mention', mentioned: null }] }, { entities: 'x' }, { attachments: [null] }, { membersAdded: [null] }, { locale: 7 }];
    for (const shape of shapes) {
      const c = botClient(svc.url);
      const r = await c.send({ text: 'she told me her step-dad hits her', ...(shape as object) });
      expect(r.status, JSON.stringify(shape)).toBe(200);
      const words = allWords(r.activities);
      expect(words, JSON.stringify(shape)).toContain('01225 396312');
      expect(words).not.toMatch(/something went wrong/);
    }
  });
});

describe('headers', () => {
  it('JSON, CSV, errors and pages all carry X-Content-Type-Options: nosniff', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const [path, headers] of [['/healthz', {}], ['/api/services?q=parenting', {}], ['/api/reports', auth], ['/api/reports/outcomes-by-route.csv', auth], ['/api/nothing', {}], ['/api/duty/handoffs', {}], ['/', {}]] as const) {
      const r = await raw(path, { headers });
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
