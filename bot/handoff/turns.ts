// The handoff's side of a Bot Framework turn, behind the conversation's seam
// (bot/conversation/handoff.ts). It
// - notices the app being installed in (or removed from) a team: when Bot Framework authenticated
//   the event, the team becomes a candidate the duty team may designate on the duty page; it is
//   never made the duty channel by the event (docs/arch/ADR-010-duty-channel-designation.md);
// - handles the duty card's Acknowledge and Record outcome buttons, counted only from an
//   authenticated Teams activity in the designated duty channel;
// - runs the handoff flow for a conversation that has one in progress, saving its state after
//   every turn, and storing the handoff (durably, before confirming) when the practitioner sends it;
// - starts the flow when the conversation calls `start` (the practitioner took the offer).
// The bot calls `onTurn` first on every activity and carries on only when it returns false.
import { type Activity, type TurnContext, TurnContext as Turn } from 'botbuilder';
import type { ClaimsIdentity } from 'botframework-connector';
import { cameThroughLocalChannel } from '../directline/connector-auth.ts';
import { z } from 'zod';
import { ssml, ssmlText } from '../../cards/handoff/card-text.ts';
import { dutyReplies } from '../../cards/handoff/duty-replies.ts';
import { DUTY_ACTION_KEY } from '../../cards/handoff/duty-card.ts';
import { type RenderedPrompt, renderPrompt } from '../../cards/handoff/prompts.ts';
import { alreadySentMessage, noneSentMessage, notYoursMessage, referralStatusMessage, willTellYouMessage } from '../../cards/handoff/referral-status.ts';
import type { AuditLog } from '../auth/audit.ts';
import type { RefusalAudit } from '../auth/refusals.ts';
import { CARD_CHANNELS, chatterInChannel, messageText } from '../conversation/bot.ts';
import type { HandoffFlow, HandoffSeed } from '../conversation/handoff.ts';
import { type Logger, errorFields } from '../log.ts';
import { type DutyChannels, readInstallEvent } from './delivery/duty-channel.ts';
import { type Step, isActive, next, resume, startFlow } from './flow.ts';
import { parseReference } from '../../knowledge/handoff/reference.ts';
import type { HandoffService } from './service.ts';
import { type StatusQuery, referralStatus, referrerKey, statusQuery } from './status.ts';
import { type Actor, Outcome, type HandoffStore } from './store.ts';

export interface HandoffTurnsDeps {
  store: HandoffStore;
  service: HandoffService;
  channels: DutyChannels;
  audit: AuditLog;
  /** Refused card presses, aggregated (bot/auth/refusals.ts): a forger cannot grow the audit without bound. */
  refusals: RefusalAudit;
  /** The bot's app id; unset (anonymous), no activity is authenticated and no card press counts. */
  appId?: string;
  log: Logger;
  /** Wake the delivery worker after a submit. */
  kick: () => void;
}

const DutyAction = z.discriminatedUnion(DUTY_ACTION_KEY, [
  z.object({ [DUTY_ACTION_KEY]: z.literal('acknowledge'), reference: z.string().max(20) }),
  z.object({ [DUTY_ACTION_KEY]: z.literal('outcome'), reference: z.string().max(20), outcome: Outcome, note: z.string().max(1000).optional() }),
]);

export function conversationKey(activity: Partial<Activity>): string {
  return `${activity.channelId ?? ''}|${activity.conversation?.id ?? ''}|${activity.from?.id ?? ''}`;
}

/** The reply for a prompt: a card where the channel shows cards, numbered text elsewhere. */
export function promptActivity(channelId: string | undefined, r: RenderedPrompt): Partial<Activity> {
  if (channelId && CARD_CHANNELS.has(channelId)) {
    return { type: 'message', speak: r.speak, inputHint: r.inputHint, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: r.card }] };
  }
  return { type: 'message', text: r.text, speak: r.speak, inputHint: r.inputHint };
}

/**
 * Whether the duty team's outcome can be carried back to this conversation later: Teams, this
 * service's own Direct Line (the web chat page), or Azure Direct Line when Bot Framework
 * authenticated the activity. An unauthenticated post to /api/messages names its own serviceUrl,
 * which is not trusted with a message later.
 */
