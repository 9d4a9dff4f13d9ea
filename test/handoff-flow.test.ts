// The duty handoff conversation, as a table of turns: what the practitioner says and what the bot
// asks next, through to "check your answers", the store step and the confirmation.
import { describe, expect, it } from 'vitest';
import { type FlowState, type Step, next, startFlow } from '../bot/handoff/flow.ts';
import { renderPrompt } from '../cards/handoff/prompts.ts';
import { harmTriage, levelThreeTriage, TYPED_ANSWERS } from './helpers/handoff.ts';

/** Answer whatever is asked from TYPED_ANSWERS (or overrides) until check your answers. */
function answerAll(step: Step, overrides: Record<string, string> = {}): { step: Step; asked: string[] } {
  const asked: string[] = [];
  for (let i = 0; i < 40 && step.prompt.kind === 'question'; i++) {
    const id = step.prompt.question.id;
    asked.push(id);
    step = next(step.state, { text: overrides[id] ?? TYPED_ANSWERS[id] });
  }
  return { step, asked };
}

const questionId = (s: Step) => (s.prompt.kind === 'question' ? s.prompt.question.id : s.prompt.kind);

describe('the handoff asks only for what is missing', () => {
  it('asks about immediate danger first, before anything about the child', async () => {
    const s = startFlow({ triage: harmTriage() });
    expect(questionId(s)).toBe('immediateDanger');
  });

  it("does not ask for the practitioner's name when Teams gave it, nor the concern already typed, nor the age already known", async () => {
    const s = startFlow({ triage: harmTriage('bathnes', { age: 7 }), concern: 'Bruise on cheek, says partner hit him', user: { name: 'Sam Taylor' } });
    const { asked, step } = answerAll(s);
    expect(asked).not.toContain('referrerName');
    expect(asked).not.toContain('concern');
    expect(asked).not.toContain('childAge');
    // Role, agency and phone are asked, never assumed from Teams.
    expect(asked).toEqual(expect.arrayContaining(['referrerRole', 'referrerAgency', 'referrerPhone']));
    expect(step.prompt.kind).toBe('check');
    if (step.prompt.kind !== 'check') return;
    const name = step.prompt.rows.find((r) => r.field === 'referrerName')!;
    expect(name).toMatchObject({ value: 'Sam Taylor', prefilled: true });
    expect(step.prompt.rows.find((r) => r.field === 'childAge')!.value).toBe('7 years');
  });

  it('never asks for an address in the sequence: it is only added when offered from check your answers', async () => {
    const { asked, step } = answerAll(startFlow({ triage: harmTriage() }));
    expect(asked).not.toContain('address');
    const s2 = next(step.state, { value: { handoff: 'change', field: 'address' } });
    expect(questionId(s2)).toBe('address');
    const s3 = next(s2.state, { text: '1 Example Street' });
    expect(s3.prompt.kind).toBe('check');
    expect(s3.state.answers.address).toBe('1 Example Street');
  });

  it('asks one question at a time with a progress count that adds up', async () => {
    let s = startFlow({ triage: harmTriage() });
    const seen: number[] = [];
    while (s.prompt.kind === 'question') {
      seen.push(s.prompt.progress.number);
      expect(s.prompt.progress.number).toBeLessThanOrEqual(s.prompt.progress.of);
      s = next(s.state, { text: TYPED_ANSWERS[s.prompt.question.id] });
    }
    expect(seen).toEqual(seen.map((_, i) => i + 1));
  });
});

