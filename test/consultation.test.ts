// The guided consultation, turn by turn, on botbuilder's TestAdapter. Most cases are rows of a
// table: what the practitioner says (or clicks) and what the reply must (and must not) contain.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { answerAll, cardStep } from './helpers/bot-client.ts';
import { type Step, actionData, allWords, playSteps, testConversation, wordsOf } from './helpers/conversation.ts';
import { memoryHandoff } from './helpers/handoff.ts';

const DISCLOSURE = 'she told me her step-dad hits her';
const BATHNES_DUTY = ['01225 396312', '01225 396313'];

interface Case {
  name: string;
  channelId?: string;
  steps: Step[];
}

const play = (c: Case) => playSteps(c.steps, testConversation({ channelId: c.channelId }));

const cases: Case[] = [
  {
    name: 'a disclosure gets the duty numbers and 999 in the very next reply, before any question',
    steps: [{ say: DISCLOSURE, first: [...BATHNES_DUTY, '999', 'duty team'], expect: ['It sounds like', 'Physical abuse'] }],
  },
  {
    name: 'in Leicester, where the guidance gives no duty number, it says so and shows 999 and the LLR procedures',
    steps: [
      { say: 'I work in Leicester', expect: ['Leicester City'] },
      { say: DISCLOSURE, first: ['Duty and Advice Service', /give no telephone number/, '999', 'llrscb.proceduresonline.com'], not: [/\b0\d{3,4} ?\d{6,7}\b/] },
    ],
  },
  {
    name: 'an answer of "not sure" about harm goes to the duty team at once',
    steps: [
      { say: 'he seems withdrawn and tired lately', expect: [] },
      { say: 'yes' },
      { say: 'no', expect: ['Do you think the child'] },
      { say: "I'm not sure", first: [...BATHNES_DUTY, '999'] },
    ],
  },
  {
    name: 'immediate danger puts 999 first',
    steps: [
      { say: 'his dad is outside the classroom shouting and threatening him', expect: ['immediate danger'] },
      { say: 'yes', first: ['Ring 999 now', '999'] },
    ],
  },
  {
    name: 'a sentence that starts with an answer keeps the rest: "no, but she said dad hit her" still reaches the duty team',
    steps: [
      { say: 'I am worried about her, she has been very quiet', expect: [] },
      { say: 'yes' },
      { say: 'no, but she said her dad hit her last night', first: [...BATHNES_DUTY, '999'] },
    ],
  },
  {
    name: 'a disclosure typed while choosing what to remove is still screened for harm',
    steps: [
      { say: 'yr 3 boy keeps coming in hungry, mum not coping since dad left' },
      { say: 'remove one', expect: ['Which one is not right?'] },
      { say: 'actually he just told me his dad hits him', first: [...BATHNES_DUTY, '999'] },
    ],
  },
  {
    name: 'a concern that starts like a look-up ("what is going on is...") is screened, not looked up',
    steps: [{ say: 'what is going on is that her dad hits her', first: [...BATHNES_DUTY, '999'], not: ['From the Bath and North East Somerset guidance'] }],
  },
  {
    name: 'questions come one at a time, each with why I ask',
    steps: [
      { say: '8 year old keeps coming in hungry and unwashed', expect: ['It sounds like'] },
      { say: 'yes', expect: ['Is the child in immediate danger right now?', 'Why I ask:'], not: ['Do you think the child'] },
    ],
  },
  {
    name: 'the practitioner can add an indicator in their own words',
    steps: [
      { say: 'he is 12 and seems unhappy at school', expect: [] },
      { say: 'add young carer', expect: ['Added: Young carer', 'It sounds like', 'selected by you'] },
      { say: 'yes', expect: ['immediate danger'] },
    ],
  },
  {
    name: 'a non-harm indicator the text got wrong can be taken off the list',
    steps: [
      { say: 'yr 3 boy keeps coming in hungry, mum not coping since dad left', expect: ['Parent needs support'] },
      { say: 'remove one', expect: ['Which one is not right?'] },
      { say: 'parent needs support with parenting', expect: ['Removed: Parent needs support'] },
    ],
  },
  {
    name: 'help, levels, services and "what is" work at any point and then return to the question',
    steps: [
      { say: '8 year old keeps coming in hungry and unwashed' },
      { say: 'yes', expect: ['immediate danger'] },
      { say: 'help', expect: ['start again', 'what is'] },
      { say: 'levels', expect: ['Level 1: Universal services', 'Level 4: Request for Service from Social Care', 'Source:', 'immediate danger'] },
      { say: 'services parenting', expect: [/Services in Bath and North East Somerset for a child aged 8/, 'Family Support and Play Service', 'last checked'], not: ['ages 0 to 5'] },
      { say: 'what is a CAF', expect: ['Common Assessment Framework (CAF)', 'Source:', '000_6a056c61bb6d97c9.txt'] },
    ],
  },
  {
    name: 'a stale card is not used, and the current question is asked again',
    steps: [
      { say: '8 year old keeps coming in hungry and unwashed' },
      { say: 'yes' },
      { say: { value: { action: 'answer', question: 'immediate-danger', step: 1, answer: 'no' } }, expect: ['earlier step', 'immediate danger'] },
    ],
  },
  {
    name: 'a tampered card gets a polite re-ask, never a crash',
    steps: [
      { say: '8 year old keeps coming in hungry and unwashed' },
      { say: 'yes' },
      { say: { value: { action: 'drop-tables' } }, expect: ['could not read that answer', 'immediate danger'] },
      { say: { value: { action: 'answer', question: 'immediate-danger', step: 'two', answer: 'no' } }, expect: ['could not read that answer'] },
      { say: { value: 'a string, as Teams would never send' }, expect: ['could not read that answer'] },
    ],
  },
  {
    name: 'channels without cards get numbered plain-text prompts',
    channelId: 'sms',
    steps: [
      { say: '8 year old keeps coming in hungry and unwashed', expect: ['1. Yes, that is right', '2. Add one', '3. Remove one'] },
      { say: '1', expect: ['Is the child in immediate danger right now?', '1. Yes', '2. No', '3. Not sure', 'Reply with a number'] },
      { say: 'number two', expect: ['Do you think the child'] },
    ],
  },
  {
    name: 'an area change works mid-consultation and the contacts follow it',
    steps: [
      { say: '8 year old keeps coming in hungry and unwashed' },
      { say: 'yes' },
      { say: "I'm based in Leicester", expect: ['Now using the guidance for Leicester City', 'immediate danger'] },
      { say: 'levels', expect: ['Single agency response'] },
    ],
  },
];

