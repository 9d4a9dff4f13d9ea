// The decision tree reaches every level by every documented route, harm first, and never lowers
// a level. Cases are data: answers and indicators in, the level, route and rules expected out.
import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput, type IndicatorFinding } from '../knowledge/decide.ts';
import type { Level } from '../knowledge/schema.ts';
import { knowledge, pack } from './helpers/knowledge.ts';

interface Case {
  name: string;
  input: DecisionInput;
  level: Level;
  route: string;
  rules?: string[];
  harm?: boolean;
}

const bathnes: Case[] = [
  { name: 'nothing raised stays with universal services', input: {}, level: 1, route: 'universal' },
  { name: 'needs met by universal services stays at level 1', input: { answers: { harm: 'no', 'needs-met': 'yes' } }, level: 1, route: 'universal' },
  { name: 'immediate danger goes to the duty team with 999', input: { answers: { 'immediate-danger': 'yes' } }, level: 4, route: 'request-for-service', rules: ['immediate-danger'], harm: true },
  { name: 'not sure about immediate danger resolves upward', input: { answers: { 'immediate-danger': 'unsure' } }, level: 4, route: 'request-for-service', harm: true },
  { name: 'risk of significant harm is a request for service', input: { answers: { harm: 'yes' } }, level: 4, route: 'request-for-service', rules: ['harm'], harm: true },
  { name: 'unsure about harm means talk to the duty team', input: { answers: { harm: 'unsure' } }, level: 4, route: 'duty-consultation', rules: ['harm-unsure'], harm: true },
  { name: 'clear needs and a known service is a direct referral', input: { answers: { harm: 'no', 'needs-met': 'no', 'needs-clear': 'yes', agencies: 'no' } }, level: 2, route: 'direct-referral', rules: ['needs-clear'] },
  { name: 'needs not met by universal services is at least level 2', input: { answers: { harm: 'no', 'needs-met': 'no' } }, level: 2, route: 'direct-referral' },
  { name: 'unclear, multiple or complex needs begin a CAF', input: { answers: { harm: 'no', 'needs-met': 'no', 'needs-clear': 'no' } }, level: 3, route: 'caf', rules: ['needs-unclear-or-multiple', 'caf-needs-consent'] },
  { name: 'needs for two or more agencies begin a CAF', input: { answers: { harm: 'no', 'needs-clear': 'yes', agencies: 'yes' } }, level: 3, route: 'caf' },
  { name: 'three distinct needs from the vocabulary begin a CAF', input: { answers: { harm: 'no' }, indicators: [{ id: 'housing', status: 'present' }, { id: 'parental-mental-health', status: 'present' }, { id: 'development-delay', status: 'present' }] }, level: 3, route: 'caf' },
  { name: 'two words for the same need count once', input: { indicators: [{ id: 'emotional-health', status: 'present' }, { id: 'self-harm', status: 'present' }, { id: 'bullying', status: 'present' }] }, level: 2, route: 'direct-referral' },
  { name: 'a level 3 indicator on its own reaches a CAF', input: { indicators: [{ id: 'domestic-abuse', status: 'present' }] }, level: 3, route: 'caf' },
  { name: 'consent refused with needs likely to escalate: consult social care', input: { answers: { harm: 'no', 'needs-clear': 'no', consent: 'refused', escalation: 'yes' } }, level: 4, route: 'duty-consultation', rules: ['consent-refused-escalating'], harm: false },
  { name: 'consent refused, not escalating: keep working and talk to a manager', input: { answers: { harm: 'no', 'needs-clear': 'no', consent: 'refused', escalation: 'no' } }, level: 3, route: 'caf', rules: ['consent-refused'] },
  { name: 'school exclusion: offer a common assessment', input: { answers: { harm: 'no', 'needs-clear': 'yes', agencies: 'no', exclusion: 'yes' } }, level: 2, route: 'direct-referral', rules: ['exclusion-offer-caf'] },
  { name: 'no improvement under a CAF: consider stepping up', input: { answers: { harm: 'no', 'needs-clear': 'no', 'open-case': 'early-help', progress: 'no-improvement' } }, level: 3, route: 'caf', rules: ['step-up'] },
  { name: 'needs met at a lower level: step down', input: { answers: { harm: 'no', 'needs-clear': 'yes', 'open-case': 'early-help', progress: 'ready-to-step-down' } }, level: 2, route: 'direct-referral', rules: ['step-down'] },
  { name: 'a harm indicator in the text reaches the duty team whatever the answers say', input: { answers: { harm: 'no' }, indicators: [{ id: 'physical-abuse', status: 'present' }] }, level: 4, route: 'request-for-service', harm: true },
  { name: 'an uncertain harm indicator means talk to the duty team', input: { indicators: [{ id: 'sexual-abuse', status: 'uncertain' }] }, level: 4, route: 'duty-consultation', harm: true },
  { name: 'a negated harm indicator does not decide the level on its own', input: { indicators: [{ id: 'physical-abuse', status: 'negated' }] }, level: 1, route: 'universal', harm: false },
  { name: 'confirming a negated harm indicator makes it count', input: { indicators: [{ id: 'physical-abuse', status: 'negated' }], answers: { 'confirm-physical-abuse': 'yes' } }, level: 4, route: 'request-for-service', harm: true },
  { name: 'unsure on a confirming question resolves upward', input: { indicators: [{ id: 'physical-abuse', status: 'negated' }], answers: { 'confirm-physical-abuse': 'unsure' } }, level: 4, route: 'duty-consultation', harm: true },
  { name: 'a homeless 16 year old is an acute need for social care', input: { indicators: [{ id: 'young-person-homeless', status: 'present' }], age: 16 }, level: 4, route: 'request-for-service', rules: ['acute-need'], harm: false },
  { name: 'a floor from earlier in the consultation holds', input: { answers: { harm: 'no', 'needs-clear': 'yes' }, floor: 3 }, level: 3, route: 'caf', rules: ['floor'] },
];

