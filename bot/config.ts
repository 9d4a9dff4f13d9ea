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
  /**
   * postgres://user:password@host:port/database selects PostgreSQL for everything durable (every
   * instance of the service on one database); unset, one SQLite file under DATA_DIR.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  /** Connections each instance may hold; PostgreSQL's max_connections must cover all instances. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Where conversation and user state live: the database (default, survives restarts) or memory. */
  STORAGE: z.enum(['sqlite', 'memory']).default('sqlite'),
  /** Conversation state untouched for this many days is deleted (it holds what practitioners typed). */
  STATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Web chat conversations (the local Direct Line transcripts) idle this long are deleted. */
  DIRECTLINE_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(72),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional(),
  // Duty handoff (issue 5): where summaries go, how delivery retries, who may open the duty page.
  DUTY_CHANNEL_ID: z.string().min(1).optional(),
  DUTY_SERVICE_URL: z.url().optional(),
  DUTY_TENANT_ID: z.string().min(1).optional(),
  DUTY_TEAM_ID: z.string().min(1).optional(),
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  DUTY_AUTH: z.enum(['token', 'entra']).default('token'),
  DUTY_TOKEN: z.string().min(24, 'use at least 24 characters').optional(),
  /** The partnership board's token: it opens the board reports only, never the duty page or a case. */
  BOARD_TOKEN: z.string().min(24, 'use at least 24 characters').optional(),
  ENTRA_TENANT_ID: z.string().min(1).optional(),
  ENTRA_AUDIENCE: z.string().min(1).optional(),
  ENTRA_JWKS_URI: z.url().optional(),
  ENTRA_ISSUER: z.string().min(1).optional(),
  ENTRA_REQUIRED_ROLE: z.string().min(1).optional(),
  /** An app role for the partnership board: it opens the reports but not the duty page. */
  ENTRA_REPORTS_ROLE: z.string().min(1).optional(),
  HANDOFF_RETENTION_DAYS: z.coerce.number().positive().default(90),
  HANDOFF_DRAFT_RETENTION_HOURS: z.coerce.number().positive().default(24),
  HANDOFF_PURGE_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  DELIVERY_BASE_DELAY_MS: z.coerce.number().int().positive().default(1000),
  DELIVERY_MAX_DELAY_MS: z.coerce.number().int().positive().default(300_000),
  DELIVERY_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  DELIVERY_RECONCILE_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  DELIVERY_POLL_MS: z.coerce.number().int().positive().default(1000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  knowledgeDir?: string;
  defaultLocality?: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  storage: 'sqlite' | 'memory';
  database: { url?: string; poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  stateRetentionDays: number;
  directLineRetentionHours: number;
  bot: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType?: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  };
  handoff: HandoffConfig;
}

export interface HandoffConfig {
  /** A duty channel pinned by configuration; otherwise the team the app is installed in. */
  dutyChannel?: { conversationId: string; serviceUrl: string; tenantId?: string; teamId?: string };
  graphBaseUrl: string;
  auth:
    | { kind: 'token'; token?: string; boardToken?: string }
    | { kind: 'entra'; tenantId: string; audience: string[]; jwksUri?: string; issuers?: string[]; requiredRole?: string; reportsRole?: string };
  retentionDays: number;
  draftRetentionHours: number;
  purgeIntervalMinutes: number;
  delivery: { baseDelayMs: number; maxDelayMs: number; attemptTimeoutMs: number; reconcileDelayMs: number; pollMs: number };
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
  const problems: string[] = [];
  if (e.BOARD_TOKEN && e.BOARD_TOKEN === e.DUTY_TOKEN) problems.push('  BOARD_TOKEN: must differ from DUTY_TOKEN (the board token must never open the duty page)');
  if (e.DUTY_CHANNEL_ID && !e.DUTY_SERVICE_URL) problems.push('  DUTY_SERVICE_URL: required with DUTY_CHANNEL_ID (the Bot Connector service URL of the duty team\'s tenant)');
  const entraTenant = e.ENTRA_TENANT_ID ?? e.MicrosoftAppTenantId;
  if (e.DUTY_AUTH === 'entra' && (!entraTenant || !e.ENTRA_AUDIENCE)) problems.push('  DUTY_AUTH=entra: needs ENTRA_TENANT_ID (or MicrosoftAppTenantId) and ENTRA_AUDIENCE');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const anonymous = !e.MicrosoftAppId;
  return {
    port: e.PORT,
    host: e.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0'),
    dataDir: resolve(e.DATA_DIR),
    knowledgeDir: e.KNOWLEDGE_DIR ? resolve(e.KNOWLEDGE_DIR) : undefined,
    defaultLocality: e.DEFAULT_LOCALITY,
    logLevel: e.LOG_LEVEL,
    storage: e.STORAGE,
    database: {
      ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}),
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    stateRetentionDays: e.STATE_RETENTION_DAYS,
    directLineRetentionHours: e.DIRECTLINE_RETENTION_HOURS,
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
    handoff: {
      ...(e.DUTY_CHANNEL_ID && e.DUTY_SERVICE_URL
        ? {
            dutyChannel: {
              conversationId: e.DUTY_CHANNEL_ID,
              serviceUrl: e.DUTY_SERVICE_URL,
              ...(e.DUTY_TENANT_ID ?? e.MicrosoftAppTenantId ? { tenantId: e.DUTY_TENANT_ID ?? e.MicrosoftAppTenantId } : {}),
              ...(e.DUTY_TEAM_ID ? { teamId: e.DUTY_TEAM_ID } : {}),
            },
          }
        : {}),
      graphBaseUrl: e.GRAPH_BASE_URL,
      auth:
        e.DUTY_AUTH === 'entra'
          ? {
              kind: 'entra',
              tenantId: entraTenant!,
              audience: e.ENTRA_AUDIENCE!.split(',').map((a) => a.trim()).filter(Boolean),
              ...(e.ENTRA_JWKS_URI ? { jwksUri: e.ENTRA_JWKS_URI } : {}),
              ...(e.ENTRA_ISSUER ? { issuers: e.ENTRA_ISSUER.split(',').map((a) => a.trim()).filter(Boolean) } : {}),
              ...(e.ENTRA_REQUIRED_ROLE ? { requiredRole: e.ENTRA_REQUIRED_ROLE } : {}),
              ...(e.ENTRA_REPORTS_ROLE ? { reportsRole: e.ENTRA_REPORTS_ROLE } : {}),
            }
          : { kind: 'token', ...(e.DUTY_TOKEN ? { token: e.DUTY_TOKEN } : {}), ...(e.BOARD_TOKEN ? { boardToken: e.BOARD_TOKEN } : {}) },
      retentionDays: e.HANDOFF_RETENTION_DAYS,
      draftRetentionHours: e.HANDOFF_DRAFT_RETENTION_HOURS,
      purgeIntervalMinutes: e.HANDOFF_PURGE_INTERVAL_MINUTES,
      delivery: {
        baseDelayMs: e.DELIVERY_BASE_DELAY_MS,
        maxDelayMs: e.DELIVERY_MAX_DELAY_MS,
        attemptTimeoutMs: e.DELIVERY_ATTEMPT_TIMEOUT_MS,
        reconcileDelayMs: e.DELIVERY_RECONCILE_DELAY_MS,
        pollMs: e.DELIVERY_POLL_MS,
      },
    },
  };
}
