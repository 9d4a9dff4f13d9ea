// Issue 11: every fact a pack attributes to a seed carries the seed's own words, found in the
// cited section; facts with no seed words are national (with their basis) or marked for local
// configuration; and nothing meant for the team (file names, "seed 001") reaches a user.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decide } from '../knowledge/decide.ts';
import { levelsExplorer } from '../knowledge/levels.ts';
import { indexSeed, normalise, quoteProblem, sectionsOf } from '../knowledge/seed-text.ts';
import { triage } from '../knowledge/triage.ts';
import { Understanding } from '../knowledge/understand/index.ts';
import { knowledge, pack } from './helpers/knowledge.ts';
import { REPO_ROOT } from './helpers/paths.ts';

const SEED = [
  'Consent',
  '',
  'Similarly, in instances where there is no Early Help Assessment in place, but a referral to a specialist service is being considered, consent should always be sought from the child or young person and/or their parent/carer unless to do so would place the child at increased risk of significant harm.',
  '',
  'Support for the Lead Practitioner',
  '',
  "There is a dedicated email address – the ‘EHA Co-ordinator’.",
].join('\n');

describe('finding a quote in its section', () => {
  const index = indexSeed(SEED);

  it('compares ignoring case, whitespace, quote marks and dashes', () => {
    expect(normalise('  “Consent”  SHOULD\talways — be sought ')).toBe(normalise('consent should always - be sought'));
    expect(quoteProblem(index, 'Support for the Lead Practitioner', 'there is a dedicated email address - the "EHA co-ordinator"')).toBeUndefined();
  });

  it('accepts words in the cited section, and "..." to skip words in order', () => {
    expect(quoteProblem(index, 'Consent', 'consent should always be sought ... unless to do so would place the child at increased risk of significant harm')).toBeUndefined();
  });

  it('refuses words that are not there, or that are in another section', () => {
    expect(quoteProblem(index, 'Consent', 'consent is not a condition of referring')).toMatch(/is not in section "Consent"/);
    expect(quoteProblem(index, 'Consent', 'There is a dedicated email address')).toMatch(/elsewhere in the document: cite that section/);
    expect(quoteProblem(index, 'No such heading', 'consent should always be sought')).toMatch(/not in the document/);
  });

  it('a section runs from its heading to the next heading', () => {
    const [range] = sectionsOf(index, 'Consent');
    expect(index.text.slice(...range!)).toContain('increased risk of significant harm');
    expect(index.text.slice(...range!)).not.toContain('dedicated email');
  });
});

describe('npm run knowledge:check insists on the seeds', () => {
  it('fails, naming SEEDS_DIR, when the seed documents are not there', () => {
    const r = spawnSync(process.execPath, ['knowledge/check.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, SEEDS_DIR: '/nonexistent/seeds' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SEEDS_DIR/);
  });
});

/** Every string a user can be shown from a value, skipping the audit-trail fields. */
function userStrings(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return ['file', 'quote', 'id', 'rule', 'locality', 'knowledgeVersion', 'need', 'indicator'].includes(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => userStrings(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => userStrings(v, k));
  return [];
}
const TEAM_WORDING = /\bseeds?\b|\b\d{3}_[0-9a-f]{16}\b|\.txt\b/i;

describe('what users see', () => {
  const k = knowledge();
  const understanding = new Understanding(k.vocabulary);

  it('no outcome, levels page or triage reply carries a file name or wording meant for the team', () => {
    const shown: string[] = [];
    for (const id of ['bathnes', 'leicester'] as const) {
      const p = pack(id);
      shown.push(...userStrings(levelsExplorer(k, p)));
      for (const ind of k.vocabulary.indicators) shown.push(...userStrings(decide(p, k.vocabulary, { indicators: [{ id: ind.id, status: 'present' }], answers: { harm: 'no' } })));
      for (const q of p.decision.questions) for (const o of q.options) shown.push(...userStrings(decide(p, k.vocabulary, { answers: { [q.id]: o.value } })));
      shown.push(...userStrings(triage(k, { text: 'Mum says she has been cut down there on holiday and dad hits her', locality: id }, { defaultLocality: id, understanding })));
    }
    expect(shown.length).toBeGreaterThan(1000);
    expect(shown.filter((s) => TEAM_WORDING.test(s))).toEqual([]);
  });

  it('every cited source reads as title, owner, date and section; national guidance says so', () => {
    const out = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'no', consent: 'refused', escalation: 'yes', 'needs-clear': 'no' } });
    const national = out.reasons.find((r) => r.rule === 'consent-refused-escalating')!.source;
    expect(national.label).toMatch(/^National guidance: Early Help Assessment .+, Leicester, Leicestershire and Rutland .+ \(Amended April 2024\), section “If parents/);
    const caf = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'no', 'needs-clear': 'no' } });
    const local = caf.reasons.find((r) => r.rule === 'needs-unclear-or-multiple')!.source;
    expect(local.label).toBe('A One Minute Guide to Early Help, Bath and North East Somerset Council (Undated; it points to the Early Help App, which the September 2016 review says was being piloted and would be launched late September), section “Needs are unclear, multiple or complex requiring the input of several agencies.”');
    expect(local.file).toBe('001_1d57dd8bc7812759.txt');
  });

  it('a step the guidance we hold does not give is marked, and one resting on national law names it', () => {
    const out = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'yes' } });
    const policy = out.route.steps.find((s) => /own organisation's safeguarding policy/.test(s.text))!;
    expect(policy.localNote).toMatch(/Not in the local guidance we hold/);
    expect(out.route.steps.find((s) => /999/.test(s.text))!.basis).toMatch(/national emergency number/);
  });
});

