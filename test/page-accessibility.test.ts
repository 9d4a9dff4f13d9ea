// The duty page and the web chat page in Debian's chromium: axe-core finds no serious or critical
// violation on the duty page signed out, with its list of handoffs and with one open, nor on the
// web chat page at its welcome, with a harm alert card and with a level 4 outcome card. Both pages have one (light) colour
// scheme, so they are checked in a browser that prefers light and in one that prefers dark. The
// tab's pages (tab-accessibility.test.ts) and the board reports (reports-page.browser.test.ts)
// are checked in their own suites, in every theme they have.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitHandoff } from './helpers/handoff.ts';
import { saveScreenshot, seriousViolations, startTabHarness, type TabHarness } from './helpers/tab.ts';

const TOKEN = 'duty-token-for-the-accessibility-test-0123';
let h: TabHarness;

beforeAll(async () => {
  h = await startTabHarness({ DUTY_TOKEN: TOKEN });
  (await submitHandoff(h.service.handoff.store, 'a11y', { overrides: { concern: 'Bruise on his cheek' } }));
});
afterAll(() => h?.stop());

async function withPage(colorScheme: 'light' | 'dark', fn: (page: Page) => Promise<void>): Promise<void> {
  const context = await h.browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 } });
  try {
    await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`no serious or critical accessibility violations (browser preferring ${colorScheme})`, () => {
    it('the duty page: signed out, the list of handoffs, and one handoff open with its outcome form', async () => {
      await withPage(colorScheme, async (page) => {
        await page.goto(`${h.service.url}/duty`);
        await page.getByLabel('Duty token').waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByLabel('Duty token').fill(TOKEN);
        await page.getByLabel('Your name').fill('Alex Duty');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('#list tbody a').first().waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await page.locator('#list tbody a').first().click();
        await page.locator('.handoff-summary').waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await saveScreenshot(page, `duty-handoff-${colorScheme}`);
      });
    });

    it('the web chat page: its welcome, a harm alert with the duty numbers, and the level 4 outcome', async () => {
      await withPage(colorScheme, async (page) => {
        await page.goto(`${h.service.url}/`);
        await page.getByText('help people who work with children').first().waitFor({ timeout: 15_000 });
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByRole('textbox', { name: /message/i }).first().fill('she told me her step-dad hits her');
        await page.keyboard.press('Enter');
        await page.locator('.ac-adaptiveCard').filter({ hasText: 'Talk to the duty team now' }).last().waitFor({ timeout: 10_000 });
        expect(await seriousViolations(page)).toEqual([]);
        await saveScreenshot(page, `webchat-harm-alert-${colorScheme}`);
        await page.getByRole('textbox', { name: /message/i }).first().fill('outcome');
        await page.keyboard.press('Enter');
        await page.locator('.ac-adaptiveCard').filter({ hasText: 'Review my answers' }).last().waitFor({ timeout: 10_000 });
        expect(await seriousViolations(page)).toEqual([]);
        await saveScreenshot(page, `webchat-outcome-level-4-${colorScheme}`);
      });
    });
  });
}