describe('answers are understood however they arrive, and bad ones get a polite re-ask', () => {
  const turns: { say: string; field: string; stored?: string | null; reask?: RegExp; level3?: boolean }[] = [
    { field: 'immediateDanger', say: 'the second one', stored: 'no' },
    { field: 'immediateDanger', say: 'yeah', stored: 'yes' },
    { field: 'immediateDanger', say: 'not sure', stored: 'unsure' },
    { field: 'immediateDanger', say: 'skip', reask: /cannot be skipped/ },
    { field: 'immediateDanger', say: 'purple', reask: /choose one of the options/i },
    { field: 'whereNow', say: 'not known', stored: null },
    { field: 'childName', say: "don't know", reask: /cannot be skipped/ },
    { field: 'childName', say: 'Jayden Bartholomew Smith', reask: /first name or initials/ },
    { field: 'childName', say: 'JB', stored: 'JB' },
    { field: 'referrerPhone', say: 'call the office', reask: /could not find a phone number in that/ },
    { field: 'referrerPhone', say: '123', reask: /has no area code/ },
    { field: 'referrerPhone', say: '01225 1234', reask: /a UK number has 10 or 11 digits, starting with 0, and 01225 1234 has 9/ },
    { field: 'referrerPhone', say: '+44 7700 90', reask: /after \+44 has 9 or 10 digits/ },
    { field: 'referrerPhone', say: '01225 123456 or 0123', reask: /0123 has no area code|0123 has 4/ },
    // Numbers as people write them: kept as written, with the note or the extension.
    { field: 'referrerPhone', say: '+44 1225 000000', stored: '+44 1225 000000' },
    { field: 'referrerPhone', say: '01225 123456 (school office)', stored: '01225 123456 (school office)' },
    { field: 'referrerPhone', say: '07700 900123 ext 2', stored: '07700 900123 ext 2' },
    { field: 'referrerPhone', say: '+44 7700 900123', stored: '+44 7700 900123' },
    { field: 'referrerPhone', say: '+44 (0)7700 900123', stored: '+44 (0)7700 900123' },
    { field: 'referrerPhone', say: 'my mobile: 07700-900-123, after 3pm', stored: 'my mobile: 07700-900-123, after 3pm' },
    { field: 'dslTold', say: "I'm the DSL", stored: 'referrer-is-dsl' },
    { field: 'consent', say: '3', stored: 'not-asked', level3: true },
  ];
  for (const t of turns) {
    it(`"${t.say}" to ${t.field} ${t.reask ? 'is asked again politely' : `is stored as ${JSON.stringify(t.stored)}`}`, async () => {
      let s = startFlow({ triage: t.level3 ? levelThreeTriage() : harmTriage() });
      while (s.prompt.kind === 'question' && s.prompt.question.id !== t.field) s = next(s.state, { text: TYPED_ANSWERS[s.prompt.question.id] });
      expect(questionId(s)).toBe(t.field);
      const after = next(s.state, { text: t.say });
      if (t.reask) {
        expect(questionId(after)).toBe(t.field);
        expect(after.prompt.kind === 'question' && after.prompt.error).toMatch(t.reask);
        expect(t.field in after.state.answers).toBe(false);
      } else {
        expect(after.state.answers[t.field as keyof FlowState['answers']]).toBe(t.stored);
        expect(questionId(after)).not.toBe(t.field);
      }
    });
  }

  it('a card submit with the answer is used as typed text would be', async () => {
    const s = startFlow({ triage: harmTriage() });
    const after = next(s.state, { value: { handoff: 'answer', field: 'immediateDanger', answer: 'no' } });
    expect(after.state.answers.immediateDanger).toBe('no');
  });

  it('"yes" to immediate danger puts "ring 999 now" at the top of the very next prompt', async () => {
    const s = next(startFlow({ triage: harmTriage() }).state, { text: 'yes' });
    expect(s.prompt.kind === 'question' && s.prompt.notices).toContain('immediate-danger');
    expect(renderPrompt(s.prompt).text).toMatch(/^If the child is in immediate danger, ring 999 now/);
  });

  it('a button from an earlier question is not applied to the current one', async () => {
    let s = startFlow({ triage: harmTriage() });
    s = next(s.state, { text: 'no' });
    const stale = next(s.state, { value: { handoff: 'answer', field: 'immediateDanger', answer: 'yes' } });
    expect(stale.state.answers.immediateDanger).toBe('no');
    expect(stale.prompt.kind === 'question' && stale.prompt.notices).toContain('stale');
  });

  it('a tampered card submit (unknown field, wrong shape) is refused politely, changing nothing', async () => {
    const s = startFlow({ triage: harmTriage() });
    for (const value of [{ handoff: 'answer', field: '__proto__', answer: 'x' }, { handoff: 'delete-all' }, { handoff: 'answer', field: 'immediateDanger', answer: 42 }]) {
      const after = next(s.state, { value });
      expect(after.state).toEqual(s.state);
      expect(after.prompt.kind === 'question' && after.prompt.notices).toContain('stale');
    }
  });

  it('"back" returns to the previous question with its answer shown', async () => {
    let s = startFlow({ triage: harmTriage() });
    s = next(s.state, { text: 'no' });
    s = next(s.state, { text: 'At home' });
    const back = next(s.state, { text: 'back' });
    expect(questionId(back)).toBe('whereNow');
    expect(back.prompt.kind === 'question' && back.prompt.current).toBe('At home');
  });
});

