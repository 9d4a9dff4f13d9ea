// Talks to a running service's /api/messages as a channel would, with deliveryMode
// "expectReplies" so the bot's replies come back in the HTTP response (no connector needed), and
// walks a consultation to its outcome or the duty summary to its reference by reading each card.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { actionData, allWords } from './conversation.ts';
import { TYPED_ANSWERS } from './handoff.ts';

export interface BotClient {
  readonly conversationId: string;
  send(activity: Partial<Activity>): Promise<{ status: number; activities: Partial<Activity>[] }>;
  say(text: string): Promise<Partial<Activity>[]>;
  submit(value: unknown): Promise<Partial<Activity>[]>;
  join(): Promise<Partial<Activity>[]>;
}

export interface ClientOptions {
  channelId?: string;
  conversationId?: string;
  userId?: string;
  userName?: string;
  aadObjectId?: string;
  /** Where proactive messages to this conversation go: a fake Bot Connector, or nowhere. */
  serviceUrl?: string;
  /** A Bot Framework channel token for the request (a bot with an app id refuses requests without one). */
  token?: (serviceUrl: string) => Promise<string>;
}

export function botClient(baseUrl: string, options: ClientOptions = {}): BotClient {
  const conversationId = options.conversationId ?? `test-${randomUUID()}`;
  const userId = options.userId ?? `user-${randomUUID()}`;
  const channelId = options.channelId ?? 'webchat';
  const from = { id: userId, name: options.userName ?? 'Practitioner', ...(options.aadObjectId ? { aadObjectId: options.aadObjectId } : {}) };
  const send = async (activity: Partial<Activity>) => {
    const serviceUrl = activity.serviceUrl ?? options.serviceUrl ?? 'http://127.0.0.1:9/unused';
    const res = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${await options.token(serviceUrl)}` } : {}) },
      body: JSON.stringify({
        type: 'message',
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        channelId,
        serviceUrl: options.serviceUrl ?? 'http://127.0.0.1:9/unused',
        conversation: { id: conversationId },
        from,
        recipient: { id: 'bot', name: 'Early help guide' },
        deliveryMode: 'expectReplies',
        ...activity,
      }),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    return { status: res.status, activities: (json.activities ?? []) as Partial<Activity>[] };
  };
  const ok = async (activity: Partial<Activity>) => {
    const r = await send(activity);
    if (r.status !== 200) throw new Error(`/api/messages answered ${r.status}`);
    return r.activities;
  };
  return {
    conversationId,
    send,
    say: (text) => ok({ text }),
    submit: (value) => ok({ value }),
    join: () => ok({ type: 'conversationUpdate', membersAdded: [{ id: userId, name: from.name }] }),
  };
}

/** What an outcome card says: its level, or undefined when the replies hold no outcome. */
export function outcomeLevel(replies: Partial<Activity>[]): number | undefined {
  const m = /^Level (\d), /m.exec(allWords(replies));
  return m && /Review my answers/.test(allWords(replies)) ? Number(m[1]) : undefined;
}

/**
 * Runs a consultation to its outcome: describes the concern, agrees with the indicators, and
 * answers each question from the plan (by clicking the card, or typing the words when `typed`).
 */
export async function consultToOutcome(
  client: BotClient,
  concern: string,
  plan: Record<string, string>,
  options: { typed?: boolean; maxTurns?: number } = {},
): Promise<{ level: number; transcript: Partial<Activity>[][]; asked: string[] }> {
  const transcript: Partial<Activity>[][] = [await client.say(concern)];
  const asked: string[] = [];
  for (let turn = 0; turn < (options.maxTurns ?? 15); turn++) {
    const replies = transcript.at(-1)!;
    const level = outcomeLevel(replies);
    if (level !== undefined) return { level, transcript, asked };
    const words = allWords(replies);
    if (/Is that right\?|Is there something I should add\?/.test(words)) {
      transcript.push(options.typed ? await client.say('yes') : await client.submit(actionData(replies, /Yes, that is right|No, carry on/)));
      continue;
    }
    const next = actionData(replies, 'Next') as { question: string };
    asked.push(next.question);
    const answer = plan[next.question] ?? 'no';
    transcript.push(options.typed ? await client.say(typedAnswer(answer)) : await client.submit({ ...next, answer }));
  }
  throw new Error(`no outcome after ${options.maxTurns ?? 15} turns:\n${allWords(transcript.at(-1)!)}`);
}

// How a practitioner would type each option value.
const TYPED: Record<string, string> = { unsure: 'not sure', none: 'nothing is open', given: 'consent given', 'three-or-more': 'three or more', 'not-asked': 'not asked yet' };
const typedAnswer = (value: string) => TYPED[value] ?? value;

/** A concern that indicates harm: the harm reply offers the duty summary. */
export const HARM_CONCERN = 'She told me her stepdad hits her with a belt when her mum is at work.';

/** Describes a harm concern and takes the offer of the duty summary; returns the summary's first question. */
export async function startDutySummary(client: Pick<BotClient, 'say' | 'submit'>, concern = HARM_CONCERN): Promise<Partial<Activity>[]> {
  const harm = await client.say(concern);
  return client.submit(actionData(harm, 'Prepare the duty summary'));
}

/** The duty summary field the card in a reply asks about, or the kind of card it is. */
export function cardStep(replies: Partial<Activity>[]): { field?: string; kind: 'question' | 'check' | 'confirmed' | 'other'; card?: any; text: string } {
  const card = replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as any;
  const json = JSON.stringify(card ?? replies);
  const field = /"handoff":"answer","field":"([a-zA-Z]+)"/.exec(json)?.[1];
  const text = String(card?.fallbackText ?? replies.map((r) => r.text ?? '').join('\n'));
  if (field) return { field, kind: 'question', card, text };
  if (json.includes('"handoff":"submit"')) return { kind: 'check', card, text };
  if (/Your reference is HX-/.test(json)) return { kind: 'confirmed', card, text };
  return { kind: 'other', card, text };
}

/** Answers every question of the duty summary (typed, from `answers`), up to check your answers. */
export async function answerAll(client: Pick<BotClient, 'say'>, first: Partial<Activity>[], answers: Record<string, string> = TYPED_ANSWERS): Promise<Partial<Activity>[]> {
  let replies = first;
  for (let i = 0; i < 40; i++) {
    const step = cardStep(replies);
    if (step.kind !== 'question') return replies;
    replies = await client.say(answers[step.field!] ?? 'skip');
  }
  throw new Error('the duty summary did not reach check your answers');
}

export function referenceIn(replies: Partial<Activity>[]): string | undefined {
  return /Your reference is (HX-[0-9A-Z]{3}-[0-9A-Z]{3})/.exec(JSON.stringify(replies))?.[1];
}
