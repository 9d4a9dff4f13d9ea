// The button the conversation shows with its harm reply: "Prepare the duty summary". Its data is
// recognised by bot/handoff/turns.ts, which starts the handoff flow from the consultation's triage.
export const HANDOFF_OFFER_DATA = { handoff: 'offer' } as const;

export function handoffOfferAction(): Record<string, unknown> {
  return { type: 'Action.Submit', title: 'Prepare the duty summary', data: { ...HANDOFF_OFFER_DATA } };
}
