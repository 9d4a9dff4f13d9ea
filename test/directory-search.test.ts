// Search that is honest: when nothing fits, "no local service found" and the council's own
// information service (in the seed's words) instead of unrelated teams, counted for the board;
// filters practitioners expect (age, level, need, free, delivery), each result saying why it is
// there; inactive and defunct feed services never shown, old entries flagged, feed text escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeView, servicesView } from '../cards/views.ts';
import { citeSource } from '../knowledge/decide.ts';
import { type Directory, type ImportedService, buildDirectory } from '../knowledge/search/directory.ts';
import { readFeedRecord } from '../knowledge/search/feed-record.ts';
import { fictionalServices } from '../scripts/generate-feed.ts';
import { allWords, playSteps, testConversation } from './helpers/conversation.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { knowledge } from './helpers/knowledge.ts';

const NOW = new Date('2026-11-15T12:00:00Z');
const k = knowledge();

function imported(records: unknown[], locality = 'bathnes'): ImportedService[] {
  return records.map((raw, i) => {
    const read = readFeedRecord(raw, i);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    return { ...read.record, locality, feed: { url: 'https://feed.example/services', version: 1 } };
  });
}

const base = fictionalServices(400, 21);
const special = [
  { id: 'free-online-debt', name: 'Ashcombe Debt Line', description: 'Free debt and budgeting advice by video call.', status: 'active', minimum_age: 16, maximum_age: 99, assured_date: '2026-09-01', cost_options: [{ id: 'c', option: 'Free', amount: 0 }], service_at_locations: [{ id: 'l', location: { id: 'x', location_type: 'virtual' } }], attributes: [{ id: 'a', taxonomy_term: { id: 't', name: 'Money and debt', description: 'x', taxonomy: 'Fictional needs' } }] },
  { id: 'paid-debt', name: 'Brindleford Debt Clinic', description: 'Debt advice at the community centre, £5 a session.', status: 'active', minimum_age: 18, maximum_age: 99, assured_date: '2026-09-01', cost_options: [{ id: 'c', option: 'Per session', amount: 5 }], service_at_locations: [{ id: 'l', location: { id: 'x', location_type: 'physical' } }], attributes: [{ id: 'a', taxonomy_term: { id: 't', name: 'Money and debt', description: 'x', taxonomy: 'Fictional needs' } }] },
  { id: 'closed-debt', name: 'Cotterwick Debt Shop', description: 'Debt advice; closed.', status: 'defunct', assured_date: '2026-09-01' },
  { id: 'paused-debt', name: 'Dunmere Debt Desk', description: 'Debt advice; not running.', status: 'inactive', assured_date: '2026-09-01' },
  { id: 'old-debt', name: 'Eastholt Debt Corner', description: 'Debt advice drop-in.', status: 'active', assured_date: '2021-01-10' },
  { id: 'markdown', name: '**Urgent** [ring here](http://bad.example) <b>now</b>', description: 'Knitting circle _for_ grandparents # 1.', status: 'active', assured_date: '2026-09-01' },
];
let directory: Directory;
beforeAll(() => {
  directory = buildDirectory(k.packs.values(), k.vocabulary.synonyms, { imported: imported([...base, ...special]), national: k.vocabulary.national });
});

