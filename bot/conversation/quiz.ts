// The practice quiz in chat (`quiz`): the area's invented cases one at a time; the learner picks a
// level (card, number, words or voice) and gets the rule-based answer from knowledge/practice.ts,
// with its reasons and sources, and a running score.
//
// The quiz keeps its own state beside the consultation's and never writes to it: a consultation
// in progress is paused and picked up where it was when the quiz ends. What is not for the quiz
// goes to the consultation, which ends the quiz and says so: text that suggests harm first (it is
// screened there at once, duty numbers first), the consultation's own commands, and anything that
// describes a child. The quiz never keeps or repeats what a practitioner typed.
import { QuizSubmission, isQuizSubmission, quizCaseView, quizFeedbackView, quizWhatNextView, scoreLine } from '../../cards/quiz.ts';
import { parseSubmission } from '../../cards/actions.ts';
import { type View, messageView } from '../../cards/views.ts';
import { normalise } from '../../knowledge/answers.ts';
import type { Knowledge, LoadedPack } from '../../knowledge/load.ts';
import { type PracticeScore, addToScore, checkAnswer, emptyScore, nextScenario, practiceSet, readLevel } from '../../knowledge/practice.ts';
import type { Level } from '../../knowledge/schema.ts';
import { type TriageResult, triage } from '../../knowledge/triage.ts';
import type { Understanding } from '../../knowledge/understand/index.ts';
import { type Command, recogniseCommand } from './commands.ts';
import { type Consultation, type TurnInput, type TurnOutput, harmShown, isLookUp } from './consultation.ts';
import { type ConsultationState, LIMITS, type UserProfile, hasContent } from './state.ts';

/** Stored with the conversation while a quiz runs: case ids and counts, nothing typed. */
export interface QuizState {
  version: 1;
  locality: string;
  /** The case on screen. */
  scenario: string;
  /** Its answer has been shown: the quiz waits for "next" or "stop". */
  answered: boolean;
  /** Counts the quiz's cards, so one from an earlier case is recognised as stale. */
  step: number;
  score: PracticeScore;
}

export interface QuizDeps {
  knowledge: Knowledge;
  understanding: Understanding;
  consultation: Consultation;
  defaultLocality: string;
}

export interface QuizTurnOutput extends TurnOutput {
  /** Undefined once the quiz has ended. */
  quiz?: QuizState;
}

/** Working copy for one turn. */
interface Work {
  q?: QuizState;
  s: ConsultationState;
  profile: UserProfile;
  views: View[];
  channel: TurnInput['channel'];
}

const START = new Set(['quiz', 'start quiz', 'start the quiz', 'start a quiz', 'quiz me', 'test me', 'practice', 'practise', 'practice quiz', 'practise quiz', 'practice cases', 'practice scenarios', 'learning mode', 'take the quiz', 'do the quiz', 'do a quiz', 'lets practise', 'lets practice']);
const NEXT = new Set(['next', 'next one', 'next case', 'next question', 'another', 'another one', 'another case', 'skip', 'skip it', 'skip this one', 'skip this case', 'pass', 'go on', 'continue', 'carry on', 'one more']);
const STOP = new Set(['stop', 'stop quiz', 'stop the quiz', 'end quiz', 'end the quiz', 'end', 'quit', 'quit the quiz', 'exit', 'exit the quiz', 'leave the quiz', 'finish', 'finish the quiz', 'done', 'im done', 'i m done', 'i am done', 'enough', 'thats enough', 'that is enough', 'no more', 'cancel']);

function quizWord(text: string): 'start' | 'next' | 'stop' | undefined {
  const t = normalise(text).replace(/\s+please$/, '');
  return START.has(t) ? 'start' : NEXT.has(t) ? 'next' : STOP.has(t) ? 'stop' : undefined;
}