describe('the consultation, turn by turn', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await play(c);
  });
});

describe('welcome and always-available actions', () => {
  it('welcomes on first contact with what it can do and how to change area', async () => {
    const c = testConversation();
    const replies = await c.join();
    expect(allWords(replies)).toMatch(/help people who work with children/);
    expect(allWords(replies)).toContain('I work in Leicester');
    expect(await c.join()).toEqual([]);
  });

  it('the welcome offers the practice quiz, by name and as a button that starts it', async () => {
    const c = testConversation();
    const replies = await c.join();
    expect(allWords(replies)).toMatch(/quiz to practise choosing the level on invented cases/);
    expect(allWords(await c.say({ value: actionData(replies, 'Practice quiz') }))).toMatch(/Practice case 1 of \d+/);
  });

  it('understands "@bot help" in a Teams channel, where the message starts with a mention of the bot', async () => {
    const c = testConversation({ channelId: 'msteams' });
    const replies = await c.say({
      type: 'message',
      text: '<at>Early help guide</at> help',
      recipient: { id: 'bot', name: 'Early help guide' },
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'Early help guide' }, text: '<at>Early help guide</at>' }],
    });
    expect(allWords(replies)).toContain('What I can do');
  });

  it('a concern sent before any welcome is screened at once rather than delayed by a greeting', async () => {
    const c = testConversation();
    const replies = await c.say(DISCLOSURE);
    expect(wordsOf(replies[0]!)).toContain('01225 396312');
  });
});

