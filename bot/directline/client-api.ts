// The Direct Line 3.0 API the web chat page (Microsoft's Web Chat) and botframework-directlinejs
// talk to, on the service's own origin under /v3/directline:
//   POST /tokens/generate                   a token bound to a new conversation the server names
//   POST /tokens/refresh                    a fresh token for the same conversation
//   POST /conversations                     start (or resume) the token's conversation
//   GET  /conversations/{id}                reconnect
//   GET  /conversations/{id}/activities     activities after ?watermark=
//   POST /conversations/{id}/activities     send an activity to the bot
// and the WebSocket stream (streamUrl) that pushes each new activity as it is stored.
// A token reads and writes only its own conversation: any other id is 403.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { type Logger, errorFields } from '../log.ts';
import { BadRequest, parseOrThrow, sendBadRequest } from '../http/validation.ts';
import type { TokenGrant } from './store.ts';
import type { Transcripts } from './transcripts.ts';

export const DIRECTLINE_PATH = '/v3/directline';
export const CHANNEL_ID = 'directline';
const TOKEN_TTL_SECONDS = 1800;
/** How often an open stream reads the store for activities another instance appended. */
const STREAM_POLL_MS = 1000;

export interface BotEndpoint {
  /** The bot's account in this channel's activities. */
  account: { id: string; name: string; role: 'bot' };
  /** Where the bot sends its replies (our connector). */
  serviceUrl(): string;
  /** Runs one turn of the bot on an activity, in process; resolves when the turn is over. */
  run(activity: Record<string, unknown>): Promise<void>;
}

export interface DirectLineDeps {
  transcripts: Transcripts;
  bot: BotEndpoint;
  log: Logger;
}

const UserBody = z.object({ user: z.object({ id: z.string().max(200).optional() }).loose().optional() }).loose();

// What a client may send. Everything else an activity carries (ids, addresses, the channel, the
// time) is the channel's to set, so a client cannot speak as another user or choose how it is answered.
const ClientActivity = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(20_000, 'must be at most 20000 characters').optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  value: z.unknown().optional(),
  name: z.string().max(200).optional(),
  locale: z.string().max(35).optional(),
  localTimestamp: z.string().max(64).optional(),
  localTimezone: z.string().max(64).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  attachments: z.array(z.unknown()).max(0, 'this channel takes no file uploads').optional(),
  from: z.object({ name: z.string().max(200).optional() }).loose().optional(),
});
const COPIED = ['type', 'text', 'textFormat', 'value', 'name', 'locale', 'localTimestamp', 'localTimezone', 'channelData', 'entities'] as const;

function forbidden(res: Response, message: string): void {
  res.header('Cache-Control', 'no-store');
  res.send(403, { error: { code: 'Forbidden', message } });
}

export class DirectLineApi {
  readonly #d: DirectLineDeps;
  readonly #store: Transcripts['store'];
  readonly #key: string;
  /** One turn at a time per conversation, in the order the activities arrived. */
  readonly #turns = new Map<string, Promise<void>>();
  readonly #sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  /** `key`: the channel's secret (DirectLineStore.key), which signs user ids. */
  constructor(deps: DirectLineDeps, key: string) {
    this.#d = deps;
    this.#store = deps.transcripts.store;
    this.#key = key;
  }

