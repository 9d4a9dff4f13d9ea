// The duty team's queue: what the duty page lists. Two parts with different rules:
// - waiting (not yet acknowledged): ALL of them on every page, most urgent first, then the one
//   waiting longest. A page cut never hides one: an unacknowledged handoff is work nobody has
//   picked up, and it must not fall off the list however many others there are.
// - handled (acknowledged or outcome recorded): paged, newest first, with the total and the
//   number of pages, so the list says how many there are in all.
// The rows carry what the duty worker needs to choose what to open (initials, age, area by name,
// level, immediate danger) and nothing more: the full summary is opened, and audited, one at a time.
import type { Sql } from '../storage/sql.ts';
import type { OutboxRow } from './outbox.ts';
import type { HandoffStatus } from './store.ts';
import { NOT_KNOWN, Summary } from '../../knowledge/handoff/summary.ts';

/** How sure the referrer was that the child is not in immediate danger; the first sorts first. */
export const URGENCY = ['immediate-danger', 'not-sure', 'not-known', 'not-in-immediate-danger'] as const;
export type Urgency = (typeof URGENCY)[number];

export interface QueueItem {
  reference: string;
  createdAt: string;
  locality: { id: string; name: string };
  level: number;
  status: HandoffStatus;
  delivery: OutboxRow['state'] | 'none';
  urgency: Urgency;
  child: { initials: string; age: string };
  acknowledgedAt: string | null;
}

export interface QueuePage {
  /** Every handoff stored (after the retention purge). */
  total: number;
  /** Not yet acknowledged: all of them are in `waiting`, whatever the page. */
  unacknowledged: number;
  waiting: QueueItem[];
  handled: { items: QueueItem[]; total: number; page: number; pageSize: number; pages: number };
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export class DutyQueue {
  readonly #db: Sql;
  constructor(db: Sql) {
    this.#db = db;
  }

  /** One read transaction, so the counts and both parts agree with each other. */
  async page(opts: { page: number; pageSize: number }): Promise<QueuePage> {
    const select = `SELECT h.reference, h.created_at, h.created_ms, h.level, h.status, h.summary, h.acknowledged_at, o.state AS delivery
      FROM handoff h LEFT JOIN handoff_outbox o ON o.reference = h.reference AND o.kind = 'duty-post'`;
    const { waitingRows, handledTotal, handledRows } = await this.#db.transaction(async (tx) => ({
      waitingRows: await tx.all(`${select} WHERE h.status = 'new'`),
      handledTotal: Number((await tx.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM handoff WHERE status <> 'new'`))!.n),
      // Newest first; the reference breaks ties so the order (and so each page) is stable.
      handledRows: await tx.all(`${select} WHERE h.status <> 'new' ORDER BY h.created_ms DESC, h.reference DESC LIMIT ? OFFSET ?`, [opts.pageSize, (opts.page - 1) * opts.pageSize]),
    }));
    const waiting = waitingRows.map(toItem).sort(byUrgencyThenAge);
    const handled = handledRows.map(toItem);
    return {
      total: waiting.length + handledTotal,
      unacknowledged: waiting.length,
      waiting,
      handled: { items: handled, total: handledTotal, page: opts.page, pageSize: opts.pageSize, pages: Math.max(1, Math.ceil(handledTotal / opts.pageSize)) },
    };
  }

  /**
   * A value that changes whenever a handoff is stored, changed or purged: the duty page's live
   * updates compare it rather than the list, and it reads from the database, so a handoff stored
   * by another instance is seen too.
   */
  async changeMark(): Promise<string> {
    const r = (await this.#db.get('SELECT COUNT(*) AS n, COALESCE(MAX(created_ms), 0) AS latest, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS versions FROM handoff'))!;
    return `${Number(r.n)}.${Number(r.latest)}.${Number(r.versions)}`;
  }
}

type Row = Record<string, unknown>;

function toItem(r: Row): QueueItem {
  const s = Summary.parse(JSON.parse(String(r.summary)));
  return {
    reference: String(r.reference),
    createdAt: String(r.created_at),
    locality: { id: s.locality.id, name: s.locality.name },
    level: Number(r.level),
    status: r.status as HandoffStatus,
    delivery: (r.delivery as OutboxRow['state'] | null) ?? 'none',
    urgency: urgencyOf(s.immediateDanger),
    child: { initials: initials(s.child.name), age: ageOf(s.child.ageOrDate, new Date(s.createdAt)) },
    acknowledgedAt: r.acknowledged_at ? String(r.acknowledged_at) : null,
  };
}

/** An unanswered danger question is treated as "not sure" for order: uncertainty resolves upward. */
export function urgencyOf(immediateDanger: Summary['immediateDanger']): Urgency {
  if (immediateDanger === 'yes') return 'immediate-danger';
  if (immediateDanger === 'unsure') return 'not-sure';
  if (immediateDanger === 'no') return 'not-in-immediate-danger';
  return 'not-known';
}

const rank = (u: Urgency) => (u === 'not-known' ? 1 : URGENCY.indexOf(u));

function byUrgencyThenAge(a: QueueItem, b: QueueItem): number {
  return rank(a.urgency) - rank(b.urgency) || b.level - a.level || a.createdAt.localeCompare(b.createdAt) || a.reference.localeCompare(b.reference);
}

/**
 * "Jamie Brown" -> "J.B.", "J.B." -> "J.B.", "jamie" -> "J.": the list never shows a full name,
 * only what it takes to tell two children apart on the phone.
 */
export function initials(name: string | undefined): string {
  const letters = (name ?? '').match(/\p{L}+/gu) ?? [];
  if (!letters.length) return NOT_KNOWN;
  return letters
    .slice(0, 3)
    .map((w) => `${w[0]!.toLocaleUpperCase('en-GB')}.`)
    .join('');
}

/**
 * The age as the list shows it. A plain number or "7 years" is shown as years; a date of birth
 * (dd/mm/yyyy or yyyy-mm-dd) is turned into an age at the time of the handoff; a date after it
 * is a due date ("unborn"); anything else is shown as the referrer wrote it, up to 30 characters
 * cut at a word.
 */
export function ageOf(text: string | undefined, at: Date): string {
  const t = (text ?? '').trim();
  if (!t) return NOT_KNOWN;
  const years = t.match(/^(\d{1,2})(?:\s*(?:years?|yrs?|y)(?:\s+old)?)?$/i);
  if (years) return `${Number(years[1])}`;
  const dmy = t.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  const ymd = t.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const date = dmy ? utc(+dmy[3]!, +dmy[2]!, +dmy[1]!) : ymd ? utc(+ymd[1]!, +ymd[2]!, +ymd[3]!) : undefined;
  if (date) {
    if (date > at) return 'unborn';
    let y = at.getUTCFullYear() - date.getUTCFullYear();
    if (at.getUTCMonth() < date.getUTCMonth() || (at.getUTCMonth() === date.getUTCMonth() && at.getUTCDate() < date.getUTCDate())) y -= 1;
    if (y >= 1) return `${y}`;
    const months = (at.getUTCFullYear() - date.getUTCFullYear()) * 12 + at.getUTCMonth() - date.getUTCMonth() - (at.getUTCDate() < date.getUTCDate() ? 1 : 0);
    return `${Math.max(0, months)} months`;
  }
  return cutAtWord(t, 30);
}

function utc(y: number, m: number, d: number): Date | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** At most `max` characters, never ending inside a word (one long word is kept whole). */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? `${cut.slice(0, lastSpace).trimEnd()}…` : text;
}
