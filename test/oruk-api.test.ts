// The directory served as Open Referral UK, checked against the UK profile's own compiled JSON
// Schemas (../shared/oruk/schema) with a JSON Schema validator: every list item against
// service_list.json, every service against service.json. The service runs for real, with the
// packs' services and a fictional feed imported into its database.
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryStore } from '../bot/directory/store.ts';
import { importFeed } from '../bot/directory/import.ts';
import { fictionalServices } from '../scripts/generate-feed.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { join } from 'node:path';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../shared/oruk/schema/${name}`, import.meta.url), 'utf8'));
// The compiled schemas carry non-standard keywords (constraints, core, datapackage_metadata).
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const validListItem = ajv.compile(schema('service_list.json'));
const validService = ajv.compile(schema('service.json'));

const FEED_SIZE = 240;
let running: TestService;
const call = (path: string) => callJson(running.service.url, 'GET', path);

beforeAll(async () => {
  running = await startTestService('oruk-api');
  const feed = join(running.dataDir, 'feed.json');
  // The fictional feed plus the profile's own example service.
  const example = JSON.parse(readFileSync(new URL('../../shared/oruk/examples/service_full.json', import.meta.url), 'utf8'));
  writeFileSync(feed, JSON.stringify([...fictionalServices(FEED_SIZE, 7), example]));
  const report = await importFeed(feed, 'leicester', createDirectoryStore(running.service.database), { protectedNumbers: new Set() });
  expect(report.rejected).toBe(0);
  expect(await running.service.directory.refresh()).toBe(true);
});
afterAll(async () => {
  await running?.stop();
});

async function allPages(path: string): Promise<any[]> {
  const items: any[] = [];
  for (let page = 1; ; page++) {
    const r = await call(`${path}${path.includes('?') ? '&' : '?'}page=${page}&per_page=100`);
    expect(r.status).toBe(200);
    items.push(...r.json.contents);
    if (r.json.last_page) return items;
    expect(page).toBeLessThan(100);
  }
}

