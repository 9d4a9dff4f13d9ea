// Issue 13, "done when": the whole referral journey in Debian's chromium, on the page at `/`, which
// is Microsoft's Web Chat on this service's own Direct Line endpoint. A practitioner discloses,
// takes the duty summary to its reference; a signed-in duty worker records the outcome through the
// duty page's API; and the outcome arrives in the same web chat without the practitioner sending
// anything (a proactive message through the same Bot Framework path as Teams). Then the same
// concern shows the summary already sent, and "status HX-..." answers there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS } from '../bot/handoff/questions.ts';
import { launchBrowser } from './helpers/browser.ts';
import { TYPED_ANSWERS } from './helpers/handoff.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { REPO_ROOT } from './helpers/paths.ts';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const TOKEN = 'duty-token-for-the-journey-test-0123456789';
let t: TestService;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestService('journey', { DUTY_TOKEN: TOKEN });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

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

// Web Chat's markdown turns straight quotes into curly ones.
const plain = (s: string) => s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");

describe('the referral journey in the web chat', () => {
  it('goes from a disclosure to the reference, and the duty team’s outcome arrives in the same chat unasked', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.name}`));
    // Every request the page makes after it has loaded: the outcome must come without one from the user.
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/v3/directline/conversations/') && r.url().endsWith('/activities')) sent.push(r.postData() ?? '');
    });
    await page.goto(`${t.service.url}/`);
    await page.getByText('help people who work with children').first().waitFor({ timeout: 15_000 });
    const cards = page.locator('.ac-adaptiveCard');

    // The disclosure: the duty numbers in the very next reply, and the offer of the summary.
    await send(page, 'she told me her step-dad hits her');
    await cards.filter({ hasText: 'Talk to the duty team now' }).last().waitFor({ timeout: 10_000 });
    let seen = await cards.count();
    await page.getByRole('button', { name: 'Prepare the duty summary' }).last().click();

    // The summary: answer what it asks (typed), up to check your answers, then send.
    let card = await cardAfter(page, seen);
    for (let i = 0; i < 30 && !(await card.innerText()).includes('Check your answers before sending'); i++) {
      const text = plain(await card.innerText());
      const question = QUESTIONS.find((q) => text.includes(q.text));
      expect(question, text).toBeDefined();
      seen = await cards.count();
      await send(page, TYPED_ANSWERS[question!.id]!);
      card = await cardAfter(page, seen);
    }
    seen = await cards.count();
    await card.getByRole('button', { name: 'Send to the duty team' }).click();
    await cardAfter(page, seen);
    const confirmed = cards.filter({ hasText: 'Your reference is' }).last();
    await confirmed.waitFor();
    const reference = /Your reference is (HX-[0-9A-Z]{3}-[0-9A-Z]{3})/.exec(await confirmed.innerText())?.[1];
    expect(reference).toBeDefined();
    await page.getByText(new RegExp(`I will tell you here\\. To check at any time, say .status ${reference}.`)).first().waitFor({ timeout: 10_000 });

    // The duty worker, signed in, records the outcome through the duty page's API.
    const duty = { authorization: `Bearer ${TOKEN}`, 'x-duty-name': 'Alex Duty' };
    const opened = await callJson(t.service.url, 'GET', `/api/duty/handoffs/${reference}`, undefined, duty);
    expect(opened.status).toBe(200);
    expect(opened.json.text).toContain('she told me her step-dad hits her');
    const sentBefore = sent.length;
    const recorded = await callJson(t.service.url, 'POST', `/api/duty/handoffs/${reference}/outcome`, { outcome: 'accepted-for-assessment', note: 'Allocated to a social worker today' }, duty);
    expect(recorded.status).toBe(200);

    // ...and it arrives in the same web chat, with nothing sent from the page.
    const notice = page.getByText(`The duty team has recorded an outcome for the summary you sent (reference ${reference}): Accepted for assessment.`);
    await notice.first().waitFor({ timeout: 10_000 });
    await page.getByText('Their note: Allocated to a social worker today').first().waitFor();
    expect(sent.length).toBe(sentBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'webchat-outcome-received.png'), fullPage: true });

    // The same concern again: the summary already sent, with its outcome; status answers too.
    seen = await cards.count();
    await send(page, 'duty summary');
    const again = plain(await (await cardAfter(page, seen)).innerText());
    expect(again).toContain(`You have already sent the duty summary for this concern: reference ${reference}`);
    expect(again).toContain('Status: outcome recorded. Accepted for assessment');
    expect(await page.getByRole('button', { name: 'This is a new, different concern' }).count()).toBeGreaterThan(0);
    seen = await cards.count();
    await send(page, `Has the duty team looked at ${reference}?`);
    expect(plain(await (await cardAfter(page, seen)).innerText())).toContain(`Duty summary ${reference}, sent on `);
    expect((await t.service.handoff.store.list()).filter((h) => h.reference === reference)).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
