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
let duty: RunningService['dutyEvents'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duty-browser-'));
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dir, DUTY_TOKEN: TOKEN }), { log: createLogger('silent') });
  duty = service.dutyEvents;
  reference = await submitHandoff(service.handoff.store, 'k', { overrides: { concern: 'Bruise on his cheek <b>not bold</b>' } });
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
    await expect.poll(() => page.locator('#handled tbody tr').first().textContent()).toContain('Outcome recorded');
    expect(await service.handoff.store.get(reference)).toMatchObject({ status: 'outcome-recorded', outcome: { value: 'accepted-for-assessment', by: 'Alex Duty (duty token)' } });
    expect((await service.handoff.audit.entries({ reference })).map((e) => e.action)).toEqual(expect.arrayContaining(['view-handoff', 'acknowledge', 'record-outcome']));
  });

  it('shows a new handoff without a reload: flagged at the top when the child may be in danger, with a visible cue and an announcement', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/duty`);
    await page.getByLabel('Duty token').fill(TOKEN);
    await page.getByLabel('Your name').fill('Sam Duty');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Duty handoffs' }).waitFor();
    await page.locator('#counts').filter({ hasText: 'in all' }).waitFor();
    // A mark on this page's window: a reload would lose it.
    await page.evaluate(() => ((window as any).notReloaded = true));
    let loads = 0;
    page.on('load', () => loads++);
    expect(await page.locator('#urgent').isHidden()).toBe(true);
    // Wait for the live stream to be open before the handoff arrives.
    await expect.poll(() => duty.listeners).toBeGreaterThan(0);

    const fresh = await submitHandoff(service.handoff.store, 'arrives', { overrides: { immediateDanger: 'not sure', childName: 'Amira', childAge: '4' } });
    const row = page.locator('#list tbody tr', { hasText: fresh });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('class')).toContain('fresh');
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual([fresh, 'Not sure', 'A.', '4', 'Bath and North East Somerset', 'Level 4', 'under a minute', 'New', expect.any(String)]);
    // Flagged at the top, and said aloud by a screen reader.
    expect(await page.locator('#urgent').textContent()).toContain(`${fresh}: the referrer was not sure whether the child is in immediate danger`);
    expect(await page.locator('#arrived').textContent()).toContain(`New handoff: ${fresh}, level 4, Bath and North East Somerset`);
    await expect.poll(() => page.locator('[aria-live="assertive"]').textContent()).toContain(fresh);
    expect(await page.locator('#counts').textContent()).toMatch(/2 handoffs in all: 1 not yet acknowledged/);
    expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
    expect(loads).toBe(0);
    // The child's first name is in the summary the duty worker opens, never in the list.
    expect(await page.locator('#board').textContent()).not.toContain('Amira');
    await page.close();
  });

  it('pages the acknowledged handoffs, and keeps every waiting one on each page', async () => {
    const store = service.handoff.store;
    const waiting = await submitHandoff(store, 'still-waiting');
    for (let i = 0; i < 55; i++) await store.acknowledge(await submitHandoff(store, `done-${i}`), { id: 'token:test', name: 'Test' });
    const page = await browser.newPage();
    await page.goto(`${service.url}/duty`);
    await page.getByLabel('Duty token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Page 1 of 2').waitFor();
    expect(await page.locator('#counts').textContent()).toMatch(/in all: \d+ not yet acknowledged \(all listed below\)/);
    expect(await page.locator('#list tbody tr', { hasText: waiting }).count()).toBe(1);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of 2').waitFor();
    expect(await page.locator('#list tbody tr', { hasText: waiting }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.close();
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