const leicester: Case[] = [
  { name: 'nothing raised stays with universal services', input: {}, level: 1, route: 'universal' },
  { name: 'risk of harm goes to the Duty and Advice Service', input: { answers: { harm: 'yes' } }, level: 4, route: 'duty-and-advice', rules: ['harm'], harm: true },
  { name: 'immediate danger goes to Duty and Advice with 999', input: { answers: { 'immediate-danger': 'yes' } }, level: 4, route: 'duty-and-advice', rules: ['immediate-danger'], harm: true },
  { name: 'unsure about harm means discuss with social care now', input: { answers: { harm: 'unsure' } }, level: 4, route: 'duty-consultation', rules: ['harm-unsure'], harm: true },
  { name: 'one or two needs: single agency response', input: { answers: { harm: 'no', 'needs-met': 'no', 'needs-count': 'two' } }, level: 2, route: 'single-agency', rules: ['single-agency'] },
  { name: 'three or more needs beyond one agency: EHA', input: { answers: { harm: 'no', 'needs-count': 'three-or-more', agencies: 'yes' } }, level: 3, route: 'eha', rules: ['eha-three-or-more-needs', 'eha-needs-consent'] },
  { name: 'three or more needs one agency can meet stay single agency', input: { answers: { harm: 'no', 'needs-count': 'three-or-more', agencies: 'no' } }, level: 2, route: 'single-agency' },
  { name: 'three needs found in the text: EHA', input: { indicators: [{ id: 'parent-in-custody', status: 'present' }, { id: 'exclusion', status: 'present' }, { id: 'behaviour', status: 'present' }] }, level: 3, route: 'eha' },
  { name: 'excluded pupils are among those the EHA is aimed at', input: { answers: { harm: 'no', 'needs-count': 'one', exclusion: 'yes' } }, level: 2, route: 'single-agency', rules: ['exclusion-vulnerable'] },
  { name: 'open case, no improvement: MASP', input: { answers: { harm: 'no', 'open-case': 'early-help', progress: 'no-improvement' } }, level: 3, route: 'masp', rules: ['masp'] },
  { name: 'open case, high cost: MASP', input: { answers: { harm: 'no', 'open-case': 'social-care', progress: 'high-cost' } }, level: 3, route: 'masp' },
  { name: 'open early help case escalating: MASP and step-up advice', input: { answers: { harm: 'no', 'open-case': 'early-help', progress: 'escalating' } }, level: 3, route: 'masp', rules: ['masp', 'step-up'] },
  { name: 'social care no longer needed: step down to early help', input: { answers: { harm: 'no', 'open-case': 'social-care', progress: 'ready-to-step-down' } }, level: 3, route: 'step-down', rules: ['step-down'] },
  { name: 'consent refused with escalation likely: consult social care', input: { answers: { harm: 'no', 'needs-count': 'three-or-more', agencies: 'yes', consent: 'refused', escalation: 'yes' } }, level: 4, route: 'duty-consultation', rules: ['consent-refused-escalating'] },
  { name: 'an unaccompanied child is referred to the Duty and Advice Service', input: { indicators: [{ id: 'unaccompanied-child', status: 'present' }] }, level: 4, route: 'duty-and-advice', rules: ['acute-need'], harm: false },
  { name: 'consent refused, unsure about escalation: talk to a manager', input: { answers: { harm: 'no', 'needs-count': 'three-or-more', agencies: 'yes', consent: 'refused', escalation: 'unsure' } }, level: 3, route: 'eha', rules: ['consent-refused'] },
];

