// Where the duty team's summaries go: a Teams channel, either configured by id (DUTY_CHANNEL_ID,
// DUTY_SERVICE_URL, DUTY_TENANT_ID, DUTY_TEAM_ID) or captured when the app is installed in a team.
// Configuration wins, so a council can pin the channel; otherwise the last team the app was
// installed in is used, and removing the app from that team forgets it.
import { forUpdate, type Sql } from '../../storage/sql.ts';
import { z } from 'zod';

export const DutyTarget = z.object({
  serviceUrl: z.url(),
  /** The channel's conversation id (19:...@thread.tacv2); a new post starts a new thread in it. */
  conversationId: z.string().min(1),
  tenantId: z.string().optional(),
  /** The team's Microsoft 365 group id: what Microsoft Graph calls the team, for reconciliation. */
  teamId: z.string().optional(),
  botId: z.string().optional(),
  source: z.enum(['configured', 'installed']),
});
export type DutyTarget = z.infer<typeof DutyTarget>;

/** The parts of an install event we read; anything else in the activity is ignored. */
const InstallActivity = z.object({
  type: z.enum(['installationUpdate', 'conversationUpdate']),
  action: z.string().optional(),
  serviceUrl: z.url(),
  conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }),
  recipient: z.object({ id: z.string().min(1) }),
  from: z.object({ id: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
  membersAdded: z.array(z.object({ id: z.string() })).optional(),
  membersRemoved: z.array(z.object({ id: z.string() })).optional(),
  channelData: z.object({
    team: z.object({ id: z.string().min(1), aadGroupId: z.string().optional() }),
    tenant: z.object({ id: z.string() }).optional(),
    eventType: z.string().optional(),
  }),
});

export type InstallEvent = { kind: 'installed'; target: DutyTarget } | { kind: 'removed'; conversationId: string };

/** An install or removal of the app in a team, read from an incoming activity; undefined for anything else. */
export function readInstallEvent(activity: unknown): InstallEvent | undefined {
  const parsed = InstallActivity.safeParse(activity);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  const botId = a.recipient.id;
  const added = a.type === 'installationUpdate' ? a.action === 'add' || a.action === 'add-upgrade' : (a.membersAdded ?? []).some((m) => m.id === botId);
  const removed = a.type === 'installationUpdate' ? a.action === 'remove' || a.action === 'remove-upgrade' : (a.membersRemoved ?? []).some((m) => m.id === botId);
  // In a team the General channel's conversation id is the team id: post new threads there.
  const conversationId = a.channelData.team.id;
  if (added) {
    return {
      kind: 'installed',
      target: {
        serviceUrl: a.serviceUrl,
        conversationId,
        ...(a.channelData.tenant?.id ?? a.conversation.tenantId ? { tenantId: a.channelData.tenant?.id ?? a.conversation.tenantId } : {}),
        ...(a.channelData.team.aadGroupId ? { teamId: a.channelData.team.aadGroupId } : {}),
        botId,
        source: 'installed',
      },
    };
  }
  if (removed) return { kind: 'removed', conversationId };
  return undefined;
}

export class DutyChannels {
  readonly #db: Sql;
  readonly #configured: DutyTarget | undefined;

  constructor(db: Sql, configured?: DutyTarget) {
    this.#db = db;
    this.#configured = configured;
  }

  /** The pinned channel, when configuration pins one (no database needed). */
  get configured(): DutyTarget | undefined {
    return this.#configured;
  }

  async current(): Promise<DutyTarget | undefined> {
    if (this.#configured) return this.#configured;
    const row = await this.#db.get<{ target: string }>('SELECT target FROM duty_channel WHERE id = 1');
    if (!row) return undefined;
    const parsed = DutyTarget.safeParse(JSON.parse(row.target));
    return parsed.success ? parsed.data : undefined;
  }

  /** Apply an install event; returns what changed, for the audit log. */
  async apply(event: InstallEvent, now: Date = new Date()): Promise<'captured' | 'forgotten' | 'ignored'> {
    if (event.kind === 'installed') {
      await this.#db.run(
        'INSERT INTO duty_channel (id, target, captured_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET target = excluded.target, captured_at = excluded.captured_at',
        [JSON.stringify(event.target), now.toISOString()],
      );
      return 'captured';
    }
    return this.#db.transaction(async (tx) => {
      const current = await tx.get<{ target: string }>(`SELECT target FROM duty_channel WHERE id = 1${forUpdate(tx)}`);
      if (current && (JSON.parse(current.target) as DutyTarget).conversationId === event.conversationId) {
        await tx.run('DELETE FROM duty_channel WHERE id = 1');
        return 'forgotten';
      }
      return 'ignored';
    });
  }
}
