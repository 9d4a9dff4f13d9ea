// The duty summary asks only what it must (issue 13, item 3): what the consultation and the
// concern's own words already say is filled in, not asked again; what the duty team can do without
// (and is about other people) is offered, not asked; the count announced at the first question is
// the number of questions actually asked, on every path.
import { describe, expect, it } from 'vitest';
import { type FlowSeed, type Step, next, startFlow } from '../bot/handoff/flow.ts';
import { childWordsIn, dslToldIn } from '../bot/handoff/prefill.ts';
import { renderPrompt } from '../cards/handoff/prompts.ts';
import { outcomeView } from '../cards/views.ts';
import { harmTriage, levelThreeTriage, TYPED_ANSWERS } from './helpers/handoff.ts';

interface Walk {
  asked: string[];
  /** The `of` of every question prompt, and its `number`. */
  announced: number[];
  numbers: number[];
  end: Step;
}

/** Answers every question (from TYPED_ANSWERS or the overrides), recording what was announced. */
function walk(seed: FlowSeed, overrides: Record<string, string> = {}, extra: (s: Step, i: number) => Step = (s) => s): Walk {
  let s = startFlow(seed);
  const out: Walk = { asked: [], announced: [], numbers: [], end: s };
  for (let i = 0; i < 40 && s.prompt.kind === 'question'; i++) {
    const id = s.prompt.question.id;
    out.asked.push(id);
    out.announced.push(s.prompt.progress.of);
    out.numbers.push(s.prompt.progress.number);
    s = extra(next(s.state, { text: overrides[id] ?? TYPED_ANSWERS[id] }), i);
  }
  out.end = s;
  return out;
}

const CONCERN = 'I have told the DSL. He came in with a bruise on his cheek and said "my mum\'s boyfriend hit me".';

describe('the count announced is the number asked', () => {
  const paths: { name: string; seed: FlowSeed; overrides?: Record<string, string> }[] = [
    { name: 'a harm concern with nothing known', seed: { triage: harmTriage() } },
    { name: 'in Leicester', seed: { triage: harmTriage('leicester') } },
    { name: 'with the concern, the age, a Teams name, a role and a workplace', seed: { triage: harmTriage('bathnes', { age: 7 }), concern: CONCERN, user: { name: 'Sam Taylor' }, role: 'teacher', agency: 'Oldfield Primary' } },
    { name: 'the DSL, who answered immediate danger in the consultation', seed: { triage: harmTriage(), concern: 'She told me her step-dad hits her', role: 'designated safeguarding lead', answers: { 'immediate-danger': 'no' } } },
    { name: 'at level 3, where consent is asked, and refused', seed: { triage: levelThreeTriage() }, overrides: { consent: 'no' } },
    { name: 'at level 3, consent not asked, with the reason', seed: { triage: levelThreeTriage() }, overrides: { consent: 'not asked, it could put him at risk' } },
    { name: 'with answers skipped and re-asked (a bad phone number first)', seed: { triage: harmTriage() }, overrides: { whereNow: 'skip', childWords: 'skip' } },
  ];
  for (const p of paths) {
    it(`${p.name}: "question n of N" counts 1..N and N questions are asked`, () => {
      const w = walk(p.seed, p.overrides);
      expect(w.end.prompt.kind).toBe('check');
      expect(new Set(w.announced)).toEqual(new Set([w.asked.length]));
      expect(w.numbers).toEqual(w.asked.map((_, i) => i + 1));
      // And the words say so.
      const first = renderPrompt(startFlow(p.seed).prompt).text;
      expect(first).toContain(`question 1 of ${w.asked.length}`);
    });
  }

  it('a re-ask and a step back keep the count: the same question keeps its number', () => {
    let s = startFlow({ triage: harmTriage() });
    const of = s.prompt.kind === 'question' ? s.prompt.progress.of : 0;
    s = next(s.state, { text: 'no' });
    s = next(s.state, { text: 'At home' });
    const at = s.prompt.kind === 'question' ? s.prompt.progress.number : 0;
    const reasked = next(s.state, { text: 'Jayden Bartholomew Smith' });
    expect(reasked.prompt.kind === 'question' && reasked.prompt.progress).toEqual({ number: at, of });
    const back = next(reasked.state, { text: 'back' });
    expect(back.prompt.kind === 'question' && back.prompt.progress).toEqual({ number: at - 1, of });
  });

  it('asks far fewer than the 16-17 questions it used to, and fewer still when the consultation knew things', () => {
    // The consultation always hands over the concern, so that is the least a summary starts with.
    expect(walk({ triage: harmTriage(), concern: 'She told me her step-dad hits her' }).asked).toHaveLength(13);
    expect(walk({ triage: harmTriage('bathnes', { age: 7 }), concern: CONCERN, user: { name: 'Sam Taylor' }, role: 'teacher', agency: 'Oldfield Primary', answers: { 'immediate-danger': 'no' } }).asked.length).toBeLessThanOrEqual(7);
  });
});

