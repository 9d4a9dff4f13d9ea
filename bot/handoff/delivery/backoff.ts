// Exponential backoff with jitter, capped: attempt 1 waits about `base`, each later attempt about
// twice as long, never more than `max`. The jitter (a random half to whole of the step) keeps
// many waiting deliveries from retrying in lockstep after an outage.
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const step = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
