// Starting the real service and a real browser for the tab's page tests, and the checks they
// share: axe-core's serious and critical violations, where keyboard focus goes, and screenshots
// kept as test artefacts under test-artifacts/ (gitignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { launchBrowser } from './browser.ts';
import { REPO_ROOT } from './paths.ts';

export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts', 'tab');
export const TAB_PAGES = ['levels', 'directory', 'guidance', 'practice', 'about'] as const;
/** The browser's light and dark, and Teams' dark and high-contrast themes (from the tab's URL). */
export const THEMES = [
  { name: 'light', colorScheme: 'light', query: '' },
  { name: 'dark', colorScheme: 'dark', query: '' },
  { name: 'teams-dark', colorScheme: 'light', query: '?theme=dark' },
  { name: 'teams-contrast', colorScheme: 'light', query: '?theme=contrast' },
] as const;
export type TabPage = (typeof TAB_PAGES)[number];

export interface TabHarness {
  service: RunningService;
  browser: Browser;
  dataDir: string;
  /** Every log line the service wrote, to check nothing a user typed reaches the logs. */
  logLines: string[];
  stop(): Promise<void>;
}

export async function startTabHarness(env: Record<string, string> = {}): Promise<TabHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tab-'));
  const logLines: string[] = [];
  const service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, ...env }), { log: createLogger('debug', (l) => logLines.push(l)) });
  const browser = await launchBrowser();
  return {
    service,
    browser,
    dataDir,
    logLines,
    async stop() {
      await browser.close();
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Serious and critical axe-core findings against WCAG 2.2 A and AA, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** What has keyboard focus, described as a person would name it: its accessible name, or role. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return '(nothing)';
    const labelled = a.getAttribute('aria-labelledby');
    const label =
      a.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      (a.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null) ??
      a.innerText ??
      a.textContent;
    return (label ?? a.tagName).replace(/\s+/g, ' ').trim();
  });
}

/** The names of the next `count` focus stops when pressing Tab. */
export async function tabStops(page: Page, count: number): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
  }
  return stops;
}

/** Waits until the page's content has arrived from the API (the page clears aria-busy). */
export async function whenLoaded(page: Page): Promise<void> {
  await page.waitForSelector('main[aria-busy="false"]');
}

/** Opens a tab page and waits until its content has arrived. */
export async function openTabPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await whenLoaded(page);
}
