// What the walk-through found in the conversation (issue 13, items 3 and 6), on botbuilder's
// adapter with the real consultation and the real handoff turns: an introduction is context, not a
// concern; a bare "yes" after the outcome re-runs nothing; "start again" asks before clearing; the
// duty summary does not ask again what the conversation was told, and its count is honest.
import { describe, expect, it } from 'vitest';
import { cardStep } from './helpers/bot-client.ts';
import { actionData, allWords, playSteps, testConversation } from './helpers/conversation.ts';
import { memoryHandoff, TYPED_ANSWERS } from './helpers/handoff.ts';

const DISCLOSURE = 'she told me her step-dad hits her';
const NOT_A_CONCERN = [/I did not pick out a specific need/, /It sounds like/, /could mean the child is at risk/];

describe('an introduction is context, not a concern', () => {
  const rows: { say: string; area: RegExp; role?: string; agency?: string; locality?: string }[] = [
    { say: "I'm a GP in Leicester", area: /Leicester City/, role: 'GP', locality: 'leicester' },
    { say: 'Hi, I’m the DSL at Oldfield Primary', area: /Bath and North East Somerset/, role: 'designated safeguarding lead', agency: 'Oldfield Primary' },
    { say: 'health visitor, Leicester', area: /Leicester City/, role: 'health visitor', locality: 'leicester' },
    { say: 'I work at Riverside Surgery', area: /Bath and North East Somerset/, agency: 'Riverside Surgery' },
    { say: 'Hello, my name is Sam, I am a school nurse in Leicester', area: /Leicester City/, role: 'school nurse', locality: 'leicester' },
  ];
  for (const r of rows) {
    it(`"${r.say}" notes who and where, asks for the concern, and reads nothing as one`, async () => {
      const c = testConversation();
      const words = allWords(await c.say(r.say));
      expect(words).toMatch(r.area);
      expect(words).toMatch(/Tell me what is worrying you about the child/);
      for (const p of NOT_A_CONCERN) expect(words).not.toMatch(p);
      const s = await c.state();
      expect(s.texts).toEqual([]);
      expect(s.role).toBe(r.role);
      expect(s.agency).toBe(r.agency);
      if (r.locality) expect(s.locality).toBe(r.locality);
    });
  }

  it('an introduction with a concern in it is still a concern, screened for harm first', async () => {
    const c = testConversation({ defaultLocality: 'bathnes' });
    const replies = await c.say("I'm a GP in Leicester and a mum told me her partner hits her little boy");
    expect(allWords(replies.slice(0, 2))).toMatch(/Duty and Advice Service/);
    expect((await c.state()).texts).toHaveLength(1);
    expect((await c.state()).locality).toBe('leicester');
  });

  it('an introduction mid-consultation changes the area and carries on with the question', async () => {
    await playSteps([
      { say: '8 year old keeps coming in hungry and unwashed' },
      { say: 'yes', expect: ['immediate danger'] },
      { say: "I'm a health visitor in Leicester", expect: ['Now using the guidance for Leicester City', 'immediate danger'], not: NOT_A_CONCERN, then: async (c) => expect((await c.state()).texts).toHaveLength(1) },
    ]);
  });
});

describe('after the outcome', () => {
  it('a bare "yes" re-runs neither the harm alert nor "I did not pick out a specific need"', async () => {
    const c = testConversation();
    await c.say(DISCLOSURE);
    const outcome = allWords(await c.say('outcome'));
    expect(outcome).toMatch(/Level 4/);
    const before = await c.state();
    for (const said of ['yes', 'ok', 'thanks', 'no']) {
      const words = allWords(await c.say(said));
      expect(words).toMatch(/The outcome above stands/);
      for (const p of NOT_A_CONCERN) expect(words).not.toMatch(p);
      expect(words).not.toContain('01225 396312');
    }
    const after = await c.state();
    expect(after.texts).toEqual(before.texts);
    expect(after.pending).toEqual({ kind: 'outcome' });
  });

  it('more about the child after the outcome is still read, and harm in it still alerts', async () => {
    const c = testConversation();
    await c.say('8 year old keeps coming in hungry and unwashed');
    await c.say('outcome');
    const words = allWords(await c.say('and yesterday he said his dad hit him with a belt'));
    expect(words).toContain('01225 396312');
  });
});