describe('safety: free text can propose but never hide harm, and no later answer lowers the level', () => {
  it('removing a harm indicator asks first, records the answer "no", and the level stays at 4', async () => {
    const c = await play({
      name: 'remove harm',
      steps: [
        { say: DISCLOSURE, first: BATHNES_DUTY },
        { say: 'remove one', expect: ['Physical abuse'] },
        { say: 'physical abuse', expect: ['record it as your answer "no"', 'stays'] },
      ],
    });
    let state = await c.state();
    expect(state.answers['confirm-physical-abuse'], 'nothing is recorded before the practitioner confirms').toBeUndefined();
    const replies = await c.say('yes');
    expect(allWords(replies)).toContain('Recorded your answer "no"');
    state = await c.state();
    expect(state.answers['confirm-physical-abuse']).toBe('no');
    expect(state.floor).toBe(4);
    const outcome = allWords(await c.say('outcome'));
    expect(outcome).toMatch(/Request for Service from Social Care/);
    expect(outcome).toMatch(/An earlier answer in this consultation reached level 4/);
  });

  it('declining the removal keeps the harm indicator and records nothing', async () => {
    const c = await play({ name: 'keep harm', steps: [{ say: DISCLOSURE }, { say: 'remove one' }, { say: 'physical abuse' }, { say: 'no', expect: ['kept it on the list', 'Physical abuse'] }] });
    expect((await c.state()).answers['confirm-physical-abuse']).toBeUndefined();
  });

  it('a harm indicator cannot be removed by card either without the explicit confirmation', async () => {
    const c = testConversation();
    await c.say(DISCLOSURE);
    const list = await c.say('remove one');
    const step = actionData(list, 'Remove it').step;
    const confirm = await c.say({ value: { action: 'remove', step, indicator: 'physical-abuse' } });
    expect(allWords(confirm)).toContain('Shall I record that?');
    expect((await c.state()).answers['confirm-physical-abuse']).toBeUndefined();
    await c.say({ value: actionData(confirm, 'Yes, record "no"') });
    expect((await c.state()).answers['confirm-physical-abuse']).toBe('no');
  });

  it('taking back the answer that reached level 4 does not lower the level; start again does', async () => {
    const c = await play({
      name: 'floor',
      steps: [
        { say: '8 year old keeps coming in hungry and unwashed' },
        { say: 'yes' },
        { say: 'no' },
        { say: 'yes', first: BATHNES_DUTY },
        { say: 'back', expect: ['taken back your answer', 'stays'] },
      ],
    });
    expect((await c.state()).floor).toBe(4);
    expect(allWords(await c.say('outcome'))).toMatch(/Level 4/);
    await c.say('start again');
    const fresh = await c.state();
    expect(fresh.floor).toBeUndefined();
    expect(fresh.texts).toEqual([]);
  });
});

