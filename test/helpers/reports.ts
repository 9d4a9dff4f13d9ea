// The board reports in tests and screenshots: signing in on the page with the duty token, and a
// year of invented figures written through the real recorders (for pictures of a page with
// something on it; the tests that check figures make their own, one event at a time).
import type { DatabaseSync } from 'node:sqlite';
import type { Page } from 'playwright-core';
import { OUTCOMES } from '../../bot/handoff/store.ts';
import { createEventRecorder, type Role } from '../../bot/reports/events.ts';
import { HandoffCounts } from '../../bot/reports/handoffs.ts';
import { whenLoaded } from './tab.ts';

/** Signs in on an open /reports page and waits for the figures. */
export async function signInToReports(page: Page, token: string, name = 'Board Member'): Promise<void> {
  await page.getByLabel('Duty token').fill(token);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#report:not([hidden])').waitFor();
  await whenLoaded(page);
}

const ROUTES = {
  bathnes: ['universal', 'direct-referral', 'caf', 'request-for-service'],
  leicester: ['universal', 'single-agency', 'eha', 'duty-and-advice'],
} as const;
const ROLE_MIX: (Role | undefined)[] = ['teacher', 'teacher', 'designated-safeguarding-lead', 'gp', 'health-visitor', 'school-nurse', undefined, 'early-years', 'teacher', 'youth-worker'];
const CHANNELS = ['msteams', 'msteams', 'msteams', 'webchat', 'api'];

/** Twelve months of invented figures ending with the month of `until`, the same on every run. */
export function seedInventedFigures(db: DatabaseSync, until: Date): void {
  let at = until;
  const events = createEventRecorder(db, () => at);
  const handoffs = new HandoffCounts(db);
  for (let back = 11; back >= 0; back--) {
    at = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - back, 12, 10));
    const season = 1 + ((11 - back) % 4) / 4;
    for (const [locality, routes] of Object.entries(ROUTES)) {
      const perLevel = [9, 24, 17, 8].map((n) => Math.round(n * season * (locality === 'leicester' ? 1.3 : 1)));
      perLevel.forEach((n, i) => {
        for (let k = 0; k < n; k++) {
          events.recordOutcome({ locality, level: (i + 1) as 1 | 2 | 3 | 4, route: routes[i]!, role: ROLE_MIX[(k + i) % ROLE_MIX.length], channel: CHANNELS[k % CHANNELS.length]! });
        }
      });
      for (let k = 0; k < Math.round(3 * season); k++) events.recordDirectoryMiss({ locality });
      const made = perLevel[3]!;
      for (let k = 0; k < made; k++) {
        const h = { createdAt: at.toISOString(), locality };
        handoffs.made(h);
        if (back === 0 && k % 3 === 0) continue; // this month's: some still waiting
        handoffs.acknowledged(h, new Date(at.getTime() + [20, 45, 90, 300, 30][k % 5]! * 60_000));
        if (back > 0 || k % 2 === 0) handoffs.outcome(h, OUTCOMES[k % 4 === 3 ? 2 : k % 2]!);
      }
    }
    events.recordDirectoryMiss({});
  }
}
