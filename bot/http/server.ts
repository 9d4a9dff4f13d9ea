// The restify server every endpoint shares. Errors restify raises itself (unknown route, wrong
// method) get the same JSON shape as our own 400s, with no stack trace. Bodies are read by
// ./body.ts, never by restify's bodyParser (see there). restify's own logger is silenced: on
// "error in formatter" it logs the whole request (body, raw body and every header), and what a
// practitioner typed must never reach a log. Our JSON formatter cannot fail either: a reply that
// does not serialise becomes a plain 500, logged by error name only.
import restify, { type Request, type Response, type Server } from 'restify';
import { type Logger, errorFields } from '../log.ts';
import { MAX_BODY_BYTES, bodyReader } from './body.ts';

const INTERNAL_ERROR = { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' };

export function createHttpServer(log: Logger): Server {
  const silent = (restify as unknown as { logger: (o: object) => unknown }).logger({ level: 'silent' });
  const server = restify.createServer({
    name: 'early-help-guide',
    handleUncaughtExceptions: false,
    log: silent as never,
    formatters: { 'application/json': (req: Request, res: Response, body: unknown) => safeJson(req, res, body, log) },
  });
  // Every response, JSON and CSV included: a browser must never guess another type from content.
  server.pre((_req: Request, res: Response, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodyReader());

  server.on('restifyError', (req, res, err, callback) => {
    const status: number = err.statusCode ?? 500;
    const body =
      status >= 500
        ? INTERNAL_ERROR
        : { error: status === 404 ? 'not_found' : 'bad_request', message: publicMessage(status), problems: [{ field: 'body', reason: publicMessage(status) }] };
    if (status >= 500) log.error('unhandled error', { route: req.getRoute?.()?.path, status, name: err.name });
    err.toJSON = () => body;
    err.toString = () => body.message;
    return callback();
  });

  server.on('after', (req, res) => {
    // The path only: query strings can carry what a practitioner typed.
    log.debug('request', { method: req.method, path: req.getPath(), status: res.statusCode, ms: Date.now() - req.time() });
  });
  return server;
}

function safeJson(req: Request, res: Response, body: unknown, log: Logger): string {
  let data: string;
  try {
    data = body === undefined ? 'null' : JSON.stringify(body);
  } catch (err) {
    log.error('reply could not be serialised', { route: req.getRoute?.()?.path, ...errorFields(err) });
    res.statusCode = 500;
    data = JSON.stringify(INTERNAL_ERROR);
  }
  res.setHeader('Content-Length', Buffer.byteLength(data));
  return data;
}

function publicMessage(status: number): string {
  switch (status) {
    case 400:
      return 'the request could not be understood';
    case 404:
      return 'there is nothing at this address';
    case 405:
      return 'this address does not accept that method';
    case 413:
      return `the request body is larger than ${MAX_BODY_BYTES / 1024} KB`;
    case 415:
      return 'send the body as application/json';
    default:
      return 'the request could not be understood';
  }
}
