// Leicester's Duty and Advice Service has no number in the guidance we hold. Until the council
// sets one, every place that would say "ring the duty team now" says plainly that there is no
// number, gives 999 and the documented route, and sends the practitioner to their own
// safeguarding lead; and the council has one file to set it in, checked at start, its details
// shown as set by the council (who, when), never as if they came from the guidance.
//
// The numbers used here are from Ofcom's range reserved for drama (0116 496 0000 to 0999): they
// can never ring anyone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { startService } from '../bot/service.ts';
import { KnowledgeError } from '../knowledge/load.ts';
import { applyLocalContacts } from '../knowledge/local-contacts.ts';
import { answerAll, botClient, cardStep, consultToOutcome, startDutySummary } from './helpers/bot-client.ts';
import { allWords } from './helpers/conversation.ts';
import { startTestService, type TestService } from './helpers/http.ts';
import { knowledge } from './helpers/knowledge.ts';
import { REPO_ROOT } from './helpers/paths.ts';

const DRAMA = '0116 496 0123';
const LEICESTER_HARM = 'I work in Leicester. She told me her stepdad hits her with a belt when her mum is at work.';
// Any full UK number; the Leicester seeds give 0116 4545889 (Early Help) and 0116 4541694 (EHA line), never for the duty service.
const ukNumbers = (text: string) => text.match(/\b0\d{3,4} ?\d{3} ?\d{3,4}\b/g) ?? [];
const speech = (replies: Partial<Activity>[]) => replies.map((r) => r.speak ?? '').join(' ');

function overridesFile(dir: string, body: unknown): string {
  const file = join(dir, 'local-contacts.json');
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return file;
}

const DUTY_ENTRY = {
  locality: 'leicester',
  contact: 'duty-and-advice-service',
  phones: [DRAMA],
  note: 'Monday to Friday 8.30am to 5pm; out of hours, the Emergency Duty Team.',
  setBy: 'Duty manager, Leicester City Council',
  setOn: '2026-12-01',
};

describe('in Leicester, with no duty number set', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService('no-number');
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('the harm reply says there is no number, gives 999, the LLR procedures and the safeguarding lead, and never says to talk to the duty team now', async () => {
    const client = botClient(running.service.url);
    const replies = await client.say(LEICESTER_HARM);
    const words = allWords(replies);
    expect(words).toContain("No phone number is set up here for the Duty and Advice Service (children's social care): the Leicester City guidance we hold gives none, and the council has not set one yet.");
    expect(words).toContain('If the child is in immediate danger, ring 999 now.');
    expect(words).toContain('llrscb.proceduresonline.com');
    expect(words).toMatch(/Until the council sets the number, talk to your own safeguarding lead \(DSL\) or follow your organisation’s local safeguarding procedures/);
    expect(words).not.toMatch(/Talk to the duty team now/i);
    expect(ukNumbers(words)).toEqual([]);
    expect(speech(replies)).toMatch(/No phone number is set up here/);
  });

  it('the summary’s closing message gives the reference without "ring now and quote the reference", and says what to do instead', async () => {
    const client = botClient(running.service.url);
    const first = await startDutySummary(client, LEICESTER_HARM);
    const check = await answerAll(client, first);
    expect(cardStep(check).kind).toBe('check');
    const done = await client.say('send');
    const step = cardStep(done);
    expect(step.kind).toBe('confirmed');
    const words = allWords(done);
    expect(words).toMatch(/Your reference is HX-/);
    expect(words).not.toMatch(/ring now and quote the reference/i);
    expect(speech(done)).not.toMatch(/Ring the duty team now/i);
    expect(words).toContain('No phone number is set up here for the Duty and Advice Service');
    expect(words).toContain('999');
    expect(words).toMatch(/talk to your own safeguarding lead/);
    expect(words).toMatch(/Keep the reference, and quote it whenever you speak to them/);
    expect(ukNumbers(words)).toEqual([]);
  });

  it('the level 4 outcome says the same, under who to contact', async () => {
    const client = botClient(running.service.url);
    const { level, transcript } = await consultToOutcome(client, 'I work in Leicester. I am worried about a 3 year old', { 'immediate-danger': 'unsure' }, { typed: true });
    expect(level).toBe(4);
    const words = allWords(transcript.at(-1)!);
    expect(words).toContain('No phone number is set up here for the Duty and Advice Service');
    expect(words).toMatch(/documented route: the Leicestershire, Leicester and Rutland Safeguarding Children procedures \(http:\/\/llrscb\.proceduresonline\.com\/index\.htm\)/);
    expect(words).toMatch(/talk to your own safeguarding lead/);
  });

  it('B&NES, which has its duty numbers in the guidance, is told to ring them as before', async () => {
    const words = allWords(await botClient(running.service.url).say('She told me her stepdad hits her with a belt when her mum is at work.'));
    expect(words).toContain('01225 396312');
    expect(words).toMatch(/Talk to the duty team now/);
    expect(words).not.toContain('No phone number is set up');
  });
});

