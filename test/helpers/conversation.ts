// A consultation on botbuilder's TestAdapter with MemoryStorage (unit tests only), the board's
// events in a real SQLite database in memory, and helpers to read what the bot sent: the words of
// every activity, card text included, and its card actions.
import type { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import { type Activity, ConversationState, MemoryStorage, type StatePropertyAccessor, TestAdapter, UserState } from 'botbuilder';
import { ConsultationBot } from '../../bot/conversation/bot.ts';
import { Consultation } from '../../bot/conversation/consultation.ts';
import type { HandoffFlow } from '../../bot/conversation/handoff.ts';
import { QuizMode, type QuizState } from '../../bot/conversation/quiz.ts';
import type { ConsultationState } from '../../bot/conversation/state.ts';
import { createLogger } from '../../bot/log.ts';
import { createEventRecorder } from '../../bot/reports/events.ts';
import { createReportQueries, type ReportQueries } from '../../bot/reports/queries.ts';
import { buildDirectory, type Directory } from '../../knowledge/search/directory.ts';
import { buildGuidanceIndex } from '../../knowledge/search/guidance.ts';
import { Understanding } from '../../knowledge/understand/index.ts';
import { memoryDatabase } from './db.ts';
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
  quiz(): Promise<QuizState | undefined>;
  /** Stores a quiz state as an earlier version of the service might have left it. */
  setQuiz(quiz: unknown): Promise<void>;
  /** The board's figures as the conversation recorded them. */
  reports: ReportQueries;
  /** The events database, to look at every row. */
  eventsDb: DatabaseSync;
}

export function testConversation(options: { channelId?: string; handoff?: HandoffFlow; defaultLocality?: string; directory?: Directory } = {}): TestConversation {
  const k = knowledge();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const events = memoryDatabase();
  const eventsDb = events.raw;
  const defaultLocality = options.defaultLocality ?? 'bathnes';
  const handoff = options.handoff;
  const consultation = new Consultation({ knowledge: k, ...indexes(), ...(options.directory ? { directory: options.directory } : {}), defaultLocality, events: createEventRecorder(events), ...(handoff ? { handoffOffer: handoff.offer } : {}) });
  const quiz = new QuizMode({ knowledge: k, understanding: indexes().understanding, consultation, defaultLocality });
  const bot = new ConsultationBot({ consultation, quiz, conversationState, userState: new UserState(storage), log: createLogger('silent'), ...(handoff ? { handoff } : {}) });
  const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: options.channelId ?? 'test' });
  const accessor = conversationState.createProperty<ConsultationState>('consultation');
  const quizAccessor = conversationState.createProperty<QuizState | undefined>('quiz');

  const peek = async <T,>(property: StatePropertyAccessor<T>) => {
    let value: T | undefined;
    await adapter.processActivity({ type: 'event', name: 'peek' }, async (context) => {
      await conversationState.load(context);
      value = await property.get(context);
    });
    adapter.activeQueue.splice(0);
    return value;
  };
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
      return (await peek(accessor))!;
    },
    quiz: () => peek(quizAccessor),
    async setQuiz(quiz) {
      await adapter.processActivity({ type: 'event', name: 'poke' }, async (context) => {
        await conversationState.load(context);
        await quizAccessor.set(context, quiz as QuizState);
        await conversationState.saveChanges(context);
      });
      adapter.activeQueue.splice(0);
    },
    reports: createReportQueries(events),
    eventsDb,
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
      type Action = { title: string; data?: Record<string, unknown> };
      const content = att.content as { actions?: Action[]; body?: { type: string; actions?: Action[] }[] };
      // The card's own actions, and those of ActionSets in its body.
      const actions = [...(content.actions ?? []), ...(content.body ?? []).flatMap((e) => (e.type === 'ActionSet' ? (e.actions ?? []) : []))];
      const found = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
      if (found?.data) return found.data;
    }
  }
  throw new Error(`no action "${String(title)}" in the replies:\n${allWords(replies)}`);
}

/** What a step sends: words, a card submission, or a click on a card action of the last replies (with the card's inputs filled in). */
export type Input = string | { value: unknown } | { click: string | RegExp; with?: Record<string, unknown> };

/** One row of a conversation table: what the practitioner sends and what the replies must say. */
export interface Step {
  say: Input;
  /** Every pattern must appear in the words of the turn's replies. */
  expect?: (string | RegExp)[];
  /** ...and in the first reply, for what must come before anything else. */
  first?: (string | RegExp)[];
  not?: (string | RegExp)[];
  /** Anything else to check after the turn: stored state, recorded events. */
  then?: (conversation: TestConversation, replies: Partial<Activity>[]) => void | Promise<void>;
}

const has = (text: string, p: string | RegExp) => (typeof p === 'string' ? text.includes(p) : p.test(text));

/** Plays a table of steps, checking each turn's replies; returns the conversation for more checks. */
export async function playSteps(steps: Step[], conversation: TestConversation = testConversation()): Promise<TestConversation> {
  let last: Partial<Activity>[] = [];
  for (const [i, step] of steps.entries()) {
    const input = typeof step.say === 'object' && 'click' in step.say ? { value: { ...actionData(last, step.say.click), ...step.say.with } } : step.say;
    last = await conversation.say(input);
    const words = allWords(last);
    const where = `step ${i + 1} (${JSON.stringify(step.say)}):\n${words}`;
    for (const p of step.expect ?? []) expect(has(words, p), `${where}\nmissing ${String(p)}`).toBe(true);
    for (const p of step.first ?? []) expect(has(wordsOf(last[0] ?? {}), p), `${where}\nfirst reply missing ${String(p)}`).toBe(true);
    for (const p of step.not ?? []) expect(has(words, p), `${where}\nshould not contain ${String(p)}`).toBe(false);
    await step.then?.(conversation, last);
  }
  return conversation;
}
