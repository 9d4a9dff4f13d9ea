// The board reports page in a real browser (Debian's chromium): signing in with the duty token,
// the chart and its tables, filters and CSV downloads, all by keyboard alone; axe-core finds no
// serious or critical violation signed out or in, in light, dark and Teams' dark and high-contrast
// themes; and a canary passed through a real consultation and handoff never reaches the page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceDatabase } from './helpers/db.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passThroughEverything, seedInventedFigures, signInToReports } from './helpers/reports.ts';
import { focused, openTabPage, saveScreenshot, seriousViolations, startTabHarness, tabStops, type TabHarness, THEMES, whenLoaded } from './helpers/tab.ts';

const TOKEN = 'duty-token-for-the-reports-page-0123456789';
const CANARY = 'Wombat-Fennel-2093';
let h: TabHarness;
let reference: string;

beforeAll(async () => {
  h = await startTabHarness({ DUTY_TOKEN: TOKEN });
  reference = await passThroughEverything(h.service.url, CANARY, TOKEN);
  const db = serviceDatabase(h.dataDir);
  seedInventedFigures(db, new Date('2026-06-15T12:00:00Z'));
  await db.close();
});
afterAll(() => h?.stop());

async function withPage<T>(fn: (page: Page, context: BrowserContext) => Promise<T>, colorScheme: 'light' | 'dark' = 'light'): Promise<T> {
  const context = await h.browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

const JUNE = '/reports?from=2025-07&to=2026-06';

describe('the board reports page', () => {
  it('refuses a wrong token and says so; the right one shows the figures, the chart and every table', async () => {
    await withPage(async (page) => {
      await openTabPage(page, `${h.service.url}${JUNE}`);
      await page.getByLabel('Duty token').fill('not-the-duty-token-at-all-0000000');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not accepted/);
      expect(await page.locator('#report').isHidden()).toBe(true);

      await signInToReports(page, TOKEN, 'Sam Board');
      await expect.poll(() => page.getByRole('status').last().textContent()).toBe('Showing July 2025 to June 2026, all areas.');
      expect(await page.getByText('Signed in as Sam Board with the duty token.').count()).toBe(1);
      const chart = page.getByRole('img', { name: /Outcomes by month, one bar chart for each level, July 2025 to June 2026/ });
      expect(await chart.count()).toBe(1);
      expect(await page.locator('svg.chart rect').count()).toBe(48);
      expect(await page.getByRole('table').count()).toBe(8);
      const june = page.getByRole('row', { name: /^June 2026/ }).first();
      expect(await june.getByRole('cell').allTextContents()).toEqual(['35', '95', '70', '30', '235']);
      await saveScreenshot(page, 'reports-signed-in');
    });
  });

  it('never shows what was typed in a consultation or a handoff, nor its reference', async () => {
    await withPage(async (page) => {
      await openTabPage(page, `${h.service.url}/reports`);
      await signInToReports(page, TOKEN);
      expect((await h.service.handoff.store.get(reference))?.outcome?.note).toContain(CANARY);
      const seen = `${await page.content()}\n${await page.locator('body').innerText()}`;
      for (const secret of [CANARY, reference, 'Oldfield', 'Allocated', 'belt']) expect(seen).not.toContain(secret);
      // The figures from that consultation and handoff are there, hidden as small numbers.
      const month = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date());
      const handoffs = page.getByRole('row', { name: new RegExp(`^${month} Bath and North East Somerset`) }).first();
      expect((await handoffs.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['Bath and North East Somerset', '<5']);
    });
  });

  it('says which filter is wrong, beside the field, and keeps the figures it had; a bad filter in the address too', async () => {
    await withPage(async (page) => {
      await openTabPage(page, `${h.service.url}${JUNE}`);
      await signInToReports(page, TOKEN);
      await page.getByLabel('From', { exact: true }).fill('2026-05');
      await page.getByLabel('To', { exact: true }).fill('2026-01');
      await page.getByRole('button', { name: 'Show figures' }).click();
      await whenLoaded(page);
      expect(await page.locator('#filter-to-error').textContent()).toBe('To: must not be before the first month (2026-05).');
      expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).toBeNull();
      expect(await page.getByRole('table').count()).toBe(8);
      await saveScreenshot(page, 'reports-filter-problem');

      // A bad filter in the address (a link, a reload): the same message, with the filters to fix it.
      await openTabPage(page, `${h.service.url}/reports?from=2026-13`);
      await expect.poll(() => page.locator('#filter-from-error').textContent()).toBe('From: must be a month written YYYY-MM, like 2026-03.');
      expect(await page.locator('#filters').isVisible()).toBe(true);
      await openTabPage(page, `${h.service.url}/reports?locality=narnia`);
      await expect.poll(() => page.locator('#report-status').textContent()).toMatch(/^Those filters could not be used: unknown locality "narnia"/);
    });
  });
});

