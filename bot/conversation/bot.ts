// The Bot Framework edge of the consultation: reads and saves state, turns the practitioner's
// activity into a turn of the Consultation, and its views into activities (cards where the
// channel shows them, numbered plain text elsewhere; SSML speak and an inputHint on every one).
// The duty handoff, when registered, sees every activity first (bot/conversation/handoff.ts).
import { randomUUID } from 'node:crypto';
import { type Activity, ActivityHandler, type ConversationState, InputHints, type InvokeResponse, type StatePropertyAccessor, TurnContext, type UserState } from 'botbuilder';
import { CARD_CONTENT_TYPE } from '../../cards/adaptive.ts';
import type { View } from '../../cards/views.ts';
import type { Logger } from '../log.ts';
import type { Consultation, TurnOutput } from './consultation.ts';
import type { HandoffFlow } from './handoff.ts';
import type { QuizMode, QuizState } from './quiz.ts';
import type { ConsultationState, UserProfile } from './state.ts';

/** Channels that render Adaptive Cards; every other channel gets numbered plain-text prompts. */
export const CARD_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test']);

export function toActivities(views: View[], channelId: string): Partial<Activity>[] {
  const cards = CARD_CHANNELS.has(channelId);
  return views.map((view, i) => {
    const last = i === views.length - 1;
    // Only the last message opens the microphone; the ones before it are read out first.
    const inputHint = !last ? InputHints.IgnoringInput : view.expectsAnswer ? InputHints.ExpectingInput : InputHints.AcceptingInput;
    if (cards && view.card) {
      return { type: 'message', speak: view.speak, inputHint, attachments: [{ contentType: CARD_CONTENT_TYPE, content: view.card }] };
    }
    return { type: 'message', text: view.text, textFormat: 'plain', speak: view.speak, inputHint };
  });
}

/** What the practitioner typed: in a Teams channel or group chat, what follows "@Bot". */
export function messageText(a: Activity): string | undefined {
  return a.text === undefined ? undefined : (TurnContext.removeRecipientMention(a) ?? a.text);
}

/**
 * A message in a team channel that is not addressed to the bot. The app may read every message in
 * the duty team's channels (the manifest's ChannelMessage.Read.Group, so delivery can check what
 * landed), and Teams then sends them all: only an @mention, or a press on one of the bot's own
 * cards, is for the bot to answer.
 */
export function chatterInChannel(a: Activity): boolean {
  if (a.type !== 'message' || a.conversation?.conversationType !== 'channel' || a.value !== undefined) return false;
  return !TurnContext.getMentions(a).some((m) => m.mentioned?.id === a.recipient?.id);
}

export interface ConsultationBotDeps {
  consultation: Consultation;
  /** The practice quiz (`quiz`), which pauses the consultation while it runs. */
  quiz: QuizMode;
  conversationState: ConversationState;
  userState: UserState;
  log: Logger;
  handoff?: HandoffFlow;
}

export class ConsultationBot extends ActivityHandler {
  private readonly deps: ConsultationBotDeps;
  private readonly consultationState: StatePropertyAccessor<ConsultationState | undefined>;
  private readonly welcomed: StatePropertyAccessor<boolean>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly quizState: StatePropertyAccessor<QuizState | undefined>;

  constructor(deps: ConsultationBotDeps) {
    super();
    this.deps = deps;
    this.consultationState = deps.conversationState.createProperty('consultation');
    this.welcomed = deps.conversationState.createProperty('welcomed');
    this.profile = deps.userState.createProperty('profile');
    this.quizState = deps.conversationState.createProperty('quiz');

    this.onMembersAdded(async (context, next) => {
      if (!(await this.welcomed.get(context, false))) {
        await this.welcomed.set(context, true);
        const state = await this.load(context);
        await this.send(context, this.deps.consultation.welcome(state));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const started = Date.now();
      const state = await this.load(context);
      const profile = await this.profile.get(context, {});
      const a = context.activity;
      const input = { text: messageText(a), value: a.value, channel: a.channelId };
      const quiz = await this.quizState.get(context);
      const quizTurn = this.deps.quiz.claims(quiz, input);
      let out: TurnOutput;
      if (quizTurn) {
        const q = await this.deps.quiz.turn(quiz, state, profile, input);
        await this.quizState.set(context, q.quiz);
        out = q;
      } else {
        out = await this.deps.consultation.turn(state, profile, input);
      }
      await this.consultationState.set(context, out.state);
      await this.profile.set(context, out.profile);
      await this.welcomed.set(context, true);
      await this.send(context, out.views);
      if (out.handoff) await this.deps.handoff?.start(context, out.handoff);
      else if (out.outcomeShown) await this.deps.handoff?.afterOutcome?.(context, out.state.id);
      this.deps.log.debug('turn', { channel: a.channelId, pending: out.state.pending.kind, step: out.state.step, quiz: quizTurn, views: out.views.length, ms: Date.now() - started });
      await next();
    });
  }

  /** State is saved once, after the whole turn, so a failed turn leaves the last good state. */
  override async run(context: TurnContext): Promise<void> {
    // Before the welcome and the commands: the duty channel is kept from an install event, and the
    // duty card's buttons and a summary in progress are the handoff's to answer.
    if (await this.deps.handoff?.onTurn(context)) return;
    if (chatterInChannel(context.activity)) return;
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /**
   * Nothing here is an invoke (the cards submit as messages), so any invoke is acknowledged and
   * ignored, rather than answered with the SDK's 501: a stranger's request is no server error.
   */
  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return { status: 200 };
  }

  private async load(context: TurnContext): Promise<ConsultationState> {
    const stored = await this.consultationState.get(context);
    if (stored && stored.version === 1 && Array.isArray(stored.texts) && stored.pending) {
      // A consultation stored before consultations had ids gets one now, kept from here on.
      stored.id ??= randomUUID();
      return stored;
    }
    const state = this.deps.consultation.start(await this.profile.get(context, {}));
    await this.consultationState.set(context, state);
    return state;
  }

  private async send(context: TurnContext, views: View[]): Promise<void> {
    if (views.length) await context.sendActivities(toActivities(views, context.activity.channelId));
  }
}
