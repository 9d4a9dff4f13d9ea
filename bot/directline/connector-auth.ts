// How the bot and the local Direct Line channel trust each other inside one service.
//
// Towards the bot: the channel runs each turn in process (CloudAdapter.processActivityDirect) with
// a claims identity it makes itself, so no Bot Framework token is needed, with or without an app
// id. Towards the channel: the bot's replies and proactive messages go, like Teams', through the
// SDK's ConnectorClient to the conversation's serviceUrl, which for this channel is the service's
// own /v3/directline/connector/. The adapter's authentication is wrapped so that for that one
// serviceUrl the ConnectorClient carries the channel's own key instead of an Entra token (which a
// local channel could not check, and which would need the network); every other serviceUrl (Teams,
// Azure Direct Line) gets the configured Bot Framework credentials unchanged.
import { timingSafeEqual } from 'node:crypto';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  TokenCredentials,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

export const CONNECTOR_PATH = '/v3/directline/connector/';
const LOCAL_CLAIM = 'early-help:channel';
const LOCAL_CHANNEL = 'local-directline';
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The service's own connector endpoint: where it is, and the key the bot shows it. */
export class LocalConnector {
  readonly #key: string;
  #base: string | undefined;

  constructor(key: string) {
    this.#key = key;
  }

  /** Set once the service listens: the loopback address it can call itself on. */
  listeningAt(origin: string): void {
    this.#base = `${origin.replace(/\/$/, '')}${CONNECTOR_PATH}`;
  }

  get serviceUrl(): string {
    if (!this.#base) throw new Error('the local Direct Line connector is not listening yet');
    return this.#base;
  }

  /**
   * True for a serviceUrl this service handed out: its own, or the same path on any loopback port
   * (a conversation reference kept from before a restart on another port).
   */
  owns(serviceUrl: string | undefined): boolean {
    if (!serviceUrl) return false;
    try {
      const u = new URL(serviceUrl);
      if (u.pathname !== CONNECTOR_PATH) return false;
      return (this.#base !== undefined && u.origin === new URL(this.#base).origin) || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
    } catch {
      return false;
    }
  }

  isKey(presented: string): boolean {
    const a = Buffer.from(presented);
    const b = Buffer.from(this.#key);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  client(): ConnectorClient {
    return new ConnectorClient(new TokenCredentials(this.#key), { baseUri: this.serviceUrl });
  }
}

/** The identity of a turn the local channel runs: the bot's app id (or none) plus our marker. */
export function localTurn(appId: string | undefined, connector: LocalConnector): AuthenticateRequestResult {
  const claimsIdentity = new ClaimsIdentity(
    [
      { type: 'aud', value: appId ?? '' },
      { type: 'appid', value: appId ?? '' },
      { type: LOCAL_CLAIM, value: LOCAL_CHANNEL },
    ],
    true,
  );
  return { audience: appId ?? '', claimsIdentity, connectorFactory: new LocalFactory(connector, undefined) };
}

/** Whether a turn came in through this service's own Direct Line (its serviceUrl is then ours to trust). */
export function cameThroughLocalChannel(identity: ClaimsIdentity | undefined): boolean {
  return identity?.getClaimValue(LOCAL_CLAIM) === LOCAL_CHANNEL;
}

class LocalFactory extends ConnectorFactory {
  readonly #connector: LocalConnector;
  readonly #inner: ConnectorFactory | undefined;
  constructor(connector: LocalConnector, inner: ConnectorFactory | undefined) {
    super();
    this.#connector = connector;
    this.#inner = inner;
  }
  override async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (this.#connector.owns(serviceUrl)) return this.#connector.client();
    if (!this.#inner) throw new Error('a local Direct Line turn can only answer through the local connector');
    return this.#inner.create(serviceUrl, audience);
  }
}

/** The configured Bot Framework authentication, with the local connector's serviceUrl handled as above. */
export class WithLocalConnector extends BotFrameworkAuthentication {
  readonly #inner: BotFrameworkAuthentication;
  readonly #connector: LocalConnector;
  constructor(inner: BotFrameworkAuthentication, connector: LocalConnector) {
    super();
    this.#inner = inner;
    this.#connector = connector;
  }
  // Requests to /api/messages keep the inner factory: a posted activity naming our serviceUrl
  // never gets the channel's key.
  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#inner.authenticateRequest(activity, authHeader);
  }
  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new LocalFactory(this.#connector, this.#inner.createConnectorFactory(claimsIdentity));
  }
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#inner.createUserTokenClient(claimsIdentity);
  }
  override createBotFrameworkClient(): BotFrameworkClient {
    return this.#inner.createBotFrameworkClient();
  }
  override getOriginatingAudience(): string {
    return this.#inner.getOriginatingAudience();
  }
  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.#inner.authenticateChannelRequest(authHeader);
  }
}
