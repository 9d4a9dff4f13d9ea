// The Bot Connector side of the local Direct Line channel: the REST shape the SDK's ConnectorClient
// calls for replies and proactive messages, under the serviceUrl this channel hands the bot
// (/v3/directline/connector/):
//   POST {serviceUrl}v3/conversations/{id}/activities               a new message (proactive)
//   POST {serviceUrl}v3/conversations/{id}/activities/{replyToId}   a reply
// Only the bot may call it: the bearer must be the channel's key (bot/directline/connector-auth.ts).
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { BadRequest, parseOrThrow, sendBadRequest } from '../http/validation.ts';
import { type Logger, errorFields } from '../log.ts';
import { CHANNEL_ID } from './client-api.ts';
import { CONNECTOR_PATH, type LocalConnector } from './connector-auth.ts';
import type { Transcripts } from './transcripts.ts';

const BotActivity = z.looseObject({
  type: z.string().min(1).max(64),
  text: z.string().max(100_000).optional(),
});

// Addressing is the channel's: what the bot sends keeps its content, not where it says it is from.
const ADDRESSING = ['serviceUrl', 'channelId', 'conversation', 'recipient', 'id', 'timestamp'];

export function registerConnector(server: Server, deps: { transcripts: Transcripts; connector: LocalConnector; account: Record<string, unknown>; log: Logger }): void {
  const base = `${CONNECTOR_PATH}v3/conversations/:conversationId/activities`;
  const handle = (fn: (req: Request, res: Response, body: Record<string, unknown>) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !deps.connector.isKey(bearer)) {
        return void res.send(401, { error: { code: 'Unauthorized', message: 'only the bot may post to this conversation' } });
      }
      if (req.body === undefined || typeof req.body !== 'object' || Array.isArray(req.body)) {
        throw new BadRequest([{ field: 'body', reason: 'must be an activity as a JSON object' }]);
      }
      await fn(req, res, parseOrThrow(BotActivity, req.body, 'body'));
    } catch (err) {
      if (err instanceof BadRequest) return sendBadRequest(res, err.problems);
      deps.log.error('direct line connector request failed', errorFields(err));
      res.send(500, { error: { code: 'ServiceError', message: 'Something went wrong on our side.' } });
    }
  };

  const content = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => !ADDRESSING.includes(k)));
  const post = async (req: Request, res: Response, body: Record<string, unknown>, replyToId?: string) => {
    const conversationId = String(req.params.conversationId);
    const stored = await deps.transcripts.append(conversationId, (id) => ({
      ...content(body),
      id,
      timestamp: new Date().toISOString(),
      channelId: CHANNEL_ID,
      conversation: { id: conversationId },
      from: { ...deps.account, ...((body.from as Record<string, unknown> | undefined) ?? {}), role: 'bot' },
      ...(replyToId ? { replyToId } : {}),
    }));
    if (!stored) return void res.send(404, { error: { code: 'ConversationNotFound', message: 'there is no such conversation (it may have been deleted)' } });
    res.send(200, { id: stored.id });
  };

  server.post(base, handle((req, res, body) => post(req, res, body)));
  server.post(`${base}/:activityId`, handle((req, res, body) => post(req, res, body, String(req.params.activityId))));
}