const STALE = 'That card is from an earlier case, so I have not used it. Here is where we are now.';
const UNREADABLE = 'Sorry, I could not read that answer: the card may be out of date. Here is where we are.';
const ALREADY_ANSWERED = 'You have answered this case: only the first answer counts.';

export class QuizMode {
  private readonly deps: QuizDeps;

  constructor(deps: QuizDeps) {
    this.deps = deps;
  }

  /**
   * Whether this turn is the quiz's: one is running, or the message asks for one. A duty summary
   * in progress never reaches here: the bot gives every such turn to the handoff first.
   */
  claims(quiz: QuizState | undefined, input: Pick<TurnInput, 'text' | 'value'>): boolean {
    if (quiz) return true;
    if (input.value !== undefined && input.value !== null) return isQuizSubmission(input.value);
    return typeof input.text === 'string' && quizWord(input.text) === 'start';
  }

  async turn(quiz: QuizState | undefined, state: ConsultationState, profile: UserProfile, input: TurnInput): Promise<QuizTurnOutput> {
    const outdated = quiz !== undefined && !this.isCurrent(quiz);
    const w: Work = { q: quiz && !outdated ? structuredClone(quiz) : undefined, s: state, profile: { ...profile }, views: [], channel: input.channel };
    if (outdated) await this.restart(w, input);
    else if (input.value !== undefined && input.value !== null) await this.submission(w, input);
    else await this.message(w, input);
    return { quiz: w.q, state: w.s, profile: w.profile, views: w.views };
  }

  // -------------------------------------------------------------------------------------------

