// Every purge the service does, on one schedule: at start and then every PURGE_INTERVAL_MINUTES
// while it runs (not only at start), stopped on shutdown. Each job deletes what is past its
// retention period (conversation state, duty handoffs and drafts, web chat transcripts, directory
// problem reports); after a run that deleted anything the database is checkpointed, so with
// secure_delete (bot/storage/database.ts) the deleted rows are overwritten in the database file and
// no copy is left in the write-ahead log. A failing job is logged by its error name and the
// others still run.
import { type Logger, errorFields } from './log.ts';

export interface PurgeJob {
  name: string;
  /** Deletes what has expired at `now`; returns how many rows it deleted. */
  run(now: Date): number | Promise<number>;
}

export interface RetentionOptions {
  intervalMs: number;
  log: Logger;
  /** After a run that deleted rows: make the deletion final on disk (a WAL checkpoint). */
  settle?: () => void | Promise<void>;
  now?: () => Date;
}

export interface Retention {
  /** One run of every job now; resolves with the rows each deleted. */
  runOnce(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export function scheduleRetention(jobs: PurgeJob[], options: RetentionOptions): Retention {
  const now = options.now ?? (() => new Date());
  let running: Promise<Record<string, number>> | undefined;
  let stopped = false;
  const runOnce = (): Promise<Record<string, number>> => {
    // Runs never overlap: a slow run makes the next tick wait for it rather than start another.
    running ??= (async () => {
      const deleted: Record<string, number> = {};
      for (const job of jobs) {
        try {
          deleted[job.name] = await job.run(now());
        } catch (err) {
          options.log.error('purge failed', { job: job.name, ...errorFields(err) });
        }
      }
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) {
        try {
          await options.settle?.();
        } catch (err) {
          options.log.error('purge checkpoint failed', errorFields(err));
        }
        options.log.info('retention purge', deleted);
      }
      return deleted;
    })().finally(() => (running = undefined));
    return running;
  };
  const tick = () => void (stopped || runOnce());
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref?.();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