describe('check your answers', () => {
  it('lists every field, shows skipped ones as "not known", and changes one by number', async () => {
    const { step } = answerAll(startFlow({ triage: harmTriage() }), { household: 'skip' });
    expect(step.prompt.kind).toBe('check');
    const text = renderPrompt(step.prompt).text;
    expect(text).toMatch(/Household: not known/);
    const rows = step.prompt.kind === 'check' ? step.prompt.rows : [];
    const n = rows.findIndex((r) => r.field === 'referrerRole') + 1;
    const change = next(step.state, { text: `change ${n}` });
    expect(questionId(change)).toBe('referrerRole');
    const back = next(change.state, { text: 'Deputy head' });
    expect(back.prompt.kind).toBe('check');
    expect(back.state.answers.referrerRole).toBe('Deputy head');
  });

  it('changing consent to "given" drops the "why not" answer; changing it back asks why not again', async () => {
    const { step, asked } = answerAll(startFlow({ triage: levelThreeTriage() }), { consent: 'Not asked, asking could put him at greater risk' });
    // The reason came with the answer: it is not asked as a question of its own.
    expect(asked).not.toContain('consentWhyNot');
    expect(step.state.answers).toMatchObject({ consent: 'not-asked', consentWhyNot: 'asking could put him at greater risk' });
    const toYes = next(next(step.state, { value: { handoff: 'change', field: 'consent' } }).state, { text: 'yes' });
    expect(toYes.prompt.kind).toBe('check');
    expect('consentWhyNot' in toYes.state.answers).toBe(false);
    const toNo = next(next(toYes.state, { value: { handoff: 'change', field: 'consent' } }).state, { text: 'no' });
    expect(questionId(toNo)).toBe('consentWhyNot');
  });

  it('"send" asks the caller to store the summary, with exactly what was given and nothing guessed', async () => {
    const { step } = answerAll(startFlow({ triage: harmTriage() }), { otherAgencies: 'skip', parentAware: 'skip' });
    const sent = next(step.state, { text: 'send' });
    expect(sent.effect?.type).toBe('submit');
    const d = sent.effect!.draft;
    expect(d.otherAgencies).toBeUndefined();
    expect(d.parentAware).toBeUndefined();
    expect(d.child.address).toBeUndefined();
    expect(d.child.name).toBe('J.B.');
    expect(d.level).toBe(4);
    expect(d.consentNeeded).toBe(false);
    expect(d.reasons.length).toBeGreaterThan(0);
    expect(d.reasons[0]!.source.file).toMatch(/\.txt$/);
  });

  it('confirms with the reference and the duty numbers only once told the summary is stored', async () => {
    const { step } = answerAll(startFlow({ triage: harmTriage() }));
    const sent = next(step.state, { value: { handoff: 'submit' } });
    expect(sent.prompt.kind).toBe('check'); // not confirmed yet
    const done = next(sent.state, { stored: { reference: 'HX-7K3-9RE' } });
    expect(done.prompt.kind).toBe('confirmed');
    const r = renderPrompt(done.prompt);
    expect(r.text).toContain('HX-7K3-9RE');
    expect(r.text).toContain('01225 396312');
    expect(r.text).toContain('999');
    expect(r.speak).toContain('H X, 7 K 3, 9 R E');
    expect(r.speak).toContain('0 1 2 2 5, 3 9 6 3 1 2');
  });

  it('a failed store keeps the answers and says to ring now rather than confirming', async () => {
    const { step } = answerAll(startFlow({ triage: harmTriage() }));
    const failed = next(step.state, { storeFailed: true });
    expect(failed.prompt.kind).toBe('check');
    expect(renderPrompt(failed.prompt).text).toMatch(/could not save the summary.*ring 999 if the child is in immediate danger.*your own safeguarding lead/s);
    // Said the same way in every area: Leicester has no duty number, so it must never be told only "ring the duty team".
    expect(renderPrompt(failed.prompt).text).not.toMatch(/ring the duty team now/);
    expect(failed.state.answers).toEqual(step.state.answers);
  });

  it('in Leicester, where the guidance gives no duty number, says so and gives 999 and the LLR procedures: no number is invented', async () => {
    const { step } = answerAll(startFlow({ triage: harmTriage('leicester') }));
    const done = next(next(step.state, { text: 'send' }).state, { stored: { reference: 'HX-7K3-9RE' } });
    const text = renderPrompt(done.prompt).text;
    expect(text).toMatch(/No phone number is set up here for the Duty and Advice Service[^\n]*gives none/);
    expect(text).not.toMatch(/ring now and quote the reference/i);
    expect(text).toMatch(/talk to your own safeguarding lead/);
    expect(text).toContain('999');
    expect(text).toContain('llrscb.proceduresonline.com');
    const numbers = text.match(/\b0\d{3,4} ?\d{6,7}\b/g) ?? [];
    expect(numbers).toEqual([]);
  });

  it('"cancel" discards the summary, says nothing was sent and still gives the duty numbers', async () => {
    const s = next(startFlow({ triage: harmTriage() }).state, { text: 'cancel' });
    expect(s.state.phase).toBe('cancelled');
    const text = renderPrompt(s.prompt).text;
    expect(text).toMatch(/nothing was sent/);
    expect(text).toContain('01225 396312');
  });
});

describe('every prompt works by voice and in any channel', () => {
  it('every prompt has SSML speak, an input hint, a card with labelled inputs and a text fallback', async () => {
    let s = startFlow({ triage: harmTriage() });
    const prompts = [s.prompt];
    while (s.prompt.kind === 'question') {
      s = next(s.state, { text: TYPED_ANSWERS[s.prompt.question.id] });
      prompts.push(s.prompt);
    }
    prompts.push(next(next(s.state, { text: 'send' }).state, { stored: { reference: 'HX-7K3-9RE' } }).prompt);
    for (const p of prompts) {
      const r = renderPrompt(p);
      expect(r.speak).toMatch(/^<speak version="1.0"[^>]*>.*<\/speak>$/s);
      expect(['expectingInput', 'acceptingInput']).toContain(r.inputHint);
      expect(r.card.version).toBe('1.5');
      expect(r.text.length).toBeGreaterThan(10);
      const inputs = JSON.stringify(r.card).match(/"type":"Input\.[A-Za-z]+"[^}]*/g) ?? [];
      for (const input of inputs) expect(input).toMatch(/"label":"[^"]+"/);
      expect(JSON.stringify(r.card).length).toBeLessThan(40_000);
    }
  });
});
