// What people do with handoffs, whichever door they come in by (the duty page or a Teams card):
// read, acknowledge, record an outcome. Every view and change is written to the audit log, and a
// change wakes the delivery worker so the card and the referrer hear about it promptly.
import type { AuditLog } from '../auth/audit.ts';
import type { OutcomeValue } from '../../knowledge/handoff/summary.ts';
import type { DutyQueue, QueuePage } from './queue.ts';
import type { Actor, ChangeResult, HandoffStore, StoredHandoff } from './store.ts';

export interface HandoffServiceDeps {
  store: HandoffStore;
  /** What the duty page lists: every unacknowledged handoff, and the rest a page at a time. */
  queue: DutyQueue;
  audit: AuditLog;
  /** Wake the delivery worker. */
  kick: () => void;
}

export class HandoffService {
  readonly #d: HandoffServiceDeps;
  constructor(deps: HandoffServiceDeps) {
    this.#d = deps;
  }

  async list(actor: Actor, via: string, paging: { page: number; pageSize: number }): Promise<QueuePage> {
    const queue = await this.#d.queue.page(paging);
    await this.#d.audit.record(actor.id, 'list-handoffs', undefined, { via, count: queue.waiting.length + queue.handled.items.length, page: paging.page, total: queue.total });
    return queue;
  }

  /** Changes whenever a handoff is stored, changed or purged (no case data in it). */
  changeMark(): Promise<string> {
    return this.#d.queue.changeMark();
  }

  async view(reference: string, actor: Actor, via: string): Promise<StoredHandoff | undefined> {
    const h = await this.#d.store.get(reference);
    await this.#d.audit.record(actor.id, h ? 'view-handoff' : 'view-handoff-not-found', reference, { via });
    return h;
  }

  async acknowledge(reference: string, actor: Actor, via: string): Promise<ChangeResult> {
    const result = await this.#d.store.acknowledge(reference, actor);
    await this.#d.audit.record(actor.id, result.ok ? 'acknowledge' : `acknowledge-refused:${result.reason}`, reference, { via, name: actor.name });
    if (result.ok) this.#d.kick();
    return result;
  }

  async recordOutcome(reference: string, outcome: OutcomeValue, note: string | undefined, actor: Actor, via: string): Promise<ChangeResult> {
    const result = await this.#d.store.recordOutcome(reference, outcome, note, actor);
    await this.#d.audit.record(actor.id, result.ok ? 'record-outcome' : `record-outcome-refused:${result.reason}`, reference, {
      via,
      name: actor.name,
      outcome,
      note: note ? 'given' : 'none',
    });
    if (result.ok) this.#d.kick();
    return result;
  }
}
