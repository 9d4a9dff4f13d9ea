// The board reports in tests and screenshots: a canary passed through a real consultation and a
// real duty handoff, signing in on the page with the duty token, and a year of invented figures
// written through the real recorders (for pictures of a page with something on it; the tests that
// check figures make their own, one event at a time).
import type { Sql } from '../../bot/storage/sql.ts';
import type { Page } from 'playwright-core';
import { OUTCOMES } from '../../bot/handoff/store.ts';
import { createEventRecorder, type Role } from '../../bot/reports/events.ts';
import { HandoffCounts } from '../../bot/reports/handoffs.ts';
import { answerAll, botClient, cardStep, consultToOutcome, referenceIn, startDutySummary } from './bot-client.ts';
import { TYPED_ANSWERS } from './handoff.ts';
import { whenLoaded } from './tab.ts';

/** The duty summary's questions a practitioner answers in their own words. */
const FREE_TEXT = ['whereNow', 'setting', 'household', 'childWords', 'done', 'otherAgencies', 'consentWhyNot', 'referrerAgency', 'address'];

/**
 * Passes `canary` through everything the board's figures are made from, over the service's own
 * HTTP surface: a GP's consultation to its outcome and an empty directory search (web chat), a
 * teacher's harm concern to a stored duty handoff with the canary in every free-text answer, and
 * the duty team's acknowledgement and outcome with a note. Returns the handoff's reference.
 */
export async function passThroughEverything(baseUrl: string, canary: string, dutyToken: string): Promise<string> {
  const gp = botClient(baseUrl, { channelId: 'webchat', userName: `Dr ${canary}` });
  await consultToOutcome(gp, `I am a GP. ${canary} is 6 and keeps coming in hungry`, { 'needs-met': 'no', 'needs-clear': 'yes', agencies: 'no', 'open-case': 'none', consent: 'given' });
  await gp.say(`services ${canary}`);

  const teacher = botClient(baseUrl, { channelId: 'webchat' });
  const answers = Object.fromEntries(Object.entries(TYPED_ANSWERS).map(([k, v]) => [k, FREE_TEXT.includes(k) ? `${v} ${canary}` : v]));
  const check = await answerAll(teacher, await startDutySummary(teacher, `${canary} told me her stepdad hits her with a belt`), answers);
  if (cardStep(check).kind !== 'check') throw new Error('the duty summary did not reach check your answers');
  const reference = referenceIn(await teacher.submit({ handoff: 'submit' }));
  if (!reference) throw new Error('the duty summary was not confirmed with a reference');

  const duty = (path: string, body: unknown) =>
    fetch(`${baseUrl}/api/duty/handoffs/${reference}/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dutyToken}`, 'x-duty-name': 'Alex Duty', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  for (const res of [await duty('acknowledge', {}), await duty('outcome', { outcome: 'accepted-for-assessment', note: `Allocated, ${canary}` })]) {
    if (res.status !== 200) throw new Error(`the duty page answered ${res.status}`);
  }
  return reference;
}

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
/** The writes are queued in order; anything read through `db` afterwards sees them all. */
export function seedInventedFigures(db: Sql, until: Date): void {
  let at = until;
  const events = createEventRecorder(db, () => at);
  const handoffs = {
    made: (h: { createdAt: string; locality: string }) => void HandoffCounts.made(db, h),
    acknowledged: (h: { createdAt: string; locality: string }, at: Date) => void HandoffCounts.acknowledged(db, h, at),
    outcome: (h: { createdAt: string; locality: string }, o: (typeof OUTCOMES)[number]) => void HandoffCounts.outcome(db, h, o),
  };
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
