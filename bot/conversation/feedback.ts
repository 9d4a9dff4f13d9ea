// The questions asked once at a consultation's outcome for the board (docs/arch/ADR-019): "Was
// this helpful?" and "Have you asked about this child before?". Anonymous by construction: what
// is counted is the area, the level and the answer (bot/reports/events.ts), never who answered,
// the words, or anything that could find the child again. The practitioner can also say so in
// their own words ("I've asked about this child before"); that is counted once at the outcome
// and the question is then not asked. The recorder given never rejects (reports/events.ts neverFailing),
// so a count is not awaited and never holds up the reply.
//
// Not asked at level 4 or while a harm question is unanswered: there the next step is a call to
// the duty team, and nothing should stand after that message.
import { CHOICES, outcomeQuestionsView } from '../../cards/feedback.ts';
import { messageView, type View } from '../../cards/views.ts';
import { normalise } from '../../knowledge/answers.ts';
import type { EventRecorder } from '../reports/events.ts';
import type { PractitionerAnswer, Question } from '../reports/measure-events.ts';
import type { ConsultationState } from './state.ts';

/** What the consultation remembers about these questions (in ConsultationState.feedback). */
export interface FeedbackState {
  /** The practitioner said in their own words that they have asked about this child before. */
  saidBefore?: true;
  /** The outcome the questions were asked at, and the questions still open. */
  asked?: { step: number; locality: string; level: 1 | 2 | 3 | 4; questions: Question[]; open: Question[] };
}

// "I've asked about this child before", "we asked you about her last week", "I have already
// consulted about this family": the speaker, a verb of asking, and a time before this one.
const SAID_BEFORE =
  /\b(?:i|we)(?: have| ve| had| d)?(?: already)? (?:asked|consulted|enquired|checked|spoken to you|talked to you|come to you)\b.{0,60}?\b(?:before|previously|already|last (?:week|month|time|term|year)|earlier)\b/;

/** Whole-message phrases that answer a question, beyond the card's own words (CHOICES' `say`). */
const PHRASES: [string, PractitionerAnswer][] = [
  ...(Object.entries(CHOICES) as [Question, readonly { answer: string; say: string }[]][]).flatMap(([question, choices]) =>
    choices.map((c): [string, PractitionerAnswer] => [c.say, { question, answer: c.answer } as PractitionerAnswer]),
  ),
  ...(['that was helpful', 'that helped', 'very helpful', 'it was helpful', 'this was helpful', 'useful', 'that was useful', 'yes helpful'] as const).map((p): [string, PractitionerAnswer] => [p, { question: 'helpful', answer: 'yes' }]),
  ...(['a bit helpful', 'somewhat helpful', 'quite helpful'] as const).map((p): [string, PractitionerAnswer] => [p, { question: 'helpful', answer: 'partly' }]),
  ...(['unhelpful', 'that was not helpful', 'it was not helpful', 'not useful', 'it did not help', 'that did not help', 'no help'] as const).map((p): [string, PractitionerAnswer] => [p, { question: 'helpful', answer: 'no' }]),
  ...(['i have asked before', 'i ve asked before', 'ive asked before', 'i asked before', 'yes asked before', 'asked about this child before'] as const).map((p): [string, PractitionerAnswer] => [p, { question: 'asked-before', answer: 'yes' }]),
  ...(['this is the first time', 'first time asking', 'not asked before', 'never asked before', 'i have not asked before'] as const).map((p): [string, PractitionerAnswer] => [p, { question: 'asked-before', answer: 'no' }]),
];
const BY_PHRASE = new Map(PHRASES);

export class OutcomeQuestions {
  private readonly events: EventRecorder;

  constructor(events: EventRecorder) {
    this.events = events;
  }

  /** Notes the practitioner saying, in the concern, that they have asked about this child before. */
  noteConcern(s: ConsultationState, text: string): void {
    if (SAID_BEFORE.test(normalise(text))) s.feedback = { ...s.feedback, saidBefore: true };
  }

  /**
   * At an outcome: the first time in a consultation, counts what the practitioner has already
   * said and returns the questions to ask, if any. Later outcomes ask nothing.
   */
  atOutcome(s: ConsultationState, outcome: { locality: string; level: 1 | 2 | 3 | 4 }, options: { ask: boolean }): View | undefined {
    if (s.feedback?.asked) return undefined;
    // What was said in words counts at the first outcome whether or not the questions are asked.
    const open: Question[] = !options.ask ? [] : s.feedback?.saidBefore ? ['helpful'] : ['helpful', 'asked-before'];
    s.feedback = { ...s.feedback, asked: { step: s.step, locality: outcome.locality, level: outcome.level, questions: open, open } };
    if (s.feedback.saidBefore) void this.events.recordAnswer({ locality: outcome.locality, level: outcome.level, question: 'asked-before', answer: 'yes' });
    return open.length ? outcomeQuestionsView({ step: s.step, helpful: true, askedBefore: open.includes('asked-before') }) : undefined;
  }

  /** A phrase answering one of the questions asked, or undefined (the words are then the consultation's). */
  readPhrase(s: ConsultationState, text: string): (PractitionerAnswer & { step: number }) | undefined {
    const answer = BY_PHRASE.get(normalise(text));
    const asked = s.feedback?.asked;
    return answer && asked?.questions.includes(answer.question) ? { ...answer, step: asked.step } : undefined;
  }

  /** Counts an answer once; a second answer, or one to an old card, is thanked and not counted. */
  answer(s: ConsultationState, a: PractitionerAnswer & { step?: number }): View {
    const asked = s.feedback?.asked;
    if (!asked || (a.step !== undefined && a.step !== asked.step) || !asked.open.includes(a.question)) {
      return messageView(asked && a.step === asked.step ? 'Thank you, I already have that answer.' : 'That question was about an earlier outcome, so I have not counted it.');
    }
    void this.events.recordAnswer({ locality: asked.locality, level: asked.level, question: a.question, answer: a.answer });
    s.feedback = { ...s.feedback, asked: { ...asked, open: asked.open.filter((q) => q !== a.question) } };
    return messageView('Thank you. Only a count is kept.');
  }
}
