// A council editing its pack gets every problem, with file, JSON path and reason, from
// `npm run knowledge:check`, and the service refuses to start on the same problems.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../knowledge/load.ts';
import { KNOWLEDGE_DIR, REPO_ROOT } from './helpers/paths.ts';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the real knowledge folder with one file changed by `edit`. */
function brokenCopy(file: string, edit: (json: any) => unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  temps.push(dir);
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const result = edit(json);
  writeFileSync(path, typeof result === 'string' ? result : JSON.stringify(result ?? json, null, 2));
  return dir;
}

function problemsOf(dir: string) {
  try {
    loadKnowledge(dir);
  } catch (err) {
    if (err instanceof KnowledgeError) return err.problems;
    throw err;
  }
  return [];
}

const ruleById = (decision: any, id: string) => decision.rules.find((r: any) => r.id === id);
const ruleIndex = (pack: string, id: string): number =>
  JSON.parse(readFileSync(join(KNOWLEDGE_DIR, 'localities', pack, 'decision.json'), 'utf8')).rules.findIndex((r: any) => r.id === id);

const fixtures: { name: string; file: string; edit: (j: any) => unknown; path: string; reason: RegExp }[] = [
  { name: 'a contact phone number with letters', file: 'localities/bathnes/contacts.json', edit: (j) => { j[0].phones[0] = '01225 DUTY'; }, path: '$[0].phones[0]', reason: /digits and spaces/ },
  { name: 'a contact with no way to reach it and no flag', file: 'localities/leicester/contacts.json', edit: (j) => { j[0].needsLocalConfiguration = false; }, path: '$[0].phones', reason: /needsLocalConfiguration/ },
  { name: 'a malformed email', file: 'localities/leicester/contacts.json', edit: (j) => { j[1].emails[0] = 'Early-Help at leicester'; }, path: '$[1].emails[0]', reason: /email/i },
  { name: 'a level missing from pack.json', file: 'localities/bathnes/pack.json', edit: (j) => { j.levels.pop(); }, path: '$.levels', reason: /exactly four/ },
  { name: 'a misspelt field name', file: 'localities/bathnes/pack.json', edit: (j) => { j.levels[0].meanng = j.levels[0].meaning; delete j.levels[0].meaning; }, path: '$.levels[0]', reason: /meanng|meaning/ },
  { name: 'a rule pointing at a route that does not exist', file: 'localities/bathnes/decision.json', edit: (j) => { j.rules[1].route = 'no-such-route'; }, path: '$.rules[1].route', reason: /unknown route/ },
  { name: 'a rule testing an option its question does not have', file: 'localities/leicester/decision.json', edit: (j) => { j.rules[1].when.any[0].is = 'maybe'; }, path: '$.rules[1].when.any[0]', reason: /no option "maybe"/ },
  { name: 'a rule with a level outside 1 to 4', file: 'localities/leicester/decision.json', edit: (j) => { j.rules[0].level = 5; }, path: '$.rules[0].level', reason: /.+/ },
  { name: 'a level-setting rule that depends on the outcome', file: 'localities/bathnes/decision.json', edit: (j) => { ruleById(j, 'needs-clear').when = { outcome: { gte: 2 } }; }, path: `$.rules[${ruleIndex('bathnes', 'needs-clear')}].when.outcome`, reason: /cannot depend on the outcome/ },
  { name: 'a rule using a parameter that is not defined', file: 'localities/bathnes/decision.json', edit: (j) => { ruleById(j, 'needs-unclear-or-multiple').when.any[2].gte.param = 'needsThreshold'; }, path: `$.rules[${ruleIndex('bathnes', 'needs-unclear-or-multiple')}].when.any[2]`, reason: /unknown parameter "needsThreshold"/ },
  { name: 'a route naming an unknown contact', file: 'localities/leicester/routes.json', edit: (j) => { j[2].contacts.push('duty-line'); }, path: '$[2].contacts[2]', reason: /unknown contact "duty-line"/ },
  { name: 'a citation of a document the pack does not list', file: 'localities/leicester/routes.json', edit: (j) => { j[0].source.file = '000_6a056c61bb6d97c9.txt'; }, path: '$[0].source.file', reason: /not among the documents/ },
  { name: 'a service whose minimum age is above its maximum', file: 'localities/bathnes/services.json', edit: (j) => { j[0].minimum_age = 30; j[0].maximum_age = 5; }, path: '$[0].minimum_age', reason: /minimum_age/ },
  { name: 'an indicator with an unknown domain', file: 'shared/indicators.json', edit: (j) => { j[0].domain = 'school'; }, path: '$[0].domain', reason: /.+/ },
  { name: 'two indicators with the same id', file: 'shared/indicators.json', edit: (j) => { j[1].id = j[0].id; }, path: '$[1].id', reason: /duplicate indicator id/ },
  { name: 'a practice case whose expected level the rules no longer give', file: 'localities/leicester/scenarios.json', edit: (j) => { j[1].expectedLevel = 3; }, path: '$[1].expectedLevel', reason: /expects level 3 but the decision rules give level 2/ },
  { name: 'a file that is not valid JSON', file: 'localities/bathnes/routes.json', edit: () => '[{ "id": "universal", ', path: '', reason: /not valid JSON/ },
];

