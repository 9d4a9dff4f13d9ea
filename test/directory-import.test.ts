// Importing a council's Open Referral UK feed: the UK profile's own example feed, a paginated feed
// served by a fake ORUK API on loopback (the council's server is the edge we cannot reach), and
// feeds with broken records, into a real SQLite database; then the running service finds them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatReport, importFeed } from '../bot/directory/import.ts';
import { createDirectoryStore, type DirectoryStore } from '../bot/directory/store.ts';
import type { Database } from '../bot/storage/sql.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { buildDirectory, protectedNumbers } from '../knowledge/search/directory.ts';
import { fictionalServices } from '../scripts/generate-feed.ts';
import { ENGINES } from './helpers/engines.ts';
import { createPostgresDatabase } from './helpers/postgres.ts';
import { callJson, startTestService } from './helpers/http.ts';

const run = promisify(execFile);
const EXAMPLES = new URL('../../shared/oruk/examples/', import.meta.url);
const example = (name: string) => new URL(name, EXAMPLES).pathname;
const knowledge = loadKnowledge();
const guarded = protectedNumbers(knowledge.packs.values(), knowledge.vocabulary.national);

describe.each(ENGINES)('%s: importing feeds', (_engine, open) => {
  let dir: string;
  let db: Database;
  let store: DirectoryStore;
  beforeAll(async () => {
    db = await open();
    store = createDirectoryStore(db);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'directory-import-'));
    await db.run('DELETE FROM directory_services');
    await db.run('DELETE FROM directory_imports');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const rawOf = async (id: string) => {
    const row = await db.get<{ raw: string; version: number | string; feed: string }>('SELECT raw, version, feed FROM directory_services WHERE id = ?', [id]);
    return row ? { ...row, version: Number(row.version) } : undefined;
  };
  const writeFeed = (records: unknown) => {
    const file = join(dir, `feed-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(records));
    return file;
  };

  describe('the UK profile\'s example feed', () => {
    it('imports the full example service, keeping the raw record, its version and its feed beside the fields we use', async () => {
      const file = example('service_full.json');
      const report = await importFeed(file, 'bathnes', store, { protectedNumbers: guarded });
      expect(report).toMatchObject({ accepted: 1, updated: 0, unchanged: 0, rejected: 0, complete: true });
      const row = (await rawOf('ac148810-d857-441c-9679-408f346de14b'))!;
      expect(JSON.parse(row.raw)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      expect(row).toMatchObject({ version: 1, feed: file });
      const [service] = await store.services('bathnes');
      expect(service).toMatchObject({
        name: 'Community Counselling',
        minimum_age: 12,
        maximum_age: 100,
        status: 'active',
        free: false,
        delivery: ['in-person', 'online'],
        assured_date: '2005-01-01',
        organization: 'Example Organization Inc.',
        feed: { url: file, version: 1 },
      });
      expect(service!.terms).toEqual([{ id: '3f7b145d-84af-42d7-8fae-eaca714b02b2', name: 'name', taxonomy: 'taxonomy' }]);
    });

    it('counts a second run as unchanged, and a changed record as updated with a new version', async () => {
      await importFeed(example('service_full.json'), 'bathnes', store, { protectedNumbers: guarded });
      expect(await importFeed(example('service_full.json'), 'bathnes', store, { protectedNumbers: guarded })).toMatchObject({ accepted: 0, updated: 0, unchanged: 1 });
      // The list page holds the same service without its child arrays: a change.
      const page = await importFeed(example('service_list.json'), 'bathnes', store, { protectedNumbers: guarded });
      expect(page).toMatchObject({ accepted: 0, updated: 1, unchanged: 0, rejected: 0, complete: false });
      expect((await rawOf('ac148810-d857-441c-9679-408f346de14b'))?.version).toBe(2);
    });

    it('shows the example service unmapped, at levels 1-2, saying so, and very old', async () => {
      await importFeed(example('service_full.json'), 'bathnes', store, { protectedNumbers: guarded });
      const directory = buildDirectory(knowledge.packs.values(), knowledge.vocabulary.synonyms, { imported: await store.services() });
      const [found] = directory.search({ q: 'counselling anxiety', locality: 'bathnes', now: new Date('2026-12-01') });
      expect(found).toMatchObject({ name: 'Community Counselling', origin: 'feed', levels: [1, 2], levelsAssumed: true });
      expect(found?.checked).toMatchObject({ stale: true, text: 'last checked over 21 years ago' });
      expect(found?.why[0]).toMatch(/"counselling" in its name/);
    });
  });

  describe('a paginated feed from a fake ORUK API on loopback', () => {
    let server: Server;
    let base: string;
    let services: Record<string, unknown>[];
    const requests: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        const url = new URL(req.url!, 'http://x');
        requests.push(url.pathname + url.search);
        res.setHeader('content-type', 'application/json');
        const detail = /^\/api\/services\/(.+)$/.exec(url.pathname);
        if (detail) {
          const s = services.find((x) => x.id === decodeURIComponent(detail[1]!));
          res.statusCode = s ? 200 : 404;
          return res.end(JSON.stringify(s ?? { error: 'not found' }));
        }
        if (url.pathname !== '/api/services') {
          res.statusCode = 404;
          return res.end('{}');
        }
        const perPage = 4;
        const page = Number(url.searchParams.get('page') ?? '1');
        const totalPages = Math.ceil(services.length / perPage);
        // List items as the API reference allows: no child arrays, so the importer fetches each in full.
        const contents = services.slice((page - 1) * perPage, page * perPage).map(({ attributes, contacts, cost_options, schedules, service_at_locations, service_areas, ...item }) => item);
        res.end(JSON.stringify({ total_items: services.length, total_pages: totalPages, page_number: page, size: contents.length, first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));
    beforeEach(() => {
      services = fictionalServices(10, 3).map((s) => ({ ...s, status: 'active' }));
      requests.length = 0;
    });

    it('follows page until last_page, fetches each list item in full, and withdraws what the feed drops', async () => {
      const first = await importFeed(`${base}/services`, 'leicester', store, { protectedNumbers: guarded });
      expect(first).toMatchObject({ accepted: 10, rejected: 0, pages: 3, complete: true });
      expect(requests.filter((r) => r.startsWith('/api/services?') || r === '/api/services')).toEqual(['/api/services', '/api/services?page=2', '/api/services?page=3']);
      expect(requests.filter((r) => /^\/api\/services\/[^?]+$/.test(r))).toHaveLength(10);
      // Full records: the taxonomy terms (and so the mapped levels) came with them.
      const imported = await store.services('leicester');
      expect(imported.every((s) => s.terms.length === 1)).toBe(true);

      // The next day: one service changed, one dropped from the feed.
      const dropped = services.pop()!;
      services[0] = { ...services[0], description: 'A fictional service with a new description. Generated for testing.' };
      const second = await importFeed(`${base}/services`, 'leicester', store, { protectedNumbers: guarded });
      expect(second).toMatchObject({ accepted: 0, updated: 1, unchanged: 8, rejected: 0, withdrawn: 1 });
      expect((await store.services('leicester')).map((s) => s.id)).not.toContain(dropped.id);
      expect(formatReport(second)).toMatch(/accepted 0, updated 1, unchanged 8, rejected 0, withdrawn 1\n$/);
    });

    it('reads a single page when the address names one, and then withdraws nothing', async () => {
      await importFeed(`${base}/services`, 'leicester', store, { protectedNumbers: guarded });
      services = services.slice(0, 4);
      const one = await importFeed(`${base}/services?page=1`, 'leicester', store, { protectedNumbers: guarded });
      expect(one).toMatchObject({ pages: 1, complete: false, withdrawn: 0, unchanged: 4 });
      expect(await store.services('leicester')).toHaveLength(10);
    });

    it('a feed that cannot be reached is an error that saves nothing', async () => {
      await expect(importFeed(`${base}/nowhere`, 'leicester', store, { protectedNumbers: guarded })).rejects.toThrow(/HTTP 404/);
      expect(await store.generation()).toBe(0);
    });
  });

  describe('feeds with broken records', () => {
    it('reports each bad record with its id, field and reason, skips it, and keeps the good ones', async () => {
      const [good, ...rest] = fictionalServices(6, 11).map((s) => ({ ...s, status: 'active' }));
      const file = writeFeed([
        good,
        { ...rest[0], name: undefined },
        { ...rest[1], status: 'open' },
        { ...rest[2], minimum_age: 18, maximum_age: 5 },
        { ...rest[3], email: 'not an email' },
        'not a record',
        { ...rest[4], id: good!.id },
        { ...rest[4], assured_date: 'last week' },
      ]);
      const report = await importFeed(file, 'bathnes', store, { protectedNumbers: guarded });
      expect(report).toMatchObject({ accepted: 1, rejected: 7 });
      const by = (id: string) => report.problems.filter((p) => p.id === id).map((p) => `${p.field}: ${p.reason}`);
      expect(by(rest[0]!.id as string)).toEqual(['name: must be a string']);
      expect(by(rest[1]!.id as string)[0]).toMatch(/^status: must be active, inactive, defunct or temporarily closed/);
      expect(by(rest[2]!.id as string)).toEqual(['minimum_age: is above maximum_age']);
      expect(by(rest[3]!.id as string)).toEqual(['email: must be an email address']);
      expect(by('record 6')[0]).toMatch(/^\(record\): /);
      expect(by(good!.id as string)).toEqual(['id: appears more than once in the feed: the first is kept']);
      expect(by(rest[4]!.id as string)).toEqual(['assured_date: must be an ISO date, YYYY-MM-DD']);
      expect(formatReport(report)).toMatch(/^rejected .+: name: must be a string$/m);
    });

    it('never takes a duty or emergency number from a feed', async () => {
      const [a] = fictionalServices(1, 5).map((s) => ({
        ...s,
        status: 'active',
        contacts: [{ id: 'c1', name: 'Impostor duty line', phones: [{ number: '999' }, { number: '01225 396312' }, { number: '01632 960123' }] }],
      }));
      const report = await importFeed(writeFeed([a]), 'bathnes', store, { protectedNumbers: guarded });
      expect(report.dropped.map((d) => d.number)).toEqual(['999', '01225 396312']);
      // The stored record is as the feed sent it; the directory drops the numbers when it is built,
      // so a number that becomes protected later is dropped too.
      const directory = buildDirectory(knowledge.packs.values(), knowledge.vocabulary.synonyms, { imported: await store.services(), national: knowledge.vocabulary.national });
      const shown = directory.all().find((s) => s.id === a!.id);
      expect(shown?.contacts.flatMap((c) => c.phones)).toEqual(['01632 960123']);
    });

    it('refuses a file that is not a feed, naming what it expected', async () => {
      await expect(importFeed(writeFeed({ hello: 'world' }), 'bathnes', store, { protectedNumbers: guarded })).rejects.toThrow(/not an ORUK feed/);
      await expect(importFeed(join(dir, 'missing.json'), 'bathnes', store, { protectedNumbers: guarded })).rejects.toThrow(/ENOENT/);
    });
  });

});

describe('npm run directory:import and the running service', () => {
  it('imports into DATA_DIR, prints the counts, and the service finds the services without a restart', async () => {
    const running = await startTestService('directory-import-service');
    try {
      const feed = join(running.dataDir, 'feed.json');
      const services = fictionalServices(80, 2).map((s) => ({ ...s, status: 'active' }));
      writeFileSync(feed, JSON.stringify(services));
      const env = { ...process.env, DATA_DIR: running.dataDir, LOG_LEVEL: 'silent' };
      const { stdout } = await run(process.execPath, ['scripts/directory-import.ts', feed, '--locality', 'bathnes'], { env });
      expect(stdout).toMatch(/accepted 80, updated 0, unchanged 0, rejected 0, withdrawn 0/);
      const usage = await run(process.execPath, ['scripts/directory-import.ts', feed], { env }).catch((e: { code: number; stderr: string }) => e);
      expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/no --locality given/) });
      const unknown = await run(process.execPath, ['scripts/directory-import.ts', feed, '--locality', 'atlantis'], { env }).catch((e: { code: number; stderr: string }) => e);
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/not a loaded pack/) });

      expect(await running.service.directory.refresh()).toBe(true);
      const r = await callJson(running.service.url, 'GET', '/api/services?q=debt+advice&locality=bathnes&limit=50');
      expect(r.status).toBe(200);
      // Exactly the feed's debt services: no pack team is "debt advice", and "advice" alone is no match.
      const debt = services.filter((s) => /Debt Advice/.test(String(s.name))).map((s) => s.id);
      expect(debt.length).toBeGreaterThan(0);
      expect(r.json.results.map((s: any) => s.id).sort()).toEqual(debt.sort());
      expect(r.json.results.every((s: any) => s.origin === 'feed')).toBe(true);
      // The seed-named services stay the pack's own.
      const pack = await callJson(running.service.url, 'GET', '/api/services?q=Integrated+Working+Team&locality=bathnes&limit=1');
      expect(pack.json.results[0]).toMatchObject({ name: 'Integrated Working Team', origin: 'pack' });
    } finally {
      await running.stop();
    }
  });

  it('on PostgreSQL (DATABASE_URL) the import and the running service share one database', async () => {
    const DATABASE_URL = await createPostgresDatabase();
    const running = await startTestService('directory-import-postgres', { DATABASE_URL });
    try {
      const feed = join(running.dataDir, 'feed.json');
      const services = fictionalServices(40, 4).map((s) => ({ ...s, status: 'active' }));
      writeFileSync(feed, JSON.stringify(services));
      const env = { ...process.env, DATABASE_URL, DATA_DIR: join(running.dataDir, 'unused'), LOG_LEVEL: 'silent' };
      const { stdout } = await run(process.execPath, ['scripts/directory-import.ts', feed, '--locality', 'leicester'], { env });
      expect(stdout).toMatch(/accepted 40, updated 0, unchanged 0, rejected 0, withdrawn 0/);
      expect(await running.service.directory.refresh()).toBe(true);
      const r = await callJson(running.service.url, 'GET', `/oruk/services?locality=leicester&search=${encodeURIComponent(services[0]!.name)}`);
      expect(r.status).toBe(200);
      expect(r.json.contents.map((s: any) => s.name)).toContain(services[0]!.name);
    } finally {
      await running.stop();
    }
  });
});
