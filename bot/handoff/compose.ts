// Builds the handoff's parts from configuration and the shared database: storage, duty channel,
// Teams delivery (worker, sender, reconciler), the duty page's authentication, retention. Called
// by the composition root (bot/service.ts), which shares its Bot Framework adapter with it.
import type { DatabaseSync } from 'node:sqlite';
import type { CloudAdapter } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { AuditLog } from '../auth/audit.ts';
import { DutyTokenAuthenticator } from '../auth/duty-token.ts';
import { EntraAuthenticator } from '../auth/entra.ts';
import type { Authenticator } from '../auth/principal.ts';
import type { Config, HandoffConfig } from '../config.ts';
import type { Logger } from '../log.ts';
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
  authenticator: Authenticator;
  /**
   * The board reports' sign-in: the duty page's, except that with ENTRA_REPORTS_ROLE an Entra
   * token needs that role or the duty role, so board members need no access to children's details.
   */
  reportsAuthenticator: Authenticator;
  stop(): Promise<void>;
}

type EntraConfig = Extract<HandoffConfig['auth'], { kind: 'entra' }>;

export interface HandoffOverrides {
  /** Shown a generated duty token once; defaults to printing it. */
  announceToken?: (token: string) => void;
}

export function composeHandoff(config: Config, db: DatabaseSync, adapter: CloudAdapter, log: Logger, overrides: HandoffOverrides = {}): HandoffParts {
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
  const authenticator: Authenticator =
    auth.kind === 'entra'
      ? entra(auth, auth.requiredRole)
      : new DutyTokenAuthenticator(db, {
          configuredToken: auth.token,
          announce:
            overrides.announceToken ??
            ((token) =>
              process.stdout.write(
                `\nA duty token was generated for the duty page (/duty) and the board reports (/reports). It is shown only this once; store it safely:\n\n  ${token}\n\nSet DUTY_TOKEN to choose your own.\n\n`,
              )),
        });
  const reportsAuthenticator =
    auth.kind === 'entra' && auth.reportsRole ? entra(auth, [auth.reportsRole, ...(auth.requiredRole ? [auth.requiredRole] : [])]) : authenticator;
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
    authenticator,
    reportsAuthenticator,
    async stop() {
      purge.stop();
      await worker.stop();
    },
  };
}
