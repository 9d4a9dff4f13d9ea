// Protecting restify routes: a handler wrapped by `protect` runs only for an authenticated
// principal; anyone else gets 401 with a WWW-Authenticate challenge, and the refusal is audited.
// Reused by the duty page and the board reports.
import type { Request, Response } from 'restify';
import type { AuditLog } from './audit.ts';
import type { Authenticator, Principal } from './principal.ts';

export const NAME_HEADER = 'x-duty-name';

export function protect(
  authenticator: Authenticator,
  audit: AuditLog,
  realm: string,
  handler: (req: Request, res: Response, principal: Principal) => Promise<void> | void,
) {
  return async (req: Request, res: Response) => {
    const header = req.headers.authorization;
    const nameHint = req.headers[NAME_HEADER];
    const principal = await authenticator.authenticate(header, { name: typeof nameHint === 'string' ? nameHint : undefined });
    if (!principal) {
      audit.record('anonymous', header ? 'auth-refused:bad-credentials' : 'auth-refused:no-credentials', undefined, { realm, path: req.getPath() });
      res.header('WWW-Authenticate', `Bearer realm="${realm}"`);
      res.header('Cache-Control', 'no-store');
      res.send(401, { error: 'unauthorized', message: 'Sign in to see this: send your duty token or your organisation sign-in as a bearer token.' });
      return;
    }
    await handler(req, res, principal);
  };
}
