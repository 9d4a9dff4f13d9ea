// The duty page in a real browser (Debian's chromium): sign in with the duty token, open the
// newest handoff, acknowledge it, record the outcome, and see the status change.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { startService, type RunningService } from '../bot/service.ts';
import { launchBrowser } from './helpers/browser.ts';
import { submitHandoff } from './helpers/handoff.ts';
import { REPO_ROOT } from './helpers/paths.ts';
import { routedContext, seenByTeams, sendFromTeams, TAB_HOST, TEAMS } from './helpers/teams-host.ts';

const TOKEN = 'duty-token-for-the-browser-test-0123456789';
let service: RunningService;
let browser: Browser;
let dir: string;
let reference: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duty-browser-'));
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dir, DUTY_TOKEN: TOKEN }), { log: createLogger('silent') });
  reference = (await submitHandoff(service.handoff.store, 'k', { overrides: { concern: 'Bruise on his cheek <b>not bold</b>' } }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the duty page in a browser', () => {
  it('refuses a wrong token, then signs in, opens a handoff, acknowledges it and records the outcome', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/duty`);
    await page.getByLabel('Duty token').fill('wrong-token-wrong-token-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/not accepted/);

    await page.getByLabel('Duty token').fill(TOKEN);
    await page.getByLabel('Your name').fill('Alex Duty');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    expect(await page.locator('#list tbody tr').first().textContent()).toContain('New');

    await page.getByRole('link', { name: reference }).click();
    await page.locator('.handoff-summary').waitFor();
    // The practitioner's markup is shown as text, not rendered.
    expect(await page.locator('.handoff-summary b').count()).toBe(0);
    expect(await page.locator('.handoff-summary').textContent()).toContain('<b>not bold</b>');
    expect(await page.getByLabel('Plain text, to paste into CPOMS, MyConcern or an email').inputValue()).toContain(`DUTY HANDOFF ${reference}`);

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Acknowledged by Alex Duty/);

    await page.getByLabel('Outcome', { exact: true }).selectOption('accepted-for-assessment');
    await page.getByLabel('Note for the record and the referrer (optional)').fill('Allocated to a social worker');
    await page.getByRole('button', { name: 'Save outcome' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Outcome: Accepted for assessment, recorded by Alex Duty/);
    expect(await page.locator('#outcome-form').isHidden()).toBe(true);
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'duty-page.png'), fullPage: true });

    await page.getByRole('button', { name: 'Back to all handoffs' }).click();
    await expect.poll(() => page.locator('#list tbody tr').first().textContent()).toContain('Outcome recorded');
    expect((await service.handoff.store.get(reference))).toMatchObject({ status: 'outcome-recorded', outcome: { value: 'accepted-for-assessment', by: 'Alex Duty (duty token)' } });
    expect((await service.handoff.audit.entries({ reference })).map((e) => e.action)).toEqual(expect.arrayContaining(['view-handoff', 'acknowledge', 'record-outcome']));
  });

  it('with Entra ID sign-in, outside Teams the page says to open it as a Teams tab and offers no token form', async () => {
    const d = mkdtempSync(join(tmpdir(), 'duty-entra-'));
    const entra = await startService(loadConfig({ PORT: '0', DATA_DIR: d, DUTY_AUTH: 'entra', ENTRA_TENANT_ID: 'tenant-1', ENTRA_AUDIENCE: 'api://duty' }), { log: createLogger('silent') });
    try {
      const page = await browser.newPage();
      await page.goto(`${entra.url}/duty`);
      await expect.poll(() => page.locator('#sso-status').textContent(), { timeout: 15_000 }).toMatch(/Open the duty page as a tab in Microsoft Teams/);
      expect(await page.locator('#login-form').isHidden()).toBe(true);
      const r = await fetch(`${entra.url}/api/duty/handoffs`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(401);
    } finally {
      await entra.stop();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('added as a tab to the duty team’s channel, the set-up page tells Teams to open the duty page', async () => {
    // Teams frames the set-up page, answers teams-js, presses Save and records what it is told.
    const context = await routedContext(browser, service.url, {
      page: '/duty/configure',
      replies: { initialize: ['settings', 'web', '2.0.0', '2.0.0'], 'settings.setSettings': [true] },
    });
    const page = await context.newPage();
    await page.goto(`${TEAMS}/`);
    const seen = () => seenByTeams(page);
    await page.frameLocator('#tab').getByText('Select Save to add the duty handoffs').waitFor({ timeout: 10_000 });
    expect((await seen()).find((m) => m.func === 'settings.setValidityState')?.args).toEqual([true]);
    await sendFromTeams(page, 'settings.save', [{}]);
    await expect.poll(async () => (await seen()).map((m) => m.func)).toContain('settings.save.success');
    expect((await seen()).find((m) => m.func === 'settings.setSettings')?.args).toEqual([
      expect.objectContaining({ entityId: 'duty-handoffs', contentUrl: `${TAB_HOST}/duty`, websiteUrl: `${TAB_HOST}/duty`, suggestedDisplayName: 'Duty handoffs' }),
    ]);
    await context.close();
  });
});
