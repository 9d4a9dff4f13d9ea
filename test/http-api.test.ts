// The HTTP contract against a real started server: good requests get sourced answers, bad ones a
// 400 naming the field and the reason, and nothing a client sends produces a 500 or a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../bot/service.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';

let running: TestService;
let service: RunningService;
beforeAll(async () => {
  running = await startTestService('api');
  service = running.service;
});
afterAll(async () => {
  await running?.stop();
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callJson(service.url, method, path, body, headers);

describe('POST /api/triage with structured answers', () => {
  it('returns a level with its local name, route, contacts and sourced reasons', async () => {
    const r = await call('POST', '/api/triage', { locality: 'bathnes', answers: { harm: 'no', 'needs-met': 'no', 'needs-clear': 'no' } });
    expect(r.status).toBe(200);
    expect(r.json.level).toBe(3);
    expect(r.json.levelName).toMatch(/CAF/);
    expect(r.json.harmIndicated).toBe(false);
    expect(r.json.route.id).toBe('caf');
    expect(r.json.route.consentRequired).toBe(true);
    expect(r.json.reasons.length).toBeGreaterThan(0);
    for (const reason of r.json.reasons) {
      expect(reason.text.length).toBeGreaterThan(10);
      expect(reason.source.file).toMatch(/^00\d_[0-9a-f]+\.txt$/);
      expect(reason.source.section.length).toBeGreaterThan(2);
    }
    expect(r.json.contacts[0]).toMatchObject({ name: expect.stringMatching(/Integrated/), phone: '01225 395021' });
    expect(r.json.questions.map((q: any) => q.id)).toContain('consent');
    expect(r.json.knowledgeVersion).toMatch(/^bathnes-[0-9a-f]{12}$/);
  });

  it('harm gives level 4 with the duty numbers and 999', async () => {
    const r = await call('POST', '/api/triage', { locality: 'bathnes', answers: { harm: 'yes' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ level: 4, harmIndicated: true });
    const phones = r.json.contacts.flatMap((c: any) => c.phones);
    expect(phones).toEqual(expect.arrayContaining(['01225 396312', '01225 396313', '999']));
  });

  it('Leicester harm shows the Duty and Advice Service as needing local configuration, with 999', async () => {
    const r = await call('POST', '/api/triage', { locality: 'leicester', answers: { harm: 'yes' } });
    const das = r.json.contacts.find((c: any) => c.id === 'duty-and-advice-service');
    expect(das.needsLocalConfiguration).toBe(true);
    expect(das.phone).toBeUndefined();
    expect(r.json.contacts.some((c: any) => c.phone === '999')).toBe(true);
  });

  it('accepts indicators picked from the vocabulary', async () => {
    const r = await call('POST', '/api/triage', { locality: 'leicester', indicators: ['parent-in-custody', 'exclusion', 'behaviour'], age: 14 });
    expect(r.json.level).toBe(3);
    expect(r.json.route.id).toBe('eha');
    expect(r.json.indicators.map((i: any) => i.id)).toEqual(['parent-in-custody', 'exclusion', 'behaviour']);
    expect(r.json.age).toBe(14);
  });

  it('the same request gives the same answer', async () => {
    const body = { locality: 'leicester', answers: { harm: 'no', 'needs-count': 'two' } };
    const [a, b] = await Promise.all([call('POST', '/api/triage', body), call('POST', '/api/triage', body)]);
    expect(a.json).toEqual(b.json);
  });
});

describe('bad input is a 400 naming the field, never a 500', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['unknown locality', { locality: 'narnia', answers: { harm: 'no' } }, 'locality', /known localities: bathnes, leicester/],
    ['unknown question', { locality: 'bathnes', answers: { colour: 'blue' } }, 'answers.colour', /unknown question/],
    ['answer not among the options', { locality: 'bathnes', answers: { harm: 'perhaps' } }, 'answers.harm', /must be one of: yes, no, unsure/],
    ['a Leicester question asked of B&NES', { locality: 'bathnes', answers: { 'needs-count': 'two' } }, 'answers.needs-count', /unknown question for bathnes/],
    ['unknown indicator', { indicators: ['purple'] }, 'indicators[0]', /unknown indicator/],
    ['age out of range', { age: 300, answers: {} }, 'body.age', /25 or under/],
    ['age as text', { age: 'six', answers: {} }, 'body.age', /number/],
    ['answers not an object', { answers: 'yes' }, 'body.answers', /object|record/i],
    ['nothing to triage', { locality: 'bathnes' }, 'body.text', /give the concern/],
    ['unexpected field', { answers: {}, childName: 'x' }, 'body', /childName|unrecognized/i],
    ['a JSON array', [1, 2], 'body', /JSON object/],
  ];
  for (const [name, body, field, reason] of cases) {
    it(name, async () => {
      const r = await call('POST', '/api/triage', body);
      expect(r.status).toBe(400);
      const problem = r.json.problems.find((p: any) => p.field === field);
      expect(problem, JSON.stringify(r.json)).toBeDefined();
      expect(problem.reason).toMatch(reason);
    });
  }

  it('invalid JSON', async () => {
    const r = await call('POST', '/api/triage', '{"answers": {', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('bad_request');
    expect(r.text).not.toMatch(/at .*\.js/);
  });

  it('a body that is too large', async () => {
    const r = await call('POST', '/api/triage', { text: 'x'.repeat(300_000) });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('bad_request');
  });

  it('a body that is not JSON', async () => {
    const r = await call('POST', '/api/triage', 'hello', { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json.problems[0]).toMatchObject({ field: 'headers.content-type', reason: expect.stringContaining('application/json') });
  });

  it('bad query parameters on the directory', async () => {
    for (const [q, field] of [['age=abc', 'query.age'], ['level=5', 'query.level'], ['locality=mars', 'locality'], ['limit=0', 'query.limit'], ['age=1&age=2', 'age']] as const) {
      const r = await call('GET', `/api/services?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.problems.map((p: any) => p.field), q).toContain(field);
    }
  });

  it('an unknown address is a JSON 404', async () => {
    const r = await call('GET', '/api/nothing');
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('not_found');
  });
});

describe('GET /api/services', () => {
  it('finds local services, best first, filtered by area, age and level', async () => {
    const r = await call('GET', `/api/services?q=${encodeURIComponent('parenting support for a 3 year old')}&locality=bathnes&age=3`);
    expect(r.status).toBe(200);
    expect(r.json.results.length).toBeGreaterThan(0);
    expect(r.json.results[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), description: expect.any(String), score: expect.any(Number) });
    for (const s of r.json.results) {
      expect(s.locality).toBe('bathnes');
      expect(s.minimum_age).toBeLessThanOrEqual(3);
      expect(s.maximum_age).toBeGreaterThanOrEqual(3);
    }
    const scores = r.json.results.map((s: any) => s.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it('raw text that would break a search engine is just searched', async () => {
    for (const q of ['title:abuse', 'a^2 ~ *', '"unterminated', '+-+-', '👶🏽 help', '\u0000\u0001']) {
      const r = await call('GET', `/api/services?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(Array.isArray(r.json.results)).toBe(true);
    }
  });
});

describe('GET /api/guidance and /healthz', () => {
  it('guidance passages come with their source', async () => {
    const r = await call('GET', `/api/guidance?q=consent&locality=leicester`);
    expect(r.status).toBe(200);
    expect(r.json.results.length).toBeGreaterThan(0);
    expect(r.json.results[0].source.file).toMatch(/^00[34]_/);
  });

  it('health reports the knowledge versions and storage', async () => {
    const r = await call('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', storage: 'ok', knowledge: { bathnes: expect.stringMatching(/^bathnes-/), leicester: expect.stringMatching(/^leicester-/) } });
  });
});

describe('POST /api/triage with the practitioner\'s own words', () => {
  it('reads the indicators, with evidence, and decides', async () => {
    const text = "yr 3 boy keeps coming in hungry, mum not coping since dad left, no marks";
    const r = await call('POST', '/api/triage', { text, locality: 'bathnes' });
    expect(r.status).toBe(200);
    expect(r.json.age).toBe(8);
    expect(r.json.ageFromText).toMatchObject({ years: 8, evidence: 'yr 3' });
    const ids = r.json.indicators.map((i: any) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['neglect-emerging', 'parenting-support']));
    for (const i of r.json.indicators) expect(text).toContain(i.evidence);
    const marks = r.json.indicators.find((i: any) => i.id === 'injury');
    expect(marks).toMatchObject({ negated: true, status: 'negated' });
    expect(r.json.questions.some((q: any) => q.id === 'confirm-injury')).toBe(true);
    expect(r.json.level).toBe(3);
  });

  it('a disclosure in the text reaches level 4 with the duty numbers in the same answer', async () => {
    const r = await call('POST', '/api/triage', { text: 'She told me her stepdad hits her with a belt when mum is at work', locality: 'bathnes' });
    expect(r.json).toMatchObject({ level: 4, harmIndicated: true });
    expect(r.json.contacts.flatMap((c: any) => c.phones)).toEqual(expect.arrayContaining(['01225 396312', '999']));
  });

  it('finds the area in the text when none is given', async () => {
    const r = await call('POST', '/api/triage', { text: 'I work in Leicester, Y9 boy excluded twice this term, dad in prison, mum depressed' });
    expect(r.json.locality).toBe('leicester');
    expect(r.json.level).toBe(3);
    expect(r.json.route.id).toBe('eha');
  });

  it('text that is too long is a 400 naming the field', async () => {
    const r = await call('POST', '/api/triage', { text: 'word '.repeat(1200) });
    expect(r.status).toBe(400);
    expect(r.json.problems[0]).toMatchObject({ field: 'body.text' });
  });

  it('an empty text with nothing else is a 400', async () => {
    const r = await call('POST', '/api/triage', { text: '   ' });
    expect(r.status).toBe(400);
    expect(r.json.problems[0].field).toBe('body.text');
  });
});
