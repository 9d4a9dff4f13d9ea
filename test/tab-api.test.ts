// The JSON endpoints and static routes behind the tab, against a real started server: good
// requests get sourced answers, bad ones a 400 naming the field, and a report of a wrong directory
// entry is stored for the council with a reference (201).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../bot/service.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { levelsExplorer } from '../knowledge/levels.ts';
import { knowledge, pack } from './helpers/knowledge.ts';
import { REPO_ROOT } from './helpers/paths.ts';

let running: TestService;
let service: RunningService;
beforeAll(async () => {
  running = await startTestService('tab-api');
  service = running.service;
});
afterAll(async () => {
  await running?.stop();
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callJson(service.url, method, path, body, headers);

describe('the levels explorer data', () => {
  it('gives the four levels with local names, routes and sourced indicators grouped by domain', async () => {
    const r = await call('GET', '/api/levels?locality=leicester');
    expect(r.status).toBe(200);
    expect(r.json.levels.map((l: any) => l.label)).toEqual([
      'Level 1: Universal services',
      'Level 2: Single agency response',
      'Level 3: Early Help Assessment (EHA) and Team Around the Family',
      'Level 4: Specialist social care: Duty and Advice Service',
    ]);
    const level3 = r.json.levels[2];
    expect(level3.routes.map((x: any) => x.id)).toEqual(['eha', 'masp', 'step-down']);
    for (const d of level3.domains) for (const i of d.indicators) expect(i.source.documentTitle).not.toMatch(/\.txt$/);
    // Level 1 lists only what is past and needs no more than universal services.
    const level1 = r.json.levels[0].domains.flatMap((d: any) => d.indicators.map((i: any) => i.id));
    expect(level1).toEqual(['past-substance-misuse']);
  });

  it('links each indicator to the same need one level up or down', async () => {
    const explorer = levelsExplorer(knowledge(), pack('bathnes'));
    const all = explorer.levels.flatMap((l) => l.domains.flatMap((d) => d.indicators));
    const related = (id: string) => all.find((i) => i.id === id)!.related.map((r) => r.id);
    expect(related('neglect-emerging')).toContain('severe-neglect');
    expect(related('severe-neglect')).toContain('neglect-emerging');
    expect(related('exclusion')).toContain('permanent-exclusion-risk');
    expect(related('domestic-abuse-current')).toContain('domestic-abuse');
    const vocab = new Map(knowledge().vocabulary.indicators.map((i) => [i.id, i]));
    for (const i of all) {
      for (const r of i.related) {
        expect(Math.abs(r.level - i.level), `${i.id} -> ${r.id}`).toBe(1);
        expect(vocab.get(r.id)!.need).toBe(vocab.get(i.id)!.need);
      }
    }
  });

  it('uses the default area when none is given, and names the known ones for an unknown area', async () => {
    expect((await call('GET', '/api/levels')).json.locality).toBe('bathnes');
    const bad = await call('GET', '/api/levels?locality=narnia');
    expect(bad.status).toBe(400);
    expect(bad.json.problems).toEqual([{ field: 'locality', reason: expect.stringMatching(/known localities: bathnes, leicester/) }]);
    expect((await call('GET', '/api/levels?area=bathnes')).json.problems[0].field).toBe('query');
  });
});

describe('practice endpoints', () => {
  it('lists the cases and the area’s level names without the answers', async () => {
    const r = await call('GET', '/api/scenarios?locality=bathnes');
    expect(r.status).toBe(200);
    expect(r.json.scenarios).toHaveLength(pack('bathnes').scenarios.length);
    for (const card of r.json.scenarios) expect(Object.keys(card).sort()).toEqual(expect.arrayContaining(['id', 'text', 'title']));
    expect(r.json.scenarios.some((c: any) => 'expectedLevel' in c || 'explanation' in c || 'answers' in c || 'indicators' in c)).toBe(false);
  });

  it('marks an answer with the rule-based level, reasons and sources', async () => {
    const r = await call('POST', '/api/practice', { locality: 'leicester', scenario: 'leaving-child-in-need', level: 2 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ correct: false, chosenLevel: 2, answer: { level: 3, route: { id: 'step-down' } } });
    expect(r.json.answer.reasons[0].source.section).toBe('Step Down from Social Care to Early Help');
  });

  it.each([
    [{ scenario: 'late-talker', level: 5 }, 'body.level', /1, 2, 3 or 4/],
    [{ scenario: 'late-talker', level: '2' }, 'body.level', /1, 2, 3 or 4/],
    [{ level: 2 }, 'body.scenario', /.+/],
    [{ scenario: 'no-such-case', level: 2 }, 'body.scenario', /known: settling-into-reception/],
    [{ scenario: 'late-talker', level: 2, locality: 'narnia' }, 'body.locality', /known localities/],
    [{ scenario: 'late-talker', level: 2, name: 'Amy' }, 'body', /name/],
  ])('rejects %j with a 400 naming %s', async (body, field, reason) => {
    const r = await call('POST', '/api/practice', body);
    expect(r.status).toBe(400);
    expect(r.json.problems).toContainEqual({ field, reason: expect.stringMatching(reason) });
  });

  it('a body that is not a JSON object is a 400, not a crash', async () => {
    for (const body of ['[1,2]', '"x"', '{"scenario":']) {
      const r = await call('POST', '/api/practice', body);
      expect(r.status).toBe(400);
    }
  });
});

describe('reporting a problem with a directory entry', () => {
  it('stores it for the council and answers 201 with a reference', async () => {
    const r = await call('POST', '/api/service-problems', { locality: 'leicester', service: 'eha-support-line', kind: 'contact-details-wrong', details: 'The line now rings out' });
    expect(r.status).toBe(201);
    expect(r.json.reference).toMatch(/^SP-[0-9A-HJKMNP-TV-Z]{6}$/);
    const row = new DatabaseSync(join(running.dataDir, 'assistant.sqlite')).prepare('SELECT * FROM service_problems WHERE reference = ?').get(r.json.reference);
    expect(row).toMatchObject({ locality: 'leicester', service_id: 'eha-support-line', service_name: 'Early Help Assessment support line', kind: 'contact-details-wrong', details: 'The line now rings out', status: 'open' });
  });

  it.each([
    [{ locality: 'leicester', service: 'no-such-service', kind: 'other' }, 'body.service', /no service "no-such-service" in the leicester directory/],
    [{ locality: 'leicester', service: 'eha-support-line', kind: 'wrong' }, 'body.kind', /contact-details-wrong/],
    [{ locality: 'leicester', service: 'eha-support-line', kind: 'other', details: 'x'.repeat(1001) }, 'body.details', /1000 characters/],
    [{ service: 'eha-support-line', kind: 'other' }, 'body.locality', /.+/],
  ])('rejects %j with a 400 naming %s', async (body, field, reason) => {
    const r = await call('POST', '/api/service-problems', body);
    expect(r.status).toBe(400);
    expect(r.json.problems).toContainEqual({ field, reason: expect.stringMatching(reason) });
  });
});

describe('the tab’s pages and assets', () => {
  it('/tab goes to the levels explorer, and an unknown page is a 404', async () => {
    const r = await call('GET', '/tab');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/tab/levels');
    expect((await call('GET', '/tab/nothing-here')).status).toBe(404);
    expect((await call('GET', '/tab/assets/../../package.json')).status).toBe(404);
  });

  it('serves the browser scripts as JavaScript with the types stripped, and teams-js from the installed package', async () => {
    const script = await call('GET', '/tab/assets/practice.ts');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.text).not.toMatch(/import type|: PracticeScore/);
    new Function(script.text.replace(/^\s*import .*$/gm, '').replace(/^\s*export /gm, '').replace(/\bawait\b/g, '')); // parses as JavaScript
    const sdk = await call('GET', '/tab/assets/teams-js.js');
    expect(sdk.status).toBe(200);
    expect(sdk.text).toMatch(/registerOnThemeChangeHandler/);
    expect(sdk.text).not.toMatch(/sourceMappingURL/);
  });

  it('takes Teams’ theme from the query only when it is one of Teams’ themes', async () => {
    expect((await call('GET', '/tab/levels?theme=dark')).text).toMatch(/<html lang="en-GB" data-theme="dark">/);
    expect((await call('GET', '/tab/levels?theme=%22%3E%3Cscript%3E')).text).toMatch(/<html lang="en-GB">/);
  });
});

describe('the council reads the reports', () => {
  it('npm run directory:problems prints the open reports as CSV', async () => {
    await call('POST', '/api/service-problems', { locality: 'bathnes', service: 'compass', kind: 'other', details: 'Now called "Compass Plus", see website' });
    const r = spawnSync(process.execPath, ['scripts/directory-problems.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DATA_DIR: running.dataDir } });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('Reference,Reported at,Area,Service id,Service,Problem,Details');
    expect(lines.some((l) => /^SP-\w{6},\d{4}-\d\d-\d\dT[^,]+,bathnes,compass,Compass,other,"Now called ""Compass Plus"", see website"$/.test(l))).toBe(true);
  });
});