export function canTellLater(context: TurnContext): boolean {
  const a = context.activity;
  if (a.channelId === 'msteams') return true;
  const identity = context.turnState.get<ClaimsIdentity | undefined>(context.adapter.BotIdentityKey);
  if (cameThroughLocalChannel(identity)) return true;
  return (a.channelId === 'directline' || a.channelId === 'webchat') && identity?.isAuthenticated === true && Boolean(identity.getClaimValue('appid') || identity.getClaimValue('azp'));
}

/**
 * Whether Bot Framework authenticated this turn as coming from Teams for this bot: an app id is
 * configured, the adapter verified the channel's JWT (its audience is our app id), the channel is
 * msteams, and the turn did not come through the local Direct Line (whose identity we make ourselves).
 */
export function authenticatedTeamsTurn(context: TurnContext, appId: string | undefined): boolean {
  if (!appId || context.activity.channelId !== 'msteams') return false;
  const identity = context.turnState.get<ClaimsIdentity | undefined>(context.adapter.BotIdentityKey);
  if (!identity?.isAuthenticated || cameThroughLocalChannel(identity)) return false;
  return identity.getClaimValue('aud') === appId;
}

const actorOf = (a: Partial<Activity>) => `teams:${String(a.from?.aadObjectId ?? a.from?.id ?? 'unknown').slice(0, 128)}`;

export class HandoffTurns implements HandoffFlow {
  readonly offer = 'Prepare the duty summary';
  readonly #d: HandoffTurnsDeps;
  constructor(deps: HandoffTurnsDeps) {
    this.#d = deps;
  }

  async onTurn(context: TurnContext): Promise<boolean> {
    const a = context.activity;
    const install = readInstallEvent(a);
    if (install) {
      // An unauthenticated install (anonymous mode, or anything not from Teams) is not even a
      // candidate, and is not audited: anyone could post one, as often as they like.
      const authentic = authenticatedTeamsTurn(context, this.#d.appId);
      const change = authentic ? await this.#d.channels.noteInstall(install, actorOf(a)) : 'ignored';
      if (change !== 'ignored') {
        const conversationId = install.kind === 'installed' ? install.target.conversationId : install.conversationId;
        await this.#d.audit.record(actorOf(a), `duty-channel-${change}`, undefined, { conversationId: conversationId.slice(0, 512) });
      }
      this.#d.log.info('duty channel install event', { change, authenticated: authentic });
      return false;
    }
    if (a.type !== 'message') return false;
    const value = a.value as Record<string, unknown> | undefined;
    if (value && typeof value === 'object' && DUTY_ACTION_KEY in value) {
      await this.#dutyAction(context, value);
      return true;
    }
    const key = conversationKey(a);
    const state = await this.#d.store.loadDraft(key);
    // Chatter in a team channel that does not @mention the bot is not a question to it.
    const query = value === undefined && !chatterInChannel(a) ? statusQuery(messageText(a)) : undefined;
    if (query) {
      await this.#status(context, key, query);
      if (state && isActive(state)) await this.#send(context, resume(state));
      return true;
    }
    if (!state || state.phase === 'cancelled') return false;
    if (state.phase === 'done') {
      // Only our own buttons are answered after the handoff is sent; other text is the conversation's.
      if (!(value && typeof value === 'object' && 'handoff' in value)) return false;
    }
    await this.#advance(context, key, next(state, { text: messageText(a), value }));
    return true;
  }

  async start(context: TurnContext, seed: HandoffSeed): Promise<void> {
    const a = context.activity;
    // A summary already sent for this concern is shown, never silently made a second time.
    if (await this.afterOutcome(context, seed.consultationId)) return;
    const user = a.channelId === 'msteams' && a.from?.name ? { name: a.from.name } : undefined;
    const step = startFlow({ ...seed, ...(user ? { user } : {}) });
    await this.#advance(context, conversationKey(a), step);
  }

  /**
   * Back at a concern whose summary was sent (its outcome shown again, or the summary asked for
   * again): says so, with the reference, when it was sent, its status, and the way on for a
   * different concern. True when it did.
   */
  async afterOutcome(context: TurnContext, consultationId: string | undefined): Promise<boolean> {
    if (!consultationId) return false;
    const referral = await this.#d.store.referrals.latest(conversationKey(context.activity), consultationId);
    const handoff = referral && (await this.#d.store.get(referral.reference));
    if (!handoff) return false;
    const cards = CARD_CHANNELS.has(context.activity.channelId ?? '');
    await context.sendActivity(promptActivity(context.activity.channelId, alreadySentMessage(referralStatus(handoff), { cards })));
    return true;
  }

  /** "status HX-...": the handoff's status, to the person who made it only. */
  async #status(context: TurnContext, key: string, query: StatusQuery): Promise<void> {
    const a = context.activity;
    const asker = referrerKey(a);
    const channel = a.channelId;
    if ('latest' in query) {
      const referral = await this.#d.store.referrals.latest(key);
      const handoff = referral && referral.referrerKey === asker ? await this.#d.store.get(referral.reference) : undefined;
      if (!handoff) return void (await context.sendActivity(promptActivity(channel, noneSentMessage())));
      await this.#d.audit.record(`referrer:${asker}`, 'referrer-viewed-status', handoff.summary.reference, { via: channel ?? 'unknown' });
      await context.sendActivity(promptActivity(channel, referralStatusMessage(referralStatus(handoff))));
      return;
    }
    const reference = parseReference(query.reference);
    const referral = reference ? await this.#d.store.referrals.get(reference) : undefined;
    const handoff = referral && referral.referrerKey === asker ? await this.#d.store.get(referral.reference) : undefined;
    if (!handoff) {
      // The same words whether it does not exist or is someone else's: nothing about it leaks.
      await this.#d.audit.record(`referrer:${asker}`, 'referrer-status-refused', reference, { via: channel ?? 'unknown' });
      await context.sendActivity(promptActivity(channel, notYoursMessage()));
      return;
    }
    await this.#d.audit.record(`referrer:${asker}`, 'referrer-viewed-status', handoff.summary.reference, { via: channel ?? 'unknown' });
    await context.sendActivity(promptActivity(channel, referralStatusMessage(referralStatus(handoff))));
  }

  async #send(context: TurnContext, step: Step): Promise<void> {
    await context.sendActivity(promptActivity(context.activity.channelId, renderPrompt(step.prompt)));
  }

