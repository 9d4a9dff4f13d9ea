// The web chat page at `/` in Debian's chromium: Web Chat from the installed package, our
// same-origin Direct Line stand-in posting to /api/messages with expectReplies. A practitioner
// types a concern, answers by clicking and by keyboard, and sees the outcome card; a harm concern
// goes on to the duty summary, its reference, and the duty page.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { QUESTIONS } from '../bot/handoff/questions.ts';
import { type RunningService, startService } from '../bot/service.ts';
import { launchBrowser } from './helpers/browser.ts';
import { TYPED_ANSWERS } from './helpers/handoff.ts';
import { REPO_ROOT } from './helpers/paths.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const TOKEN = 'duty-token-for-the-web-chat-test-0123456789';
let service: RunningService;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'webchat-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, DUTY_TOKEN: TOKEN }), { log: createLogger('silent') });
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

/** The newest card, once there are more than `seen` on the page. */
async function cardAfter(page: Page, seen: number) {
  const cards = page.locator('.ac-adaptiveCard');
  await expect.poll(() => cards.count(), { timeout: 10_000 }).toBeGreaterThan(seen);
  return cards.last();
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
    expect(text).toMatch(/Source: [^\n]+, section “/);
    expect(text).not.toMatch(/\.txt/);
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

  it('walks a harm concern to the duty summary and its reference, and the summary waits on the duty page', async () => {
    const { page, problems } = await openChat();
    const cards = page.locator('.ac-adaptiveCard');
    await send(page, 'she told me her step-dad hits her');
    await cards.filter({ hasText: 'Talk to the duty team now' }).last().waitFor({ timeout: 10_000 });
    let seen = await cards.count();
    await page.getByRole('button', { name: 'Prepare the duty summary' }).last().click();
    const asked: string[] = [];
    let card = await cardAfter(page, seen);
    for (let i = 0; i < 30 && !(await card.innerText()).includes('Check your answers before sending'); i++) {
      // Web Chat's markdown turns straight quotes into curly ones.
      const text = (await card.innerText()).replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
      const question = QUESTIONS.find((q) => text.includes(q.text));
      expect(question, text).toBeDefined();
      asked.push(question!.id);
      seen = await cards.count();
      await send(page, TYPED_ANSWERS[question!.id]!);
      card = await cardAfter(page, seen);
    }
    // What the practitioner already said is not asked again.
    expect(asked).not.toContain('concern');
    expect(asked).toContain('referrerName');
    expect(await card.innerText()).toContain('she told me her step-dad hits her');
    seen = await cards.count();
    await card.getByRole('button', { name: 'Send to the duty team' }).click();
    await cardAfter(page, seen);
    // The confirmation, then the line saying the outcome will be told here.
    const confirmed = cards.filter({ hasText: 'Your reference is' }).last();
    const reference = /Your reference is (HX-[0-9A-Z]{3}-[0-9A-Z]{3})/.exec(await confirmed.innerText())?.[1];
    expect(reference).toBeDefined();
    expect(await confirmed.innerText()).toContain('01225 396312');
    await page.screenshot({ path: join(ARTIFACTS, 'webchat-duty-summary.png'), fullPage: true });
    expect(problems).toEqual([]);

    // No duty channel is set up here: the summary waits on the duty page.
    await page.goto(`${service.url}/duty`);
    await page.getByLabel('Duty token').fill(TOKEN);
    await page.getByLabel('Your name').fill('Alex Duty');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: reference! }).waitFor();
    expect(await page.getByRole('link', { name: reference! }).count()).toBe(1);
    await page.close();
  });
});
