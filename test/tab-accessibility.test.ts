// Every tab page, in a real browser (Debian's chromium), passes axe-core with no serious or
// critical violation in light, dark and Teams' dark and high-contrast themes, in its first state
// and once it shows its answers; and it can be used from the keyboard alone, in a sensible order.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, openTabPage, saveScreenshot, seriousViolations, startTabHarness, TAB_PAGES, tabStops, type TabHarness, THEMES, whenLoaded } from './helpers/tab.ts';

let h: TabHarness;
beforeAll(async () => {
  h = await startTabHarness();
});
afterAll(() => h?.stop());

async function withPage<T>(colorScheme: 'light' | 'dark', fn: (page: Page) => Promise<T>): Promise<T> {
  const context: BrowserContext = await h.browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 } });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

describe('no serious or critical accessibility violations', () => {
  it('the check itself finds a control with no label, so a pass means something', async () => {
    await withPage('light', async (page) => {
      await page.setContent('<!doctype html><html lang="en"><title>t</title><main><input type="text"></main></html>');
      expect((await seriousViolations(page)).join('\n')).toMatch(/critical label/);
    });
  });

  for (const theme of THEMES) {
    describe(`${theme.name} theme`, () => {
      it.each(TAB_PAGES)('%s page', async (name) => {
        await withPage(theme.colorScheme, async (page) => {
          await openTabPage(page, `${h.service.url}/tab/${name}${theme.query}`);
          expect(await seriousViolations(page)).toEqual([]);
          await saveScreenshot(page, `${name}-${theme.name}`);
        });
      });

      it('the levels explorer at level 4, with its indicators and related ones', async () => {
        await withPage(theme.colorScheme, async (page) => {
          await openTabPage(page, `${h.service.url}/tab/levels${theme.query}#level-4`);
          await page.getByRole('heading', { level: 2, name: /Level 4/ }).waitFor();
          expect(await page.getByText('Possible harm').count()).toBeGreaterThan(3);
          expect(await seriousViolations(page)).toEqual([]);
          await saveScreenshot(page, `levels-level-4-${theme.name}`);
        });
      });

      it('the directory with a search done and a problem report open', async () => {
        await withPage(theme.colorScheme, async (page) => {
          await openTabPage(page, `${h.service.url}/tab/directory${theme.query}`);
          await page.getByLabel('What kind of help are you looking for?').fill('parenting course');
          await page.getByRole('button', { name: 'Search' }).click();
          await whenLoaded(page);
          await page.getByRole('button', { name: 'Report a problem with this entry' }).first().click();
          await page.getByRole('group', { name: 'What is wrong with this entry?' }).waitFor();
          expect(await seriousViolations(page)).toEqual([]);
          await saveScreenshot(page, `directory-report-${theme.name}`);
        });
      });

      it('practice with the answer shown', async () => {
        await withPage(theme.colorScheme, async (page) => {
          await openTabPage(page, `${h.service.url}/tab/practice${theme.query}`);
          await page.getByRole('radio').nth(2).check();
          await page.getByRole('button', { name: 'Check my answer' }).click();
          await page.locator('#feedback:not([hidden])').waitFor();
          expect(await seriousViolations(page)).toEqual([]);
          await saveScreenshot(page, `practice-feedback-${theme.name}`);
        });
      });
    });
  }
});

describe('keyboard alone', () => {
  const HEADER = ['Skip to main content', 'Early help guide', 'Levels', 'Services', 'Guidance', 'Practice', 'About', 'Area'];
  const PAGE_STOPS: Record<(typeof TAB_PAGES)[number], string[]> = {
    levels: ['Level 1 Universal services', 'Level 2 Early Help Targeted Support', 'Level 3 Common Assessment Framework (CAF) and Team Around the Child', 'Level 4 Request for Service from Social Care', 'Show indicators for'],
    directory: ['What kind of help are you looking for?', "Child's age in years", 'Level of need', 'Kind of need', 'How it is delivered', 'Free services only', 'Search'],
    guidance: ['Search the guidance', 'Search'],
    practice: ['Level 1: Universal services', 'Check my answer', 'Start the practice again'],
    about: ['About, privacy and terms'],
  };

  it.each(TAB_PAGES)('%s: Tab goes through the header, then the page’s controls, in reading order', async (name) => {
    await withPage('light', async (page) => {
      await openTabPage(page, `${h.service.url}/tab/${name}`);
      const expected = [...HEADER, ...PAGE_STOPS[name]];
      expect(await tabStops(page, expected.length)).toEqual(expected);
    });
  });

  it.each(TAB_PAGES)('%s: the skip link takes focus straight to the main content', async (name) => {
    await withPage('light', async (page) => {
      await openTabPage(page, `${h.service.url}/tab/${name}`);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('Skip to main content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    });
  });

  it('every focusable control shows a visible focus outline', async () => {
    await withPage('light', async (page) => {
      for (const name of TAB_PAGES) {
        await openTabPage(page, `${h.service.url}/tab/${name}`);
        for (let i = 0; i < 12; i++) {
          await page.keyboard.press('Tab');
          const outline = await page.evaluate(() => {
            const a = document.activeElement as HTMLElement;
            const style = getComputedStyle(a);
            return { tag: a.tagName, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
          });
          if (outline.tag === 'BODY') break;
          expect(outline.style, `${name} stop ${i} (${outline.tag})`).not.toBe('none');
          expect(outline.width).toBeGreaterThanOrEqual(2);
        }
      }
    });
  });

  it('the area can be changed from the keyboard, and the page follows it', async () => {
    await withPage('light', async (page) => {
      await openTabPage(page, `${h.service.url}/tab/levels`);
      await page.getByLabel('Area').focus();
      await page.keyboard.press('ArrowDown');
      await whenLoaded(page);
      await expect.poll(() => page.locator('h1').innerText()).toBe('Levels of need in Leicester');
      expect(await page.getByRole('button', { name: /Single agency response/ }).count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('locality')).toBe('leicester');
    });
  });
});
