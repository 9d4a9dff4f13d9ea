// Retention: handoffs older than HANDOFF_RETENTION_DAYS, and flows abandoned for longer than
// HANDOFF_DRAFT_RETENTION_HOURS, are deleted on a schedule. The summary belongs in the duty team's
// own case system once they have it; this service is a way there, not a record. Each purge is
// written to the audit log with counts and the references and dates it covered, never content.
import type { AuditLog } from '../auth/audit.ts';
import { type Logger, errorFields } from '../log.ts';
import type { HandoffStore, PurgeResult } from './store.ts';

export interface RetentionOptions {
  retentionDays: number;
  draftRetentionHours: number;
  intervalMinutes: number;
}

export async function purgeExpired(store: HandoffStore, audit: AuditLog, opts: RetentionOptions, now: Date): Promise<PurgeResult> {
  const handoffsBefore = new Date(now.getTime() - opts.retentionDays * 86_400_000);
  const draftsBefore = new Date(now.getTime() - opts.draftRetentionHours * 3_600_000);
  const result = await store.purge(handoffsBefore, draftsBefore);
  await audit.record('system', 'purge', undefined, {
    retentionDays: opts.retentionDays,
    draftRetentionHours: opts.draftRetentionHours,
    cutoff: handoffsBefore.toISOString(),
    handoffs: result.handoffs,
    undelivered: result.undelivered,
    drafts: result.drafts,
    ...(result.handoffs
      ? { references: result.references.length <= 50 ? result.references : [...result.references.slice(0, 25), '…', ...result.references.slice(-25)], created: result.created }
      : {}),
  });
  return result;
}

/** Runs the purge at start and then every `intervalMinutes`. */
export function schedulePurge(store: HandoffStore, audit: AuditLog, log: Logger, opts: RetentionOptions, now: () => Date = () => new Date()): { stop(): void } {
  const run = async () => {
    try {
      const r = await purgeExpired(store, audit, opts, now());
      if (r.handoffs || r.drafts) log.info('retention purge', { handoffs: r.handoffs, drafts: r.drafts, undelivered: r.undelivered });
    } catch (err) {
      log.error('retention purge failed', errorFields(err));
    }
  };
  void run();
  const timer = setInterval(() => void run(), opts.intervalMinutes * 60_000);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
