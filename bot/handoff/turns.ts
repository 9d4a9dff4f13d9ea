// The handoff's side of a Bot Framework turn, behind the conversation's seam
// (bot/conversation/handoff.ts). It
// - notices the app being installed in (or removed from) a team, and keeps that as the duty channel;
// - handles the duty card's Acknowledge and Record outcome buttons;
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
import type { AuditLog } from '../auth/audit.ts';
import { CARD_CHANNELS, messageText } from '../conversation/bot.ts';
import type { HandoffFlow, HandoffSeed } from '../conversation/handoff.ts';
import { type Logger, errorFields } from '../log.ts';
import { type DutyChannels, readInstallEvent } from './delivery/duty-channel.ts';
import { type Step, isActive, next, startFlow } from './flow.ts';
import { parseReference } from './reference.ts';
import type { HandoffService } from './service.ts';
import { type Actor, Outcome, type HandoffStore } from './store.ts';

export interface HandoffTurnsDeps {
  store: HandoffStore;
  service: HandoffService;
  channels: DutyChannels;
  audit: AuditLog;
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
      const change = await this.#d.channels.apply(install);
      const actor = `teams:${a.from?.aadObjectId ?? a.from?.id ?? 'unknown'}`;
      if (change !== 'ignored') await this.#d.audit.record(actor, `duty-channel-${change}`);
      this.#d.log.info('duty channel install event', { change });
      if (change === 'captured') this.#d.kick();
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
    const user = a.channelId === 'msteams' && a.from?.name ? { name: a.from.name } : undefined;
    const step = startFlow({ ...seed, ...(user ? { user } : {}) });
    await this.#advance(context, conversationKey(a), step);
  }

  async #advance(context: TurnContext, key: string, step: Step): Promise<void> {
    if (step.effect?.type === 'submit') {
      const draft = step.effect.draft;
      let reference: string;
      try {
        ({ reference } = await this.#d.store.submit({
          draftKey: key,
          draft,
          ...(canTellLater(context) ? { referrerConversation: Turn.getConversationReference(context.activity) as unknown as Record<string, unknown> } : {}),
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
      await context.sendActivity(promptActivity(context.activity.channelId, renderPrompt(confirmed.prompt)));
      return;
    }
    if (isActive(step.state) || step.state.phase === 'done') await this.#d.store.saveDraft(key, step.state);
    else await this.#d.store.deleteDraft(key);
    await context.sendActivity(promptActivity(context.activity.channelId, renderPrompt(step.prompt)));
  }

  async #dutyAction(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const a = context.activity;
    // Replies are markdown-escaped for the chat; speech gets the same words, XML-escaped.
    const reply = (text: string) => context.sendActivity({ type: 'message', text, speak: ssml(ssmlText(text.replace(/\\(.)/g, '$1'))), inputHint: 'acceptingInput' });
    const parsed = DutyAction.safeParse(value);
    const reference = parsed.success ? parseReference(parsed.data.reference) : undefined;
    if (!parsed.success && typeof value.reference === 'string' && value[DUTY_ACTION_KEY] === 'outcome' && parseReference(value.reference)) {
      await reply(dutyReplies.invalid);
      return;
    }
    if (!parsed.success || !reference) {
      await this.#d.audit.record(`teams:${a.from?.aadObjectId ?? a.from?.id ?? 'unknown'}`, 'duty-action-refused:invalid');
      await reply(dutyReplies.unknown);
      return;
    }
    const handoff = await this.#d.store.get(reference);
    if (!handoff) {
      await this.#d.audit.record(`teams:${a.from?.aadObjectId ?? a.from?.id ?? 'unknown'}`, 'duty-action-refused:not-found', reference);
      await reply(dutyReplies.unknown);
      return;
    }
    // A card action is honoured only in the conversation the card was posted to.
    const channelOfPost = handoff.duty.conversationId;
    const here = a.conversation?.id ?? '';
    if (!channelOfPost || !(here === channelOfPost || here.startsWith(`${channelOfPost};`))) {
      await this.#d.audit.record(`teams:${a.from?.aadObjectId ?? a.from?.id ?? 'unknown'}`, 'duty-action-refused:wrong-conversation', reference);
      await reply(dutyReplies.notDutyChannel);
      return;
    }
    const actor: Actor = { id: `teams:${a.from?.aadObjectId ?? a.from?.id ?? 'unknown'}`, name: a.from?.name ?? 'a duty team member' };
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
