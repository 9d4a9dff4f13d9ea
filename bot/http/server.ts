// The restify server every endpoint shares. Errors restify raises itself (bad JSON, unsupported
// media type, unknown route) get the same JSON shape as our own 400s, with no stack trace.
import restify, { type Server } from 'restify';
import type { Logger } from '../log.ts';

const MAX_BODY_BYTES = 256 * 1024;

export function createHttpServer(log: Logger): Server {
  const server = restify.createServer({ name: 'early-help-guide', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: true }));

  server.on('restifyError', (req, res, err, callback) => {
    const status: number = err.statusCode ?? 500;
    const body =
      status >= 500
        ? { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' }
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

function publicMessage(status: number): string {
  switch (status) {
    case 400:
      return 'the request body is not valid JSON';
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
