// Turns a zod failure into the 400 body every endpoint uses: the field and the reason, never a
// stack trace, so a client (or a person reading curl output) can see what to fix.
import type { Request, Response } from 'restify';
import type { z } from 'zod';
import type { Knowledge } from '../../knowledge/load.ts';
import { TriageInputError } from '../../knowledge/triage.ts';
import { protect } from '../auth/http.ts';
import type { Authenticator, Principal } from '../auth/principal.ts';
import type { RefusalAudit } from '../auth/refusals.ts';
import { type Logger, errorFields } from '../log.ts';

export interface FieldProblem {
  field: string;
  reason: string;
}

export class BadRequest extends Error {
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
    this.name = 'BadRequest';
    this.problems = problems;
  }
}

/** `body.answers.harm`, `query.age`, `body.indicators[2]`: where in the request the problem is. */
export function fieldName(path: readonly PropertyKey[], root: string): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), root);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequest(result.error.issues.map((i) => ({ field: fieldName(i.path, root), reason: i.message })));
}

export function sendBadRequest(res: Response, problems: FieldProblem[]): void {
  res.send(400, {
    error: 'bad_request',
    message: problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
    problems,
  });
}

/** Query parameters as a plain object of strings; a repeated parameter is a 400, not an array. */
export function queryOf(req: Request): Record<string, string> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const out: Record<string, string> = {};
  const repeated: FieldProblem[] = [];
  for (const [k, v] of url.searchParams) {
    if (k in out) repeated.push({ field: k, reason: 'give this parameter once' });
    out[k] = v;
  }
  if (repeated.length) throw new BadRequest(repeated);
  return out;
}

/** The pack id for a requested locality (case-insensitive); unknown: a 400 naming the known ones. */
export function knownLocality(knowledge: Knowledge, id: string | undefined, field = 'locality'): string | undefined {
  if (id === undefined) return undefined;
  const key = id.toLowerCase();
  if (!knowledge.packs.has(key)) {
    throw new BadRequest([{ field, reason: `unknown locality "${id}"; known localities: ${[...knowledge.packs.keys()].join(', ')}` }]);
  }
  return key;
}

/**
 * Wraps a JSON endpoint: a validation problem becomes a 400 naming the field, anything else a 500
 * with a plain message, logged by route and error name only (never the request).
 */
export function jsonHandler(log: Logger) {
  return (name: string, fn: (req: Request, res: Response) => void | Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (err instanceof BadRequest || err instanceof TriageInputError) return sendBadRequest(res, err.problems);
      log.error('request failed', { route: name, ...errorFields(err) });
      res.send(500, { error: 'internal_error', message: 'Something went wrong on our side. Please try again; if it keeps happening, tell the service owner.' });
    }
  };
}

/**
 * As jsonHandler, behind sign-in (the duty page, the board reports): `protect` answers anyone not
 * signed in with 401 and audits it; what is sent is never cached.
 */
export function protectedJsonHandler(deps: { authenticator: Authenticator; refusals: RefusalAudit; log: Logger }, realm: string) {
  return (name: string, fn: (req: Request, res: Response, who: Principal) => void | Promise<void>) =>
    protect(deps.authenticator, deps.refusals, realm, async (req, res, who) => {
      res.header('Cache-Control', 'no-store');
      try {
        await fn(req, res, who);
      } catch (err) {
        if (err instanceof BadRequest) return sendBadRequest(res, err.problems);
        deps.log.error(`${realm} request failed`, { route: name, ...errorFields(err) });
        res.send(500, { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' });
      }
    });
}