describe('what the consultation and the concern already said is not asked again', () => {
  it('role, workplace, immediate danger, age, the DSL told and the child’s quoted words are filled in and shown as such', () => {
    const w = walk({ triage: harmTriage('bathnes', { age: 7 }), concern: CONCERN, role: 'teacher', agency: 'Oldfield Primary', answers: { 'immediate-danger': 'no' } });
    for (const f of ['referrerRole', 'referrerAgency', 'immediateDanger', 'childAge', 'dslTold', 'childWords', 'concern']) expect(w.asked).not.toContain(f);
    expect(w.end.prompt.kind).toBe('check');
    if (w.end.prompt.kind !== 'check') return;
    const row = (f: string) => w.end.prompt.kind === 'check' && w.end.prompt.rows.find((r) => r.field === f);
    expect(row('referrerRole')).toMatchObject({ value: 'teacher', prefilled: true });
    expect(row('referrerAgency')).toMatchObject({ value: 'Oldfield Primary', prefilled: true });
    expect(row('dslTold')).toMatchObject({ value: 'Yes', prefilled: true });
    expect(row('childWords')).toMatchObject({ value: '"my mum\'s boyfriend hit me"', prefilled: true });
    expect(row('immediateDanger')).toMatchObject({ value: 'No', prefilled: true });
    expect(renderPrompt(w.end.prompt).text).toMatch(/Your role \(from what you told me earlier\): teacher/);
  });

  it('the DSL is not asked whether the DSL was told', () => {
    const w = walk({ triage: harmTriage(), role: 'designated safeguarding lead' });
    expect(w.asked).not.toContain('dslTold');
    expect(w.end.state.answers.dslTold).toBe('referrer-is-dsl');
  });

  it('the age in the practitioner’s own words, where the concern gave it', () => {
    const t = harmTriage();
    const seeded = { ...t, age: 8, ageFromText: { years: 8, unborn: false, evidence: 'yr 3' } };
    const w = walk({ triage: seeded, concern: 'yr 3 boy, his dad hits him' });
    expect(w.asked).not.toContain('childAge');
    expect(w.end.state.answers.childAge).toBe('yr 3');
  });

  it('never takes a child’s name from the concern: it is always asked', () => {
    const w = walk({ triage: harmTriage(), concern: 'Jayden told me "dad hits me". Jayden is 7.' });
    expect(w.asked).toContain('childName');
  });

  it('reads only what is stated: a DSL not yet told is "no", and a reported "no" about danger is still asked', () => {
    expect(dslToldIn('I have not told the DSL yet')).toBe('no');
    expect(dslToldIn("I haven't spoken to our safeguarding lead")).toBe('no');
    expect(dslToldIn("I've informed the DSL")).toBe('yes');
    expect(dslToldIn('The DSL is aware')).toBe('yes');
    expect(dslToldIn("I'm the DSL here")).toBe('referrer-is-dsl');
    expect(dslToldIn('she is worried about the DSL at her school')).toBeUndefined();
    expect(childWordsIn("he said it's fine")).toBeUndefined();
    expect(childWordsIn('She said: "he locks me in"')).toBe('"he locks me in"');
    const t = { ...harmTriage(), answersFromText: { 'immediate-danger': 'no' } };
    expect(walk({ triage: t }).asked[0]).toBe('immediateDanger');
  });
});

