// The local Direct Line channel, put together: its storage, the client API the web chat page
// uses, the connector API the bot answers through, and retention. The bot runs each activity in
// process through the same CloudAdapter as Teams (processActivityDirect), so its replies and its
// proactive messages take the SDK's ConnectorClient path to this channel's serviceUrl.
import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { answerTurn, type OutageReply } from '../adapter.ts';
import { sanitizeActivity } from '../http/activity.ts';
import { errorFields, type Logger } from '../log.ts';
import type { Sql } from '../storage/sql.ts';
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
  #purgeTimer: NodeJS.Timeout | undefined;

  readonly #key: string;

  private constructor(transcripts: Transcripts, key: string, options: DirectLineOptions, log: Logger) {
    this.#options = options;
    this.#log = log;
    this.transcripts = transcripts;
    this.#key = key;
    this.connector = new LocalConnector(key);
  }

  static async open(db: Sql, options: DirectLineOptions, log: Logger): Promise<DirectLineChannel> {
    const store = new DirectLineStore(db);
    return new DirectLineChannel(new Transcripts(store), await store.key(), options, log);
  }

  /** The routes, once the bot exists; the adapter is the one the rest of the service uses. */
  register(server: Server, adapter: CloudAdapter, bot: ActivityHandler, outage?: OutageReply): void {
    const account = { id: this.#options.appId || 'early-help-guide', name: 'Early help guide', role: 'bot' as const };
    this.#api = new DirectLineApi({
      transcripts: this.transcripts,
      log: this.#log,
      bot: {
        account,
        serviceUrl: () => this.connector.serviceUrl,
        run: (activity) => adapter.processActivityDirect(localTurn(this.#options.appId, this.connector), sanitizeActivity(activity) as unknown as Activity, (context) => answerTurn(context, bot, this.#log, outage)),
      },
    }, this.#key);
    this.#api.register(server);
    registerConnector(server, { transcripts: this.transcripts, connector: this.connector, account, log: this.#log });
  }

  /** Once listening: where the bot reaches the connector, the WebSocket streams, and the purge. */
  start(server: Server, loopbackOrigin: string): void {
    this.connector.listeningAt(loopbackOrigin);
    this.#api?.attachStreams(server.server);
    const purge = () =>
      this.transcripts.store.purge(Date.now() - this.#options.retentionHours * 3_600_000).then(
        (r) => {
          if (r.conversations) this.#log.info('purged idle web chat conversations', { conversations: r.conversations, retentionHours: this.#options.retentionHours });
        },
        (err: unknown) => this.#log.warn('could not purge idle web chat conversations; will try again', errorFields(err)),
      );
    void purge();
    this.#purgeTimer = setInterval(() => void purge(), 3_600_000);
    this.#purgeTimer.unref();
  }

  stop(): void {
    clearInterval(this.#purgeTimer);
    this.#api?.close();
  }
}