describe('the /oruk API against the UK profile schemas', () => {
  it('every list item validates against service_list.json, and every service against service.json', async () => {
    const items = await allPages('/oruk/services');
    const packServices = [...running.service.knowledge.packs.values()].reduce((n, p) => n + p.services.length, 0);
    // Inactive and defunct feed services are never served.
    const shown = fictionalServices(FEED_SIZE, 7).filter((s) => s.status === 'active').length + 1;
    expect(items.length).toBe(packServices + shown);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const item of items) {
      expect(validListItem(item), `${item.name}: ${ajv.errorsText(validListItem.errors)}`).toBe(true);
      expect(item).not.toHaveProperty('attributes');
    }
    // The validator is real: a readable id or a status the profile lacks fails it.
    expect(validListItem({ ...items[0], id: 'children-centre-services' })).toBe(false);
    expect(validService({ ...items[0], status: 'open' })).toBe(false);
    for (const item of items) {
      const r = await call(`/oruk/services/${item.id}`);
      expect(r.status).toBe(200);
      expect(validService(r.json), `${item.name}: ${ajv.errorsText(validService.errors)}`).toBe(true);
      expect(r.json.id).toBe(item.id);
    }
  });

  it('shows the levels of need as taxonomy attributes, and says when a feed service\'s levels are assumed', async () => {
    const items = await allPages('/oruk/services?search=Community+Counselling');
    const example = items.find((i) => i.id === 'ac148810-d857-441c-9679-408f346de14b');
    expect(example?.name).toBe('Community Counselling');
    const full = (await call(`/oruk/services/${example.id}`)).json;
    const levels = full.attributes.filter((a: any) => a.taxonomy_term.taxonomy === 'level-of-need');
    // Its only term ("name") is not in Leicester's mapping: levels 1 and 2, marked as assumed.
    expect(levels.map((a: any) => a.taxonomy_term.term)).toEqual(['1', '2']);
    expect(levels.every((a: any) => a.link_type === 'level_of_need_assumed')).toBe(true);

    const duty = (await allPages('/oruk/services?search=Duty+and+Advice+Service&locality=leicester')).find((i) => i.name === 'Leicester Duty and Advice Service');
    const dutyFull = (await call(`/oruk/services/${duty.id}`)).json;
    const dutyLevels = dutyFull.attributes.filter((a: any) => a.taxonomy_term.taxonomy === 'level-of-need');
    expect(dutyLevels.map((a: any) => a.taxonomy_term.term)).toContain('4');
    expect(dutyLevels.every((a: any) => a.link_type === 'level_of_need')).toBe(true);
  });

  it('pages with all the profile\'s fields', async () => {
    const first = (await call('/oruk/services?per_page=7')).json;
    expect(Object.keys(first).sort()).toEqual(['contents', 'empty', 'first_page', 'last_page', 'page_number', 'size', 'total_items', 'total_pages']);
    expect(first).toMatchObject({ page_number: 1, size: 7, first_page: true, last_page: false, empty: false });
    expect(first.total_pages).toBe(Math.ceil(first.total_items / 7));
    const last = (await call(`/oruk/services?per_page=7&page=${first.total_pages}`)).json;
    expect(last).toMatchObject({ last_page: true, first_page: false, empty: false });
    expect(last.size).toBe(first.total_items - 7 * (first.total_pages - 1));
    const beyond = (await call(`/oruk/services?per_page=7&page=${first.total_pages + 1}`)).json;
    expect(beyond).toMatchObject({ empty: true, size: 0, contents: [] });
  });

  it('combines search, taxonomy_term_id and modified_after with AND', async () => {
    const terms = (await call('/oruk/taxonomy_terms?per_page=200')).json.contents;
    const debt = terms.find((t: any) => t.name === 'Money and debt');
    expect(debt).toBeDefined();
    const byTerm = await allPages(`/oruk/services?taxonomy_term_id=${debt.id}`);
    expect(byTerm.length).toBeGreaterThan(0);
    for (const s of byTerm) {
      const full = (await call(`/oruk/services/${s.id}`)).json;
      expect(full.attributes.map((a: any) => a.taxonomy_term_id)).toContain(debt.id);
    }
    const after = '2026-01-01';
    const recent = await allPages(`/oruk/services?taxonomy_term_id=${debt.id}&modified_after=${after}`);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(byTerm.length);
    expect(recent.every((s) => Date.parse(s.last_modified) >= Date.parse(after))).toBe(true);
    expect(recent.every((s) => byTerm.some((b) => b.id === s.id))).toBe(true);

    const searched = await allPages(`/oruk/services?search=debt&taxonomy_term_id=${debt.id}&modified_after=${after}`);
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.every((s) => recent.some((r) => r.id === s.id))).toBe(true);
    expect(searched.every((s) => /debt/i.test(`${s.name} ${s.description}`))).toBe(true);
    // A term that no service has gives an empty page, not everything.
    const none = (await call(`/oruk/services?search=debt&taxonomy_term_id=${terms.find((t: any) => t.name === 'Early years play').id}`)).json;
    expect(none).toMatchObject({ total_items: 0, empty: true });
  });

  it('lists taxonomies and terms, the levels of need among them', async () => {
    const taxonomies = (await call('/oruk/taxonomies')).json;
    expect(taxonomies.contents.map((t: any) => t.name)).toEqual(expect.arrayContaining(['level-of-need', 'Fictional needs']));
    const levels = taxonomies.contents.find((t: any) => t.name === 'level-of-need');
    const terms = (await call(`/oruk/taxonomy_terms?taxonomy_id=${levels.id}`)).json;
    expect(terms.contents.length).toBe(8);
    expect(terms.contents.every((t: any) => t.taxonomy === 'level-of-need' && ['1', '2', '3', '4'].includes(t.term))).toBe(true);
    expect((await call(`/oruk/taxonomy_terms/${terms.contents[0].id}`)).json).toEqual(terms.contents[0]);
    expect((await call(`/oruk/taxonomies/${levels.id}`)).json).toEqual(levels);
  });

  it('is open: no authentication and Access-Control-Allow-Origin * on every answer, errors included', async () => {
    for (const path of ['/oruk/', '/oruk/services', '/oruk/taxonomies', '/oruk/taxonomy_terms', '/oruk/services?per_page=0', '/oruk/services/00000000-0000-4000-8000-000000000000']) {
      const r = await call(path);
      expect(r.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(r.status, path).not.toBe(401);
    }
    expect((await call('/oruk/')).json).toMatchObject({ version: '3.0' });
  });

  it('answers a bad parameter with 400, the field and the reason', async () => {
    const cases: [string, string, RegExp][] = [
      ['/oruk/services?per_page=0', 'query.per_page', /1 or more/],
      ['/oruk/services?per_page=5000', 'query.per_page', /200 or less/],
      ['/oruk/services?page=two', 'query.page', /whole number/],
      ['/oruk/services?taxonomy_term_id=parenting', 'query.taxonomy_term_id', /UUID/],
      ['/oruk/services?modified_after=yesterday', 'query.modified_after', /ISO date/],
      ['/oruk/services?modified_after=2026-13-45', 'query.modified_after', /real date/],
      ['/oruk/services?postcode=BA1', 'query', /not supported here: postcode/],
      ['/oruk/services?locality=atlantis', 'query.locality', /unknown locality/],
      ['/oruk/services?page=1&page=2', 'page', /once/],
      ['/oruk/taxonomy_terms?taxonomy_id=x', 'query.taxonomy_id', /UUID/],
    ];
    for (const [path, field, reason] of cases) {
      const r = await call(path);
      expect(r.status, path).toBe(400);
      const problem = r.json.problems.find((p: any) => p.field === field);
      expect(problem?.reason, path).toMatch(reason);
    }
    expect((await call('/oruk/services/not-a-service')).status).toBe(404);
  });
});
