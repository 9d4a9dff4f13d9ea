// The local Direct Line channel, put together: its storage, the client API the web chat page
// uses, the connector API the bot answers through, and retention. The bot runs each activity in
// process through the same CloudAdapter as Teams (processActivityDirect), so its replies and its
// proactive messages take the SDK's ConnectorClient path to this channel's serviceUrl.
import type { DatabaseSync } from 'node:sqlite';
import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { answerTurn } from '../adapter.ts';
import { sanitizeActivity } from '../http/activity.ts';
import type { Logger } from '../log.ts';
import { DirectLineApi } from './client-api.ts';
import { registerConnector } from './connector-api.ts';
import { LocalConnector, localTurn } from './connector-auth.ts';
import { DirectLineStore } from './store.ts';
import { Transcripts } from './transcripts.ts';

export interface DirectLineOptions {
  /** Conversations idle for longer than this are deleted with their transcripts. */
  retentionHours: number;
  appId?: string;
}

export class DirectLineChannel {
  readonly connector: LocalConnector;
  readonly transcripts: Transcripts;
  readonly #options: DirectLineOptions;
  readonly #log: Logger;
  #api: DirectLineApi | undefined;

  constructor(db: DatabaseSync, options: DirectLineOptions, log: Logger) {
    this.#options = options;
    this.#log = log;
    this.transcripts = new Transcripts(new DirectLineStore(db));
    this.connector = new LocalConnector(this.transcripts.store.key());
  }

  /** The routes, once the bot exists; the adapter is the one the rest of the service uses. */
  register(server: Server, adapter: CloudAdapter, bot: ActivityHandler): void {
    const account = { id: this.#options.appId || 'early-help-guide', name: 'Early help guide', role: 'bot' as const };
    this.#api = new DirectLineApi({
      transcripts: this.transcripts,
      log: this.#log,
      bot: {
        account,
        serviceUrl: () => this.connector.serviceUrl,
        run: (activity) => adapter.processActivityDirect(localTurn(this.#options.appId, this.connector), sanitizeActivity(activity) as unknown as Activity, (context) => answerTurn(context, bot, this.#log)),
      },
    });
    this.#api.register(server);
    registerConnector(server, { transcripts: this.transcripts, connector: this.connector, account, log: this.#log });
  }

  /** Once listening: where the bot reaches the connector, and the WebSocket streams. */
  start(server: Server, loopbackOrigin: string): void {
    this.connector.listeningAt(loopbackOrigin);
    this.#api?.attachStreams(server.server);
  }

  /** Deletes conversations idle past the retention period (scheduled with the service's purges). */
  purge(now: Date = new Date()): number {
    const r = this.transcripts.store.purge(now.getTime() - this.#options.retentionHours * 3_600_000);
    return r.conversations + r.tokens;
  }

  stop(): void {
    this.#api?.close();
  }
}