describe('the honest empty result', () => {
  it('a GP asking for debt advice for a parent in B&NES hears that nothing local was found, and where the council says to look', async () => {
    const packOnly = buildDirectory(k.packs.values(), k.vocabulary.synonyms);
    const answer = packOnly.find({ q: 'debt advice for a parent', locality: 'bathnes' });
    expect(answer.match).toBe('none');
    expect(answer.results).toEqual([]);
    expect(answer.noMatch?.message).toBe('No local service found for "debt advice for a parent". The council\'s own information may help:');
    expect(answer.noMatch?.contacts.map((c) => c.contact_ref)).toEqual(['family-information-service', 'early-help-app']);
    expect(answer.noMatch?.quote).toMatch(/^Details of these services can be found on the Early Help App/);
  });

  it('in chat, `services` with no match says so, offers the Early Help App and counts the miss with its need', async () => {
    const c = await playSteps([
      { say: 'services alcohol detox for dad', expect: ['Connecting Families'] },
      { say: 'services debt advice', expect: ['No local service found for "debt advice"', 'B&NES Early Help App', 'www.bathnes.gov.uk/earlyhelpapp', 'Source: '], not: ['Integrated Working Team', 'Health Visitor Service', "Children's Social Care Duty Team"] },
    ]);
    expect(await c.reports.directoryMisses()).toEqual([expect.objectContaining({ locality: 'bathnes', count: 1 })]);
  });

  it('with the council\'s feed imported, the same words find its debt services, saying why', async () => {
    const c = testConversation({ directory });
    await c.say('hello');
    const words = allWords(await c.say('services debt advice'));
    expect(words).toMatch(/^Services in Bath and North East Somerset/);
    expect(words.match(/Why it is here: matched "debt" in its name/g)).toHaveLength(3);
    expect(words).toMatch(/from the council's directory feed/);
    expect(words).not.toMatch(/No local service found/);
    expect(await c.reports.directoryMisses()).toEqual([]);
  });

  it('/api/services says "none" and offers the council\'s service, and counts the miss', async () => {
    const running: TestService = await startTestService('directory-search');
    try {
      const r = await callJson(running.service.url, 'GET', '/api/services?q=debt+advice&locality=leicester');
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ match: 'none', results: [], noMatch: { locality: 'leicester', contacts: [expect.objectContaining({ contact_ref: 'advice-points' }), expect.objectContaining({ contact_ref: 'eha-support-line', phones: ['0116 4541694'] })] } });
      const bad = await callJson(running.service.url, 'GET', '/api/services?q=debt&need=Money!&free=yes&delivery=carrier-pigeon');
      expect(bad.status).toBe(400);
      expect(bad.json.problems.map((p: any) => p.field).sort()).toEqual(['query.delivery', 'query.free', 'query.need']);
      expect(bad.json.problems.find((p: any) => p.field === 'query.delivery').reason).toMatch(/in-person, online, phone/);
    } finally {
      await running.stop();
    }
  });
});

