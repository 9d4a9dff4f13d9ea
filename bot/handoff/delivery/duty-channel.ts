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
import type { DatabaseSync } from 'node:sqlite';
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
  readonly #db: DatabaseSync;
  readonly #configured: DutyTarget | undefined;
  readonly #authenticated: boolean;

  constructor(db: DatabaseSync, options: DutyChannelOptions) {
    this.#db = db;
    this.#authenticated = options.authenticated;
    // Configuration is checked at start (bot/config.ts); this guards a caller that skipped it.
    this.#configured = options.configured && (options.authenticated || isLoopbackUrl(options.configured.serviceUrl)) ? options.configured : undefined;
    // The old table `duty_channel` held a channel captured from an install event; it is left
    // unread on purpose: a capture is not a designation.
    db.exec(`
      CREATE TABLE IF NOT EXISTS duty_channel_designation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        target TEXT NOT NULL,
        designated_at TEXT NOT NULL,
        designated_by TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS duty_channel_candidate (
        conversation_id TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        team_name TEXT,
        seen_at TEXT NOT NULL,
        seen_by TEXT NOT NULL
      );
    `);
  }

  /** Whether a channel can be designated here at all (not while anonymous). */
  get designatable(): boolean {
    return this.#authenticated;
  }

  get configured(): DutyTarget | undefined {
    return this.#configured;
  }

  current(): DutyTarget | undefined {
    if (this.#configured) return this.#configured;
    return this.designation()?.target;
  }

  designation(): Designation | undefined {
    if (!this.#authenticated) return undefined;
    const row = this.#db.prepare('SELECT target, designated_at, designated_by FROM duty_channel_designation WHERE id = 1').get() as
      | { target: string; designated_at: string; designated_by: string }
      | undefined;
    if (!row) return undefined;
    const parsed = DutyTarget.safeParse(JSON.parse(row.target));
    return parsed.success ? { target: parsed.data, designatedAt: row.designated_at, designatedBy: row.designated_by } : undefined;
  }

  candidates(): DutyCandidate[] {
    if (!this.#authenticated) return [];
    const rows = this.#db.prepare('SELECT target, team_name, seen_at, seen_by FROM duty_channel_candidate ORDER BY seen_at DESC LIMIT ?').all(MAX_CANDIDATES) as Array<{
      target: string;
      team_name: string | null;
      seen_at: string;
      seen_by: string;
    }>;
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
  noteInstall(event: InstallEvent, seenBy: string, now: Date = new Date()): 'candidate' | 'removed' | 'undesignated' | 'ignored' {
    if (!this.#authenticated) return 'ignored';
    if (event.kind === 'installed') {
      this.#db
        .prepare(
          `INSERT INTO duty_channel_candidate (conversation_id, target, team_name, seen_at, seen_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(conversation_id) DO UPDATE SET target = excluded.target, team_name = excluded.team_name, seen_at = excluded.seen_at, seen_by = excluded.seen_by`,
        )
        .run(event.target.conversationId, JSON.stringify(event.target), event.teamName ?? null, now.toISOString(), seenBy);
      this.#db
        .prepare('DELETE FROM duty_channel_candidate WHERE conversation_id NOT IN (SELECT conversation_id FROM duty_channel_candidate ORDER BY seen_at DESC LIMIT ?)')
        .run(MAX_CANDIDATES);
      return 'candidate';
    }
    this.#db.prepare('DELETE FROM duty_channel_candidate WHERE conversation_id = ?').run(event.conversationId);
    if (this.designation()?.target.conversationId === event.conversationId) {
      this.#db.prepare('DELETE FROM duty_channel_designation WHERE id = 1').run();
      return 'undesignated';
    }
    return 'removed';
  }

  /**
   * A duty team member designates one of the candidates. Refused while anonymous, while the
   * channel is pinned by configuration, and for a conversation the app was never seen in.
   */
  designate(conversationId: string, by: string, now: Date = new Date()): { ok: true; target: DutyTarget; previous?: DutyTarget } | { ok: false; reason: 'anonymous' | 'configured' | 'not-a-candidate' } {
    if (!this.#authenticated) return { ok: false, reason: 'anonymous' };
    if (this.#configured) return { ok: false, reason: 'configured' };
    const candidate = this.candidates().find((c) => c.target.conversationId === conversationId);
    if (!candidate) return { ok: false, reason: 'not-a-candidate' };
    const previous = this.designation()?.target;
    const target: DutyTarget = { ...candidate.target, source: 'designated' };
    this.#db
      .prepare(
        `INSERT INTO duty_channel_designation (id, target, designated_at, designated_by) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET target = excluded.target, designated_at = excluded.designated_at, designated_by = excluded.designated_by`,
      )
      .run(JSON.stringify(target), now.toISOString(), by);
    return { ok: true, target, ...(previous ? { previous } : {}) };
  }

  /** Whether an activity's conversation is the current duty channel (or a thread in it). */
  isDutyConversation(conversationId: string | undefined): boolean {
    const target = this.current();
    if (!target || !conversationId) return false;
    return conversationId === target.conversationId || conversationId.startsWith(`${target.conversationId};`);
  }
}
