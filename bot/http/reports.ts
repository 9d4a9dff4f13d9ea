// The board reports' API: the report as JSON for the page, and each of its tables as CSV. Both need
// the same sign-in as the duty page (bot/auth: the duty token by default, Entra ID in production),
// anonymous or refused callers get 401, and every view and export goes to the audit log with who
// asked for what. The page itself (/reports) is static and holds no data (pages.ts).
import type { Request, Server } from 'restify';
import { z } from 'zod';
import type { Knowledge } from '../../knowledge/load.ts';
import type { AuditLog } from '../auth/audit.ts';
import type { Authenticator } from '../auth/principal.ts';
import type { RefusalAudit } from '../auth/refusals.ts';
import type { Logger } from '../log.ts';
import { addMonths, type AreaInfo, boardReport, type BoardFilter, TABLE_IDS, type TableId } from '../reports/board.ts';
import { toCsv } from '../reports/csv.ts';
import { reportMonth } from '../reports/events.ts';
import type { ReportQueries } from '../reports/queries.ts';
import { knownLocality, parseOrThrow, protectedJsonHandler, queryOf } from './validation.ts';

export interface ReportsDeps {
  queries: ReportQueries;
  knowledge: Knowledge;
  authenticator: Authenticator;
  audit: AuditLog;
  /** Refused sign-ins, aggregated per source (bot/auth/refusals.ts). */
  refusals: RefusalAudit;
  log: Logger;
  now?: () => Date;
}

/** The longest period one report covers; split a longer one. */
export const MAX_MONTHS = 24;

/** Reports cover this century: an earlier or later year is a typing slip, and year 0 broke the date arithmetic. */
const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM, like 2026-03')
  .refine((m) => m >= '2000-01' && m <= '2099-12', 'must be a month from 2000-01 to 2099-12');

/** The filters: area, and a period from one month to another (default: the last 12 months). */
export function reportQuery(currentMonth: string) {
  return z
    .strictObject({ from: Month.optional(), to: Month.optional(), locality: z.string().min(1).max(60).optional() })
    .transform((q) => {
      const to = q.to ?? (q.from && q.from > currentMonth ? q.from : currentMonth);
      return { from: q.from ?? addMonths(to, -11), to, locality: q.locality };
    })
    .superRefine((q, ctx) => {
      if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before the first month (${q.from})` });
      else if (addMonths(q.from, MAX_MONTHS - 1) < q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `the period can be at most ${MAX_MONTHS} months; ask for a longer one in parts` });
    });
}

export function registerReportRoutes(server: Server, deps: ReportsDeps): void {
  const { knowledge, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const areas: AreaInfo[] = [...knowledge.packs.values()].map((p) => ({
    id: p.id,
    name: p.manifest.name,
    routes: p.routes.map((r) => ({ id: r.id, title: r.title, level: r.level })),
  }));

  const filterOf = (req: Request): BoardFilter => {
    const q = parseOrThrow(reportQuery(reportMonth(now())), queryOf(req), 'query');
    const locality = knownLocality(knowledge, q.locality, 'query.locality');
    return { from: q.from, to: q.to, ...(locality ? { locality } : {}) };
  };
  const audited = (filter: BoardFilter) => ({ from: filter.from, to: filter.to, locality: filter.locality ?? 'all' });

  const route = protectedJsonHandler(deps, 'reports');

  server.get('/api/reports', route('report', async (req, res, who) => {
    const filter = filterOf(req);
    const report = await boardReport(deps.queries, areas, filter);
    await audit.record(who.id, 'view-reports', undefined, { name: who.name, ...audited(filter) });
    res.send(200, report);
  }));

  server.get('/api/reports/:file', route('csv', async (req, res, who) => {
    const file = String(req.params?.file ?? '');
    const table = file.endsWith('.csv') ? (file.slice(0, -4) as TableId) : undefined;
    if (!table || !TABLE_IDS.includes(table)) {
      res.send(404, { error: 'not_found', message: `There is no report table at this address; the tables are ${TABLE_IDS.map((t) => `${t}.csv`).join(', ')}.` });
      return;
    }
    const filter = filterOf(req);
    const t = (await boardReport(deps.queries, areas, filter)).tables.find((x) => x.id === table)!;
    await audit.record(who.id, 'export-reports-csv', undefined, { name: who.name, table, ...audited(filter) });
    const name = `early-help-${table}-${filter.from}-to-${filter.to}${filter.locality ? `-${filter.locality}` : ''}.csv`;
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
    // A byte order mark, so that Excel reads the file as UTF-8.
    res.end(`\uFEFF${toCsv(t.columns, t.rows)}`);
  }));
}
