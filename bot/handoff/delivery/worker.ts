// The delivery worker: takes due outbox rows and carries each to Teams, retrying with backoff until
// it lands. It runs in the service process, is kicked after every submit, and polls as a safety
// net. A duty post whose previous attempt may have landed is reconciled before any retry, so the
// duty team never sees two copies (docs/arch/ADR-001-duty-delivery.md).
import { randomUUID } from 'node:crypto';
import { dutyCard } from '../../../cards/handoff/duty-card.ts';
import { dutyPostText, referrerOutcomeNotice } from '../../../cards/handoff/notices.ts';
import type { AuditLog } from '../../auth/audit.ts';
import { type Logger, errorFields } from '../../log.ts';
import type { OutboxRow } from '../outbox.ts';
import type { HandoffStore, StoredHandoff } from '../store.ts';
import { backoffDelay } from './backoff.ts';
import { type DutyChannels, DutyTarget } from './duty-channel.ts';
import { type OutgoingMessage, type Reconciler, SendError, type TeamsSender } from './ports.ts';
import { classifySendFailure } from './teams.ts';

export interface DeliveryOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** A send not answered by then is aborted and its outcome treated as unknown. */
  attemptTimeoutMs: number;
  /** Wait this long after an unknown outcome before looking for the post (Graph lags a little). */
  reconcileDelayMs: number;
  pollMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { baseDelayMs: 1000, maxDelayMs: 5 * 60_000, attemptTimeoutMs: 15_000, reconcileDelayMs: 30_000, pollMs: 1000 };

/** Reconciliation looks this far before the row was queued, in case clocks disagree. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface DeliveryDeps {
  store: HandoffStore;
  channels: DutyChannels;
  sender: TeamsSender;
  reconciler?: Reconciler;
  audit: AuditLog;
  log: Logger;
  now?: () => number;
  random?: () => number;
  /** This instance's name on the rows it leases; a fresh one per process by default. */
  owner?: string;
}

export function dutyMessage(h: StoredHandoff): OutgoingMessage {
  return {
    text: dutyPostText(h.summary),
    summary: dutyPostText(h.summary),
    card: dutyCard(h.summary, { ...(h.acknowledged ? { acknowledged: h.acknowledged } : {}), ...(h.outcome ? { outcome: h.outcome } : {}) }),
  };
}

export class DeliveryWorker {
  readonly #d: DeliveryDeps;
  readonly #o: DeliveryOptions;
  readonly #now: () => number;
  readonly #owner: string;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  #closing = false;

  constructor(deps: DeliveryDeps, options: DeliveryOptions = DEFAULT_DELIVERY) {
    this.#d = deps;
    this.#o = options;
    this.#now = deps.now ?? Date.now;
    this.#owner = deps.owner ?? randomUUID();
  }

