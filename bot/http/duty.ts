// The duty page (/duty) and its JSON API. The page itself is static and holds no data; every
// /api/duty call needs a bearer token (bot/auth) and is audited. The summary's HTML is rendered on
// the server by the handlebars template, which escapes every value.
import { readFileSync } from 'node:fs';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { summaryHtml, summaryText } from '../../cards/handoff/render-text.ts';
import { OUTCOME_LABELS } from '../../cards/handoff/view.ts';
import type { AuditLog } from '../auth/audit.ts';
import type { Authenticator } from '../auth/principal.ts';
import type { RefusalAudit } from '../auth/refusals.ts';
import { protect } from '../auth/http.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type QueueItem } from '../handoff/queue.ts';
import { parseReference } from '../../knowledge/handoff/reference.ts';
import type { HandoffService } from '../handoff/service.ts';
import { Outcome, type StoredHandoff } from '../handoff/store.ts';
import { errorFields, type Logger } from '../log.ts';
import { DutyEvents } from './duty-events.ts';
import { SECURITY_HEADERS } from './pages.ts';
import { BadRequest, parseOrThrow, protectedJsonHandler, queryOf } from './validation.ts';

export interface DutyDeps {
  service: HandoffService;
  authenticator: Authenticator;
  /** How the page signs in: a duty token typed in, or Teams single sign-on (Entra ID). */
  signIn: 'token' | 'entra';
  audit: AuditLog;
  /** Refused sign-ins, aggregated per source (bot/auth/refusals.ts). */
  refusals: RefusalAudit;
  log: Logger;
  /** How often the live updates read the change mark (ms); default 1000. */
  eventsPollMs?: number;
}

const WEB_DIR = new URL('../../web/duty/', import.meta.url);
// The page, and the page Teams shows when the duty team adds it as a tab to their channel. Both
// load teams-js from the tab's assets (/tab/assets/teams-js.js) and share the tab's CSP.
const ASSETS: Record<string, { file: string; type: string }> = {
  '/duty': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/duty/duty.js': { file: 'duty.js', type: 'text/javascript; charset=utf-8' },
  '/duty/duty.css': { file: 'duty.css', type: 'text/css; charset=utf-8' },
  '/duty/configure': { file: 'configure.html', type: 'text/html; charset=utf-8' },
  '/duty/configure.js': { file: 'configure.js', type: 'text/javascript; charset=utf-8' },
};

