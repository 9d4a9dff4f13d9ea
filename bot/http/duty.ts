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
import { parseReference } from '../handoff/reference.ts';
import type { HandoffService } from '../handoff/service.ts';
import { Outcome, type StoredHandoff } from '../handoff/store.ts';
import type { Logger } from '../log.ts';
import { SECURITY_HEADERS } from './pages.ts';
import { BadRequest, parseOrThrow, protectedJsonHandler } from './validation.ts';

export interface DutyDeps {
  service: HandoffService;
  authenticator: Authenticator;
  /** How the page signs in: a duty token typed in, or Teams single sign-on (Entra ID). */
  signIn: 'token' | 'entra';
  audit: AuditLog;
  /** Refused sign-ins, aggregated per source (bot/auth/refusals.ts). */
  refusals: RefusalAudit;
  log: Logger;
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

export function registerDutyRoutes(server: Server, deps: DutyDeps): void {
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

  server.get('/api/duty/handoffs', api('list', async (_req, res, who) => void res.send(200, { handoffs: await service.list(who, 'duty-page') })));

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
}
