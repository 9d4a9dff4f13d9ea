// The Bot Framework adapter, one per service: it serves POST /api/messages on the shared restify
// server and sends the proactive messages of the duty handoff (bot/handoff/delivery/teams.ts).
// Authentication comes from configuration; with no app id the adapter accepts unauthenticated
// requests, which bot/config.ts only allows on loopback unless HOST says otherwise.
import { type Activity, type ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, InputHints, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { ssml } from '../cards/ssml.ts';
import type { Config } from './config.ts';
import { type LocalConnector, WithLocalConnector } from './directline/connector-auth.ts';
import { sanitizeActivity } from './http/activity.ts';
import { BadRequest, parseOrThrow, sendBadRequest } from './http/validation.ts';
import { type Logger, errorFields } from './log.ts';
import { DatabaseError } from './storage/sql.ts';

export const APOLOGY =
  'Sorry, something went wrong on my side and I could not finish that. Please try again. If you are worried a child is at risk of harm, ring your duty team now, and 999 if the child is in immediate danger.';

// No onTurnError on the adapter: it would also catch a failed proactive send and answer it with
// the apology, posted into the duty channel, while the delivery worker, told nothing, could not
// judge whether the post had landed. The apology belongs to a practitioner's turn (answerTurn).
// With a local Direct Line connector, replies to its serviceUrl carry the channel's key instead of
// Bot Framework credentials (bot/directline/connector-auth.ts); every other serviceUrl is unchanged.
export function createAdapter(bot: Config['bot'], local?: LocalConnector): CloudAdapter {
  const configured = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppTenantId: bot.tenantId ?? '',
    // An app type means nothing without an app id; anonymous stays anonymous.
    MicrosoftAppType: bot.appId ? (bot.appType ?? 'SingleTenant') : '',
  });
  return new CloudAdapter(local ? new WithLocalConnector(configured, local) : configured);
}

/** The reply when the database failed during a turn (bot/conversation/outage.ts). */
export type OutageReply = (activity: Partial<Activity>) => Partial<Activity>;

/** Runs the bot on an incoming activity; a turn that fails is logged and answered with a plain apology. */
export async function answerTurn(context: TurnContext, bot: ActivityHandler, log: Logger, outage?: OutageReply): Promise<void> {
  try {
    await bot.run(context);
  } catch (error) {
    // The error's name and frames only: its message could quote what the practitioner typed.
    log.error('turn failed', { channel: context.activity.channelId, type: context.activity.type, ...errorFields(error) });
    try {
      if (outage && error instanceof DatabaseError) await context.sendActivity(outage(context.activity));
      else await context.sendActivity({ type: 'message', text: APOLOGY, textFormat: 'plain', speak: ssml(APOLOGY), inputHint: InputHints.AcceptingInput });
    } catch (sendError) {
      log.error('could not send the apology', errorFields(sendError));
    }
  }
}

const Id = z.string().min(1).max(512);
/** The least an activity needs before the adapter sees it; the adapter checks the rest. */
export const ActivityEnvelope = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
  conversation: z.looseObject({ id: Id }),
  from: z.looseObject({ id: Id }).optional(),
  recipient: z.looseObject({ id: Id }),
  text: z.string().max(20_000, 'must be at most 20000 characters').optional(),
});

export function registerMessages(server: Server, adapter: CloudAdapter, bot: ActivityHandler, log: Logger, outage?: OutageReply): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    try {
      if (req.body === undefined || typeof req.body !== 'object' || Array.isArray(req.body)) {
        throw new BadRequest([{ field: 'body', reason: 'must be a Bot Framework activity as a JSON object' }]);
      }
      parseOrThrow(ActivityEnvelope, req.body, 'body');
      req.body = sanitizeActivity(req.body as Record<string, unknown>);
      await adapter.process(req, res, (context) => answerTurn(context, bot, log, outage));
    } catch (err) {
      if (res.headersSent) return void log.error('message failed after the reply started', errorFields(err));
      if (err instanceof BadRequest) return sendBadRequest(res, err.problems);
      // The adapter's own schema refused the activity: the body, not the service, is at fault.
      if (err instanceof Error && err.name === 'ZodError') return sendBadRequest(res, [{ field: 'body', reason: 'is not a valid Bot Framework activity' }]);
      log.error('message failed', errorFields(err));
      res.send(500, { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' });
    }
  });
}
