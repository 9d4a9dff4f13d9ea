// Where the duty team's summaries go (docs/arch/ADR-010-duty-channel-designation.md). The duty
// channel is designated deliberately, never captured from an install event:
// - by configuration (DUTY_CHANNEL_ID + DUTY_SERVICE_URL), which wins; or
// - by a signed-in duty team member on the duty page, who picks one of the teams the app has been
//   seen installed in (candidates) and is written to the append-only audit log.
// An install event only ever adds a candidate, and only when Bot Framework authenticated it: a
// teacher adding the app to a school team, or a forged activity naming its own serviceUrl, can
// never redirect a referral. With no app id (anonymous, local) there is no channel at all and
// summaries wait on the duty page; the one exception is a connector on this machine's loopback
// named in configuration (the Bot Framework Emulator, a test connector), which no activity can name.
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
  /** `installed` is read from outbox rows written before designation existed; nothing writes it now. */
  source: z.enum(['configured', 'designated', 'installed']),
});
export type DutyTarget = z.infer<typeof DutyTarget>;

/** A team the app was seen installed in: something a duty team member may designate, nothing more. */
export interface DutyCandidate {
  target: DutyTarget;
  teamName: string | null;
  seenAt: string;
  /** Who installed it, as Teams named them (an AAD object id or a Teams user id). */
  seenBy: string;
}

export interface Designation {
  target: DutyTarget;
  designatedAt: string;
  designatedBy: string;
}

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
    team: z.object({ id: z.string().min(1).max(512), aadGroupId: z.string().max(512).optional(), name: z.string().max(256).optional() }),
    tenant: z.object({ id: z.string() }).optional(),
    eventType: z.string().optional(),
  }),
});

export type InstallEvent = { kind: 'installed'; target: DutyTarget; teamName?: string } | { kind: 'removed'; conversationId: string };

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
  const tenantId = a.channelData.tenant?.id ?? a.conversation.tenantId;
  if (added) {
    return {
      kind: 'installed',
      target: {
        serviceUrl: a.serviceUrl,
        conversationId,
        ...(tenantId ? { tenantId } : {}),
        ...(a.channelData.team.aadGroupId ? { teamId: a.channelData.team.aadGroupId } : {}),
        botId,
        source: 'designated',
      },
      ...(a.channelData.team.name ? { teamName: a.channelData.team.name } : {}),
    };
  }
  if (removed) return { kind: 'removed', conversationId };
  return undefined;
}

/** A connector on this machine: what an anonymous install may be configured to post to. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === '[::1]' || host === 'localhost';
  } catch {
    return false;
  }
}

/** Candidates are bounded: an authenticated but busy tenant cannot grow the table without end. */
export const MAX_CANDIDATES = 200;

export interface DutyChannelOptions {
  configured?: DutyTarget;
  /** True when an app id is configured, so Bot Framework authenticates every activity. */
  authenticated: boolean;
}

export class DutyChannels {
  readonly #db: Sql;
  readonly #configured: DutyTarget | undefined;
  readonly #authenticated: boolean;

  // The tables are made by migration NNN-duty-channel-designation. The old `duty_channel` table
  // held a channel captured from an install event; it is left unread on purpose: a capture is not
  // a designation.
  constructor(db: Sql, options: DutyChannelOptions) {
    this.#db = db;
    this.#authenticated = options.authenticated;
    // Configuration is checked at start (bot/config.ts); this guards a caller that skipped it.
    this.#configured = options.configured && (options.authenticated || isLoopbackUrl(options.configured.serviceUrl)) ? options.configured : undefined;
  }

  /** Whether a channel can be designated here at all (not while anonymous). */
  get designatable(): boolean {
    return this.#authenticated;
  }

  /** The pinned channel, when configuration pins one (no database needed). */
  get configured(): DutyTarget | undefined {
    return this.#configured;
  }

