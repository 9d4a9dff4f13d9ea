// The one way activities enter a Direct Line conversation, from the user's side or the bot's:
// stored with the next watermark, then announced to the conversation's open WebSocket streams.
// Polling clients read the store, so they see the same activities in the same order.
import { EventEmitter } from 'node:events';
import type { DirectLineStore } from './store.ts';

export type Listener = (activity: Record<string, unknown>, seq: number) => void;

export class Transcripts {
  readonly store: DirectLineStore;
  readonly #events = new EventEmitter();

  constructor(store: DirectLineStore) {
    this.store = store;
    this.#events.setMaxListeners(0);
  }

  /** Store an activity (given its id by `build`); undefined when the conversation is gone. */
  async append(conversationId: string, build: (id: string) => Record<string, unknown>): Promise<{ id: string; activity: Record<string, unknown> } | undefined> {
    let activity: Record<string, unknown> | undefined;
    const stored = await this.store.append(conversationId, (id) => (activity = build(id)));
    if (!stored || !activity) return undefined;
    this.#events.emit(conversationId, activity, stored.seq);
    return { id: stored.id, activity };
  }

  subscribe(conversationId: string, listener: Listener): () => void {
    this.#events.on(conversationId, listener);
    return () => void this.#events.off(conversationId, listener);
  }
}
