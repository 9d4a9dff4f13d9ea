// The two questions asked once at a consultation's outcome, for the partnership board's
// anonymous figures: "Was this helpful?" and "Have you asked about this child before?". Buttons on
// a card; in text and voice, short phrases (bot/conversation/feedback.ts reads them). Answering is
// optional and changes nothing in the consultation.
import { type CardElement, card, heading, submit, textBlock } from './adaptive.ts';
import { ssml } from './ssml.ts';
import type { View } from './views.ts';

export interface OutcomeQuestionsData {
  /** The step the questions were asked at, so a press on an old card is recognised. */
  step: number;
  helpful: boolean;
  askedBefore: boolean;
}

export const CHOICES = {
  helpful: [
    { answer: 'yes', title: 'Yes, helpful', say: 'helpful' },
    { answer: 'partly', title: 'Partly', say: 'partly helpful' },
    { answer: 'no', title: 'Not helpful', say: 'not helpful' },
  ],
  'asked-before': [
    { answer: 'yes', title: 'Yes, I have asked before', say: 'asked before' },
    { answer: 'no', title: 'No, this is the first time', say: 'first time' },
  ],
} as const;

const PROMPTS = { helpful: 'Was this guidance helpful?', 'asked-before': 'Have you asked me about this child before?' } as const;

export function outcomeQuestionsView(d: OutcomeQuestionsData): View | undefined {
  const asked = (['helpful', 'asked-before'] as const).filter((q) => (q === 'helpful' ? d.helpful : d.askedBefore));
  if (!asked.length) return undefined;
  const intro = `${asked.length === 1 ? 'A quick question' : 'Two quick questions'} for the partnership board's anonymous figures. Answering is optional; only a count is kept, never what you said about the child.`;
  const text = [
    intro,
    ...asked.map((q) => `${PROMPTS[q]} Say ${CHOICES[q].map((c) => `"${c.say}"`).join(', or ')}.`),
  ].join('\n');
  const body: CardElement[] = [heading('Before you go', 'Medium'), textBlock(intro, { subtle: true })];
  for (const q of asked) {
    body.push(textBlock(PROMPTS[q], { bold: true }));
    body.push({ type: 'ActionSet', actions: CHOICES[q].map((c) => submit(c.title, { action: 'feedback', step: d.step, question: q, answer: c.answer })) });
  }
  const speak = ssml(...asked.map((q) => `${PROMPTS[q]} You can say ${CHOICES[q].map((c) => c.say).join(', or ')}.`));
  return { text, speak, expectsAnswer: false, card: card(body, { speak, fallbackText: text }) };
}
