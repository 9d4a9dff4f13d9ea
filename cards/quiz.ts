// The chat's practice quiz, shown from plain data: an invented case with the four levels to
// choose from, the rule-based answer with its reasons and sources, and the running score. Same
// rules as views.ts: plain text for channels without cards (and the card's fallback), escaped
// SSML to speak, an Adaptive Card 1.5 with a labelled input; and what the cards submit, as zod.
import { z } from 'zod';
import type { LevelChoice, PracticeFeedback, PracticeScore, ScenarioCard } from '../knowledge/practice.ts';
import { Id, Step } from './actions.ts';
import { type CardElement, card, choiceSet, container, heading, submit, textBlock } from './adaptive.ts';
import { ssml } from './ssml.ts';
import { type View, numbered, plainForCard, saidLine, sourceLine } from './views.ts';

export const QuizSubmission = z.discriminatedUnion('action', [
  /** A level chosen for the case `scenario`, in the ChoiceSet `level` (Adaptive Cards submit strings). */
  z.object({ action: z.literal('quiz-answer'), step: Step, scenario: Id, level: z.enum(['1', '2', '3', '4']) }),
  /** Another case: skips this one when it has not been answered. */
  z.object({ action: z.literal('quiz-next'), step: Step }),
  z.object({ action: z.literal('quiz-stop') }),
  z.object({ action: z.literal('quiz-start') }),
]);
export type QuizSubmission = z.infer<typeof QuizSubmission>;

/** A submission meant for the quiz (valid or not): its action names it. */
export function isQuizSubmission(value: unknown): boolean {
  const action = typeof value === 'object' && value !== null ? (value as { action?: unknown }).action : undefined;
  return typeof action === 'string' && action.startsWith('quiz');
}

const INVENTED = 'An invented case for practice: not a real child.';
const HOW_TO_ANSWER = 'Reply with a number or say, for example, "level 3". Say "next" to skip this case, or "stop" to end the quiz.';
const WHAT_NEXT = 'Say "next" for another case, or "stop" to end the quiz.';

export const scoreLine = (s: PracticeScore) => (s.answered ? `Your score: ${s.correct} of ${s.answered}.` : 'No cases answered yet.');

export interface QuizCaseData {
  step: number;
  localityName: string;
  /** Said before the case, e.g. how the quiz works, or a re-ask. */
  preface?: string;
  scenario: ScenarioCard;
  /** The case's place among the area's cases (1-based), and how many there are. */
  number: number;
  total: number;
  levels: LevelChoice[];
  score: PracticeScore;
}

export function quizCaseView(d: QuizCaseData): View {
  const story = d.scenario.text.replace(/^Invented teaching case\.\s*/, '');
  const title = `Practice case ${d.number} of ${d.total}: ${d.scenario.title}`;
  const question = `Which level of need is this, in ${d.localityName}?`;
  const text = [d.preface, title, story, INVENTED, question, numbered(d.levels.map((l) => l.label)), HOW_TO_ANSWER].filter(Boolean).join('\n');
  const speak = ssml(
    d.preface ?? '',
    `Case ${d.number} of ${d.total}. ${d.scenario.title}.`,
    story,
    question,
    ...d.levels.map((l) => `${l.label}.`),
    'Say a number from 1 to 4.',
  );
  const body: CardElement[] = [
    ...(d.preface ? [textBlock(plainForCard(d.preface))] : []),
    heading(plainForCard(title)),
    textBlock(plainForCard(story)),
    textBlock(INVENTED, { subtle: true }),
    choiceSet('level', question, d.levels.map((l) => ({ title: l.label, value: String(l.level) })), { errorMessage: 'Choose a level.' }),
    textBlock(scoreLine(d.score), { subtle: true }),
  ];
  return {
    text,
    speak,
    expectsAnswer: true,
    card: card(body, {
      speak,
      fallbackText: text,
      actions: [
        submit('Check my answer', { action: 'quiz-answer', step: d.step, scenario: d.scenario.id }, { validate: true, primary: true }),
        submit('Skip this case', { action: 'quiz-next', step: d.step }),
        submit('Stop the quiz', { action: 'quiz-stop' }),
      ],
    }),
  };
}

export interface QuizFeedbackData {
  step: number;
  feedback: PracticeFeedback;
  chosenLabel: string;
  score: PracticeScore;
}

export function quizFeedbackView(d: QuizFeedbackData): View {
  const { answer } = d.feedback;
  const verdict = d.feedback.correct ? `Right: ${answer.label}.` : `Not quite. You chose ${d.chosenLabel}; the rules give ${answer.label}.`;
  const todo = [answer.route.summary, ...answer.actions.map((a) => saidLine(a, answer.route.source))];
  const text = [
    verdict,
    answer.meaning,
    `Why:\n${answer.reasons.map((r) => `- ${r.text}\n  ${sourceLine(r.source)}`).join('\n')}`,
    `What to do: ${answer.route.title}\n${numbered(todo)}\n${sourceLine(answer.route.source)}`,
    `How the rules read the case:\n${d.feedback.facts.map((f) => `- ${f}`).join('\n')}`,
    `In plain words: ${d.feedback.explanation}\n${sourceLine(d.feedback.source)}`,
    `${scoreLine(d.score)} ${WHAT_NEXT}`,
  ].join('\n\n');
  const speak = ssml(d.feedback.correct ? 'Right.' : `Not quite. The rules give ${answer.label}.`, d.feedback.explanation, scoreLine(d.score), WHAT_NEXT);
  const body: CardElement[] = [
    container([heading(plainForCard(verdict)), textBlock(plainForCard(answer.meaning))], d.feedback.correct ? 'good' : 'warning'),
    heading('Why'),
    ...answer.reasons.map((r) => container([textBlock(plainForCard(r.text)), textBlock(plainForCard(sourceLine(r.source)), { subtle: true })])),
    heading('What to do'),
    textBlock(plainForCard(answer.route.title), { bold: true }),
    ...todo.map((s, i) => textBlock(`${i + 1}\\. ${plainForCard(s)}`)),
    textBlock(plainForCard(sourceLine(answer.route.source)), { subtle: true }),
    heading('How the rules read the case'),
    ...d.feedback.facts.map((f) => textBlock(plainForCard(f))),
    heading('In plain words'),
    textBlock(plainForCard(d.feedback.explanation)),
    textBlock(plainForCard(sourceLine(d.feedback.source)), { subtle: true }),
    textBlock(scoreLine(d.score), { bold: true }),
  ];
  return { text, speak, expectsAnswer: true, card: card(body, { speak, fallbackText: text, actions: whatNextActions(d.step) }) };
}

/** After an answer has been shown: the score and what can be said next. */
export function quizWhatNextView(d: { step: number; preface?: string; score: PracticeScore }): View {
  const text = [d.preface, scoreLine(d.score), WHAT_NEXT].filter(Boolean).join(' ');
  const speak = ssml(text);
  return { text, speak, expectsAnswer: true, card: card([textBlock(plainForCard(text))], { speak, fallbackText: text, actions: whatNextActions(d.step) }) };
}

const whatNextActions = (step: number) => [submit('Next case', { action: 'quiz-next', step }, { primary: true }), submit('Stop the quiz', { action: 'quiz-stop' })];
