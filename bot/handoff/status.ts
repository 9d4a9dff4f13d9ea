// "Has the duty team looked at HX-7K3-9RE?", "status HX-7K3-9RE": recognising a question about a
// handoff's status, and what the answer says (when it was sent, acknowledged, the outcome). Pure:
// the turn handler (bot/handoff/turns.ts) checks who is asking before it shows anything.
import { normalise } from '../../knowledge/answers.ts';
import { parseReference } from '../../knowledge/handoff/reference.ts';
import type { ReferralStatus } from '../../cards/handoff/referral-status.ts';
import type { StoredHandoff } from './store.ts';

export type StatusQuery = { reference: string } | { latest: true };

// Explicit phrasings only, at the start of a short message: a concern that mentions the duty team
// ("the duty team has seen this family before") must still reach the harm screen.
const ASKS = [
  /^(?:what is the |whats the |what s the )?(?:status|progress|update|news)\b/,
  /^(?:check|check on|check the status of|any update on|any news on|any news about|an update on|update on)\b/,
  /^(?:has|have|did|is|are)\s+(?:the\s+)?duty(?:\s+team)?\b/,
  /^what\s+(?:has\s+)?happened\s+(?:to|with)\b/,
  /^(?:where is|wheres|where s)\b/,
];
const REFERENCE_IN_TEXT = /\bH\s*X[\s-]*([0-9A-Z]{3})[\s-]*([0-9A-Z]{3})\b/i;
const MAX_WORDS = 12;
const FOLLOW_UP = /\b(?:looked|look|seen|see|read|picked|acknowledged|replied|got|received|decided|done|responded|status|update|news|outcome|happened)\b/;

/** A status question, with the reference it names, or `latest` ("has the duty team looked at it?"). */
export function statusQuery(text: string | undefined): StatusQuery | undefined {
  if (!text) return undefined;
  const m = REFERENCE_IN_TEXT.exec(text);
  const reference = m ? parseReference(`HX${m[1]}${m[2]}`) : undefined;
  const raw = (m ? text.replace(m[0], ' ') : text).trim();
  // One short question only: anything said after it ("...? she now says he hit her again") could be
  // a new disclosure, which belongs to the consultation's harm screen.
  if (/[.!?;:]\s*[A-Za-z0-9]/.test(raw)) return undefined;
  const rest = normalise(raw);
  const words = rest.split(' ').filter(Boolean);
  if (words.length > MAX_WORDS) return undefined;
  const asks = ASKS.some((re) => re.test(rest));
  if (m) {
    // A reference on its own, or with a question about it. A mistyped one is still a status
    // question, answered as one the practitioner did not make (nothing about others leaks).
    if (asks || words.length === 0) return { reference: reference ?? `${m[0]}`.toUpperCase() };
    return undefined;
  }
  // Without a reference: only a question about what became of it ("has the duty team looked at
  // it?"), not one about the duty team itself ("is the duty team open on Saturdays?").
  if (asks && words.length <= 10 && FOLLOW_UP.test(rest) && /\b(?:it|summary|referral|handoff|reference|my|mine)\b/.test(rest)) return { latest: true };
  if (/^status$/.test(rest)) return { latest: true };
  return undefined;
}

export function referralStatus(h: StoredHandoff): ReferralStatus {
  return {
    reference: h.summary.reference,
    sentAt: h.summary.createdAt,
    localityName: h.summary.locality.name,
    status: h.outcome ? 'outcome' : h.acknowledged ? 'acknowledged' : 'waiting',
    ...(h.acknowledged ? { acknowledged: h.acknowledged } : {}),
    ...(h.outcome ? { outcome: h.outcome } : {}),
    delivery: h.duty.state === 'delivered' ? 'posted' : 'on-the-duty-page',
  };
}

/** The person a turn comes from, as the channel names them: the key their handoffs are kept under. */
export function referrerKey(activity: { channelId?: string; from?: { id?: string; aadObjectId?: string } }): string {
  const from = activity.from ?? {};
  return `${activity.channelId ?? ''}|${from.aadObjectId ? `aad:${from.aadObjectId}` : (from.id ?? '')}`;
}