  async #advance(context: TurnContext, key: string, step: Step): Promise<void> {
    if (step.effect?.type === 'submit') {
      const draft = step.effect.draft;
      const tellLater = canTellLater(context);
      let reference: string;
      try {
        ({ reference } = await this.#d.store.submit({
          draftKey: key,
          draft,
          referral: { conversationKey: key, referrerKey: referrerKey(context.activity), ...(step.state.consultationId ? { consultationId: step.state.consultationId } : {}) },
          ...(tellLater ? { referrerConversation: Turn.getConversationReference(context.activity) as unknown as Record<string, unknown> } : {}),
          finalState: (ref) => next(step.state, { stored: { reference: ref } }).state,
        }));
      } catch (err) {
        this.#d.log.error('handoff could not be stored', errorFields(err));
        const failed = next(step.state, { storeFailed: true });
        // The database may be what failed: the practitioner still gets the duty numbers.
        await this.#d.store.saveDraft(key, failed.state).catch((saveErr: unknown) => this.#d.log.error('handoff draft could not be saved', errorFields(saveErr)));
        await context.sendActivity(promptActivity(context.activity.channelId, renderPrompt(failed.prompt)));
        return;
      }
      this.#d.log.info('handoff stored', { reference, level: draft.level, locality: draft.locality.id });
      await this.#d.audit
        .record('system', 'handoff-stored', reference, { level: draft.level, locality: draft.locality.id })
        .catch((auditErr: unknown) => this.#d.log.error('audit entry not written', errorFields(auditErr)));
      this.#d.kick();
      const confirmed = next(step.state, { stored: { reference } });
      await context.sendActivity(promptActivity(context.activity.channelId, renderPrompt(confirmed.prompt, await this.#renderOptions())));
      if (tellLater) await context.sendActivity(promptActivity(context.activity.channelId, willTellYouMessage(reference)));
      return;
    }
    if (isActive(step.state) || step.state.phase === 'done') await this.#d.store.saveDraft(key, step.state);
    else await this.#d.store.deleteDraft(key);
    await context.sendActivity(promptActivity(context.activity.channelId, renderPrompt(step.prompt, await this.#renderOptions())));
  }

  /** Whether a Teams duty channel is known, so the confirmation promises only where the summary goes. */
  async #renderOptions(): Promise<{ dutyChannel: boolean }> {
    // Unknown (the database did not answer) reads as none: the confirmation then promises less.
    return { dutyChannel: (await this.#d.channels.current().catch(() => undefined)) !== undefined };
  }

  async #dutyAction(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const a = context.activity;
    // Replies are markdown-escaped for the chat; speech gets the same words, XML-escaped.
    const reply = (text: string) => context.sendActivity({ type: 'message', text, speak: ssml(ssmlText(text.replace(/\\(.)/g, '$1'))), inputHint: 'acceptingInput' });
    // A press counts only from Teams, authenticated by Bot Framework, in the designated duty
    // channel. Anything else (anonymous mode, a forged activity, the web chat, a school team the
    // app is also in) is refused politely, audited in aggregate, and changes no handoff.
    const refusal = !authenticatedTeamsTurn(context, this.#d.appId) ? 'not-authenticated' : !(await this.#d.channels.isDutyConversation(a.conversation?.id)) ? 'not-duty-channel' : undefined;
    if (refusal) {
      await this.#d.refusals.refused(`card:${actorOf(a)}`, { realm: 'duty-card', path: '/api/messages', reason: refusal, limited: false });
      this.#d.log.info('duty card press refused', { reason: refusal });
      await reply(dutyReplies.notDutyChannel);
      return;
    }
    const parsed = DutyAction.safeParse(value);
    const reference = parsed.success ? parseReference(parsed.data.reference) : undefined;
    if (!parsed.success && typeof value.reference === 'string' && value[DUTY_ACTION_KEY] === 'outcome' && parseReference(value.reference)) {
      await reply(dutyReplies.invalid);
      return;
    }
    if (!parsed.success || !reference) {
      await this.#d.audit.record(actorOf(a), 'duty-action-refused:invalid');
      await reply(dutyReplies.unknown);
      return;
    }
    const handoff = await this.#d.store.get(reference);
    if (!handoff) {
      await this.#d.audit.record(actorOf(a), 'duty-action-refused:not-found', reference);
      await reply(dutyReplies.unknown);
      return;
    }
    // A card action is honoured only in the conversation the card was posted to.
    const channelOfPost = handoff.duty.conversationId;
    const here = a.conversation?.id ?? '';
    if (!channelOfPost || !(here === channelOfPost || here.startsWith(`${channelOfPost};`))) {
      await this.#d.audit.record(actorOf(a), 'duty-action-refused:wrong-conversation', reference);
      await reply(dutyReplies.notDutyChannel);
      return;
    }
    const actor: Actor = { id: actorOf(a), name: a.from?.name ?? 'a duty team member' };
    if (parsed.data[DUTY_ACTION_KEY] === 'acknowledge') {
      const r = await this.#d.service.acknowledge(reference, actor, 'teams');
      if (r.ok) await reply(dutyReplies.acknowledged(reference, actor.name));
      else if (r.handoff?.outcome) await reply(dutyReplies.alreadyOutcome(reference, r.handoff.outcome.value, r.handoff.outcome.by));
      else if (r.handoff?.acknowledged) await reply(dutyReplies.alreadyAcknowledged(reference, r.handoff.acknowledged.by, r.handoff.acknowledged.at));
      else await reply(dutyReplies.unknown);
      return;
    }
    const { outcome, note } = parsed.data as { outcome: z.infer<typeof Outcome>; note?: string };
    const r = await this.#d.service.recordOutcome(reference, outcome, note?.trim() || undefined, actor, 'teams');
    if (r.ok) await reply(dutyReplies.outcome(reference, outcome, actor.name));
    else await reply(dutyReplies.alreadyOutcome(reference, r.handoff!.outcome!.value, r.handoff!.outcome!.by));
  }
}