describe('"start again" asks before discarding anything', () => {
  it('typed: "no" carries on with everything kept; "yes" clears it', async () => {
    const c = testConversation();
    await c.say('8 year old keeps coming in hungry and unwashed');
    await c.say('yes');
    const asked = allWords(await c.say('start again'));
    expect(asked).toMatch(/Start again\? This clears what you have told me so far \(1 message about the child\)/);
    expect((await c.state()).texts).toHaveLength(1);
    const kept = allWords(await c.say('no'));
    expect(kept).toMatch(/nothing has been cleared/);
    expect(kept).toMatch(/immediate danger/);
    expect((await c.state()).texts).toHaveLength(1);
    await c.say('start again');
    expect(allWords(await c.say('yes'))).toMatch(/Starting again/);
    expect((await c.state()).texts).toEqual([]);
  });

  it('by card, from the outcome’s own button: the confirmation’s buttons work, and a stale one does nothing', async () => {
    const c = testConversation();
    await c.say(DISCLOSURE);
    const outcome = await c.say('outcome');
    const ask = await c.say({ value: actionData(outcome, /start again/i) });
    const carryOn = actionData(ask, 'No, carry on');
    const yes = actionData(ask, 'Yes, start again');
    expect(allWords(await c.say({ value: carryOn }))).toMatch(/nothing has been cleared/);
    expect((await c.state()).texts).toEqual([DISCLOSURE]);
    // The confirmation was answered: pressing its other button now is stale and clears nothing.
    expect(allWords(await c.say({ value: yes }))).toMatch(/earlier step/);
    expect((await c.state()).texts).toEqual([DISCLOSURE]);
  });

  it('inside the duty summary, "start again" keeps the answers and says how to discard them; "cancel" discards', async () => {
    const c = testConversation({ handoff: memoryHandoff().flow });
    await c.say(DISCLOSURE);
    await c.say('duty summary');
    await c.say('no');
    const where = cardStep(await c.say('In school until 3.15pm'));
    const asked = cardStep(await c.say('start again'));
    expect(asked.text).toMatch(/Starting again would discard this summary.*say "cancel"/s);
    expect(asked.field).toBe(where.field);
    // Only the explicit "cancel" (or the card's Cancel) discards it.
    expect(allWords(await c.say('cancel'))).toMatch(/discarded: nothing was sent/);
    expect((await c.state()).texts).toEqual([DISCLOSURE]);
  });

  it('with nothing told yet there is nothing to lose, so it starts again at once', async () => {
    const c = testConversation();
    expect(allWords(await c.say('start again'))).toMatch(/Starting again/);
  });

  it('a concern typed instead of an answer keeps everything and is read', async () => {
    const c = testConversation();
    await c.say('8 year old keeps coming in hungry and unwashed');
    await c.say('start again');
    const words = allWords(await c.say('actually he just told me his dad hits him'));
    expect(words).toContain('01225 396312');
    expect((await c.state()).texts).toHaveLength(2);
  });
});

describe('the duty summary in the conversation', () => {
  it('does not ask the role, the workplace or immediate danger the conversation was told, and its count is the number asked', async () => {
    const c = testConversation({ handoff: memoryHandoff().flow });
    await c.say("Hi, I'm the DSL at Oldfield Primary");
    await c.say(DISCLOSURE);
    await c.say('yes');
    await c.say('no'); // immediate danger: no, in the consultation
    let replies = await c.say('duty summary');
    const asked: string[] = [];
    const announced = new Set<string>();
    for (let i = 0; i < 30 && cardStep(replies).kind === 'question'; i++) {
      const step = cardStep(replies);
      asked.push(step.field!);
      announced.add(/question \d+ of (\d+)/.exec(step.text)![1]!);
      replies = await c.say(TYPED_ANSWERS[step.field!] ?? 'skip');
    }
    expect(cardStep(replies).kind).toBe('check');
    expect([...announced]).toEqual([String(asked.length)]);
    // The figure the README gives for this path.
    expect(asked).toHaveLength(9);
    for (const f of ['immediateDanger', 'referrerRole', 'referrerAgency', 'dslTold', 'concern', 'household', 'parentalResponsibility', 'address']) expect(asked).not.toContain(f);
    const check = allWords(replies);
    expect(check).toContain('Your role (from what you told me earlier)\ndesignated safeguarding lead');
    expect(check).toContain('Oldfield Primary');
    expect(check).not.toMatch(/level 4: Level 4/i);
    const sent = allWords(await c.say('send'));
    expect(sent).toMatch(/Your reference is HX-/);
    // No Teams duty channel here: the confirmation says where the summary waits.
    expect(sent).toMatch(/waiting for the duty team on their duty page/);
    expect(sent).not.toMatch(/Teams channel/);
  });

  it('"change" and a row’s name, typed, opens that row', async () => {
    const c = testConversation({ handoff: memoryHandoff().flow });
    await c.say(DISCLOSURE);
    let replies = await c.say('duty summary');
    for (let i = 0; i < 30 && cardStep(replies).kind === 'question'; i++) replies = await c.say(TYPED_ANSWERS[cardStep(replies).field!] ?? 'skip');
    expect(cardStep(replies).kind).toBe('check');
    expect(cardStep(await c.say("change the child's school")).field).toBe('setting');
    expect(cardStep(await c.say('Oldfield Juniors')).kind).toBe('check');
    expect(cardStep(await c.say('change your phone number')).field).toBe('referrerPhone');
  });

  it('a phone number as people write it is taken, and a wrong one is asked again with the reason', async () => {
    const c = testConversation({ handoff: memoryHandoff().flow });
    await c.say(DISCLOSURE);
    let replies = await c.say('duty summary');
    for (let i = 0; i < 30 && cardStep(replies).field !== 'referrerPhone'; i++) replies = await c.say(TYPED_ANSWERS[cardStep(replies).field!] ?? 'skip');
    const wrong = cardStep(await c.say('01225 1234'));
    expect(wrong.field).toBe('referrerPhone');
    expect(wrong.text).toMatch(/a UK number has 10 or 11 digits, starting with 0, and 01225 1234 has 9/);
    const right = await c.say('01225 123456 (school office)');
    expect(cardStep(right).kind).toBe('check');
    expect(allWords(right)).toContain('01225 123456 (school office)');
  });
});
