// Protecting restify routes: a handler wrapped by `protect` runs only for an authenticated
// principal; anyone else gets 401 with a WWW-Authenticate challenge (429 once a source has been
// refused too often), and the refusal is audited through RefusalAudit, which keeps one client
// from writing unbounded rows. Reused by the duty page and the board reports.
import type { Request, Response } from 'restify';
import type { Authenticator, Principal } from './principal.ts';
import type { RefusalAudit } from './refusals.ts';

export const NAME_HEADER = 'x-duty-name';

const STORAGE_UNAVAILABLE = {
  error: 'storage_unavailable',
  message: 'The service cannot reach its database just now, so sign-in cannot be checked. Please try again in a minute.',
};

export function protect(
  authenticator: Authenticator,
  refusals: RefusalAudit,
  realm: string,
  handler: (req: Request, res: Response, principal: Principal) => Promise<void> | void,
) {
  return async (req: Request, res: Response) => {
    const header = req.headers.authorization;
    const nameHint = req.headers[NAME_HEADER];
    let principal: Principal | null;
    try {
      // A valid credential always gets in, even from an address that others have been refused from.
      principal = await authenticator.authenticate(header, { name: typeof nameHint === 'string' ? nameHint : undefined });
    } catch {
      // The token store (the database) did not answer: say so, without guessing who this is.
      res.header('Cache-Control', 'no-store');
      res.send(503, STORAGE_UNAVAILABLE);
      return;
    }
    if (principal) return handler(req, res, principal);
    const source = req.socket?.remoteAddress ?? 'unknown';
    let limit: { limited: boolean; retryAfterSeconds: number };
    try {
      limit = await refusals.limited(source);
      await refusals.refused(source, { realm, path: req.getPath(), reason: header ? 'bad-credentials' : 'no-credentials', limited: limit.limited });
    } catch {
      // The refusal could not be audited: still refuse, and say the service is impaired.
      res.header('Cache-Control', 'no-store');
      res.send(503, STORAGE_UNAVAILABLE);
      return;
    }
    res.header('Cache-Control', 'no-store');
    if (limit.limited) {
      res.header('Retry-After', String(limit.retryAfterSeconds));
      res.send(429, { error: 'too_many_requests', message: `Too many refused sign-ins from this address. Try again in ${limit.retryAfterSeconds} seconds.` });
      return;
    }
    res.header('WWW-Authenticate', `Bearer realm="${realm}"`);
    res.send(401, { error: 'unauthorized', message: 'Sign in to see this: send your duty token or your organisation sign-in as a bearer token.' });
  };
}
