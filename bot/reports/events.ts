// Anonymous events for the partnership board's reports: how often each level and route is
// reached, by month, area, role and channel, how often a directory search finds nothing (and for
// which need), and the practitioner's answers to the questions asked once at the outcome.
// Counts are aggregated as they are written (one row per month and combination, with a count), so
// no row stands for one consultation and nothing can be lined up with a handoff by its time.
// Never text, ages, names or ids of people: the types below have no field that could carry them.
import type { Sql } from '../storage/sql.ts';
import { errorFields, type Logger } from '../log.ts';
import { measureWriters, NEED_CATEGORIES, type NeedCategory, ANSWERS, type PractitionerAnswer } from './measure-events.ts';

/** The practitioner's role, where the conversation knows it. */
export const ROLES = [
  'teacher',
  'designated-safeguarding-lead',
  'early-years',
  'gp',
  'health-visitor',
  'school-nurse',
  'youth-worker',
  'social-worker',
  'other',
] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_NOT_KNOWN = 'not-known';

export interface OutcomeEvent {
  locality: string;
  level: 1 | 2 | 3 | 4;
  route: string;
  role?: Role;
  /** Where the outcome was given: 'api', or a Bot Framework channel id ('msteams', 'webchat'). */
  channel: string;
}

/** What the HTTP API and, later, the conversation call when something reportable happens. */
export interface EventRecorder {
  /**
   * An outcome was given. /api/triage calls it for every outcome it returns; the conversation
   * should call it once per consultation, when it shows the outcome card, not on every turn.
   */
  recordOutcome(event: OutcomeEvent): Promise<void>;
  /**
   * A directory search that found nothing; locality undefined when the search spanned every area.
   * `needs`: the categories of need its words named (needs.ts), each counted once; none: "not recognised".
   */
  recordDirectoryMiss(event: { locality?: string; needs?: readonly NeedCategory[] }): Promise<void>;
  /** The practitioner's answer to a question asked once at a consultation's outcome (bot/conversation/feedback.ts). */
  recordAnswer(event: { locality: string; level: 1 | 2 | 3 | 4 } & PractitionerAnswer): Promise<void>;
}

export const ALL_AREAS = 'all';

const LONDON_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });

/** The reporting month in UK time ("2026-03"), so a late-night outcome counts in the right month. */
export function reportMonth(at: Date): string {
  const parts = Object.fromEntries(LONDON_MONTH.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function slug(value: string, what: string): string {
  if (value.length > 60 || !SLUG.test(value)) throw new TypeError(`${what} must be a short lower-case id`);
  return value;
}

/** Bot Framework channel ids are mostly lower-case words; anything else is counted as "other". */
function channelOf(value: string): string {
  const lower = value.toLowerCase();
  return lower.length <= 40 && /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(lower) ? lower : 'other';
}

export function createEventRecorder(db: Sql, now: () => Date = () => new Date()): EventRecorder {
  const measures = measureWriters(db);
  return {
    async recordOutcome(e) {
      if (![1, 2, 3, 4].includes(e.level)) throw new TypeError('level must be 1, 2, 3 or 4');
      const role = e.role && (ROLES as readonly string[]).includes(e.role) ? e.role : ROLE_NOT_KNOWN;
      await db.run(
        `INSERT INTO report_outcomes (month, locality, level, route, role, channel, count) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (month, locality, level, route, role, channel) DO UPDATE SET count = report_outcomes.count + 1`,
        [reportMonth(now()), slug(e.locality, 'locality'), e.level, slug(e.route, 'route'), role, channelOf(e.channel)],
      );
    },
    async recordDirectoryMiss(e) {
      const month = reportMonth(now());
      const locality = e.locality === undefined ? ALL_AREAS : slug(e.locality, 'locality');
      const needs = [...new Set(e.needs ?? [])];
      if (needs.some((n) => !NEED_CATEGORIES.includes(n))) throw new TypeError(`a need is one of ${NEED_CATEGORIES.join(', ')}`);
      // The miss and its needs are counted together or not at all.
      await db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO report_directory_misses (month, locality, count) VALUES (?, ?, 1)
           ON CONFLICT (month, locality) DO UPDATE SET count = report_directory_misses.count + 1`,
          [month, locality],
        );
        for (const need of needs.length ? needs : (['not-recognised'] as const)) await measures.missNeed(month, locality, need, tx);
      });
    },
    async recordAnswer(e) {
      if (![1, 2, 3, 4].includes(e.level)) throw new TypeError('level must be 1, 2, 3 or 4');
      if (!(ANSWERS[e.question] as readonly string[] | undefined)?.includes(e.answer)) throw new TypeError('not a known question and answer');
      await measures.answer(reportMonth(now()), slug(e.locality, 'locality'), e.level, e);
    },
  };
}

/**
 * The recorder for the conversation: counting is a by-product, so a failure to count is logged
 * (by its name, never its message) and the practitioner still gets the answer.
 */
export function neverFailing(recorder: EventRecorder, log: Logger): EventRecorder {
  const count = async (event: string, record: () => Promise<void>) => {
    try {
      await record();
    } catch (err) {
      log.error('report event not recorded', { event, ...errorFields(err) });
    }
  };
  return {
    recordOutcome: (e) => count('outcome', () => recorder.recordOutcome(e)),
    recordDirectoryMiss: (e) => count('directory-miss', () => recorder.recordDirectoryMiss(e)),
    recordAnswer: (e) => count('practitioner-answer', () => recorder.recordAnswer(e)),
  };
}