  async current(): Promise<DutyTarget | undefined> {
    if (this.#configured) return this.#configured;
    return (await this.designation())?.target;
  }

  async designation(db: Sql = this.#db): Promise<Designation | undefined> {
    if (!this.#authenticated) return undefined;
    const row = await db.get<{ target: string; designated_at: string; designated_by: string }>('SELECT target, designated_at, designated_by FROM duty_channel_designation WHERE id = 1');
    if (!row) return undefined;
    const parsed = DutyTarget.safeParse(JSON.parse(row.target));
    return parsed.success ? { target: parsed.data, designatedAt: row.designated_at, designatedBy: row.designated_by } : undefined;
  }

  async candidates(db: Sql = this.#db): Promise<DutyCandidate[]> {
    if (!this.#authenticated) return [];
    const rows = await db.all<{ target: string; team_name: string | null; seen_at: string; seen_by: string }>(
      'SELECT target, team_name, seen_at, seen_by FROM duty_channel_candidate ORDER BY seen_at DESC LIMIT ?',
      [MAX_CANDIDATES],
    );
    return rows.flatMap((r) => {
      const t = DutyTarget.safeParse(JSON.parse(r.target));
      return t.success ? [{ target: t.data, teamName: r.team_name, seenAt: r.seen_at, seenBy: r.seen_by }] : [];
    });
  }

  /**
   * Note an authenticated install event: an installation adds (or refreshes) a candidate, a removal
   * drops it and, if it was the designated channel, ends the designation (the bot can no longer
   * post there; summaries wait on the duty page). Never designates anything.
   */
  async noteInstall(event: InstallEvent, seenBy: string, now: Date = new Date()): Promise<'candidate' | 'removed' | 'undesignated' | 'ignored'> {
    if (!this.#authenticated) return 'ignored';
    if (event.kind === 'installed') {
      await this.#db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO duty_channel_candidate (conversation_id, target, team_name, seen_at, seen_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (conversation_id) DO UPDATE SET target = excluded.target, team_name = excluded.team_name, seen_at = excluded.seen_at, seen_by = excluded.seen_by`,
          [event.target.conversationId, JSON.stringify(event.target), event.teamName ?? null, now.toISOString(), seenBy],
        );
        await tx.run('DELETE FROM duty_channel_candidate WHERE conversation_id NOT IN (SELECT conversation_id FROM duty_channel_candidate ORDER BY seen_at DESC LIMIT ?)', [MAX_CANDIDATES]);
      });
      return 'candidate';
    }
    return this.#db.transaction(async (tx) => {
      await tx.run('DELETE FROM duty_channel_candidate WHERE conversation_id = ?', [event.conversationId]);
      const row = await tx.get<{ target: string }>(`SELECT target FROM duty_channel_designation WHERE id = 1${forUpdate(tx)}`);
      if (row && (JSON.parse(row.target) as DutyTarget).conversationId === event.conversationId) {
        await tx.run('DELETE FROM duty_channel_designation WHERE id = 1');
        return 'undesignated';
      }
      return 'removed';
    });
  }

  /**
   * A duty team member designates one of the candidates. Refused while anonymous, while the
   * channel is pinned by configuration, and for a conversation the app was never seen in.
   */
  async designate(
    conversationId: string,
    by: string,
    now: Date = new Date(),
    /** Runs in the same transaction once designated: the audit row, so there is never one without the other. */
    audited?: (tx: Sql, target: DutyTarget, previous: DutyTarget | undefined) => Promise<void>,
  ): Promise<{ ok: true; target: DutyTarget; previous?: DutyTarget } | { ok: false; reason: 'anonymous' | 'configured' | 'not-a-candidate' }> {
    if (!this.#authenticated) return { ok: false, reason: 'anonymous' };
    if (this.#configured) return { ok: false, reason: 'configured' };
    return this.#db.transaction(async (tx) => {
      const candidate = (await this.candidates(tx)).find((c) => c.target.conversationId === conversationId);
      if (!candidate) return { ok: false as const, reason: 'not-a-candidate' as const };
      const previous = (await this.designation(tx))?.target;
      const target: DutyTarget = { ...candidate.target, source: 'designated' };
      await tx.run(
        `INSERT INTO duty_channel_designation (id, target, designated_at, designated_by) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET target = excluded.target, designated_at = excluded.designated_at, designated_by = excluded.designated_by`,
        [JSON.stringify(target), now.toISOString(), by],
      );
      await audited?.(tx, target, previous);
      return { ok: true as const, target, ...(previous ? { previous } : {}) };
    });
  }

  /** Whether an activity's conversation is the current duty channel (or a thread in it). */
  async isDutyConversation(conversationId: string | undefined): Promise<boolean> {
    const target = await this.current();
    if (!target || !conversationId) return false;
    return conversationId === target.conversationId || conversationId.startsWith(`${target.conversationId};`);
  }
}