  private async message(w: Work, input: TurnInput): Promise<void> {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) return this.show(w, 'I did not get any words there.');
    // Far longer than any answer: the consultation refuses it politely (and it is no quiz answer).
    if (text.length > LIMITS.textChars) return this.handOver(w, input);
    // Harm first, as in the consultation: such words are never taken as a quiz answer.
    const screen = this.screen(w, text);
    if (harmShown(screen)) return this.handOver(w, input);
    const word = quizWord(text);
    if (word === 'start') return w.q ? this.show(w, 'You are already in the quiz.') : this.start(w);
    if (!w.q) return this.handOver(w, input);
    if (word === 'next') return this.next(w);
    if (word === 'stop') return this.end(w, `Quiz ended. ${scoreLine(w.q.score)}`);
    // Commands before levels: "help" is a command, not the "Help" in "Early Help Targeted Support".
    const cmd = recogniseCommand(text, this.deps.knowledge);
    if (cmd) return this.command(w, cmd, input);
    const level = readLevel(this.pack(w.q.locality), text);
    if (level !== undefined) return w.q.answered ? this.show(w, ALREADY_ANSWERED) : this.mark(w, level);
    // Words about a child belong to the consultation, never to the quiz.
    if (screen.indicators.length > 0) return this.handOver(w, input);
    return this.show(w, w.q.answered ? 'Sorry, I did not catch that.' : 'Sorry, I did not catch which level you meant.');
  }

  private async submission(w: Work, input: TurnInput): Promise<void> {
    if (isQuizSubmission(input.value)) {
      const parsed = QuizSubmission.safeParse(input.value);
      if (!parsed.success) return this.show(w, UNREADABLE);
      const sub = parsed.data;
      if (sub.action === 'quiz-start') return w.q ? this.show(w, 'You are already in the quiz.') : this.start(w);
      if (!w.q) {
        w.views.push(messageView('That quiz has ended. Say quiz to practise again.'));
        return this.pickUp(w);
      }
      if (sub.action === 'quiz-stop') return this.end(w, `Quiz ended. ${scoreLine(w.q.score)}`);
      if (sub.step !== w.q.step || (sub.action === 'quiz-answer' && sub.scenario !== w.q.scenario)) return this.show(w, STALE);
      if (sub.action === 'quiz-next') return this.next(w);
      return w.q.answered ? this.show(w, ALREADY_ANSWERED) : this.mark(w, Number(sub.level) as Level);
    }
    // A consultation card clicked during the quiz: look-ups and the area stay in the quiz.
    const parsed = parseSubmission(input.value);
    if (!parsed.ok) return this.show(w, UNREADABLE);
    const sub = parsed.submission;
    if (sub.action === 'command') return this.command(w, { name: sub.command }, input);
    if (sub.action === 'area') return this.deps.knowledge.packs.has(sub.locality) ? this.switchArea(w, sub.locality) : this.show(w, 'I do not have guidance for that area.');
    return this.handOver(w, input);
  }

  private async command(w: Work, cmd: Command, input: TurnInput): Promise<void> {
    if (isLookUp(cmd)) {
      // Answered for the area being practised; the consultation itself is left as it is.
      w.views.push(this.deps.consultation.lookUp({ ...w.s, locality: this.locality(w) }, cmd));
      return this.show(w);
    }
    if (cmd.name === 'area') return this.switchArea(w, cmd.locality);
    if (cmd.name === 'back') return this.show(w, `An answer in the quiz cannot be taken back. Say "stop" to end the quiz${hasContent(w.s) ? ' and go back to your consultation' : ''}.`);
    // Everything else acts on the consultation (start again, review, outcome, the duty summary...).
    return this.handOver(w, input);
  }

  /** A stored quiz whose case a pack edit removed: start again, unless the words are about a child. */
  private async restart(w: Work, input: TurnInput): Promise<void> {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    const screen = text ? this.screen(w, text) : undefined;
    if (screen && (harmShown(screen) || screen.indicators.length > 0)) return this.handOver(w, input);
    this.start(w, 'The practice cases have changed since your last answer, so the quiz starts again.');
  }

  // -------------------------------------------------------------------------------------------

  private start(w: Work, preface?: string, locality = this.locality(w)): void {
    const pack = this.pack(locality);
    const first = nextScenario(pack, emptyScore());
    if (!first) {
      w.q = undefined;
      w.views.push(messageView(`There are no practice cases for ${pack.manifest.name} yet.`));
      return this.pickUp(w);
    }
    w.q = { version: 1, locality, scenario: first.id, answered: false, step: 0, score: emptyScore() };
    const intro =
      `Practice quiz: ${pack.scenarios.length} invented cases for ${pack.manifest.name}, never real children. ` +
      'For each, choose the level of need, and I will show what the rules give, with the reasons and their sources. ' +
      (hasContent(w.s) ? 'Your consultation is paused: say "stop" at any time to go back to it.' : 'Say "stop" at any time to end the quiz.');
    this.showCase(w, preface ?? intro);
  }

  private mark(w: Work, level: Level): void {
    const q = w.q!;
    const pack = this.pack(q.locality);
    const feedback = checkAnswer(pack, this.deps.knowledge.vocabulary, q.scenario, level);
    q.score = addToScore(q.score, feedback);
    q.answered = true;
    q.step += 1;
    const chosenLabel = practiceSet(pack).levels.find((l) => l.level === level)!.label;
    w.views.push(quizFeedbackView({ step: q.step, feedback, chosenLabel, score: q.score }));
  }

  /** Another case: skips this one if it has not been answered (it comes back at the end). */
  private next(w: Work): void {
    const q = w.q!;
    const pack = this.pack(q.locality);
    const following = nextScenario(pack, q.score, q.scenario);
    if (!following) return this.end(w, `That was the last case: you have answered all ${pack.scenarios.length}. ${scoreLine(q.score)}`);
    if (following.id === q.scenario) return this.show(w, 'This is the only case you have not answered yet.');
    q.scenario = following.id;
    q.answered = false;
    this.showCase(w);
  }

  private switchArea(w: Work, locality: string): void {
    const pack = this.pack(locality);
    if (locality === w.q?.locality) return this.show(w, `You are already practising with the cases for ${pack.manifest.name}.`);
    w.profile.locality = locality;
    const consulting = this.pack(this.consultationLocality(w.s));
    const kept =
      hasContent(w.s) && consulting.id !== locality
        ? ` Your consultation in progress still uses the guidance for ${consulting.manifest.name}: say "I work in ${pack.manifest.placeNames[0]}" after the quiz to move it too.`
        : '';
    this.start(w, `Now practising with the cases for ${pack.manifest.name}; the score starts again.${kept}`, locality);
  }

  /** Ends the quiz and picks the consultation up where it was. */
  private end(w: Work, message: string): void {
    w.q = undefined;
    const paused = hasContent(w.s);
    // A consultation with nothing in it yet follows an area chosen during the quiz.
    if (!paused && w.profile.locality && w.profile.locality !== w.s.locality) w.s = this.deps.consultation.start(w.profile);
    w.views.push(messageView(`${message}${paused ? ' Back to your consultation.' : ''}`));
    this.pickUp(w);
  }

  /** The turn belongs to the consultation: the quiz ends, and the practitioner is told so. */
  private async handOver(w: Work, input: TurnInput): Promise<void> {
    const note = w.q ? messageView(`I have ended the practice quiz. ${scoreLine(w.q.score)}`) : undefined;
    w.q = undefined;
    const out = await this.deps.consultation.turn(w.s, w.profile, input);
    w.s = out.state;
    w.profile = out.profile;
    // The note goes after a harm alert (which must come first) and before the last view, so a
    // voice client still listens for the answer to the consultation's question.
    w.views.push(...out.views.slice(0, -1), ...(note ? [note] : []), ...out.views.slice(-1));
  }

  private pickUp(w: Work): void {
    const out = this.deps.consultation.pickUp(w.s, w.profile, w.channel);
    w.s = out.state;
    w.views.push(...out.views);
  }

  /** Shows again what the quiz is waiting for. */
  private show(w: Work, preface?: string): void {
    const q = w.q;
    if (!q) {
      if (preface) w.views.push(messageView(preface));
      return this.pickUp(w);
    }
    if (!q.answered) return this.showCase(w, preface);
    q.step += 1;
    w.views.push(quizWhatNextView({ step: q.step, score: q.score, ...(preface ? { preface } : {}) }));
  }

  private showCase(w: Work, preface?: string): void {
    const q = w.q!;
    const set = practiceSet(this.pack(q.locality));
    q.step += 1;
    w.views.push(
      quizCaseView({
        step: q.step,
        localityName: set.localityName,
        scenario: set.scenarios.find((s) => s.id === q.scenario)!,
        number: set.scenarios.findIndex((s) => s.id === q.scenario) + 1,
        total: set.scenarios.length,
        levels: set.levels,
        score: q.score,
        ...(preface ? { preface } : {}),
      }),
    );
  }

  // -------------------------------------------------------------------------------------------

  private screen(w: Work, text: string): TriageResult {
    return triage(this.deps.knowledge, { text, locality: this.locality(w) }, { defaultLocality: this.deps.defaultLocality, understanding: this.deps.understanding });
  }

  private pack(locality: string): LoadedPack {
    return this.deps.knowledge.packs.get(locality)!;
  }

  /** The quiz's area; before one starts, the area the practitioner last chose. */
  private locality(w: Work): string {
    if (w.q) return w.q.locality;
    const chosen = w.profile.locality ?? w.s.locality;
    return chosen && this.deps.knowledge.packs.has(chosen) ? chosen : this.consultationLocality(w.s);
  }

  private consultationLocality(s: ConsultationState): string {
    return s.locality && this.deps.knowledge.packs.has(s.locality) ? s.locality : this.deps.defaultLocality;
  }

  /** A stored quiz still matches the packs (an edit may have removed its case). */
  private isCurrent(q: QuizState): boolean {
    return q.version === 1 && Array.isArray(q.score?.seen) && this.deps.knowledge.packs.get(q.locality)?.scenarios.some((s) => s.id === q.scenario) === true;
  }
}