  register(server: Server): void {
    const route = (fn: (req: Request, res: Response) => Promise<void> | void) => async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof BadRequest) return sendBadRequest(res, err.problems);
        this.#d.log.error('direct line request failed', { path: req.getRoute?.()?.path, ...errorFields(err) });
        if (!res.headersSent) res.send(500, { error: { code: 'ServiceError', message: 'Something went wrong on our side. Please try again.' } });
      }
    };

    server.post(`${DIRECTLINE_PATH}/tokens/generate`, route(async (req, res) => {
      const body = parseOrThrow(UserBody, req.body ?? {}, 'body');
      const userId = this.#ownUserId(body.user?.id) ?? this.#newUserId();
      const conversationId = await this.#store.createConversation(userId);
      res.send(200, this.#conversationBody(await this.#issue(conversationId, userId)));
    }));

    server.post(`${DIRECTLINE_PATH}/tokens/refresh`, route(async (req, res) => {
      const grant = await this.#grant(req);
      if (!grant) return forbidden(res, 'the token is missing, unknown or expired');
      res.send(200, this.#conversationBody(await this.#issue(grant.conversationId, grant.userId)));
    }));

    server.post(`${DIRECTLINE_PATH}/conversations`, route(async (req, res) => {
      const grant = await this.#grant(req);
      if (!grant) return forbidden(res, 'the token is missing, unknown or expired');
      const first = await this.#store.markStarted(grant.conversationId);
      if (first) {
        await this.#turn(grant.conversationId, {
          type: 'conversationUpdate',
          membersAdded: [{ id: grant.userId, role: 'user' }, this.#d.bot.account],
          ...this.#addressing(grant, `${grant.conversationId}|start`),
          from: { id: grant.userId, role: 'user' },
        });
      }
      res.send(first ? 201 : 200, this.#conversationBody(grant, req));
    }));

    server.get(`${DIRECTLINE_PATH}/conversations/:conversationId`, route(async (req, res) => {
      const grant = await this.#grantFor(req, res);
      if (!grant) return;
      res.send(200, this.#conversationBody(grant, req));
    }));

    server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, route(async (req, res) => {
      const grant = await this.#grantFor(req, res);
      if (!grant) return;
      const group = await this.#store.since(grant.conversationId, watermarkOf(req.query?.watermark));
      res.send(200, { activities: group.activities, watermark: String(group.watermark) });
    }));

    server.post(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, route(async (req, res) => {
      const grant = await this.#grantFor(req, res);
      if (!grant) return;
      if (req.body === undefined || typeof req.body !== 'object' || Array.isArray(req.body)) {
        throw new BadRequest([{ field: 'body', reason: 'must be an activity as a JSON object' }]);
      }
      const sent = parseOrThrow(ClientActivity, req.body, 'body');
      if (sent.type === 'typing') return void res.send(200, { id: `${grant.conversationId}|typing` });
      const copied = Object.fromEntries(COPIED.filter((k) => sent[k] !== undefined).map((k) => [k, sent[k]]));
      const userName = sent.from?.name;
      const stored = await this.#d.transcripts.append(grant.conversationId, (id) => ({
        ...copied,
        ...this.#addressing(grant, id),
        from: { id: grant.userId, ...(userName ? { name: userName } : {}), role: 'user' },
      }));
      if (!stored) return void res.send(404, { error: { code: 'BadArgument', message: 'this conversation has ended' } });
      await this.#turn(grant.conversationId, stored.activity);
      res.send(200, { id: stored.id });
    }));
  }

  /** Serve the WebSocket stream on the HTTP server's upgrade requests for our streamUrl. */
  attachStreams(httpServer: { on(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown }): void {
    httpServer.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const m = new RegExp(`^${DIRECTLINE_PATH}/conversations/([^/]+)/stream$`).exec(url.pathname);
      if (!m) return void socket.destroy();
      this.#store.grant(url.searchParams.get('t') ?? '').then(
        (grant) => {
          if (!grant || grant.conversationId !== decodeURIComponent(m[1]!)) {
            socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
          }
          this.#sockets.handleUpgrade(req, socket, head, (ws) => void this.#stream(ws, grant, watermarkOf(url.searchParams.get('watermark') ?? undefined)));
        },
        (err: unknown) => {
          this.#d.log.error('direct line stream refused: storage failed', errorFields(err));
          socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        },
      );
    });
  }

  close(): void {
    for (const ws of this.#sockets.clients) ws.terminate();
    this.#sockets.close();
  }

  async #stream(ws: WebSocket, grant: TokenGrant, watermark: number): Promise<void> {
    let sent = watermark;
    let reading = false;
    let again = false;
    // Activities appended by this instance are announced at once; those appended by another
    // instance on the same database (a proactive message it sent) are found by reading the store
    // every STREAM_POLL_MS. Either way each goes out once, in watermark order.
    const catchUp = async (): Promise<void> => {
      if (ws.readyState !== ws.OPEN) return;
      if (reading) return void (again = true);
      reading = true;
      again = false;
      try {
        const group = await this.#store.since(grant.conversationId, sent);
        if (group.activities.length && ws.readyState === ws.OPEN && group.watermark > sent) {
          sent = group.watermark;
          ws.send(JSON.stringify({ activities: group.activities, watermark: String(group.watermark) }));
        }
      } catch (err) {
        this.#d.log.warn('direct line stream could not read the conversation', errorFields(err));
      } finally {
        reading = false;
      }
      if (again) await catchUp();
    };
    const unsubscribe = this.#d.transcripts.subscribe(grant.conversationId, (activity, seq) => {
      if (seq <= sent || ws.readyState !== ws.OPEN) return;
      if (seq !== sent + 1 || reading) return void catchUp();
      sent = seq;
      ws.send(JSON.stringify({ activities: [activity], watermark: String(seq) }));
    });
    const poll = setInterval(() => void catchUp(), STREAM_POLL_MS);
    poll.unref();
    const end = () => {
      clearInterval(poll);
      unsubscribe();
    };
    // The client pings with empty messages; nothing it sends on the stream is an activity.
    ws.on('close', end);
    ws.on('error', end);
    await catchUp();
  }

  #turn(conversationId: string, activity: Record<string, unknown>): Promise<void> {
    const previous = this.#turns.get(conversationId) ?? Promise.resolve();
    const run = previous.then(() => this.#d.bot.run(activity));
    const settled = run.catch(() => undefined);
    this.#turns.set(conversationId, settled);
    void settled.then(() => {
      if (this.#turns.get(conversationId) === settled) this.#turns.delete(conversationId);
    });
    return run;
  }

  #addressing(grant: TokenGrant, id: string): Record<string, unknown> {
    return {
      id,
      timestamp: new Date().toISOString(),
      channelId: CHANNEL_ID,
      serviceUrl: this.#d.bot.serviceUrl(),
      conversation: { id: grant.conversationId },
      recipient: this.#d.bot.account,
    };
  }

  async #issue(conversationId: string, userId: string): Promise<TokenGrant & { token: string }> {
    const { token, expiresMs } = await this.#store.issueToken(conversationId, userId, TOKEN_TTL_SECONDS * 1000);
    return { conversationId, userId, expiresMs, token };
  }

  /** Azure's answer to a token or conversation request; with the request, the stream's address too. */
  #conversationBody(grant: TokenGrant & { token: string }, req?: Request): Record<string, unknown> {
    return {
      conversationId: grant.conversationId,
      token: grant.token,
      expires_in: Math.max(0, Math.round((grant.expiresMs - Date.now()) / 1000)),
      // Not in Azure's answer: the page needs the user id the token speaks for, to show its own messages as its own.
      userId: grant.userId,
      ...(req ? { streamUrl: this.#streamUrl(req, grant.conversationId, grant.token) } : {}),
    };
  }

  #streamUrl(req: Request, conversationId: string, token: string): string {
    const host = req.headers.host ?? 'localhost';
    const secure = (req.headers['x-forwarded-proto'] ?? (req.isSecure() ? 'https' : 'http')) === 'https';
    return `${secure ? 'wss' : 'ws'}://${host}${DIRECTLINE_PATH}/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}`;
  }

  #bearer(req: Request): string {
    const header = req.headers.authorization ?? '';
    return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
  }

  async #grant(req: Request): Promise<(TokenGrant & { token: string }) | undefined> {
    const token = this.#bearer(req);
    const grant = token ? await this.#store.grant(token) : undefined;
    return grant && { ...grant, token };
  }

  /** The grant, when the token is good and is for the conversation in the path; otherwise answered 403. */
  async #grantFor(req: Request, res: Response): Promise<(TokenGrant & { token: string }) | undefined> {
    const grant = await this.#grant(req);
    if (!grant) return void forbidden(res, 'the token is missing, unknown or expired');
    if (grant.conversationId !== req.params.conversationId) return void forbidden(res, 'this token is for a different conversation');
    return grant;
  }

  // A user id is ours when it carries our signature, so a page can keep its id across visits
  // (the area and role it chose are remembered) but cannot take up another user's.
  #sign(random: string): string {
    return createHmac('sha256', this.#key).update(`user:${random}`).digest('base64url').slice(0, 22);
  }
  #newUserId(): string {
    const random = randomBytes(16).toString('base64url');
    return `dl_${random}.${this.#sign(random)}`;
  }
  #ownUserId(id: string | undefined): string | undefined {
    const m = id ? /^dl_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(id) : null;
    if (!m) return undefined;
    const a = Buffer.from(m[2]!);
    const b = Buffer.from(this.#sign(m[1]!));
    return a.length === b.length && timingSafeEqual(a, b) ? id : undefined;
  }
}

function watermarkOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : 0;
  return n;
}
