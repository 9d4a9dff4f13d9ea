// A consultation on botbuilder's TestAdapter with MemoryStorage (unit tests only), and helpers to
// read what the bot sent: the words of every activity, card text included, and its card actions.
import { type Activity, ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import { ConsultationBot } from '../../bot/conversation/bot.ts';
import { Consultation } from '../../bot/conversation/consultation.ts';
import type { HandoffFlow } from '../../bot/conversation/handoff.ts';
import type { ConsultationState } from '../../bot/conversation/state.ts';
import { createLogger } from '../../bot/log.ts';
import { buildDirectory } from '../../knowledge/search/directory.ts';
import { buildGuidanceIndex } from '../../knowledge/search/guidance.ts';
import { Understanding } from '../../knowledge/understand/index.ts';
import { knowledge } from './knowledge.ts';

let shared: { understanding: Understanding; directory: ReturnType<typeof buildDirectory>; guidance: ReturnType<typeof buildGuidanceIndex> } | undefined;
function indexes() {
  const k = knowledge();
  const packs = [...k.packs.values()];
  shared ??= {
    understanding: new Understanding(k.vocabulary),
    directory: buildDirectory(packs, k.vocabulary.synonyms),
    guidance: buildGuidanceIndex(packs, k.vocabulary.synonyms),
  };
  return shared;
}

export interface TestConversation {
  /** Sends text, a card submission or a whole activity; returns every reply of that turn. */
  say(input: string | { value: unknown } | Partial<Activity>): Promise<Partial<Activity>[]>;
  join(): Promise<Partial<Activity>[]>;
  state(): Promise<ConsultationState>;
}

export function testConversation(options: { channelId?: string; handoff?: HandoffFlow; defaultLocality?: string } = {}): TestConversation {
  const k = knowledge();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const handoff = options.handoff;
  const consultation = new Consultation({ knowledge: k, ...indexes(), defaultLocality: options.defaultLocality ?? 'bathnes', ...(handoff ? { handoffOffer: handoff.offer } : {}) });
  const bot = new ConsultationBot({ consultation, conversationState, userState: new UserState(storage), log: createLogger('silent'), ...(handoff ? { handoff } : {}) });
  const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: options.channelId ?? 'test' });
  const accessor = conversationState.createProperty<ConsultationState>('consultation');

  const run = async (activity: Partial<Activity>) => {
    await adapter.receiveActivity(activity);
    return adapter.activeQueue.splice(0);
  };
  return {
    say(input) {
      if (typeof input === 'string') return run({ type: 'message', text: input });
      if ('value' in input && !('type' in input)) return run({ type: 'message', value: input.value });
      return run(input as Partial<Activity>);
    },
    join: () => run({ type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'User1' }] }),
    async state() {
      let state: ConsultationState | undefined;
      await adapter.processActivity({ type: 'event', name: 'peek' }, async (context) => {
        await conversationState.load(context);
        state = await accessor.get(context);
      });
      adapter.activeQueue.splice(0);
      return state!;
    },
  };
}

/** Every word an activity shows: its text and the text of its card (inputs, choices, actions). */
export function wordsOf(activity: Partial<Activity>): string {
  const out: string[] = [];
  if (activity.text) out.push(activity.text);
  const walk = (node: unknown, key?: string) => {
    if (typeof node === 'string') {
      if (['text', 'title', 'label', 'value', 'placeholder'].includes(key ?? '')) out.push(node.replace(/\\([\\`*_{}[\]()#+!|<>~.-])/g, '$1'));
      return;
    }
    if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'speak' && k !== 'fallbackText' && k !== 'data') walk(v, k);
  };
  for (const a of activity.attachments ?? []) walk(a.content);
  return out.join('\n');
}

export const allWords = (replies: Partial<Activity>[]) => replies.map(wordsOf).join('\n');

/** The data of a card's submit action, by its title. */
export function actionData(replies: Partial<Activity>[], title: string | RegExp): Record<string, unknown> {
  for (const a of replies) {
    for (const att of a.attachments ?? []) {
      const actions = (att.content as { actions?: { title: string; data?: Record<string, unknown> }[] }).actions ?? [];
      const found = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
      if (found?.data) return found.data;
    }
  }
  throw new Error(`no action "${String(title)}" in the replies:\n${allWords(replies)}`);
}