const OutcomeBody = z.strictObject({
  outcome: Outcome,
  note: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

const wholeNumber = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${what} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `${what} must be from 1 to ${max}`);

// The list's paging: `page` counts the handled handoffs' pages; every unacknowledged handoff is
// listed on every page whatever it says (bot/handoff/queue.ts).
const ListQuery = z.strictObject({
  page: wholeNumber('page', 100_000).default(1),
  pageSize: wholeNumber('pageSize', MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

function referenceParam(req: Request): string {
  const raw = String(req.params?.reference ?? '');
  const ref = parseReference(raw);
  if (!ref) throw new BadRequest([{ field: 'reference', reason: 'not a handoff reference (like HX-7K3-9QF), or its check character does not match' }]);
  return ref;
}

function view(h: StoredHandoff) {
  return {
    reference: h.summary.reference,
    createdAt: h.summary.createdAt,
    locality: h.summary.locality,
    level: h.summary.level,
    status: h.status,
    acknowledged: h.acknowledged ?? null,
    outcome: h.outcome ? { ...h.outcome, label: OUTCOME_LABELS[h.outcome.value] } : null,
    delivery: { state: h.duty.state, attempts: h.duty.attempts },
    html: summaryHtml(h.summary),
    text: summaryText(h.summary),
  };
}

/** The list's rows: the queue item and the words the page shows for its status and delivery. */
function listItem(i: QueueItem) {
  return { ...i, locality: i.locality.name, localityId: i.locality.id };
}

export function registerDutyRoutes(server: Server, deps: DutyDeps): { events: DutyEvents } {
  const { service, log } = deps;
  const assets: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
    Object.entries(ASSETS).map(([path, a]) => [path, { type: a.type, body: readFileSync(new URL(a.file, WEB_DIR)) }]),
  );
  for (const [path, asset] of Object.entries(assets)) {
    server.get(path, async (_req: Request, res: Response) => {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': asset.type });
      res.end(asset.body);
    });
  }

  const api = protectedJsonHandler(deps, 'duty');

  server.get('/api/duty/sign-in', async (_req: Request, res: Response) => {
    res.send(200, { method: deps.signIn });
  });

  server.get('/api/duty/me', api('me', (_req, res, who) => res.send(200, { name: who.name, via: who.via })));

  server.get('/api/duty/handoffs', api('list', async (req, res, who) => {
    const paging = parseOrThrow(ListQuery, queryOf(req), 'query');
    const q = await service.list(who, 'duty-page', paging);
    const waiting = q.waiting.map(listItem);
    const handled = q.handled.items.map(listItem);
    res.send(200, {
      now: new Date().toISOString(),
      total: q.total,
      unacknowledged: q.unacknowledged,
      // Immediate danger, or the referrer not sure (or not asked): shown first and flagged at the top.
      urgent: waiting.filter((h) => h.urgency !== 'not-in-immediate-danger').length,
      page: { page: q.handled.page, pageSize: q.handled.pageSize, pages: q.handled.pages, handled: q.handled.total },
      waiting,
      handled,
      // Both parts in order, for callers that want one list: every unacknowledged one first.
      handoffs: [...waiting, ...handled],
    });
  }));

  // Live updates (duty-events.ts): authenticated like every duty call, audited once per page opened.
  const events = new DutyEvents(() => service.changeMark(), log, { pollMs: deps.eventsPollMs ?? 1000 });
  server.get(
    '/api/duty/events',
    protect(deps.authenticator, deps.refusals, 'duty', async (req, res, who) => {
      try {
        await deps.audit.record(who.id, 'watch-handoffs', undefined, { via: 'duty-page' });
      } catch (err) {
        // No stream without its audit row; the page retries in a few seconds.
        log.warn('duty events: could not audit the watch', errorFields(err));
        res.header('Cache-Control', 'no-store');
        return void res.send(503, { error: 'unavailable', message: 'The duty list cannot be watched just now; the page will try again.' });
      }
      await events.open(req, res);
    }),
  );

  server.get('/api/duty/handoffs/:reference', api('view', async (req, res, who) => {
    const h = await service.view(referenceParam(req), who, 'duty-page');
    if (!h) return res.send(404, { error: 'not_found', message: 'No handoff has that reference (it may have been purged after the retention period).' });
    res.send(200, view(h));
  }));

  server.post('/api/duty/handoffs/:reference/acknowledge', api('acknowledge', async (req, res, who) => {
    const r = await service.acknowledge(referenceParam(req), who, 'duty-page');
    if (!r.ok && r.reason === 'not-found') return res.send(404, { error: 'not_found', message: 'No handoff has that reference.' });
    if (!r.ok) return res.send(409, { error: 'already_recorded', message: 'This handoff was already acknowledged.', handoff: view(r.handoff!) });
    res.send(200, view(r.handoff));
  }));

  server.post('/api/duty/handoffs/:reference/outcome', api('outcome', async (req, res, who) => {
    const reference = referenceParam(req);
    const body = parseOrThrow(OutcomeBody, req.body ?? {}, 'body');
    const r = await service.recordOutcome(reference, body.outcome, body.note || undefined, who, 'duty-page');
    if (!r.ok && r.reason === 'not-found') return res.send(404, { error: 'not_found', message: 'No handoff has that reference.' });
    if (!r.ok) return res.send(409, { error: 'already_recorded', message: 'An outcome was already recorded for this handoff.', handoff: view(r.handoff!) });
    res.send(200, view(r.handoff));
  }));
  return { events };
}