describe('once the council sets the number in its local contacts file', () => {
  let dir: string;
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-contacts-'));
    const file = overridesFile(dir, { $comment: 'Set by the council', contacts: [DUTY_ENTRY] });
    service = await startService(loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), LOCAL_CONTACTS_FILE: file }), { log: createLogger('silent') });
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the harm reply gives the number, marked as set by the council with who and when, not as from the guidance', async () => {
    const words = allWords(await botClient(service.url).say(LEICESTER_HARM));
    expect(words).toContain(DRAMA);
    expect(words).toContain('Set by the council (Duty manager, Leicester City Council, 1 December 2026), not taken from the published guidance.');
    expect(words).toContain('Monday to Friday 8.30am to 5pm');
    expect(words).toMatch(/Talk to the duty team now/);
    expect(words).not.toContain('No phone number is set up');
    // The pack's "the council must configure it" note no longer applies.
    expect(words).not.toMatch(/give no telephone number/);
  });

  it('the triage API carries the number with who set it, and the knowledge version records the local details', async () => {
    const res = await fetch(`${service.url}/api/triage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'she said her stepdad hits her with a belt', locality: 'leicester' }) });
    const body = (await res.json()) as any;
    const das = body.contacts.find((c: any) => c.id === 'duty-and-advice-service');
    expect(das).toMatchObject({ phone: DRAMA, needsLocalConfiguration: false, setLocally: { by: 'Duty manager, Leicester City Council', on: '2026-12-01' } });
    expect(body.knowledgeVersion).toMatch(/^leicester-[0-9a-f]{12}\+local-[0-9a-f]{8}$/);
    const bath = await fetch(`${service.url}/api/triage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'she said her stepdad hits her', locality: 'bathnes' }) });
    expect(((await bath.json()) as any).knowledgeVersion).toMatch(/^bathnes-[0-9a-f]{12}$/);
  });

  it('the summary’s closing message says to ring that number and quote the reference', async () => {
    const client = botClient(service.url);
    const check = await answerAll(client, await startDutySummary(client, LEICESTER_HARM));
    expect(cardStep(check).kind).toBe('check');
    const words = allWords(await client.say('send'));
    expect(words).toMatch(/ring now and quote the reference/);
    expect(words).toContain(`ring ${DRAMA}`);
    expect(words).toContain('Set by the council (Duty manager, Leicester City Council, 1 December 2026)');
  });
});

describe('the local contacts file is checked like the packs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-contacts-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const problems = (body: unknown) => {
    try {
      applyLocalContacts(knowledge(), overridesFile(dir, body), { required: true, today: new Date('2026-12-03T12:00:00Z') });
    } catch (err) {
      if (err instanceof KnowledgeError) return err.problems.map((p) => `${p.path}: ${p.reason}`);
      throw err;
    }
    return [];
  };

  for (const [what, edit, expected] of [
    ['a number too short', { phones: ['0116 496'] }, /^\$\.contacts\[0\]\.phones\[0\]: a UK number/],
    ['a number with letters', { phones: ['0116 DUTY'] }, /^\$\.contacts\[0\]\.phones\[0\]: digits and spaces only/],
    ['a contact the pack does not have', { contact: 'duty-team' }, /^\$\.contacts\[0\]\.contact: "duty-team" is not a contact in the leicester pack/],
    ['an unknown area', { locality: 'leeds' }, /^\$\.contacts\[0\]\.locality: unknown locality "leeds"/],
    ['no one named as setting it', { setBy: '' }, /^\$\.contacts\[0\]\.setBy: who set it/],
    ['a date in the future', { setOn: '2027-01-01' }, /^\$\.contacts\[0\]\.setOn: 2027-01-01 is after today/],
    ['not a date', { setOn: '2026-02-30' }, /^\$\.contacts\[0\]\.setOn: not a real date/],
    ['no way to reach it', { phones: [] }, /^\$\.contacts\[0\]\.phones: give at least one phone, email or web address/],
    ['a field the schema does not know', { phone: DRAMA }, /^\$\.contacts\[0\]: Unrecognized key/],
  ] as const) {
    it(`refuses ${what}, naming the field and the reason`, () => {
      expect(problems({ contacts: [{ ...DUTY_ENTRY, ...edit }] })).toEqual([expect.stringMatching(expected)]);
    });
  }

  it('refuses the same contact set twice, and a file that is not JSON', () => {
    expect(problems({ contacts: [DUTY_ENTRY, DUTY_ENTRY] })).toEqual([expect.stringMatching(/^\$\.contacts\[1\]\.contact: leicester\/duty-and-advice-service is set twice/)]);
    expect(problems('{ "contacts": [')).toEqual([expect.stringMatching(/^: not valid JSON/)]);
  });

  it('npm run knowledge:check checks it too, and fails with the same words', () => {
    const file = overridesFile(dir, { contacts: [{ ...DUTY_ENTRY, phones: ['0116 496'] }] });
    const bad = spawnSync(process.execPath, ['knowledge/check.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, LOCAL_CONTACTS_FILE: file } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/local-contacts\.json \$\.contacts\[0\]\.phones\[0\]: a UK number/);
    overridesFile(dir, { contacts: [DUTY_ENTRY] });
    const good = spawnSync(process.execPath, ['knowledge/check.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, LOCAL_CONTACTS_FILE: file } });
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('ok local contacts: leicester/duty-and-advice-service');
  });

  it('the service refuses to start on a bad file, naming the file, the field and the reason; a named file that is missing is an error too', async () => {
    const file = overridesFile(dir, { contacts: [{ ...DUTY_ENTRY, phones: ['0116 496'] }] });
    const start = async (env: Record<string, string>) => {
      const s = await startService(loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), ...env }), { log: createLogger('silent') });
      await s.stop();
      return s;
    };
    await expect(start({ LOCAL_CONTACTS_FILE: file })).rejects.toThrow(/local-contacts\.json \$\.contacts\[0\]\.phones\[0\]: a UK number/);
    await expect(start({ LOCAL_CONTACTS_FILE: join(dir, 'nowhere.json') })).rejects.toThrow(/nowhere\.json \(root\): file is missing/);
  });
});
