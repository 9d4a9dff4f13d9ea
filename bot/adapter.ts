// The Bot Framework adapter, built once from configuration: anonymous when no app id is set
// (local development and tests), otherwise authenticated with the bot's Entra app registration.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Config } from './config.ts';

export function createAdapter(config: Config): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
    MicrosoftAppType: config.bot.appType ?? (config.bot.appId ? 'SingleTenant' : ''),
  };
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}
