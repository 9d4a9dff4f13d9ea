// Refused sign-ins, audited without letting one client write unbounded rows. The audit log is
// append-only, so each refusal cannot simply be a row (10,000 wrong requests were 10,000 rows in
// 8 s). Instead, per source (the connecting address) and window (10 minutes):
// - the first refusal is written at once, with its realm, path and reason;
// - the rest are counted in memory and written as one `auth-refused-repeated` row with the count
//   when the window closes (or the service stops);
// - past LIMIT refusals in the window the source is answered 429 with Retry-After; a valid
//   credential from the same address still gets in, so an attacker behind a council's shared
//   address cannot lock the duty team out.
// At most MAX_SOURCES sources are told apart in a window; beyond that they share one count
// ("other"), so memory and rows stay bounded: at most 2 x (MAX_SOURCES + 1) rows per window. A
// crash loses at most the counts of the current window; every source's first refusal is on disk.
// Counts are per instance: with several instances behind a balancer each keeps its own window, so
// the limit a source meets is LIMIT per instance it reaches (README "PostgreSQL").
import type { AuditLog } from './audit.ts';

export const REFUSAL_WINDOW_MS = 10 * 60_000;
export const REFUSAL_LIMIT = 30;
const MAX_SOURCES = 1000;

interface Tally {
  count: number;
  limited: number;
  reasons: Record<string, number>;
  realms: Set<string>;
  first: string;
  last: string;
}

export class RefusalAudit {
  readonly #audit: AuditLog;
  readonly #now: () => Date;
  readonly #windowMs: number;
  readonly #limit: number;
  #start = 0;
  #tallies = new Map<string, Tally>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(audit: AuditLog, opts: { now?: () => Date; windowMs?: number; limit?: number } = {}) {
    this.#audit = audit;
    this.#now = opts.now ?? (() => new Date());
    this.#windowMs = opts.windowMs ?? REFUSAL_WINDOW_MS;
    this.#limit = opts.limit ?? REFUSAL_LIMIT;
    this.#timer = setInterval(() => void this.#roll(), this.#windowMs);
    this.#timer.unref?.();
  }

  /** Whether this source is over its limit in the current window (checked before answering). */
  async limited(source: string): Promise<{ limited: boolean; retryAfterSeconds: number }> {
    await this.#roll();
    const t = this.#tallies.get(this.#key(source));
    const retryAfterSeconds = Math.max(1, Math.ceil((this.#start + this.#windowMs - this.#now().getTime()) / 1000));
    return { limited: !!t && t.count >= this.#limit, retryAfterSeconds };
  }

  /** Counts one refusal; the first from a source in a window is written straight away. */
  async refused(source: string, refusal: { realm: string; path: string; reason: string; limited: boolean }): Promise<void> {
    await this.#roll();
    const key = this.#key(source);
    const at = this.#now().toISOString();
    const t = this.#tallies.get(key);
    if (!t) {
      this.#tallies.set(key, { count: 1, limited: refusal.limited ? 1 : 0, reasons: { [refusal.reason]: 1 }, realms: new Set([refusal.realm]), first: at, last: at });
      await this.#audit.record('anonymous', `auth-refused:${refusal.reason}`, undefined, { realm: refusal.realm, path: refusal.path, source: key });
      return;
    }
    t.count++;
    if (refusal.limited) t.limited++;
    t.reasons[refusal.reason] = (t.reasons[refusal.reason] ?? 0) + 1;
    t.realms.add(refusal.realm);
    t.last = at;
  }

  /**
   * Writes the counts of the window so far and starts a new one. The window is swapped before the
   * first write, so refusals counted meanwhile land in the new window, never twice.
   */
  async flush(): Promise<void> {
    const closing = this.#tallies;
    this.#tallies = new Map();
    this.#start = this.#now().getTime();
    for (const [source, t] of closing) {
      if (t.count > 1) {
        await this.#audit.record('anonymous', 'auth-refused-repeated', undefined, {
          source,
          refusals: t.count,
          rateLimited: t.limited,
          reasons: t.reasons,
          realms: [...t.realms],
          from: t.first,
          to: t.last,
        });
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #roll(): Promise<void> {
    // A count row that cannot be written (the database is away) is lost, as in a crash; the
    // first refusal of each source was written when it happened.
    if (this.#now().getTime() - this.#start >= this.#windowMs) await this.flush().catch(() => undefined);
  }

  #key(source: string): string {
    return this.#tallies.has(source) || this.#tallies.size < MAX_SOURCES ? source : 'other';
  }
}