function run(id: 'bathnes' | 'leicester', cases: Case[]) {
  const p = pack(id);
  const seenRules = new Set<string>();
  describe(`${p.manifest.name}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const out = decide(p, knowledge().vocabulary, c.input);
        out.reasons.forEach((r) => seenRules.add(r.rule));
        expect(out.level).toBe(c.level);
        expect(out.route.id).toBe(c.route);
        expect(out.route.source.file).toMatch(/\.txt$/);
        for (const rule of c.rules ?? []) expect(out.reasons.map((r) => r.rule)).toContain(rule);
        if (c.harm !== undefined) expect(out.harmIndicated).toBe(c.harm);
        expect(out.reasons.length).toBeGreaterThan(0);
        for (const r of out.reasons) expect(r.source.section.length).toBeGreaterThan(2);
        expect(out.knowledgeVersion).toBe(p.knowledgeVersion);
        expect(out.levelName).toBe(p.manifest.levels[c.level - 1]!.name);
      });
    }
    it('every rule in the pack is reached by at least one case above', async () => {
      const all = p.decision.rules.map((r) => r.id);
      expect(all.filter((r) => !seenRules.has(r))).toEqual([]);
    });
  });
}

run('bathnes', bathnes);
run('leicester', leicester);

describe('safety properties of the decision', () => {
  const k = knowledge();

  it('every level 4 outcome shows 999 and the area duty contact', async () => {
    for (const id of ['bathnes', 'leicester'] as const) {
      const out = decide(pack(id), k.vocabulary, { answers: { harm: 'yes' } });
      const phones = out.contacts.flatMap((c) => c.phones);
      expect(phones).toContain('999');
      expect(out.contacts[0]!.name).toMatch(/duty/i);
    }
    const bathnesOut = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'yes' } });
    expect(bathnesOut.contacts.flatMap((c) => c.phones)).toEqual(expect.arrayContaining(['01225 396312', '01225 396313']));
  });

  it('Leicester duty contact has no invented number and says it needs local configuration', async () => {
    const out = decide(pack('leicester'), k.vocabulary, { answers: { harm: 'yes' } });
    const das = out.contacts.find((c) => c.id === 'duty-and-advice-service')!;
    expect(das.phones).toEqual([]);
    expect(das.needsLocalConfiguration).toBe(true);
    expect(out.contacts.find((c) => c.id === 'llr-procedures')).toBeDefined();
  });

  it('the harm screen is asked before any other question', async () => {
    for (const id of ['bathnes', 'leicester'] as const) {
      const out = decide(pack(id), k.vocabulary, {});
      expect(out.questions[0]!.harmScreen).toBe(true);
      expect(out.questions.slice(0, 2).map((q) => q.id)).toEqual(['immediate-danger', 'harm']);
    }
  });

  it('a negated harm indicator comes back as a confirming question, straight after the harm screen', async () => {
    const out = decide(pack('bathnes'), k.vocabulary, {
      answers: { 'immediate-danger': 'no', harm: 'no' },
      indicators: [{ id: 'physical-abuse', status: 'negated', evidence: 'hasn\'t been hit' }],
    });
    expect(out.questions[0]!.id).toBe('confirm-physical-abuse');
    expect(out.questions[0]!.why).toContain("hasn't been hit");
  });

  it('consent is asked where the route needs it, and not at level 4', async () => {
    const caf = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'no', 'needs-clear': 'no' } });
    expect(caf.route.consentRequired).toBe(true);
    expect(caf.questions.map((q) => q.id)).toContain('consent');
    const duty = decide(pack('bathnes'), k.vocabulary, { answers: { harm: 'yes' } });
    expect(duty.route.consentRequired).toBe(false);
    expect(duty.questions.map((q) => q.id)).not.toContain('consent');
  });

  it('is deterministic: the same answers give the same outcome', async () => {
    const input: DecisionInput = { answers: { harm: 'no', 'needs-count': 'three-or-more', agencies: 'unsure' }, indicators: [{ id: 'housing', status: 'present' }] };
    expect(decide(pack('leicester'), k.vocabulary, input)).toEqual(decide(pack('leicester'), k.vocabulary, input));
  });

  it('a later answer never lowers the level (1,000 random consultations per area)', async () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const id of ['bathnes', 'leicester'] as const) {
      const p = pack(id);
      const indicatorIds = k.vocabulary.indicators.map((i) => i.id);
      for (let round = 0; round < 1000; round++) {
        const answers: Record<string, string> = {};
        const indicators: IndicatorFinding[] = [];
        let previous = 1;
        const steps = p.decision.questions.slice().sort(() => rand() - 0.5);
        for (const q of steps) {
          answers[q.id] = q.options[Math.floor(rand() * q.options.length)]!.value;
          if (rand() < 0.3) {
            indicators.push({ id: indicatorIds[Math.floor(rand() * indicatorIds.length)]!, status: (['present', 'negated', 'uncertain'] as const)[Math.floor(rand() * 3)]! });
          }
          const level = decide(p, k.vocabulary, { answers: { ...answers }, indicators: [...indicators] }).level;
          expect(level, `${id} after ${JSON.stringify(answers)}`).toBeGreaterThanOrEqual(previous);
          previous = level;
        }
      }
    }
  });
});
