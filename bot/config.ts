// Configuration is read and checked here, once, at start. Nothing else in the service reads
// process.env: the composition root passes each part what it needs.
import { resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Unset: loopback only while the bot is anonymous (no app id), all interfaces otherwise. */
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('data'),
  KNOWLEDGE_DIR: z.string().min(1).optional(),
  DEFAULT_LOCALITY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where conversation and user state live: sqlite (default, survives restarts) or memory. */
  STORAGE: z.enum(['sqlite', 'memory']).default('sqlite'),
  /** Conversation state untouched for this many days is deleted (it holds what practitioners typed). */
  STATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  knowledgeDir?: string;
  defaultLocality?: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  storage: 'sqlite' | 'memory';
  stateRetentionDays: number;
  bot: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType?: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const anonymous = !e.MicrosoftAppId;
  return {
    port: e.PORT,
    host: e.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0'),
    dataDir: resolve(e.DATA_DIR),
    knowledgeDir: e.KNOWLEDGE_DIR ? resolve(e.KNOWLEDGE_DIR) : undefined,
    defaultLocality: e.DEFAULT_LOCALITY,
    logLevel: e.LOG_LEVEL,
    storage: e.STORAGE,
    stateRetentionDays: e.STATE_RETENTION_DAYS,
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
  };
}
