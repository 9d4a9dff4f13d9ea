// Designating the duty channel in a real browser (Debian's chromium): a duty team member signed in
// on the duty page opens Duty channel, sees the team Teams said the app was installed in (an
// authenticated install, through the real adapter with an app id), chooses it, and the page says
// who chose it; the audit log has the same. axe-core finds no serious or critical violation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { startService, type RunningService } from '../bot/service.ts';
import { botClient } from './helpers/bot-client.ts';
import { startFakeBotFramework, type FakeBotFramework } from './helpers/bot-framework.ts';
import { launchBrowser } from './helpers/browser.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';
import { seriousViolations } from './helpers/tab.ts';

const TOKEN = 'duty-token-for-the-channel-browser-test-01';
const TEAM = '19:duty-general@thread.tacv2';
let service: RunningService;
let browser: Browser;
let bf: FakeBotFramework;
let connector: FakeConnector;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duty-channel-browser-'));
  bf = await startFakeBotFramework();
  connector = await startFakeConnector();
  service = await startService(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, DUTY_TOKEN: TOKEN, ...bf.env }), { log: createLogger('silent') });
  const installer = botClient(service.url, { channelId: 'msteams', serviceUrl: connector.url, conversationId: TEAM, token: (url) => bf.token(url) });
  const r = await installer.send({ type: 'installationUpdate', action: 'add', channelData: { team: { id: TEAM, aadGroupId: 'g-1', name: 'Children’s duty team' }, tenant: { id: 't-1' } } } as never);
  expect(r.status).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await connector?.close();
  await bf?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the duty channel page', () => {
  it('signed in, a duty team member chooses the installed team as the duty channel', async () => {
    // axe-core needs a page made in its own context.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${service.url}/duty/channel`);
    await expect.poll(() => page.locator('#signed-out').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${service.url}/duty`);
    await page.getByLabel('Duty token').fill(TOKEN);
    await page.getByLabel('Your name').fill('Morgan Lead');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Duty channel' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/No duty channel has been chosen yet/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel(/Children’s duty team/).check();
    await page.getByRole('button', { name: 'Make this the duty channel' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/Summaries are posted to Children’s duty team .*chosen by token:\w+ \(Morgan Lead/);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await service.handoff.channels.current())).toMatchObject({ conversationId: TEAM, source: 'designated' });
    expect((await service.handoff.audit.entries({ action: 'duty-channel-designated' }))[0]).toMatchObject({ detail: { conversationId: TEAM, teamId: 'g-1' } });
    await context.close();
  });
});