describe('consent, in the seeds\' own words', () => {
  const k = knowledge();
  const everything = (id: 'bathnes' | 'leicester') => JSON.stringify(pack(id));

  it('no pack says consent is not a condition, not needed, or not to be waited for', () => {
    for (const id of ['bathnes', 'leicester'] as const) {
      expect(everything(id)).not.toMatch(/consent is not (a condition|needed)|(wait|waiting) for consent|whether or not the family agrees/i);
    }
  });

  it('Leicester: a referral seeks consent unless that would place the child at increased risk of significant harm (004)', () => {
    const out = decide(pack('leicester'), k.vocabulary, { answers: { harm: 'yes' } });
    const step = out.route.steps.find((s) => /consent/i.test(s.text))!;
    expect(step.text).toMatch(/Consent should always be sought .+ unless to do so would place the child at increased risk of significant harm/);
    expect(step.source).toMatchObject({ file: '004_1747f0fdca566f6a.txt', section: 'The EHA is a voluntary assessment process' });
  });

  it('B&NES: the documents we hold do not cover consent to a child protection referral, so the step is national guidance and says so', () => {
    const out = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'yes' } });
    const step = out.route.steps.find((s) => /agreement/i.test(s.text))!;
    expect(step.source).toBeUndefined();
    expect(step.basis).toMatch(/National guidance, not the B&NES documents we hold/);
  });

  it('a CAF needs informed, explicit written consent (000) and is a voluntary process with signed consent (001)', () => {
    const out = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'no', 'needs-clear': 'no' } });
    expect(out.reasons.find((r) => r.rule === 'caf-needs-consent')!.text).toMatch(/informed and explicit written consent/);
    expect(out.route.steps[0]!.text).toMatch(/voluntary process and signed consent is needed/);
  });
});

describe('B&NES: the CAF is Level 2/3', () => {
  const k = knowledge();
  it('the level 2 meaning and the CAF term place the CAF at level 2 as well as 3', () => {
    const p = pack('bathnes');
    expect(p.manifest.levels.find((l) => l.level === 2)!.meaning).toMatch(/early help assessment \(CAF\) can still be offered/);
    expect(p.manifest.terminology.find((t) => t.id === 'caf')!.meaning).toMatch(/Level 2\/3/);
    const out = decide(p, k.vocabulary, { answers: { harm: 'no', 'needs-clear': 'yes', agencies: 'no' } });
    expect(out.level).toBe(2);
    expect(out.actions.map((a) => a.text)).toContain('Consider offering the family a common assessment (CAF) alongside the referral.');
  });
});
