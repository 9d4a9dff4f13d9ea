// The web chat page at `/` in Debian's chromium: Web Chat from the installed package, our
// same-origin Direct Line stand-in posting to /api/messages with expectReplies. A practitioner
// types a concern, answers by clicking and by keyboard, and sees the outcome card.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { type RunningService, startService } from '../bot/service.ts';
import { launchBrowser } from './helpers/browser.ts';
import { REPO_ROOT } from './helpers/paths.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
let service: RunningService;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'webchat-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { log: createLogger('silent') });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openChat(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.name}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${service.url}/`);
  await page.getByText('help people who work with children').first().waitFor({ timeout: 15_000 });
  return { page, problems };
}

async function send(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: /message/i }).first();
  await box.focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('the web chat page', () => {
  it('serves Web Chat from this origin only, with a content security policy', async () => {
    const res = await fetch(`${service.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect((await fetch(`${service.url}/chat/webchat.js`)).status).toBe(200);
  });

  it('takes a concern typed by keyboard to the outcome card', async () => {
    const { page, problems } = await openChat();
    await send(page, '8 year old keeps coming in hungry and unwashed');
    await page.getByRole('button', { name: 'Yes, that is right' }).last().click();
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(300);
      if (await page.getByText('Review my answers').count()) break;
      const last = (await page.locator('.ac-adaptiveCard').last().innerText()).toLowerCase();
      await send(page, last.includes('consent') ? 'consent given' : 'no');
    }
    const outcome = page.locator('.ac-adaptiveCard').filter({ hasText: 'Review my answers' }).last();
    await outcome.waitFor({ timeout: 10_000 });
    const text = await outcome.innerText();
    expect(text).toMatch(/Level 2: Early Help Targeted Support|Level 3: Common Assessment Framework/);
    expect(text).toMatch(/Source: .+\.txt/);
    expect(text).toContain('Who to contact');
    await page.screenshot({ path: join(ARTIFACTS, 'webchat-outcome.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('answers a disclosure with the duty numbers, and a question can be answered by clicking', async () => {
    const { page } = await openChat();
    await send(page, 'she told me her step-dad hits her');
    const alert = page.locator('.ac-adaptiveCard').filter({ hasText: 'Talk to the duty team now' }).last();
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toContain('01225 396312 or 01225 396313');
    await page.getByRole('button', { name: 'Yes, that is right' }).last().click();
    const question = page.locator('.ac-adaptiveCard').filter({ hasText: 'immediate danger right now' }).last();
    await question.waitFor();
    await question.getByRole('radio', { name: 'No', exact: true }).check();
    await question.getByRole('button', { name: 'Next' }).click();
    await page.locator('.ac-adaptiveCard').filter({ hasText: 'Do you think the child' }).last().waitFor();
    await page.close();
  });

  it('shows what a practitioner typed as text, never as markup', async () => {
    const { page } = await openChat();
    await send(page, '<img src=x onerror="window.__injected=1"> <b>bold</b> he has been excluded from school');
    await page.getByText('It sounds like').last().waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    expect(await page.locator('#webchat img[src="x"]').count()).toBe(0);
    expect(await page.locator('#webchat b', { hasText: 'bold' }).count()).toBe(0);
    await page.close();
  });
});
