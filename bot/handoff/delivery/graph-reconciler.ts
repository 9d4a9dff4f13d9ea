// Reconciliation of a duty post whose outcome is unknown, through Microsoft Graph: list the duty
// channel's recent messages and look for the handoff reference in them. The Bot Connector API has
// no way to read a channel, and its "create activity" takes no idempotency key, so this is the only
// way to know whether an earlier attempt landed before sending again. It needs the team's group id
// (captured at install as channelData.team.aadGroupId, or DUTY_TEAM_ID) and the Graph permission
// ChannelMessage.Read.Group (resource-specific consent in the app manifest) or
// ChannelMessage.Read.All. Limits are in docs/arch/ADR-001-duty-delivery.md.
import type { DutyTarget } from './duty-channel.ts';
import type { Reconciler } from './ports.ts';

export interface GraphMessage {
  id: string;
  createdDateTime?: string;
  body?: { content?: string };
  attachments?: { content?: string | null }[];
}

export class GraphReconciler implements Reconciler {
  readonly #baseUrl: string;
  readonly #token: () => Promise<string | undefined>;
  readonly #maxPages: number;

  /** `token` gives a Graph access token for the bot's app registration (none for a loopback fake). */
  constructor(opts: { baseUrl: string; token: () => Promise<string | undefined>; maxPages?: number }) {
    this.#baseUrl = opts.baseUrl.replace(/\/$/, '');
    this.#token = opts.token;
    this.#maxPages = opts.maxPages ?? 10;
  }

  async findPost(target: DutyTarget, reference: string, postedAfter: Date, signal: AbortSignal): Promise<string | null> {
    if (!target.teamId) throw new Error('the duty channel has no team id: cannot reconcile through Graph');
    const token = await this.#token();
    const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    let url: string | undefined =
      `${this.#baseUrl}/v1.0/teams/${encodeURIComponent(target.teamId)}/channels/${encodeURIComponent(target.conversationId)}/messages?$top=50`;
    for (let page = 0; url && page < this.#maxPages; page++) {
      const res = await fetch(url, { headers, signal });
      if (!res.ok) throw new Error(`graph answered ${res.status}`);
      const body = (await res.json()) as { value?: GraphMessage[]; '@odata.nextLink'?: string };
      const messages = body.value ?? [];
      const found = messages.find((m) => carries(m, reference));
      if (found) return found.id;
      // Messages come newest first: once past the time of the first attempt, it is not there.
      const oldest = messages.at(-1)?.createdDateTime;
      if (!messages.length || (oldest && new Date(oldest) < postedAfter)) return null;
      url = body['@odata.nextLink'];
    }
    if (url) throw new Error('graph: searched the page limit without reaching the time of the first attempt');
    return null;
  }
}

function carries(m: GraphMessage, reference: string): boolean {
  return (m.body?.content ?? '').includes(reference) || (m.attachments ?? []).some((a) => (a.content ?? '').includes(reference));
}
