// The tab inside and outside Teams, in a real browser. Outside Teams the page is a plain web page
// at once and never loads teams-js. Framed by something that is not Teams, app.initialize() never
// answers, so the page gives up after the timeout and stays a plain page. Framed by a Teams-shaped
// host (a fake Teams web client at https://teams.microsoft.com, served by the browser's request
// routing: the edge we cannot reach), teams-js joins it and the page follows the Teams theme.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, seriousViolations, startTabHarness, type TabHarness } from './helpers/tab.ts';
import { routedContext, seenByTeams, sendFromTeams, TAB_HOST, TEAMS } from './helpers/teams-host.ts';

let h: TabHarness;
beforeAll(async () => {
  h = await startTabHarness();
});
afterAll(() => h?.stop());

const teamsHost = (theme: string) => ({
  page: '/tab/levels',
  replies: { initialize: ['content', 'web', '2.0.0', '2.0.0'], getContext: [{ theme, locale: 'en-gb', entityId: 'levels', frameContext: 'content', hostClientType: 'web' }] },
});

const tabFrame = (page: Page) => page.frameLocator('#tab');
const hostOf = (page: Page) => tabFrame(page).locator('html').getAttribute('data-host');
const themeOf = (page: Page) => tabFrame(page).locator('html').getAttribute('data-theme');

describe('outside Teams', () => {
  it('a page opened in a browser is a plain page at once and never loads teams-js', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${h.service.url}/tab/levels`);
    await page.waitForSelector('html[data-host="browser"]', { timeout: 1000 });
    await page.waitForSelector('main[aria-busy="false"]');
    expect(requested).not.toContain('/tab/assets/teams-js.js');
    await context.close();
  });

  it('framed by a page that is not Teams, the page shows its content and falls back after the timeout', async () => {
    const context = await routedContext(h.browser, h.service.url);
    // Only Teams, Microsoft 365 and the tab's own site may frame it: the wrapper is on its own site.
    await context.route(`${TAB_HOST}/embed`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>x</title><iframe id="tab" title="tab" src="${TAB_HOST}/tab/practice"></iframe>` }),
    );
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${TAB_HOST}/embed`);
    await tabFrame(page).locator('main[aria-busy="false"]').waitFor();
    expect(await hostOf(page)).toBeNull(); // still waiting for Teams, content already there
    await tabFrame(page).locator('html[data-host="browser"]').waitFor({ timeout: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
    await context.close();
  });

  it('another site cannot frame the tab at all', async () => {
    const context = await routedContext(h.browser, h.service.url);
    await context.route('https://intranet.example.org/', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>x</title><iframe id="tab" title="tab" src="${TAB_HOST}/tab/levels"></iframe>` }),
    );
    const page = await context.newPage();
    await page.goto('https://intranet.example.org/');
    await page.waitForTimeout(1000);
    expect(await tabFrame(page).locator('main').count()).toBe(0);
    await context.close();
  });
});

describe('inside a Teams-shaped host', () => {
  it('joins Teams, follows its dark theme, then high contrast when the user switches', async () => {
    const context = await routedContext(h.browser, h.service.url, teamsHost('dark'));
    const page = await context.newPage();
    await page.goto(`${TEAMS}/`);
    await tabFrame(page).locator('html[data-host="teams"]').waitFor({ timeout: 10_000 });
    expect((await seenByTeams(page)).map((m) => m.func)).toEqual(expect.arrayContaining(['initialize', 'getContext']));
    await expect.poll(() => themeOf(page)).toBe('dark');
    // Teams shows its own tab strip, so the page's links are hidden inside Teams.
    await expect.poll(() => tabFrame(page).getByRole('navigation', { name: 'Pages' }).isVisible()).toBe(false);
    await saveScreenshot(page, 'teams-host-dark');

    await sendFromTeams(page, 'themeChange', ['contrast']);
    await expect.poll(() => themeOf(page)).toBe('contrast');
    const background = await tabFrame(page).locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(background).toBe('rgb(0, 0, 0)');
    await saveScreenshot(page, 'teams-host-contrast');
    await context.close();
  });

  it('the page is allowed to be framed by Teams and by nothing unexpected', async () => {
    const res = await fetch(`${h.service.url}/tab/levels`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com https:\/\/\*\.teams\.microsoft\.com https:\/\/\*\.cloud\.microsoft/);
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/connect-src 'self';/);
  });

  it('in Teams’ contrast theme from its contentUrl, the first paint already uses it and passes axe', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.service.url}/tab/guidance?theme=contrast`);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('contrast');
    await page.waitForSelector('main[aria-busy="false"]');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
