// Builds the handoff's parts from configuration and the shared database: storage, duty channel,
// Teams delivery (worker, sender, reconciler), the duty page's authentication, retention. Called
// by the composition root (bot/service.ts), which shares its Bot Framework adapter with it.
import type { CloudAdapter } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { AuditLog } from '../auth/audit.ts';
import { TokenAuthenticator } from '../auth/duty-token.ts';
import { EntraAuthenticator } from '../auth/entra.ts';
import { type Authenticator, anyOf } from '../auth/principal.ts';
import { RefusalAudit } from '../auth/refusals.ts';
import type { Config, HandoffConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Sql } from '../storage/sql.ts';
import { DutyChannels } from './delivery/duty-channel.ts';
import { GraphReconciler } from './delivery/graph-reconciler.ts';
import { CloudAdapterSender } from './delivery/teams.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { schedulePurge } from './purge.ts';
import { HandoffService } from './service.ts';
import { HandoffStore } from './store.ts';
import { HandoffTurns } from './turns.ts';

export interface HandoffParts {
  flow: HandoffTurns;
  store: HandoffStore;
  service: HandoffService;
  channels: DutyChannels;
  worker: DeliveryWorker;
  audit: AuditLog;
  refusals: RefusalAudit;
  authenticator: Authenticator;
  /**
   * The board reports' sign-in: the board token or the duty token; with Entra, the reports role
   * (ENTRA_REPORTS_ROLE) or the duty role. Board members need no access to children's details.
   */
  reportsAuthenticator: Authenticator;
  stop(): Promise<void>;
}

type EntraConfig = Extract<HandoffConfig['auth'], { kind: 'entra' }>;

export interface HandoffOverrides {
  /** Shown a generated duty token once; defaults to printing it. */
  announceToken?: (token: string) => void;
  /** Shown a generated board token once; defaults to printing it. */
  announceBoardToken?: (token: string) => void;
}

export async function composeHandoff(config: Config, db: Sql, adapter: CloudAdapter, log: Logger, overrides: HandoffOverrides = {}): Promise<HandoffParts> {
  const h = config.handoff;
  const audit = new AuditLog(db);
  const store = new HandoffStore(db);
  const channels = new DutyChannels(db, h.dutyChannel && { ...h.dutyChannel, source: 'configured' });
  const graphToken =
    config.bot.appId && config.bot.appPassword
      ? (() => {
          const credentials = new MicrosoftAppCredentials(config.bot.appId!, config.bot.appPassword!, config.bot.tenantId, 'https://graph.microsoft.com');
          return () => credentials.getToken();
        })()
      : async () => undefined;
  const worker = new DeliveryWorker(
    {
      store,
      channels,
      sender: new CloudAdapterSender(adapter, config.bot.appId),
      reconciler: new GraphReconciler({ baseUrl: h.graphBaseUrl, token: graphToken }),
      audit,
      log,
    },
    h.delivery,
  );
  const kick = () => worker.kick();
  const service = new HandoffService({ store, audit, kick });
  const auth = h.auth;
  const entra = (a: EntraConfig, requiredRole: string | string[] | undefined) =>
    new EntraAuthenticator({ tenantId: a.tenantId, audience: a.audience, jwksUri: a.jwksUri, issuers: a.issuers, requiredRole });
  const print = (what: string, setting: string) => (token: string) =>
    process.stdout.write(`\nA ${what}. It is shown only this once; store it safely:\n\n  ${token}\n\nSet ${setting} to choose your own.\n\n`);
  let authenticator: Authenticator;
  let reportsAuthenticator: Authenticator;
  if (auth.kind === 'entra') {
    authenticator = entra(auth, auth.requiredRole);
    reportsAuthenticator = auth.reportsRole ? entra(auth, [auth.reportsRole, ...(auth.requiredRole ? [auth.requiredRole] : [])]) : authenticator;
  } else {
    authenticator = await TokenAuthenticator.open(db, {
      purpose: 'duty',
      configuredToken: auth.token,
      announce: overrides.announceToken ?? print('duty token was generated for the duty page (/duty), which shows every case, and the board reports (/reports)', 'DUTY_TOKEN'),
    });
    const board = await TokenAuthenticator.open(db, {
      purpose: 'board',
      configuredToken: auth.boardToken,
      announce: overrides.announceBoardToken ?? print('board token was generated for the partnership board: it opens the board reports (/reports) only, never the duty page or a case', 'BOARD_TOKEN'),
    });
    reportsAuthenticator = anyOf(board, authenticator);
  }
  const refusals = new RefusalAudit(audit);
  const flow = new HandoffTurns({ store, service, channels, audit, log, kick });
  worker.start();
  const purge = schedulePurge(store, audit, log, { retentionDays: h.retentionDays, draftRetentionHours: h.draftRetentionHours, intervalMinutes: h.purgeIntervalMinutes });
  return {
    flow,
    store,
    service,
    channels,
    worker,
    audit,
    refusals,
    authenticator,
    reportsAuthenticator,
    async stop() {
      purge.stop();
      await refusals.stop();
      await worker.stop();
    },
  };
}
