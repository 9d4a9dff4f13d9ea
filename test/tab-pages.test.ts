// What practitioners do on each tab page, by keyboard, in a real browser against the real
// service and SQLite: explore the levels, search the directory and report a wrong entry, search
// the guidance, and practise. Text from packs and users is shown as text, never as markup.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { serviceDatabase } from './helpers/db.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportQueries } from '../bot/reports/queries.ts';
import { knowledge, pack } from './helpers/knowledge.ts';
import { KNOWLEDGE_DIR } from './helpers/paths.ts';
import { focused, openTabPage, saveScreenshot, startTabHarness, type TabHarness, whenLoaded } from './helpers/tab.ts';

let h: TabHarness;
let page: Page;
beforeAll(async () => {
  h = await startTabHarness();
});
afterAll(() => h?.stop());

async function fresh(path: string): Promise<Page> {
  await page?.context().close();
  const context = await h.browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  await openTabPage(page, `${h.service.url}${path}`);
  return page;
}

const text = (selector: string) => page.locator(selector).innerText();
/** Indicator labels from the shared vocabulary, which is refined on its own schedule. */
const label = (id: string) => knowledge().vocabulary.indicators.find((i) => i.id === id)!.label;
const db = () => new DatabaseSync(join(h.dataDir, 'assistant.sqlite'));

