// Request bodies are read here, not by restify's bodyParser. restify's reader attaches no error
// handler to its gunzip stream (a body sent as gzip that is not gzip throws uncaught, and the
// process exits) and counts its size limit in compressed bytes (a 200 KB gzip bomb inflates to
// 200 MB). Here every failure is a 4xx naming the header or the body and the reason:
// - only POST, PUT and PATCH bodies are read; any other method's body is never looked at;
// - at most MAX_BODY_BYTES arrive, and gzip or deflate may inflate to at most MAX_BODY_BYTES (413);
// - a body that does not inflate is 400, an unknown Content-Encoding 415;
// - a non-empty body must be JSON (application/json or application/*+json; 415 otherwise), valid
//   (400) and nested at most MAX_JSON_DEPTH deep (400), so that no reply built from it can fail to
//   serialise: JSON.stringify overflows its stack on an object 5,000 deep.
import { gunzip, inflate } from 'node:zlib';
import type { Next, Request, Response } from 'restify';
import { type FieldProblem } from './validation.ts';

export const MAX_BODY_BYTES = 256 * 1024;
/** Bot Framework activities nest about 8 deep (a card's submitted value inside channelData); 32 is ample. */
export const MAX_JSON_DEPTH = 32;
const KB = MAX_BODY_BYTES / 1024;

type Status = 400 | 413 | 415;
class BodyRefused extends Error {
  readonly status: Status;
  readonly problem: FieldProblem;
  constructor(status: Status, problem: FieldProblem) {
    super(problem.reason);
    this.status = status;
    this.problem = problem;
  }
}

const READS_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** The restify handler: sets req.body (undefined for an empty body) or answers 4xx and stops. */
export function bodyReader() {
  return (req: Request, res: Response, next: Next) => {
    if (!READS_BODY.has(req.method ?? '')) return next();
    readBody(req)
      .then((body) => {
        (req as { body?: unknown }).body = body;
        next();
      })
      .catch((err: unknown) => {
        const refused = err instanceof BodyRefused ? err : new BodyRefused(400, { field: 'body', reason: 'could not be read' });
        // The rest of an oversized or broken body is not read: close the connection after the answer.
        res.header('Connection', 'close');
        res.send(refused.status, {
          error: 'bad_request',
          message: `${refused.problem.field}: ${refused.problem.reason}`,
          problems: [refused.problem],
        });
        next(false);
      });
  };
}

async function readBody(req: Request): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) {
    throw new BodyRefused(415, { field: 'headers.content-encoding', reason: `"${encoding.slice(0, 40)}" is not accepted: send the body uncompressed, or as gzip or deflate` });
  }
  const raw = await collect(req);
  const bytes = encoding === 'identity' ? raw : await inflateBounded(raw, encoding === 'deflate' ? 'deflate' : 'gzip');
  if (bytes.length === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPE.test(type)) {
    throw new BodyRefused(415, { field: 'headers.content-type', reason: `${type ? `"${type.slice(0, 60)}"` : 'a missing content type'} is not accepted: send the body as application/json` });
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new BodyRefused(400, { field: 'body', reason: `is nested more than ${MAX_JSON_DEPTH} levels deep` });
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyRefused(400, { field: 'body', reason: 'is not valid JSON' });
  }
}

function tooLarge(inflated = false): BodyRefused {
  return new BodyRefused(413, { field: 'body', reason: inflated ? `inflates to more than ${KB} KB` : `is larger than ${KB} KB` });
}

/** The raw bytes, refusing as soon as more than the limit has arrived (nothing more is kept). */
function collect(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => reject(new BodyRefused(400, { field: 'body', reason: 'the upload was cut off' })));
  });
}

/** Inflates in one step with an output cap, so a bomb stops at the limit instead of filling memory. */
function inflateBounded(raw: Buffer, kind: 'gzip' | 'deflate'): Promise<Buffer> {
  const run = kind === 'gzip' ? gunzip : inflate;
  return new Promise((resolve, reject) => {
    run(raw, { maxOutputLength: MAX_BODY_BYTES }, (err, out) => {
      if (!err) return resolve(out);
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return reject(tooLarge(true));
      reject(new BodyRefused(400, { field: 'body', reason: `is not valid ${kind} data, though Content-Encoding says it is` }));
    });
  });
}

/** The deepest nesting of objects and arrays in a JSON text, counted without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}
