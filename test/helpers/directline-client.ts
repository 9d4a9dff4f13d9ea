// A practitioner on the local Direct Line channel through Microsoft's own client
// (botframework-directlinejs, polling through xhr2): a token from the service, every bot activity
// collected as it arrives, and the words of each (card text included) to wait on.
import { createRequire } from 'node:module';
import type { Activity } from 'botbuilder';
import { callJson } from './http.ts';
import { wordsOf } from './conversation.ts';
import { waitFor } from './wait.ts';

const require = createRequire(import.meta.url);
(globalThis as Record<string, unknown>).XMLHttpRequest ??= require('xhr2');
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

export interface DirectLineUser {
  userId: string;
  conversationId: string;
  /** Every activity the bot sent, in order. */
  received: Partial<Activity>[];
  /** Sends text (or a card submission) and resolves once the bot has answered it: the replies. */
  say(input: string | { value: unknown }): Promise<Partial<Activity>[]>;
  /** A card submission (a button pressed). */
  submit(value: unknown): Promise<Partial<Activity>[]>;
  /** Waits for a bot activity after the first `after` whose words match. */
  waitForWords(pattern: RegExp, after?: number, ms?: number): Promise<Partial<Activity>>;
  end(): void;
}

export async function directLineUser(baseUrl: string, userId?: string): Promise<DirectLineUser> {
  const grant = (await callJson(baseUrl, 'POST', '/v3/directline/tokens/generate', userId ? { user: { id: userId } } : {})).json as { token: string; conversationId: string; userId: string };
  const dl = new DirectLine({ domain: `${baseUrl}/v3/directline`, token: grant.token, webSocket: false, pollingInterval: 200 });
  const received: Partial<Activity>[] = [];
  const sub = dl.activity$.subscribe((a) => {
    if (a.from?.role === 'bot') received.push(a as unknown as Partial<Activity>);
  });
  const user: DirectLineUser = {
    userId: grant.userId,
    conversationId: grant.conversationId,
    received,
    async say(input) {
      const seen = received.length;
      const activity = typeof input === 'string' ? { type: 'message' as const, text: input } : { type: 'message' as const, value: input.value as object };
      const id = await new Promise<string>((resolve, reject) => dl.postActivity({ ...activity, from: { id: grant.userId } }).subscribe(resolve, reject));
      // The turn runs before the post is answered, so every reply is stored by now; polling brings it.
      await waitFor('the replies', () => received.slice(seen).some((a) => a.replyToId === id), 10_000);
      await new Promise((r) => setTimeout(r, 250));
      return received.slice(seen).filter((a) => a.replyToId === id);
    },
    submit(value) {
      return user.say({ value });
    },
    waitForWords: (pattern, after = 0, ms = 10_000) => waitFor(`a bot message matching ${pattern}`, () => received.slice(after).find((a) => pattern.test(wordsOf(a))), ms),
    end() {
      sub.unsubscribe();
      dl.end();
    },
  };
  await user.waitForWords(/help people who work with children/);
  return user;
}
