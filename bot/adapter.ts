// The Bot Framework endpoint: a CloudAdapter on the shared restify server at POST /api/messages.
// Authentication comes from configuration; with no app id the adapter accepts unauthenticated
// requests, which bot/config.ts only allows on loopback unless HOST says otherwise.
import { type ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, InputHints, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { ssml } from '../cards/ssml.ts';
import type { Config } from './config.ts';
import { type Logger, errorFields } from './log.ts';

export const APOLOGY =
  'Sorry, something went wrong on my side and I could not finish that. Please try again. If you are worried a child is at risk of harm, ring your duty team now, and 999 if the child is in immediate danger.';

export function createAdapter(bot: Config['bot'], log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppTenantId: bot.tenantId ?? '',
    // An app type means nothing without an app id; anonymous stays anonymous.
    MicrosoftAppType: bot.appId ? (bot.appType ?? 'SingleTenant') : '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // The error's name and frames only: its message could quote what the practitioner typed.
    log.error('turn failed', { channel: context.activity.channelId, type: context.activity.type, ...errorFields(error) });
    try {
      await context.sendActivity({ type: 'message', text: APOLOGY, textFormat: 'plain', speak: ssml(APOLOGY), inputHint: InputHints.AcceptingInput });
    } catch (sendError) {
      log.error('could not send the apology', errorFields(sendError));
    }
  };
  return adapter;
}

export function registerMessages(server: Server, adapter: CloudAdapter, bot: ActivityHandler): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
}