describe('only what the duty team needs is asked (privacy)', () => {
  it('household, parental responsibility, other agencies and the address are offered on check your answers, not asked', () => {
    const w = walk({ triage: harmTriage() });
    for (const f of ['household', 'parentalResponsibility', 'otherAgencies', 'address']) expect(w.asked).not.toContain(f);
    const rows = w.end.prompt.kind === 'check' ? w.end.prompt.rows : [];
    for (const f of ['household', 'parentalResponsibility', 'otherAgencies', 'address']) expect(rows.find((r) => r.field === f)?.value).toBeUndefined();
    const card = JSON.stringify(renderPrompt(w.end.prompt).card);
    expect(card).toContain('"title":"Add who lives in the household"');
  });

  it('consent is not asked at level 4, where it is not a condition of referring, but can be added', () => {
    const w = walk({ triage: harmTriage() });
    expect(w.asked).not.toContain('consent');
    const add = next(w.end.state, { value: { handoff: 'change', field: 'consent' } });
    expect(add.prompt.kind === 'question' && add.prompt.question.id).toBe('consent');
    const done = next(add.state, { value: { handoff: 'answer', field: 'consent', answer: 'not-asked', why: 'Asking could put her at risk' } });
    expect(done.prompt.kind).toBe('check');
    expect(done.state.answers).toMatchObject({ consent: 'not-asked', consentWhyNot: 'Asking could put her at risk' });
  });

  it('at level 3 consent is asked, and the card takes the reason on the same step', () => {
    const w = walk({ triage: levelThreeTriage() });
    expect(w.asked).toContain('consent');
    let s = startFlow({ triage: levelThreeTriage() });
    while (s.prompt.kind === 'question' && s.prompt.question.id !== 'consent') s = next(s.state, { text: TYPED_ANSWERS[s.prompt.question.id] });
    const card = JSON.stringify(renderPrompt(s.prompt).card);
    expect(card).toMatch(/"id":"why","label":"If not, why not\? \(optional\)"/);
  });
});

describe('check your answers reads right to a screen reader', () => {
  it('each Change button names its row, and no two buttons say the same', () => {
    const w = walk({ triage: harmTriage(), concern: CONCERN });
    const card = renderPrompt(w.end.prompt).card as { body: { type: string; columns?: { items: { type: string; actions?: { title: string }[] }[] }[] }[] };
    const titles = card.body.flatMap((b) => (b.columns ?? []).flatMap((c) => c.items.flatMap((i) => (i.actions ?? []).map((a) => a.title))));
    expect(titles.length).toBeGreaterThan(10);
    expect(titles).toContain("Change the child's name");
    expect(titles).toContain('Change your phone number');
    expect(titles).not.toContain('Change');
    expect(new Set(titles).size).toBe(titles.length);
    for (const t of titles) expect(t).toMatch(/^(Change|Add) \S/);
  });

  it('the level is said once: never "level 4: Level 4: ..."', () => {
    const w = walk({ triage: harmTriage() });
    const r = renderPrompt(w.end.prompt);
    expect(JSON.stringify(r.card) + r.text).not.toMatch(/level 4: level 4/i);
    expect(JSON.stringify(r.card)).toContain('with Level 4: Request for Service from Social Care');
    const t = harmTriage();
    const outcome = outcomeView({ ...t, localityName: 'Bath and North East Somerset', services: [], unanswered: 0 } as Parameters<typeof outcomeView>[0]);
    expect(outcome.text).not.toMatch(/Level 4: [^\n]*\(level 4/i);
  });
});

describe('the confirmation promises only where the summary goes', () => {
  const confirmed = () => next(next(walk({ triage: harmTriage() }).end.state, { text: 'send' }).state, { stored: { reference: 'HX-7K3-9RE' } });
  it('without a Teams duty channel it says the summary is waiting on the duty page', () => {
    const text = renderPrompt(confirmed().prompt, { dutyChannel: false }).text;
    expect(text).toMatch(/waiting for the duty team on their duty page/);
    expect(text).not.toMatch(/Teams channel/);
    expect(text).toMatch(/ring now and quote the reference/);
  });
  it('with one, it says they will see it in their Teams channel', () => {
    expect(renderPrompt(confirmed().prompt, { dutyChannel: true }).text).toMatch(/see it in their Teams channel and on the duty page/);
  });
});