describe('the outcome\'s local services', () => {
  it('when none fits, the outcome offers the council\'s information service, quoted and sourced, not unrelated teams', () => {
    const pack = k.packs.get('bathnes')!;
    const packOnly = buildDirectory(k.packs.values(), k.vocabulary.synonyms);
    const answer = packOnly.find({ q: 'debt arrears bailiffs', locality: 'bathnes', level: 2, limit: 3 });
    expect(answer.match).toBe('none');
    const source = citeSource(pack, pack.manifest.levels[1]!.source);
    const view = outcomeView({
      localityName: pack.manifest.name,
      level: 2,
      levelName: pack.manifest.levels[1]!.name,
      levelMeaning: pack.manifest.levels[1]!.meaning,
      harmIndicated: false,
      route: { title: 'Refer directly', summary: 'Refer to the service that meets the need.', steps: [], timescales: [], consentRequired: true, source },
      reasons: [],
      actions: [],
      contacts: [],
      services: answer.results,
      noMatch: { ...answer.noMatch!, source: citeSource(pack, answer.noMatch!.source) },
      knowledgeVersion: pack.knowledgeVersion,
      unanswered: 0,
    });
    const words = view.text + JSON.stringify(view.card);
    expect(view.text).toMatch(/Local services:\nNo local service found for "debt arrears bailiffs"/);
    expect(view.text).toMatch(/"Details of these services can be found on the Early Help App/);
    expect(JSON.stringify(view.card)).toMatch(/B&NES Early Help App/);
    expect(words).not.toMatch(/Integrated Working Team|Connecting Families/);
  });
});

describe('filters, and why each service matched', () => {
  const find = (q: Parameters<Directory['find']>[0]) => directory.find({ locality: 'bathnes', now: NOW, limit: 100, ...q });

  it('free, delivery and need narrow the list, and each says so', () => {
    const free = find({ q: 'debt', free: true }).results;
    expect(free.map((r) => r.name)).toContain('Ashcombe Debt Line');
    expect(free.map((r) => r.name)).not.toContain('Brindleford Debt Clinic');
    expect(free.every((r) => r.free === true && r.why.includes('free'))).toBe(true);

    const online = find({ q: 'debt', delivery: 'online' }).results;
    expect(online.map((r) => r.name)).toContain('Ashcombe Debt Line');
    expect(online.every((r) => r.delivery.includes('online') && r.why.includes('delivered online'))).toBe(true);
    expect(find({ q: 'debt', delivery: 'in-person' }).results.map((r) => r.name)).toContain('Brindleford Debt Clinic');

    const money = find({ need: 'money' }).results;
    expect(money.length).toBeGreaterThan(2);
    expect(money.every((r) => r.needs.includes('money') && r.why.includes('need: money'))).toBe(true);
  });

  it('age and level of need filter feed and pack services alike', () => {
    const teens = find({ q: 'debt', age: 17 }).results;
    expect(teens.map((r) => r.name)).toContain('Ashcombe Debt Line');
    expect(teens.map((r) => r.name)).not.toContain('Brindleford Debt Clinic');
    expect(teens.every((r) => r.minimum_age <= 17 && r.maximum_age >= 17)).toBe(true);

    // "Drugs and alcohol" is mapped to levels 2-3; the unmapped debt services serve 1-2 and say so.
    const level3 = find({ level: 3 }).results;
    expect(level3.some((r) => r.origin === 'feed')).toBe(true);
    expect(level3.filter((r) => r.origin === 'feed').every((r) => r.terms.some((t) => ['Drugs and alcohol', 'Domestic abuse'].includes(t.name)))).toBe(true);
    const old = directory.get('bathnes', 'old-debt', NOW)!;
    expect(old).toMatchObject({ levels: [1, 2], levelsAssumed: true });
    expect(find({ q: 'debt corner', level: 2 }).results[0]?.why).toContain('serves level 2 (assumed: its categories are not mapped to levels)');
    // A feed never makes a level 4 route: only the pack's duty teams serve level 4.
    expect(find({ level: 4 }).results.every((r) => r.origin === 'pack')).toBe(true);
  });

  it('never shows an inactive or defunct service, and flags a very old one', () => {
    const names = find({ q: 'debt' }).results.map((r) => r.name);
    expect(names).not.toContain('Cotterwick Debt Shop');
    expect(names).not.toContain('Dunmere Debt Desk');
    expect(directory.all(NOW).some((r) => r.status === 'inactive' || r.status === 'defunct')).toBe(false);
    const old = find({ q: 'Eastholt debt corner' }).results[0]!;
    expect(old.checked).toEqual({ date: '2021-01-10', monthsAgo: 70, text: 'last checked over 5 years ago', stale: true });
    const fresh = find({ q: 'Ashcombe Debt Line' }).results[0]!;
    expect(fresh.checked).toMatchObject({ text: 'last checked 2 months ago', stale: false });
    const card = JSON.stringify(servicesView({ query: 'debt', localityName: 'B&NES', services: [old] }).card);
    expect(card).toMatch(/This entry is old: check with the service before relying on it/);
  });

  it('shows feed text as text: markdown and markup from a feed cannot format or link itself', () => {
    const [hostile] = find({ q: 'knitting grandparents' }).results;
    expect(hostile?.name).toBe('**Urgent** [ring here](http://bad.example) <b>now</b>');
    const view = servicesView({ query: 'knitting', localityName: 'B&NES', services: [hostile!] });
    const texts: string[] = [];
    JSON.stringify(view.card, (key, v) => (key === 'text' && typeof v === 'string' ? (texts.push(v), v) : v));
    const name = texts.find((t) => t.includes('Urgent'))!;
    expect(name).toBe('\\*\\*Urgent\\*\\* \\[ring here\\]\\(http://bad.example\\) \\<b\\>now\\</b\\>');
    expect(texts.find((t) => t.includes('Knitting'))).toMatch(/\\_for\\_ grandparents \\# 1/);
    expect(view.speak).not.toMatch(/<b>/);
  });
});

describe('the tab and API show why, freshness and origin', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService('directory-search-api');
  });
  afterAll(async () => {
    await running?.stop();
  });
  it('each result carries why it matched and when it was last checked', async () => {
    const r = await callJson(running.service.url, 'GET', '/api/services?q=parenting&locality=bathnes&age=3&need=parenting');
    expect(r.status).toBe(200);
    expect(r.json.match).toBe('good');
    for (const s of r.json.results) {
      expect(s.why[0]).toMatch(/^matched "parenting" in its /);
      expect(s.why).toContain('need: parenting');
      expect(s.checked.text).toMatch(/^last checked /);
      expect(s.origin).toBe('pack');
    }
  });
});
