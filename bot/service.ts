// Builds the running service from a Config: knowledge, storage, indexes and HTTP server. Used by
// bot/index.ts and by the HTTP tests, which start it on port 0 with a temporary data directory.
import type { AddressInfo } from 'node:net';
import { type Activity, ConversationState, MemoryStorage, type Storage, UserState } from 'botbuilder';
import type { Server } from 'restify';
import { loadKnowledge, type Knowledge } from '../knowledge/load.ts';
import { applyLocalContacts } from '../knowledge/local-contacts.ts';
import { buildDirectory } from '../knowledge/search/directory.ts';
import { buildGuidanceIndex } from '../knowledge/search/guidance.ts';
import { Understanding } from '../knowledge/understand/index.ts';
import { createAdapter, registerMessages } from './adapter.ts';
import type { Config } from './config.ts';
import { ConsultationBot } from './conversation/bot.ts';
import { Consultation } from './conversation/consultation.ts';
import { QuizMode } from './conversation/quiz.ts';
import { composeHandoff, type HandoffOverrides, type HandoffParts } from './handoff/compose.ts';
import { registerApi } from './http/api.ts';
import { registerDutyRoutes } from './http/duty.ts';
import { registerDutyChannelRoutes } from './http/duty-channel.ts';
import type { DutyEvents } from './http/duty-events.ts';
import { registerPages } from './http/pages.ts';
import { registerReportRoutes } from './http/reports.ts';
import { registerTabApi } from './http/tab-api.ts';
import { createHttpServer } from './http/server.ts';
import { registerWebChat } from './http/webchat.ts';
import { DirectLineChannel } from './directline/channel.ts';
import { createLiveDirectory, type LiveDirectory } from './directory/live.ts';
import { createDirectoryStore } from './directory/store.ts';
import { registerOruk } from './http/oruk.ts';
import { createLogger, errorFields, type Logger } from './log.ts';
import { SqlStorage } from './storage/bot-state.ts';
import { createEventRecorder, neverFailing } from './reports/events.ts';
import { createReportQueries } from './reports/queries.ts';
import { openDatabase } from './storage/database.ts';
import { outageReply } from './conversation/outage.ts';
import { settleDeletes } from './storage/settle.ts';
import { type PurgeJob, type Retention, scheduleRetention } from './retention.ts';
import { createServiceProblemStore } from './storage/service-problems.ts';
import type { Database } from './storage/sql.ts';

export interface RunningService {
  url: string;
  port: number;
  server: Server;
  knowledge: Knowledge;
  log: Logger;
  handoff: HandoffParts;
  retention: Retention;
  /** The duty page's live updates (open streams are ended on stop). */
  dutyEvents: DutyEvents;
  directory: LiveDirectory;
  database: Database;
  stop(): Promise<void>;
}

