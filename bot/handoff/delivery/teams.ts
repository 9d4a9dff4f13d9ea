// Proactive messages through the real Bot Framework adapter (CloudAdapter): a new post in the
// duty channel, an update of that post, and a message in the referrer's own conversation. The
// connector client comes from continueConversationAsync, so credentials, token caching and the
// service URL are the SDK's; we only choose which connector call to make and classify failures.
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { DutyTarget } from './duty-channel.ts';
import { type OutgoingMessage, SendError, type TeamsSender } from './ports.ts';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export function toActivity(message: OutgoingMessage) {
  return {
    type: 'message' as const,
    ...(message.text ? { text: message.text } : {}),
    ...(message.speak ? { speak: message.speak } : {}),
    ...(message.summary ? { summary: message.summary } : {}),
    inputHint: 'acceptingInput' as const,
    ...(message.card ? { attachments: [{ contentType: ADAPTIVE_CARD, content: message.card }] } : {}),
  };
}

/**
 * Whether a failed send certainly created nothing. A refused connection, a throttle (429) or a
 * rejected request (4xx) did not; a timeout, an abort, a reset connection or a server error
 * (5xx: a gateway can time out after the message was created) might have.
 */
export function classifySendFailure(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { statusCode?: number; code?: string; name?: string; cause?: { code?: string } };
  const status = e.statusCode;
  if (typeof status === 'number') {
    if (status >= 400 && status < 500 && status !== 408) return new SendError(`http-${status}`, true);
    return new SendError(`http-${status}`, false);
  }
  const code = e.code ?? e.cause?.code ?? e.name ?? 'error';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return new SendError(code, true);
  return new SendError(String(code), false);
}

/**
 * The connector client's HTTP pipeline retries failed requests by itself (the Azure SDK's default
 * retry policy: 5xx, throttling and dropped connections, up to three times). For a create that
 * is not idempotent those hidden retries are how duplicates happen, so they are removed: every
 * attempt is one request, recorded in the outbox, and retried only after reconciliation.
 */
export function withoutSdkRetries(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(o: { phase: string }): unknown } } }).client?.pipeline;
  if (!pipeline) throw new Error('connector client has no pipeline: cannot turn off its hidden retries');
  pipeline.removePolicy({ phase: 'Retry' });
  return client;
}

export function channelReference(target: DutyTarget, appId: string): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    conversation: { id: target.conversationId, isGroup: true, conversationType: 'channel', name: '', ...(target.tenantId ? { tenantId: target.tenantId } : {}) },
    bot: { id: target.botId ?? appId, name: '' },
  };
}

export class CloudAdapterSender implements TeamsSender {
  readonly #adapter: CloudAdapter;
  readonly #appId: string;

  constructor(adapter: CloudAdapter, appId: string | undefined) {
    this.#adapter = adapter;
    this.#appId = appId ?? '';
  }

  async #withConnector<T>(
    reference: Partial<ConversationReference>,
    fn: (client: ConnectorClient, conversationId: string, addressed: (message: OutgoingMessage) => Partial<Activity>) => Promise<T>,
  ): Promise<T> {
    let result: { value: T } | undefined;
    const addressed = (message: OutgoingMessage): Partial<Activity> => ({
      ...toActivity(message),
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: reference.conversation,
      ...(reference.bot ? { from: reference.bot } : {}),
      ...(reference.user ? { recipient: reference.user } : {}),
    });
    try {
      await this.#adapter.continueConversationAsync(this.#appId, reference, async (context: TurnContext) => {
        const client = withoutSdkRetries(context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey));
        result = { value: await fn(client, reference.conversation!.id, addressed) };
      });
    } catch (err) {
      throw classifySendFailure(err);
    }
    if (!result) throw new SendError('no-result', false);
    return result.value;
  }

  postToChannel(target: DutyTarget, message: OutgoingMessage, signal: AbortSignal): Promise<string> {
    return this.#withConnector(channelReference(target, this.#appId), async (client, conversationId, addressed) => {
      const res = await client.conversations.sendToConversation(conversationId, addressed(message), { abortSignal: signal });
      if (!res.id) throw new SendError('no-activity-id', false);
      return res.id;
    });
  }

  async updatePost(target: DutyTarget, activityId: string, message: OutgoingMessage, signal: AbortSignal): Promise<void> {
    await this.#withConnector(channelReference(target, this.#appId), (client, conversationId, addressed) =>
      client.conversations.updateActivity(conversationId, activityId, { ...addressed(message), id: activityId }, { abortSignal: signal }),
    );
  }

  async deletePost(target: DutyTarget, activityId: string, signal: AbortSignal): Promise<void> {
    await this.#withConnector(channelReference(target, this.#appId), (client, conversationId) => client.conversations.deleteActivity(conversationId, activityId, { abortSignal: signal }));
  }

  sendToConversation(reference: Record<string, unknown>, message: OutgoingMessage, signal: AbortSignal): Promise<string> {
    return this.#withConnector(reference as Partial<ConversationReference>, async (client, conversationId, addressed) => {
      const res = await client.conversations.sendToConversation(conversationId, addressed(message), { abortSignal: signal });
      return res.id ?? '';
    });
  }
}
