// Builds the running service from a Config: knowledge, storage, indexes and HTTP server. Used by
// bot/index.ts and by the HTTP tests, which start it on port 0 with a temporary data directory.
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { loadKnowledge, type Knowledge } from '../knowledge/load.ts';
import { buildDirectory } from '../knowledge/search/directory.ts';
import { buildGuidanceIndex } from '../knowledge/search/guidance.ts';
import type { Config } from './config.ts';
import { registerApi } from './http/api.ts';
import { createHttpServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { checkDatabase, openDatabase } from './storage/database.ts';
import type { CloudAdapter } from 'botbuilder';
import { createAdapter } from './adapter.ts';
import { composeHandoff, type HandoffOverrides, type HandoffParts } from './handoff/compose.ts';
import { registerDutyRoutes } from './http/duty.ts';

export interface RunningService {
  url: string;
  port: number;
  server: Server;
  knowledge: Knowledge;
  log: Logger;
  adapter: CloudAdapter;
  handoff: HandoffParts;
  stop(): Promise<void>;
}

export interface ServiceOverrides {
  log?: Logger;
  handoff?: HandoffOverrides;
  /** Register more routes before listening (tests that stand in for the conversation). */
  beforeListen?: (server: Server, parts: { adapter: CloudAdapter; handoff: HandoffParts; knowledge: Knowledge; defaultLocality: string }) => void;
}

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const knowledge = loadKnowledge(config.knowledgeDir);
  const defaultLocality = config.defaultLocality ?? [...knowledge.packs.keys()][0]!;
  if (!knowledge.packs.has(defaultLocality)) {
    throw new Error(`DEFAULT_LOCALITY "${defaultLocality}" is not a loaded pack; known: ${[...knowledge.packs.keys()].join(', ')}`);
  }
  const db = openDatabase(config.dataDir);
  const adapter = createAdapter(config);
  const handoff = composeHandoff(config, db, adapter, log, overrides.handoff);
  const packs = [...knowledge.packs.values()];
  const directory = buildDirectory(packs, knowledge.vocabulary.synonyms);
  const guidance = buildGuidanceIndex(packs, knowledge.vocabulary.synonyms);

  const server = createHttpServer(log);
  registerApi(server, { knowledge, directory, guidance, defaultLocality, log, checkStorage: () => checkDatabase(db) });

  registerDutyRoutes(server, { service: handoff.service, authenticator: handoff.authenticator, audit: handoff.audit, log, signIn: config.handoff.auth.kind === 'entra' ? 'entra' : 'token' });
  overrides.beforeListen?.(server, { adapter, handoff, knowledge, defaultLocality });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('listening', {
    url,
    localities: packs.map((p) => `${p.id}@${p.knowledgeVersion}`),
    defaultLocality,
    dataDir: config.dataDir,
  });

  return {
    url,
    port,
    server,
    knowledge,
    log,
    adapter,
    handoff,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handoff.stop();
      db.close();
    },
  };
}
