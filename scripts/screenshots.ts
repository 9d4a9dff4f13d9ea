// `npm run screenshots`: regenerates the README's screenshots in docs/screenshots/ from the real
// service and Debian's chromium: each page in a state that shows what it is for. The board
// reports are shown with a year of invented figures; the duty page with an invented handoff.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../bot/storage/sqlite.ts';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../test/helpers/paths.ts';
import { submitHandoff } from '../test/helpers/handoff.ts';
import { seedInventedFigures, signInToReports } from '../test/helpers/reports.ts';
import { openTabPage, startTabHarness, whenLoaded } from '../test/helpers/tab.ts';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const TOKEN = 'screenshot-duty-token-0123456789';

interface Shot {
  file: string;
  path: string;
  colorScheme?: 'light' | 'dark';
  /** Taller than the usual 860 pixels, for a page whose point is further down. */
  height?: number;
  /** Pages outside the tab do not mark themselves loaded; they say when they are ready here. */
  standalone?: true;
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
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
  {
    file: 'reports.png',
    path: '/reports',
    height: 1480,
    prepare: (page) => signInToReports(page, TOKEN, 'Sam Board'),
  },
  {
    file: 'reports-tables.png',
    path: '/reports?locality=leicester',
    prepare: async (page) => {
      await signInToReports(page, TOKEN, 'Sam Board');
      await page.evaluate(() => document.getElementById('table-outcomes-by-route')!.scrollIntoView());
    },
  },
  {
    file: 'duty.png',
    path: '/duty',
    standalone: true,
    prepare: async (page) => {
      await page.getByLabel('Duty token').fill(TOKEN);
      await page.getByLabel('Your name').fill('Alex Duty');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#list tbody a').first().click();
      await page.locator('.handoff-summary').waitFor();
    },
  },
  {
    file: 'webchat.png',
    path: '/',
    standalone: true,
    prepare: async (page) => {
      await page.getByText('help people who work with children').first().waitFor({ timeout: 15_000 });
      const box = page.getByRole('textbox', { name: /message/i }).first();
      await box.fill('she told me her step-dad hits her');
      await page.keyboard.press('Enter');
      await page.locator('.ac-adaptiveCard').filter({ hasText: 'Talk to the duty team now' }).last().waitFor({ timeout: 10_000 });
      await page.locator('.webchat__connectivityStatus').waitFor({ state: 'hidden', timeout: 10_000 });
    },
  },
];

const h = await startTabHarness({ DUTY_TOKEN: TOKEN });
try {
  const db = openSqlite({ dataDir: h.dataDir });
  seedInventedFigures(db, new Date());
  await db.close();
  await submitHandoff(h.service.handoff.store, 'screenshot');
  mkdirSync(OUT, { recursive: true });
  for (const shot of SHOTS) {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: shot.height ?? 860 }, colorScheme: shot.colorScheme ?? 'light' });
    const page = await context.newPage();
    if (shot.standalone) await page.goto(`${h.service.url}${shot.path}`);
    else await openTabPage(page, `${h.service.url}${shot.path}`);
    await shot.prepare?.(page);
    await page.screenshot({ path: join(OUT, shot.file) });
    await context.close();
    console.log(`Wrote docs/screenshots/${shot.file}`);
  }
} finally {
  await h.stop();
}