export interface ServiceOverrides {
  log?: Logger;
  /** The duty handoff's edges (Teams sender, reconciler, sign-in), for tests. */
  handoff?: HandoffOverrides;
}

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const log = overrides.log ?? createLogger(config.logLevel);
  // The packs as the guidance gives them, completed by the council's local contacts file.
  const local = applyLocalContacts(loadKnowledge(config.knowledgeDir), config.localContacts.file, { required: config.localContacts.required });
  const knowledge = local.knowledge;
  const defaultLocality = config.defaultLocality ?? [...knowledge.packs.keys()][0]!;
  if (!knowledge.packs.has(defaultLocality)) {
    throw new Error(`DEFAULT_LOCALITY "${defaultLocality}" is not a loaded pack; known: ${[...knowledge.packs.keys()].join(', ')}`);
  }
  const db = await openDatabase({ dataDir: config.dataDir, ...config.database }, (err) => log.warn('database connection dropped', errorFields(err)));
  const packs = [...knowledge.packs.values()];
  // The packs' own services and the councils' imported feeds (npm run directory:import), rebuilt
  // from the database when a new import lands.
  const directory = await createLiveDirectory(
    (imported) => buildDirectory(packs, knowledge.vocabulary.synonyms, { imported, national: knowledge.vocabulary.national }),
    createDirectoryStore(db),
    log,
  );
  const guidance = buildGuidanceIndex(packs, knowledge.vocabulary.synonyms);
  const understanding = new Understanding(knowledge.vocabulary);

  let storage: Storage;
  const purges: PurgeJob[] = [];
  if (config.storage === 'sqlite') {
    const state = new SqlStorage(db);
    purges.push({ name: 'conversationState', run: (now) => state.purgeOlderThan(config.stateRetentionDays, now) });
    storage = state;
  } else {
    storage = new MemoryStorage();
    log.warn('conversation state is in memory: a restart loses every consultation in progress', { storage: 'memory' });
  }
  // The web chat's own Direct Line channel; its connector is known to the adapter, so replies to it
  // (and proactive messages, such as the duty team's outcome) take the same path as to Teams.
  const directLine = await DirectLineChannel.open(db, { retentionHours: config.directLineRetentionHours, appId: config.bot.appId }, log);
  // One adapter for the endpoint and for the handoff's proactive posts to the duty channel.
  const adapter = createAdapter(config.bot, directLine.connector);
  const handoff = await composeHandoff(config, db, adapter, log, overrides.handoff);
  const events = createEventRecorder(db);
  const consultation = new Consultation({ knowledge, understanding, directory, guidance, defaultLocality, events: neverFailing(events, log), handoffOffer: handoff.flow.offer });
  const quiz = new QuizMode({ knowledge, understanding, consultation, defaultLocality });
  const bot = new ConsultationBot({ consultation, quiz, conversationState: new ConversationState(storage), userState: new UserState(storage), log, handoff: handoff.flow });
  if (!config.bot.appId) {
    log.warn('bot endpoint is anonymous: no MicrosoftAppId is configured, so /api/messages accepts unauthenticated requests; set MicrosoftAppId to require Bot Framework tokens', { host: config.host });
  }

  const server = createHttpServer(log);
  registerApi(server, { knowledge, directory, guidance, understanding, defaultLocality, log, checkStorage: () => db.check(), databaseEngine: db.engine, events });
  const serviceProblems = createServiceProblemStore(db);
  registerTabApi(server, { knowledge, defaultLocality, log, serviceProblems });
  const outage = (activity: Partial<Activity>) => outageReply({ knowledge, understanding, defaultLocality }, activity);
  registerMessages(server, adapter, bot, log, outage);
  directLine.register(server, adapter, bot, outage);
  const duty = registerDutyRoutes(server, { service: handoff.service, authenticator: handoff.authenticator, audit: handoff.audit, refusals: handoff.refusals, log, signIn: config.handoff.auth.kind });
  registerDutyChannelRoutes(server, { channels: handoff.channels, authenticator: handoff.authenticator, audit: handoff.audit, refusals: handoff.refusals, log, designated: () => handoff.worker.channelDesignated() });
  registerReportRoutes(server, { queries: createReportQueries(db), knowledge, authenticator: handoff.reportsAuthenticator, audit: handoff.audit, refusals: handoff.refusals, log });
  registerOruk(server, { directory, knowledge, log });
  registerWebChat(server);
  registerPages(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // Every purge, at start and on its interval while the service runs (bot/retention.ts).
  purges.push(
    handoff.purge,
    { name: 'webChatTranscripts', run: (now) => directLine.purge(now) },
    { name: 'serviceProblemReports', run: (now) => serviceProblems.purgeReportedBefore(new Date(now.getTime() - config.serviceProblemRetentionDays * 86_400_000)) },
  );
  const retention = scheduleRetention(purges, { intervalMs: config.purgeIntervalMinutes * 60_000, log, settle: () => settleDeletes(db) });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  directLine.start(server, loopbackOrigin(config.host, port));
  log.info('listening', {
    url,
    localities: packs.map((p) => `${p.id}@${p.knowledgeVersion}`),
    directory: { services: directory.size, imported: directory.importedCount },
    defaultLocality,
    localContacts: local.applied.length ? `${local.applied.join(', ')} from ${config.localContacts.file}` : 'none set',
    dataDir: config.dataDir,
    database: db.description,
    storage: config.storage,
    botAuthentication: config.bot.appId ? 'bot-framework' : 'anonymous',
    dutyChannel: (await handoff.channels.current().catch(() => undefined))?.source ?? (config.bot.appId ? 'none designated yet' : 'none: anonymous, the duty page only'),
    dutySignIn: config.handoff.auth.kind,
    instance: handoff.instance,
  });

  return {
    url,
    port,
    server,
    knowledge,
    log,
    handoff,
    retention,
    dutyEvents: duty.events,
    directory,
    database: db,
    // In order: stop taking requests and let those in flight finish (a summary being sent is
    // committed before its reply), then stop the timers and let a delivery in flight finish (what
    // is not posted stays in the outbox for the next start), and close the database last.
    async stop() {
      // Open duty pages hold a live stream each: end them, or the server would wait for them.
      duty.events.close();
      await retention.stop();
      directory.stop();
      directLine.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive sockets (a browser's web chat) would hold close() open; they are dropped
      // at once, and a connection still busy after the grace period is cut.
      server.server.closeIdleConnections();
      const grace = setTimeout(() => server.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(grace);
      await handoff.stop();
      await db.close();
      log.info('stopped', {});
    },
  };
}

/** How long a request in flight may take to finish once the service is stopping. */
const SHUTDOWN_GRACE_MS = 5000;

/** How the service reaches itself: a wildcard address is reached on loopback. */
function loopbackOrigin(host: string, port: number): string {
  if (host === '0.0.0.0' || host === 'localhost') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
