// Talks to POST /api/messages as a Teams client would, with deliveryMode "expectReplies" so the
// bot's replies come back in the HTTP response; and walks the handoff flow by reading each card.
import { TYPED_ANSWERS } from './handoff.ts';

export interface Who {
  serviceUrl: string;
  conversationId: string;
  userId: string;
  userName?: string;
  aadObjectId?: string;
  channelId?: string;
}

let seq = 0;
export async function say(baseUrl: string, who: Who, message: { text?: string; value?: unknown; type?: string; extra?: Record<string, unknown> }): Promise<any[]> {
  const activity = {
    type: message.type ?? 'message',
    id: `act-${++seq}`,
    timestamp: new Date().toISOString(),
    channelId: who.channelId ?? 'msteams',
    serviceUrl: who.serviceUrl,
    deliveryMode: 'expectReplies',
    from: { id: who.userId, ...(who.userName ? { name: who.userName } : {}), ...(who.aadObjectId ? { aadObjectId: who.aadObjectId } : {}) },
    recipient: { id: '28:bot-id', name: 'Early help guide' },
    conversation: { id: who.conversationId },
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.value !== undefined ? { value: message.value } : {}),
    ...message.extra,
  };
  const res = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  if (res.status !== 200) throw new Error(`bot answered ${res.status}`);
  const body = (await res.json()) as { activities?: any[] };
  return body.activities ?? [];
}

/** The handoff field the card in a reply asks about, or the kind of card it is. */
export function cardStep(replies: any[]): { field?: string; kind: 'question' | 'check' | 'confirmed' | 'other'; card?: any; text: string } {
  const card = replies.flatMap((r) => r.attachments ?? []).find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  const json = JSON.stringify(card ?? replies);
  const field = /"handoff":"answer","field":"([a-zA-Z]+)"/.exec(json)?.[1];
  const text = String(card?.fallbackText ?? replies.map((r) => r.text ?? '').join('\n'));
  if (field) return { field, kind: 'question', card, text };
  if (json.includes('"handoff":"submit"')) return { kind: 'check', card, text };
  if (/Your reference is HX-/.test(json)) return { kind: 'confirmed', card, text };
  return { kind: 'other', card, text };
}

/** Answer every question the bot asks (from `answers`), up to check your answers. */
export async function answerAll(baseUrl: string, who: Who, first: any[], answers: Record<string, string> = TYPED_ANSWERS): Promise<any[]> {
  let replies = first;
  for (let i = 0; i < 40; i++) {
    const step = cardStep(replies);
    if (step.kind !== 'question') return replies;
    replies = await say(baseUrl, who, { text: answers[step.field!] ?? 'skip' });
  }
  throw new Error('the flow did not reach check your answers');
}

export function referenceIn(replies: any[]): string | undefined {
  return /Your reference is (HX-[0-9A-Z]{3}-[0-9A-Z]{3})/.exec(JSON.stringify(replies))?.[1];
}