describe('keyboard alone', () => {
  const HEADER = ['Skip to main content', 'Early help guide', 'Levels', 'Services', 'Guidance', 'Practice', 'About'];

  it('signs in, then Tab goes through sign out, the filters and each table’s CSV link in reading order, each stop visibly focused', async () => {
    await withPage(async (page) => {
      await openTabPage(page, `${h.service.url}${JUNE}`);
      expect(await tabStops(page, HEADER.length + 3)).toEqual([...HEADER, 'Duty token', 'Your name', 'Sign in']);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.type(TOKEN);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Kim Keys');
      await page.keyboard.press('Enter');
      await page.locator('#report:not([hidden])').waitFor();
      await whenLoaded(page);

      await page.locator('#main').focus();
      const stops: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const stop = await focused(page);
        if (stop === '(nothing)') break;
        stops.push(stop);
        const outline = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement as HTMLElement);
          return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        expect(outline.style, stop).not.toBe('none');
        expect(outline.width, stop).toBeGreaterThanOrEqual(2);
      }
      // Chromium's month field takes three stops: the month, the year and its calendar button.
      expect(stops).toEqual([
        'Sign out',
        'Area',
        ...['From', 'From', 'From', 'To', 'To', 'To'],
        'Show figures',
        ...[
          'Outcomes by month and level',
          'Outcomes by area and level',
          'Outcomes by route',
          'Outcomes by role and level',
          'Outcomes by channel and level',
          'Duty handoffs and their outcomes',
          'Time to acknowledge a handoff',
          'Directory searches with no result',
        ].map((t) => `Download “${t}” as CSV`),
        'About, privacy and terms',
      ]);
    });
  });

  it('chooses an area and months from the keyboard and shows their figures', async () => {
    await withPage(async (page) => {
      await openTabPage(page, `${h.service.url}${JUNE}`);
      await signInToReports(page, TOKEN);
      await page.getByLabel('Area', { exact: true }).focus();
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel('Area', { exact: true }).inputValue()).toBe('bathnes');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('From');
      // Month, then Tab to the year, as Chromium's month field takes them.
      await page.keyboard.type('03');
      await page.keyboard.press('Tab');
      await page.keyboard.type('2026');
      await page.keyboard.press('Tab'); // the calendar button
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('To');
      await page.keyboard.type('05');
      await page.keyboard.press('Tab');
      await page.keyboard.type('2026');
      expect([await page.getByLabel('From', { exact: true }).inputValue(), await page.getByLabel('To', { exact: true }).inputValue()]).toEqual(['2026-03', '2026-05']);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('Show figures');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').last().textContent()).toBe('Showing March 2026 to May 2026, Leicester City.');
      expect(new URL(page.url()).search).toBe('?locality=leicester&from=2026-03&to=2026-05');
      expect(await page.locator('#table-outcomes-by-area').locator('..').getByRole('row').allTextContents()).toHaveLength(2);
      await saveScreenshot(page, 'reports-leicester-spring');
    });
  });

  it('downloads a table as CSV from its link with Enter: the same figures, and the export audited', async () => {
    await withPage(async (page) => {
      await openTabPage(page, `${h.service.url}${JUNE}&locality=bathnes`);
      await signInToReports(page, TOKEN, 'Kim Keys');
      await page.getByRole('link', { name: 'Download “Outcomes by role and level” as CSV' }).focus();
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toBe('early-help-outcomes-by-role-2025-07-to-2026-06-bathnes.csv');
      const csv = readFileSync((await download.path())!, 'utf8');
      const api = await fetch(`${h.service.url}/api/reports/outcomes-by-role.csv?from=2025-07&to=2026-06&locality=bathnes`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(csv).toBe(await api.text().then((t) => `\uFEFF${t}`));
      expect(csv).toContain('Teacher,');
      expect((await h.service.handoff.audit.entries({ action: 'export-reports-csv', limit: 2 })).map((e) => e.detail)).toContainEqual(
        expect.objectContaining({ name: 'Kim Keys (duty token)', table: 'outcomes-by-role', locality: 'bathnes' }),
      );
      await expect.poll(() => page.getByRole('status').last().textContent()).toBe('Downloaded early-help-outcomes-by-role-2025-07-to-2026-06-bathnes.csv.');
    });
  });
});

describe('no serious or critical accessibility violations', () => {
  for (const theme of THEMES) {
    it(`${theme.name}: signed out, and signed in with the chart and tables`, async () => {
      await withPage(async (page) => {
        await openTabPage(page, `${h.service.url}${JUNE}${theme.query.replace('?', '&')}`);
        expect(await seriousViolations(page)).toEqual([]);
        await saveScreenshot(page, `reports-signed-out-${theme.name}`);
        await signInToReports(page, TOKEN);
        expect(await seriousViolations(page)).toEqual([]);
        await saveScreenshot(page, `reports-${theme.name}`);
      }, theme.colorScheme);
    });
  }
});