  start(): void {
    this.#stopped = false;
    this.#closing = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#closing = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Run now (after a submit), or again straight after the current run. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.runOnce()
      .then(() => undefined)
      .catch((err) => this.#d.log.error('delivery run failed', errorFields(err)))
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.kick();
        } else {
          this.#timer = setTimeout(() => this.kick(), this.#o.pollMs);
          this.#timer.unref?.();
        }
      });
  }

  /** One pass over what is due; returns how many rows were worked on. */
  async runOnce(): Promise<number> {
    const { outbox } = this.#d.store;
    const now = this.#now();
    // The lease covers a reconciliation and a send, each bounded by the attempt timeout.
    const due = await outbox.take(this.#owner, now, now + this.#o.attemptTimeoutMs * 3, now + this.#o.reconcileDelayMs);
    for (const row of due) {
      if (this.#closing) break;
      try {
        await this.#work(row);
      } catch (err) {
        this.#d.log.error('delivery step failed', { outbox: row.id, kind: row.kind, ...errorFields(err) });
      }
    }
    return due.length;
  }

  async #work(row: OutboxRow): Promise<void> {
    const handoff = await this.#d.store.get(row.reference);
    if (!handoff) return; // purged: its outbox rows went with it
    if (row.state === 'unknown') {
      if (row.kind !== 'duty-post') {
        // Updates are idempotent and notices at-least-once: resend.
        await this.#d.store.outbox.release(row.id, 'resend-after-unknown', this.#now());
      } else if (!(await this.#reconcile(row))) {
        return;
      }
      const now = await this.#d.store.outbox.get(row.id);
      if (!now || now.state !== 'pending' || now.leaseOwner !== this.#owner) return;
      row = now;
    }
    switch (row.kind) {
      case 'duty-post':
        return this.#post(row, handoff);
      case 'duty-card-update':
        return this.#updateCard(row, handoff);
      case 'referrer-outcome':
        return this.#notifyReferrer(row, handoff);
    }
  }

  /** True when the row may now be sent again (the earlier attempt certainly did not land). */
  async #reconcile(row: OutboxRow): Promise<boolean> {
    const { outbox } = this.#d.store;
    const target = DutyTarget.safeParse(row.target);
    const later = () => this.#now() + this.#backoff(row.attempts);
    if (!target.success) {
      // Never claimed with a target: nothing can have been sent.
      await outbox.release(row.id, 'no-target-recorded', this.#now());
      return true;
    }
    if (!this.#d.reconciler || !target.data.teamId) {
      await outbox.reconcileLater(row.id, later(), 'cannot-reconcile');
      this.#d.log.warn('duty post outcome unknown and cannot be reconciled: not resending', { outbox: row.id, attempts: row.attempts });
      return false;
    }
    try {
      const found = await this.#withTimeout((signal) => this.#d.reconciler!.findPost(target.data, row.reference, new Date(row.createdAt - CLOCK_SKEW_MS), signal));
      if (found) {
        await outbox.delivered(row.id, found, this.#now(), 'reconciled-found');
        await this.#d.store.afterDutyPost(row.reference, row.sentVersion);
        await this.#d.audit.record('system', 'duty-post-delivered', row.reference, { attempts: row.attempts, via: 'reconciliation' });
        this.#d.log.info('duty post found by reconciliation', { outbox: row.id, attempts: row.attempts });
        return false;
      }
      await outbox.release(row.id, 'reconciled-not-found', this.#now());
      return true;
    } catch (err) {
      await outbox.reconcileLater(row.id, later(), 'reconcile-failed');
      this.#d.log.warn('reconciliation failed; will try again', { outbox: row.id, ...errorFields(err) });
      return false;
    }
  }

  async #post(row: OutboxRow, handoff: StoredHandoff): Promise<void> {
    const { outbox } = this.#d.store;
    const parsedTarget = row.target ? DutyTarget.safeParse(row.target) : undefined;
    const target = parsedTarget?.success ? parsedTarget.data : await this.#d.channels.current();
    if (!target) {
      await outbox.defer(row.id, this.#now() + this.#o.maxDelayMs, 'no-duty-channel');
      this.#d.log.warn('no duty channel yet: the handoff waits on the duty page', { outbox: row.id });
      return;
    }
    await this.#attempt(row, target, handoff.version, async (signal, landed) => {
      const id = await this.#d.sender.postToChannel(target, dutyMessage(handoff), signal);
      landed();
      await outbox.delivered(row.id, id, this.#now());
      await this.#d.store.afterDutyPost(row.reference, handoff.version);
      await this.#d.audit.record('system', 'duty-post-delivered', row.reference, { attempts: row.attempts + 1 });
    });
  }

  async #updateCard(row: OutboxRow, handoff: StoredHandoff): Promise<void> {
    const post = (await this.#d.store.outbox.forReference(row.reference)).find((r) => r.kind === 'duty-post');
    const target = post?.target ? DutyTarget.safeParse(post.target) : undefined;
    if (!post || post.state !== 'delivered' || !post.activityId || !target?.success) {
      // The post itself has not landed: when it does, it carries the latest status.
      await this.#d.store.outbox.delivered(row.id, null, this.#now(), 'superseded-by-post');
      return;
    }
    await this.#attempt(row, target.data, handoff.version, async (signal, landed) => {
      await this.#d.sender.updatePost(target.data, post.activityId!, dutyMessage(handoff), signal);
      landed();
      await this.#d.store.outbox.delivered(row.id, post.activityId, this.#now());
    });
  }

  async #notifyReferrer(row: OutboxRow, handoff: StoredHandoff): Promise<void> {
    if (!handoff.referrerConversation || !handoff.outcome) {
      await this.#d.store.outbox.delivered(row.id, null, this.#now(), 'no-referrer-conversation');
      return;
    }
    const notice = referrerOutcomeNotice(handoff.summary.reference, handoff.outcome.value, handoff.outcome.note, handoff.outcome.by);
    await this.#attempt(row, null, handoff.version, async (signal, landed) => {
      const id = await this.#d.sender.sendToConversation(handoff.referrerConversation!, notice, signal);
      landed();
      await this.#d.store.outbox.delivered(row.id, id || null, this.#now());
      await this.#d.audit.record('system', 'referrer-told-outcome', row.reference, { attempts: row.attempts + 1 });
    });
  }

  /** Claim (committed), send with a timeout, then record what is known about the outcome. */
  async #attempt(row: OutboxRow, target: DutyTarget | null, version: number, send: (signal: AbortSignal, landed: () => void) => Promise<void>): Promise<void> {
    const { outbox } = this.#d.store;
    const now = this.#now();
    if (!(await outbox.claim(row, this.#owner, target, version, now + this.#o.attemptTimeoutMs * 2))) return;
    const attempt = row.attempts + 1;
    let sent = false;
    try {
      await this.#withTimeout((signal) => send(signal, () => (sent = true)));
      this.#d.log.info('delivered', { outbox: row.id, kind: row.kind, attempt });
    } catch (err) {
      if (sent) {
        // The message landed but recording it failed (the database, most likely): the row stays
        // in flight until its lease runs out, then reconciliation finds the post. Never a resend.
        this.#d.log.error('delivered but not recorded; reconciliation will settle it', { outbox: row.id, kind: row.kind, attempt, ...errorFields(err) });
        return;
      }
      const failure = err instanceof SendError ? err : classifySendFailure(err);
      if (failure.certain) {
        await outbox.retryAt(row.id, this.#owner, this.#now() + this.#backoff(attempt), failure.code);
      } else {
        await outbox.unknown(row.id, this.#owner, this.#now() + this.#o.reconcileDelayMs, failure.code);
      }
      this.#d.log.warn('delivery attempt failed', { outbox: row.id, kind: row.kind, attempt, code: failure.code, certain: failure.certain });
    }
  }

  #backoff(attempt: number): number {
    return backoffDelay(attempt, { baseMs: this.#o.baseDelayMs, maxMs: this.#o.maxDelayMs }, this.#d.random);
  }

  async #withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#o.attemptTimeoutMs);
    try {
      return await Promise.race([
        fn(controller.signal),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new SendError('timeout', false)), { once: true })),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