describe('from concern to outcome', () => {
  it('reaches a level 3 outcome with consent asked, reasons with sources, contacts as text and local services', async () => {
    const c = testConversation();
    await c.say('14 year old, dad in prison, excluded from school last week and mum is drinking heavily');
    await c.say('yes');
    await c.say('no');
    const harmQ = allWords(await c.say('no'));
    let words = harmQ;
    for (let i = 0; i < 6 && !/Level \d/.test(words); i++) {
      if (/consent/i.test(words)) words = allWords(await c.say('yes consent given'));
      else if (/already being supported/.test(words)) words = allWords(await c.say('no'));
      else words = allWords(await c.say('no'));
    }
    const state = await c.state();
    expect(state.answers.consent, 'consent is asked where the route needs it').toBe('given');
    expect(words).toMatch(/Level 3: Common Assessment Framework/);
    expect(words).toMatch(/Source: .*\.txt, section "/);
    expect(words).toContain('01225 395021');
    expect(words).toMatch(/Local services/);
    expect(words).toMatch(/Review my answers/);
    expect(words).toMatch(/Start again/);
  });

  it('review lists the answers given and "change" asks one again', async () => {
    const c = testConversation();
    await c.say('8 year old keeps coming in hungry and unwashed');
    await c.say('yes');
    await c.say('no');
    const review = allWords(await c.say('review'));
    expect(review).toContain('Is the child in immediate danger right now?');
    expect(review).toContain('No');
    const change = allWords(await c.say('change 1'));
    expect(change).toContain('Is the child in immediate danger right now?');
  });
});

describe('voice: every activity speaks valid SSML and says whether it listens', () => {
  it('carries speak and inputHint on every activity, user text escaped, phone numbers digit by digit', async () => {
    const c = testConversation();
    const replies = [
      ...(await c.join()),
      ...(await c.say(`<b>"Tom" & Jerry's</b> ${DISCLOSURE}`)),
      ...(await c.say('remove one')),
      ...(await c.say('levels')),
      ...(await c.say('what is a TAF')),
      ...(await c.say('services parenting')),
    ];
    expect(replies.length).toBeGreaterThan(6);
    for (const a of replies) {
      expect(a.speak, wordsOf(a)).toMatch(/^<speak version="1.0" xmlns="http:\/\/www.w3.org\/2001\/10\/synthesis" xml:lang="en-GB">/);
      expect(XMLValidator.validate(a.speak!), a.speak).toBe(true);
      expect(['expectingInput', 'acceptingInput', 'ignoringInput']).toContain(a.inputHint);
    }
    const speech = replies.map((a) => a.speak).join('\n');
    expect(speech).toContain('0 1 2 2 5 <break time="300ms"/> 3 9 6 3 1 2');
    expect(speech).not.toContain('<b>');
    expect(replies.at(-1)!.inputHint).not.toBe('ignoringInput');
    const listening = replies.filter((a) => a.inputHint === 'expectingInput');
    expect(listening.length).toBeGreaterThan(0);
  });

  it('escapes markdown a practitioner typed, so it shows as typed in a card', async () => {
    const c = testConversation();
    const replies = await c.say('**urgent** [click](http://x) he has been excluded from school');
    const json = JSON.stringify(replies.map((a) => a.attachments));
    expect(json).not.toContain('[click](http://x)');
  });
});

describe('the handoff seam', () => {
  it('offers no duty summary button when no handoff is registered', async () => {
    const c = testConversation();
    const replies = await c.say(DISCLOSURE);
    expect(JSON.stringify(replies)).not.toContain('"action":"handoff"');
    const typed = allWords(await c.say('duty summary'));
    expect(typed).toContain('not set up here');
    expect(typed).toContain('01225 396312');
  });

  it('offers the duty summary with the harm contacts, starts it from the outcome and the practitioner’s words, and hands back when it is discarded', async () => {
    const { flow } = memoryHandoff();
    const c = testConversation({ handoff: flow });
    const alert = await c.say(DISCLOSURE);
    expect(wordsOf(alert[0]!)).toContain(BATHNES_DUTY[0]);
    expect(actionData(alert, 'Prepare the duty summary')).toEqual({ action: 'handoff' });
    const started = await c.say({ value: { action: 'handoff' } });
    expect(cardStep(started)).toMatchObject({ kind: 'question', field: 'immediateDanger' });
    // Every turn is the summary's now: "help" is its help, not the consultation's menu.
    expect(cardStep(await c.say('help')).text).toMatch(/I am preparing the summary for the duty team/);
    const check = await answerAll(c, await c.say('no'));
    expect(cardStep(check).kind).toBe('check');
    const rows = allWords(check);
    expect(rows).toContain('The concern in your words (from what you told me earlier)');
    expect(rows).toContain(DISCLOSURE);
    expect(rows).toMatch(/Level 4/);
    expect(allWords(await c.say('cancel'))).toMatch(/discarded: nothing was sent to the duty team/);
    // The consultation carries on where it was.
    expect(allWords(await c.say('review'))).toContain(DISCLOSURE);
  });

  it('"duty summary" typed at any point starts it too, but only once there is something to summarise', async () => {
    const c = testConversation({ handoff: memoryHandoff().flow });
    expect(allWords(await c.say('duty summary'))).toMatch(/Tell me what is worrying you about the child first/);
    await c.say(DISCLOSURE);
    expect(cardStep(await c.say('duty summary'))).toMatchObject({ kind: 'question', field: 'immediateDanger' });
  });

  it('installing the app in a team keeps the duty channel and still says hello; a duty card button is the handoff’s, not a stale answer', async () => {
    const { flow, channels } = memoryHandoff();
    const c = testConversation({ handoff: flow });
    const installed = await c.say({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot', name: 'Early help guide' }],
      recipient: { id: 'bot', name: 'Early help guide' },
      conversation: { id: '19:duty@thread.tacv2', conversationType: 'channel', isGroup: true, name: 'Duty' },
      channelData: { team: { id: '19:duty@thread.tacv2', aadGroupId: 'duty-group' }, tenant: { id: 'tenant-1' } },
    });
    expect(await channels.current()).toMatchObject({ conversationId: '19:duty@thread.tacv2', teamId: 'duty-group', source: 'installed' });
    expect(allWords(installed)).toMatch(/Hello\. I help people who work with children/);
    const button = allWords(await c.say({ value: { handoffDuty: 'acknowledge', reference: 'HX-AAA-AAA' } }));
    expect(button).toMatch(/does not match a handoff I hold/);
    expect(button).not.toMatch(/could not read that answer/);
  });
});

describe('cards', () => {
  it('are Adaptive Cards 1.5 under 40 KB, each with speak, a text fallback and a label on every input', async () => {
    const c = testConversation();
    const replies = [
      ...(await c.join()),
      ...(await c.say('14 year old, dad in prison, excluded from school last week and mum is drinking heavily')),
      ...(await c.say('add one')),
      ...(await c.say('young carer')),
      ...(await c.say('remove one')),
      ...(await c.say('young carer')),
      ...(await c.say('yes')),
      ...(await c.say('help')),
      ...(await c.say('review')),
      ...(await c.say('outcome')),
    ];
    const cards = replies.flatMap((a) => a.attachments ?? []).map((a) => a.content as Record<string, unknown>);
    expect(cards.length).toBeGreaterThan(8);
    const inputs: Record<string, unknown>[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (typeof o.type === 'string' && o.type.startsWith('Input.')) inputs.push(o);
        Object.values(o).forEach(walk);
      }
    };
    for (const card of cards) {
      expect(card.version).toBe('1.5');
      expect(XMLValidator.validate(card.speak as string)).toBe(true);
      expect((card.fallbackText as string).length).toBeGreaterThan(10);
      expect(JSON.stringify(card).length).toBeLessThan(40 * 1024);
      walk(card.body);
    }
    expect(inputs.length).toBeGreaterThan(2);
    for (const input of inputs) expect(String(input.label ?? '').length, JSON.stringify(input)).toBeGreaterThan(3);
  });

  it('a message too long to take is refused politely and nothing is lost', async () => {
    const c = testConversation();
    await c.say('8 year old keeps coming in hungry and unwashed');
    const replies = await c.say('x '.repeat(3000));
    expect(allWords(replies)).toMatch(/longer than I can take/);
    expect((await c.state()).texts).toEqual(['8 year old keeps coming in hungry and unwashed']);
  });
});

describe('a long consultation', () => {
  it('keeps every earlier message and still screens a disclosure once it is full', async () => {
    const c = testConversation();
    const first = 'the first thing I noticed is that he comes in hungry';
    await c.say(first);
    const filler = 'he seems tired in class and finds it hard to concentrate on his work '.repeat(12);
    let full = false;
    for (let i = 0; i < 30 && !full; i++) full = allWords(await c.say(filler)).includes('cannot hold any more');
    expect(full).toBe(true);
    const state = await c.state();
    expect(state.texts[0]).toBe(first);
    expect(state.texts.length).toBeLessThanOrEqual(20);
    const replies = await c.say(`${DISCLOSURE} ${filler}`);
    expect(allWords(replies)).toContain('cannot hold any more');
    expect(wordsOf(replies[0]!)).toContain('01225 396312');
  });
});
