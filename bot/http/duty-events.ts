// Live updates for the duty page: a server-sent event stream (GET /api/duty/events) that says
// "the handoffs changed" so the page fetches the list again, without anyone pressing Refresh.
//
// Why this shape:
// - The stream carries no case data, only a change mark: the list itself is still fetched (and
//   audited) through /api/duty/handoffs, so there is one place that decides what a duty worker sees.
// - One shared timer reads the mark from the database for all open streams. A handoff stored by
//   another instance of the service is seen as soon as by this one, and no in-process event bus
//   has to be kept in step with the storage.
// - The page reads the stream with fetch (EventSource cannot send the bearer header), so it is
//   authenticated exactly like every other duty call.
// - close() ends every open stream, so a stop (Ctrl-C, SIGTERM) is never held up by a page left
//   open; the timer is unref'd so it never keeps the process alive by itself either.
import type { Request, Response } from 'restify';
import type { Logger } from '../log.ts';
import { errorFields } from '../log.ts';

export interface DutyEventsOptions {
  /** How often the change mark is read while at least one page is open. */
  pollMs: number;
  /** A comment line this often, so proxies do not close a quiet stream. */
  heartbeatMs: number;
}

export class DutyEvents {
  readonly #mark: () => string | Promise<string>;
  readonly #log: Logger;
  readonly #opts: DutyEventsOptions;
  readonly #open = new Set<Response>();
  #timer: NodeJS.Timeout | undefined;
  #last: string | undefined;
  #sinceBeat = 0;
  #reading = false;
  #closed = false;

  constructor(mark: () => string | Promise<string>, log: Logger, opts: Partial<DutyEventsOptions> = {}) {
    this.#mark = mark;
    this.#log = log;
    this.#opts = { pollMs: opts.pollMs ?? 1000, heartbeatMs: opts.heartbeatMs ?? 25_000 };
  }

  /** How many pages are listening now. */
  get listeners(): number {
    return this.#open.size;
  }

  async open(req: Request, res: Response): Promise<void> {
    if (this.#closed) {
      res.send(503, { error: 'stopping', message: 'The service is stopping. The page will reconnect.' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
      // Tells a buffering reverse proxy to pass each event on at once.
      'X-Accel-Buffering': 'no',
    });
    // The page reconnects 3 s after a dropped stream.
    res.write('retry: 3000\n\n');
    this.#open.add(res);
    const drop = () => this.#open.delete(res);
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
    try {
      const mark = await this.#mark();
      this.#last ??= mark;
      res.write(event('handoffs', { mark }));
    } catch (err) {
      this.#log.warn('duty events: could not read the change mark', errorFields(err));
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer || this.#closed || this.#open.size === 0) return;
    this.#timer = setInterval(() => void this.#tick(), this.#opts.pollMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#open.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    if (this.#reading) return;
    this.#reading = true;
    try {
      const mark = await this.#mark();
      if (mark !== this.#last) {
        this.#last = mark;
        this.#broadcast(event('handoffs', { mark }));
        this.#sinceBeat = 0;
      } else if ((this.#sinceBeat += this.#opts.pollMs) >= this.#opts.heartbeatMs) {
        this.#broadcast(': still here\n\n');
        this.#sinceBeat = 0;
      }
    } catch (err) {
      this.#log.warn('duty events: could not read the change mark', errorFields(err));
    } finally {
      this.#reading = false;
    }
  }

  #broadcast(chunk: string): void {
    for (const res of this.#open) {
      if (res.writableEnded || res.destroyed) this.#open.delete(res);
      else res.write(chunk);
    }
  }

  /** Ends every open stream (the page reconnects to whichever instance is still running). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const res of this.#open) {
      res.end();
      res.socket?.destroy();
    }
    this.#open.clear();
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
