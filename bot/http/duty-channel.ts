// The duty channel, as the duty team sees and designates it (docs/arch/ADR-010): which channel
// summaries are posted to, the teams the app has been seen installed in, and the one deliberate
// action that makes one of them the duty channel. Behind the duty sign-in (never the board's), and
// every designation is written to the append-only audit log with who, when and which channel.
import { readFileSync } from 'node:fs';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../auth/audit.ts';
import type { Authenticator } from '../auth/principal.ts';
import type { RefusalAudit } from '../auth/refusals.ts';
import type { DutyChannels, DutyTarget } from '../handoff/delivery/duty-channel.ts';
import type { Logger } from '../log.ts';
import { SECURITY_HEADERS } from './pages.ts';
import { BadRequest, parseOrThrow, protectedJsonHandler } from './validation.ts';

export interface DutyChannelDeps {
  channels: DutyChannels;
  authenticator: Authenticator;
  audit: AuditLog;
  refusals: RefusalAudit;
  log: Logger;
  /** Called after a designation: summaries waiting for a channel go now. */
  designated: () => void | Promise<void>;
}

const WEB_DIR = new URL('../../web/duty/', import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  '/duty/channel': { file: 'channel.html', type: 'text/html; charset=utf-8' },
  '/duty/channel.js': { file: 'channel.js', type: 'text/javascript; charset=utf-8' },
};

const DesignateBody = z.strictObject({ conversationId: z.string().trim().min(1, 'is required').max(512, 'must be at most 512 characters') });

const where = (t: DutyTarget) => ({ conversationId: t.conversationId, teamId: t.teamId ?? null, tenantId: t.tenantId ?? null, connector: new URL(t.serviceUrl).host });

export function registerDutyChannelRoutes(server: Server, deps: DutyChannelDeps): void {
  const { channels, audit } = deps;
  for (const [path, a] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(a.file, WEB_DIR));
    server.get(path, async (_req: Request, res: Response) => {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': a.type });
      res.end(body);
    });
  }
  const api = protectedJsonHandler(deps, 'duty');

  const state = async () => {
    const designation = await channels.designation();
    const candidates = await channels.candidates();
    const configured = channels.configured;
    const current = configured ? { ...where(configured), source: 'configured' as const } : designation ? { ...where(designation.target), source: 'designated' as const, designatedAt: designation.designatedAt, designatedBy: designation.designatedBy } : null;
    const names = new Map(candidates.map((c) => [c.target.conversationId, c.teamName]));
    return {
      mode: !channels.designatable ? 'anonymous' : configured ? 'configured' : 'designated',
      current: current && { ...current, teamName: names.get(current.conversationId) ?? null },
      candidates: candidates.map((c) => ({ ...where(c.target), teamName: c.teamName, seenAt: c.seenAt })),
    };
  };

  server.get('/api/duty/channel', api('channel', async (_req, res) => void res.send(200, await state())));

  server.post('/api/duty/channel', api('designate-channel', async (req, res, who) => {
    const body = parseOrThrow(DesignateBody, req.body ?? {}, 'body');
    const r = await channels.designate(body.conversationId, `${who.id} (${who.name})`, new Date(), (tx, target, previous) =>
      audit.record(who.id, 'duty-channel-designated', undefined, { by: who.name, via: who.via, ...where(target), ...(previous ? { previous: where(previous) } : {}) }, tx),
    );
    if (!r.ok && r.reason === 'anonymous') {
      return res.send(409, { error: 'anonymous', message: 'No Microsoft app id is configured, so this service cannot post to Teams: every summary waits on the duty page.' });
    }
    if (!r.ok && r.reason === 'configured') {
      return res.send(409, { error: 'configured', message: 'The duty channel is set in the service configuration (DUTY_CHANNEL_ID); change it there.' });
    }
    if (!r.ok) throw new BadRequest([{ field: 'body.conversationId', reason: 'is not a team the app has been installed in (install the app in the duty team first, then choose it here)' }]);
    deps.log.info('duty channel designated', { via: who.via });
    await deps.designated();
    res.send(200, await state());
  }));
}
