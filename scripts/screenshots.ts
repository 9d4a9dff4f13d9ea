// `npm run screenshots`: regenerates the README's screenshots in docs/screenshots/ from the real
// service and Debian's chromium: each tab page in a state that shows what it is for.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../test/helpers/paths.ts';
import { openTabPage, startTabHarness, whenLoaded } from '../test/helpers/tab.ts';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const SHOTS: { file: string; path: string; colorScheme?: 'light' | 'dark'; prepare?: (page: Page) => Promise<void> }[] = [
  { file: 'levels.png', path: '/tab/levels#level-3' },
  {
    file: 'directory.png',
    path: '/tab/directory',
    prepare: async (page) => {
      await page.getByLabel('What kind of help are you looking for?').fill('parenting course for a 3 year old');
      await page.getByRole('button', { name: 'Search' }).click();
      await whenLoaded(page);
    },
  },
  {
    file: 'guidance.png',
    path: '/tab/guidance?locality=leicester',
    prepare: async (page) => {
      await page.getByRole('searchbox', { name: 'Search the guidance' }).fill('consent');
      await page.getByRole('button', { name: 'Search' }).click();
      await whenLoaded(page);
    },
  },
  {
    file: 'practice.png',
    path: '/tab/practice?locality=leicester',
    prepare: async (page) => {
      // Two cases answered right, then the third (three needs in one family) answered level 2.
      for (const [level, next] of [[1, true], [2, true], [2, false]] as const) {
        await page.locator(`#choice-${level}`).check();
        await page.getByRole('button', { name: 'Check my answer' }).click();
        await page.locator('#feedback:not([hidden])').waitFor();
        if (next) await page.getByRole('button', { name: 'Next case' }).click();
      }
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
  { file: 'about.png', path: '/tab/about' },
  { file: 'levels-dark.png', path: '/tab/levels?theme=dark#level-4', colorScheme: 'dark' },
];

const h = await startTabHarness();
try {
  mkdirSync(OUT, { recursive: true });
  for (const shot of SHOTS) {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 860 }, colorScheme: shot.colorScheme ?? 'light' });
    const page = await context.newPage();
    await openTabPage(page, `${h.service.url}${shot.path}`);
    await shot.prepare?.(page);
    await page.screenshot({ path: join(OUT, shot.file) });
    await context.close();
    console.log(`Wrote docs/screenshots/${shot.file}`);
  }
} finally {
  await h.stop();
}