describe('levels explorer', () => {
  it('Enter on a level shows what it means, what to do and its indicators by domain, each with a source', async () => {
    await fresh('/tab/levels');
    await page.getByRole('button', { name: /^Level 4/ }).focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('Level 4: Request for Service from Social Care');
    expect(await page.getByRole('button', { name: /^Level 4/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await text('#level-panel')).toMatch(/Ring the Children's Social Care Duty team now/);
    const disclosure = page.locator('#ind-child-disclosure');
    expect(await disclosure.innerText()).toContain(label('child-disclosure'));
    expect(await disclosure.locator('.source').innerText()).toMatch(/^Source: .+, section “.+”$/);
    expect(await page.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(["The child's development", 'Parenting capacity', 'Family and environment', 'Harm outside the home']);
  });

  it('a related indicator one level down is a button: Enter goes to it at its level, with focus on it', async () => {
    await fresh('/tab/levels#level-4');
    const related = page.getByRole('button', { name: `${label('domestic-abuse')} (level 3)`, exact: true });
    await related.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: /^Level 3/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ind-domestic-abuse');
    expect(new URL(page.url()).hash).toBe('#level-3');
    // and back up again
    await page.getByRole('button', { name: `${label('domestic-abuse-current')} (level 4)`, exact: true }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ind-domestic-abuse-current');
  });

  it('the domain filter narrows the indicators; level 1 shows only what needs no more than universal services', async () => {
    await fresh('/tab/levels#level-3');
    await page.getByLabel('Show indicators for').selectOption({ label: 'Harm outside the home' });
    expect(await page.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(['Harm outside the home']);
    expect(await text('#level-panel')).toContain(label('gangs-serious-violence'));
    await page.getByRole('button', { name: /^Level 1/ }).click();
    await page.getByLabel('Show indicators for').selectOption({ label: 'Every domain' });
    expect(await text('#level-panel')).toContain(label('past-substance-misuse'));
  });

  it('shows each area’s own names: CAF and TAC in B&NES, EHA and TAF in Leicester', async () => {
    await fresh('/tab/levels');
    expect(await text('#terms')).toMatch(/Common Assessment Framework \(CAF\)[\s\S]*Elsewhere also called: Early Help Assessment, EHA/);
    await fresh('/tab/levels?locality=leicester');
    expect(await text('h1')).toBe('Levels of need in Leicester');
    expect(await text('#terms')).toMatch(/Early Help Assessment \(EHA\)[\s\S]*Multi Agency Support Panel \(MASP\)/);
    expect(await page.getByRole('button', { name: /^Level 2/ }).innerText()).toMatch(/Single agency response/);
  });
});

describe('service directory', () => {
  it('a keyboard search finds services best first, each with its contacts and the date it was last checked', async () => {
    await fresh('/tab/directory');
    await page.getByLabel('What kind of help are you looking for?').focus();
    await page.keyboard.type('speech and language for a toddler');
    await page.keyboard.press('Enter');
    await whenLoaded(page);
    expect(await text('#result-count')).toMatch(/^\d+ services?, best match first\.$/);
    const first = page.locator('#results > li').first();
    expect(await first.locator('h2').innerText()).toBe('Children Centre Services');
    expect(await first.innerText()).toMatch(/Last checked\s+6 September 2016/);
    expect(await first.locator('.source').innerText()).toMatch(/Source: .*Early help/i);
    await saveScreenshot(page, 'directory-search');
  });

  it('the age and level filters narrow the list', async () => {
    await fresh('/tab/directory');
    const all = await page.locator('#results > li').count();
    await page.getByLabel("Child's age in years").fill('15');
    await page.getByLabel('Level of need').selectOption('4');
    await page.getByRole('button', { name: 'Search' }).click();
    await whenLoaded(page);
    const names = await page.locator('#results h2').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(all);
    const byName = new Map(pack('bathnes').services.map((s) => [s.name, s]));
    for (const name of names) {
      const s = byName.get(name)!;
      expect(s.minimum_age <= 15 && s.maximum_age >= 15, name).toBe(true);
      expect(s.attributes.some((a) => a.taxonomy_term.taxonomy === 'level-of-need' && a.taxonomy_term.code === '4'), name).toBe(true);
    }
  });

  it('an age that is not a whole number of years is explained beside the field, which takes focus', async () => {
    await fresh('/tab/directory');
    await page.getByLabel("Child's age in years").fill('2.5');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await text('#age-error')).toMatch(/whole number of years/);
    expect(await page.getByLabel("Child's age in years").getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toBe("Child's age in years");
  });

  it('a search that finds nothing says so, and is counted for the board without its words', async () => {
    await fresh('/tab/directory');
    await page.getByLabel('What kind of help are you looking for?').fill('qwxz zzyzx');
    await page.keyboard.press('Enter');
    await whenLoaded(page);
    expect(await text('#result-count')).toMatch(/No services matched/);
    expect((await createReportQueries(serviceDatabase(h.dataDir)).directoryMisses()).find((r) => r.locality === 'bathnes')?.count).toBeGreaterThanOrEqual(1);
    expect(h.logLines.join('\n')).not.toMatch(/zzyzx/);
  });

  it('reporting a problem with an entry by keyboard stores it for the council and gives a reference; the details are never logged', async () => {
    await fresh('/tab/directory');
    const toggle = page.locator('#results > li').first().locator('button', { hasText: 'Report a problem with this entry' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('A phone number, email or web address is wrong');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('The service has closed or moved');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Details (optional)');
    await page.keyboard.type('Closed since the summer; sessions moved to the library <b>hall</b>');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Send report');
    await page.keyboard.press('Enter');
    const confirmation = page.locator('.confirmation');
    await confirmation.waitFor();
    const reference = /SP-[0-9A-Z]{6}/.exec(await confirmation.innerText())![0];
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('confirmation');
    expect(await toggle.isHidden()).toBe(true);

    const stored = db().prepare('SELECT * FROM service_problems WHERE reference = ?').get(reference)!;
    expect(stored).toMatchObject({ locality: 'bathnes', service_id: 'children-centre-services', kind: 'service-closed', status: 'open', details: 'Closed since the summer; sessions moved to the library <b>hall</b>' });
    const logs = h.logLines.join('\n');
    expect(logs).toMatch(new RegExp(`"reference":"${reference}"`));
    expect(logs).not.toMatch(/library/);
  });

  it('Escape closes the report form and returns focus to its button', async () => {
    await fresh('/tab/directory');
    const toggle = page.getByRole('button', { name: 'Report a problem with this entry' }).nth(1);
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await page.locator('.problem-form').count()).toBe(0);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Report a problem with this entry');
  });
});

describe('guidance search', () => {
  it('finds passages about consent, each with its document, date and section', async () => {
    await fresh('/tab/guidance?locality=leicester');
    await page.getByRole('searchbox', { name: 'Search the guidance' }).focus();
    await page.keyboard.type('consent');
    await page.keyboard.press('Enter');
    await whenLoaded(page);
    const first = page.locator('#results > li').first();
    expect((await first.locator('h2').innerText()).toLowerCase()).toContain('consent');
    expect(await first.locator('.source').innerText()).toMatch(/^Source: .+ \(.+\), section “.+”$/);
    await saveScreenshot(page, 'guidance-search');
  });
});

describe('practice', () => {
  const cases = () => pack('bathnes').scenarios;

  async function answer(level: number): Promise<void> {
    await page.locator(`#choice-${level}`).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Check my answer');
    await page.keyboard.press('Enter');
    await page.locator('#feedback:not([hidden])').waitFor();
  }

  it('a right answer by keyboard is marked correct, with reasons, sources and the facts the rules used', async () => {
    await fresh('/tab/practice');
    expect(await text('#case-title')).toBe(cases()[0]!.title);
    await answer(cases()[0]!.expectedLevel);
    expect(await focused(page)).toBe('Correct: Level 1: Universal services');
    expect(await text('#score')).toBe('Score this session: 1 of 1');
    expect(await text('#feedback-facts')).toMatch(/Is the child in immediate danger right now\? No/);
    expect(await page.locator('#feedback-reasons .source').count()).toBeGreaterThan(0);
  });

  it('a wrong answer shows the level the rules give and why; the score counts it once', async () => {
    await fresh('/tab/practice');
    await page.getByRole('button', { name: 'Start the practice again' }).click();
    await answer(1);
    await page.getByRole('button', { name: 'Next case' }).focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(cases()[1]!.title);
    await answer(4);
    expect(await text('#feedback-title')).toBe('Not quite: the rules give Level 2: Early Help Targeted Support');
    expect(await text('#feedback-facts')).toContain(`Indicator: ${label('development-delay')}`);
    expect(await text('#feedback-explanation')).toContain(cases()[1]!.explanation);
    expect(await text('#score')).toBe('Score this session: 1 of 2');
    await saveScreenshot(page, 'practice-wrong-answer');
  });

  it('the score stays for the session in this browser tab and can be started again', async () => {
    await page.reload();
    await whenLoaded(page);
    expect(await text('#score')).toBe('Score this session: 1 of 2');
    expect(await text('#case-count')).toBe(`Case 3 of ${cases().length}`);
    await page.getByRole('button', { name: 'Start the practice again' }).click();
    expect(await text('#score')).toBe('Score this session: 0 of 0');
    expect(await text('#case-title')).toBe(cases()[0]!.title);
  });

  it('checking without choosing a level asks for one and puts focus on the choices', async () => {
    await fresh('/tab/practice');
    await page.getByRole('button', { name: 'Check my answer' }).click();
    expect(await page.locator('#answer-error').isVisible()).toBe(true);
    expect(await focused(page)).toBe('Level 1: Universal services');
  });

  it('after every case the learner sees the final score', async () => {
    await fresh('/tab/practice?locality=leicester');
    for (const s of pack('leicester').scenarios) {
      expect(await text('#case-title')).toBe(s.title);
      await page.locator(`#choice-${s.expectedLevel}`).check();
      await page.getByRole('button', { name: 'Check my answer' }).click();
      await page.locator('#feedback:not([hidden])').waitFor();
      await page.getByRole('button', { name: 'Next case' }).click();
    }
    const n = pack('leicester').scenarios.length;
    expect(await focused(page)).toBe('You have answered every case');
    expect(await text('#finished-summary')).toMatch(new RegExp(`You scored ${n} out of ${n}`));
  });
});

describe('text is shown as text', () => {
  let hostile: TabHarness;
  let knowledgeDir: string;
  beforeAll(async () => {
    // A pack whose wording contains markup, as a careless edit or a pasted document might.
    knowledgeDir = mkdtempSync(join(tmpdir(), 'knowledge-markup-'));
    cpSync(KNOWLEDGE_DIR, knowledgeDir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const file = join(knowledgeDir, 'localities/bathnes/guidance.json');
    const passages = JSON.parse(readFileSync(file, 'utf8'));
    passages[0].title = 'Consent <img src=x onerror="window.__injected=1">';
    writeFileSync(file, JSON.stringify(passages, null, 2));
    hostile = await startTabHarness({ KNOWLEDGE_DIR: knowledgeDir });
  });
  afterAll(async () => {
    await hostile?.stop();
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  it('markup in a pack’s text appears literally and never runs', async () => {
    const context = await hostile.browser.newContext();
    const p = await context.newPage();
    await openTabPage(p, `${hostile.service.url}/tab/guidance`);
    const titles = await p.locator('#results h2').allInnerTexts();
    expect(titles).toContain('Consent <img src=x onerror="window.__injected=1">');
    expect(await p.locator('#results img').count()).toBe(0);
    expect(await p.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    await context.close();
  });
});