describe('a broken pack is caught with the right file and path', () => {
  for (const f of fixtures) {
    it(f.name, async () => {
      const problems = problemsOf(brokenCopy(f.file, f.edit));
      const hit = problems.find((p) => p.file.endsWith(f.file) && p.path === f.path);
      expect(hit, JSON.stringify(problems, null, 2)).toBeDefined();
      expect(hit!.reason).toMatch(f.reason);
    });
  }

  it('reports every problem at once, not only the first', async () => {
    const dir = brokenCopy('localities/bathnes/contacts.json', (j) => {
      j[0].phones[0] = 'x';
      j[1].emails = ['nope'];
    });
    expect(problemsOf(dir).length).toBeGreaterThanOrEqual(2);
  });

  it('the real packs are clean', async () => {
    expect(problemsOf(KNOWLEDGE_DIR)).toEqual([]);
  });

  it('a pack whose content changes gets a new knowledge version', async () => {
    const before = loadKnowledge(KNOWLEDGE_DIR).packs.get('bathnes')!.knowledgeVersion;
    const dir = brokenCopy('localities/bathnes/pack.json', (j) => { j.levels[0].meaning += ' Changed.'; });
    const after = loadKnowledge(dir).packs.get('bathnes')!;
    expect(after.knowledgeVersion).not.toBe(before);
    expect(loadKnowledge(dir).packs.get('leicester')!.knowledgeVersion).toBe(loadKnowledge(KNOWLEDGE_DIR).packs.get('leicester')!.knowledgeVersion);
  });
});

describe('npm run knowledge:check and the service agree', () => {
  const node = process.execPath;
  const dir = () => brokenCopy('localities/bathnes/routes.json', (j) => { j[0].contacts = ['nobody']; });

  it('knowledge:check prints file, path and reason, and exits non-zero', async () => {
    const r = spawnSync(node, ['knowledge/check.ts', dir()], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/localities\/bathnes\/routes\.json \$\[0\]\.contacts\[0\]: unknown contact "nobody"/);
  });

  it('knowledge:check passes on the real packs', async () => {
    const r = spawnSync(node, ['knowledge/check.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok bathnes \(bathnes-[0-9a-f]{12}\)/);
  });

  it('the service refuses to start on an invalid pack, with the same message', async () => {
    const r = spawnSync(node, ['bot/index.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, KNOWLEDGE_DIR: dir(), PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'data-')) },
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Refusing to start/);
    expect(r.stderr).toMatch(/routes\.json \$\[0\]\.contacts\[0\]: unknown contact "nobody"/);
  });
});
