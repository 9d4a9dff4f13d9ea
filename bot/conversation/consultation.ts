// The guided consultation as a data-driven state machine (docs/arch/ADR-004). Each turn takes the
// stored state and what the practitioner sent (text or a card submission), recomputes triage()
// from everything known, and returns the new state and the views to send. No botbuilder here:
// the bot class at the edge turns views into activities and stores the state.
//
// Safety, in the order a turn applies it:
// - harm first: a turn whose text indicates harm answers with the duty contacts and 999 before
//   anything else; an answer that raises the level to 4 does the same;
// - the highest level reached is kept as the floor, so no later answer lowers it;
// - the text can propose indicators; the practitioner can take off a non-harm one, but a harm
//   indicator is only ruled out by an explicit "no" to its confirming question, and the floor holds.
import { parseSubmission, type CardSubmission } from '../../cards/actions.ts';
import {
  type IndicatorView,
  type View,
  addIndicatorView,
  confirmIndicatorsView,
  confirmRemovalView,
  confirmRestartView,
  definitionView,
  harmAlertView,
  helpView,
  levelsView,
  messageView,
  outcomeView,
  questionView,
  removeIndicatorView,
  reviewView,
  servicesView,
  welcomeView,
} from '../../cards/views.ts';
import { matchAnswer, normalise, polarityOf, readAnswer } from '../../knowledge/answers.ts';
import { citeSource, confirmAnswerId, type OutcomeQuestion } from '../../knowledge/decide.ts';
import type { Knowledge, LoadedPack } from '../../knowledge/load.ts';
import type { Level } from '../../knowledge/schema.ts';
import type { Directory } from '../../knowledge/search/directory.ts';
import type { GuidanceIndex } from '../../knowledge/search/guidance.ts';
import { type TriageResult, triage } from '../../knowledge/triage.ts';
import type { Understanding } from '../../knowledge/understand/index.ts';
import type { EventRecorder } from '../reports/events.ts';
import { needsNamedIn } from '../reports/needs.ts';
import { type Command, areaStatedIn, recogniseCommand, reportRole, roleStatedIn } from './commands.ts';
import { type Context, agencyStatedIn, contextStatement } from './context.ts';
import { OutcomeQuestions } from './feedback.ts';
import type { HandoffSeed } from './handoff.ts';
import { type ConsultationState, LIMITS, type UserProfile, type Waiting, hasContent, newConsultation } from './state.ts';

export interface ConsultationDeps {
  knowledge: Knowledge;
  understanding: Understanding;
  directory: Directory;
  guidance: GuidanceIndex;
  defaultLocality: string;
  /** The duty summary's offer ("Prepare the duty summary") when a handoff is registered. */
  handoffOffer?: string;
  /** Anonymous counts for the board: each outcome shown, and directory searches that found nothing. */
  events: EventRecorder;
}

export interface TurnInput {
  text?: string;
  value?: unknown;
  /** The channel the turn came on (msteams, webchat, ...), for the board's anonymous counts. */
  channel: string;
}

export interface TurnOutput {
  state: ConsultationState;
  profile: UserProfile;
  views: View[];
  /** The practitioner asked for the duty summary: the bot starts the handoff with this. */
  handoff?: HandoffSeed;
  /** The outcome was shown this turn (a summary already sent for it is then mentioned). */
  outcomeShown?: boolean;
}

/** Working copy for one turn: the state, the profile, the views collected so far, and a summary to start. */
interface Turn {
  s: ConsultationState;
  profile: UserProfile;
  views: View[];
  channel: string;
  handoff?: HandoffSeed;
  outcomeShown?: boolean;
}

const CONCERN_MIN_WORDS = 3;
const ADD_MAX_WORDS = 6;
/** Commands that take free words, which could be a concern in disguise. */
const FREE_WORDS: ReadonlySet<Command['name']> = new Set(['services', 'what-is']);
const SERVICES_SHOWN = 3;

/** Look-ups that change nothing in the consultation, so they can be answered at any point (the quiz too). */
export type LookUp = Extract<Command, { name: 'help' | 'levels' | 'services' | 'what-is' }>;
const LOOK_UPS: ReadonlySet<Command['name']> = new Set(['help', 'levels', 'services', 'what-is']);
export const isLookUp = (cmd: Command): cmd is LookUp => LOOK_UPS.has(cmd.name);

export class Consultation {
  private readonly deps: ConsultationDeps;
  private readonly byIndicator;
  private readonly outcomeQuestions;

  constructor(deps: ConsultationDeps) {
    this.deps = deps;
    this.outcomeQuestions = new OutcomeQuestions(deps.events);
    this.byIndicator = new Map(deps.knowledge.vocabulary.indicators.map((i) => [i.id, i]));
  }

  /** A fresh consultation for a user, remembering their area and role from earlier ones. */
  start(profile: UserProfile): ConsultationState {
    return newConsultation({ locality: profile.locality && this.deps.knowledge.packs.has(profile.locality) ? profile.locality : undefined, role: profile.role, agency: profile.agency });
  }

  welcome(s: ConsultationState): View[] {
    const pack = this.pack(s);
    return [
      welcomeView({
        localityName: pack.manifest.name,
        otherAreas: [...this.deps.knowledge.packs.values()].filter((p) => p.id !== pack.id).map((p) => ({ id: p.id, name: p.manifest.name, say: p.manifest.placeNames[0]! })),
      }),
    ];
  }

  /** Shows again what the consultation is waiting for, after a pause (the practice quiz). */
  pickUp(state: ConsultationState, profile: UserProfile, channel: string): TurnOutput {
    const t: Turn = { s: structuredClone(state), profile: { ...profile }, views: [], channel };
    this.resume(t);
    return this.done(t);
  }

  /** Answers a look-up without changing the consultation. */
  lookUp(s: ConsultationState, cmd: LookUp): View {
    const pack = this.pack(s);
    switch (cmd.name) {
      case 'help':
        return helpView({ localityName: pack.manifest.name, ...(this.deps.handoffOffer ? { handoff: this.deps.handoffOffer } : {}) });
      case 'levels':
        return levelsView({ localityName: pack.manifest.name, levels: pack.manifest.levels.map((l) => ({ ...l, source: citeSource(pack, l.source) })) });
      case 'services': {
        const result = this.triageOf(s);
        const answer = this.deps.directory.find({ q: cmd.words, locality: pack.id, age: result.age, limit: SERVICES_SHOWN });
        if (answer.match === 'none') void this.deps.events.recordDirectoryMiss({ locality: pack.id, needs: needsNamedIn(cmd.words, this.deps.understanding, this.deps.knowledge.vocabulary) });
        return servicesView({
          query: cmd.words,
          localityName: pack.manifest.name,
          ...(result.age !== undefined ? { age: result.age } : {}),
          services: answer.results,
          ...(answer.noMatch ? { noMatch: { ...answer.noMatch, source: citeSource(pack, answer.noMatch.source) } } : {}),
        });
      }
      case 'what-is':
        return this.definition(pack, cmd.term);
    }
  }

  async turn(state: ConsultationState, profile: UserProfile, input: TurnInput): Promise<TurnOutput> {
    const t: Turn = { s: structuredClone(state), profile: { ...profile }, views: [], channel: input.channel };
    const text = typeof input.text === 'string' ? input.text.trim() : '';

    if (input.value !== undefined && input.value !== null) {
      const parsed = parseSubmission(input.value);
      if (!parsed.ok) {
        t.views.push(messageView('Sorry, I could not read that answer: the card may be out of date. Here is where we are.'));
        this.resume(t);
      } else {
        await this.submission(t, parsed.submission);
      }
      return this.done(t);
    }

    if (!text) {
      t.views.push(messageView('I did not get any words there.'));
      this.resume(t);
      return this.done(t);
    }
    if (text.length > LIMITS.textChars) {
      t.views.push(messageView(`That is longer than I can take in one message (${LIMITS.textChars} characters). Please send it in shorter parts.`));
      this.resume(t);
      return this.done(t);
    }

    const cmd = recogniseCommand(text, this.deps.knowledge);
    // "what is going on is her dad hits her" is a concern, not a look-up: harm comes first.
    if (cmd && !(FREE_WORDS.has(cmd.name) && this.mentionsHarm(t.s, text))) await this.command(t, cmd);
    else {
      // "I'm a GP in Leicester" is who and where the practitioner is, not a concern; anything that
      // brings an indicator is read as a concern all the same.
      const context = cmd ? undefined : contextStatement(text, this.deps.knowledge);
      if (context && !this.bringsIndicators(t.s, text) && !this.mentionsHarm(t.s, text)) this.noteContext(t, context);
      else this.message(t, text);
    }
    return this.done(t);
  }

  // -------------------------------------------------------------------------------------------
  // Typed or spoken messages

  private message(t: Turn, text: string): void {
    const p = t.s.pending;
    switch (p.kind) {
      case 'question': {
        const q = this.question(t.s, p.id);
        const read = q ? readAnswer(text, q.options) : undefined;
        if (q && read) {
          // "No, but she said dad hit her": the answer, and the rest as more of the concern.
          const more = read.rest !== undefined && (words(read.rest) >= 6 || this.bringsIndicators(t.s, text));
          return this.answer(t, q, read.value, more ? text : undefined);
        }
        if (this.isConcern(t.s, text)) return this.addText(t, text);
        t.views.push(messageView(`Sorry, I did not catch which answer you meant. You can say a number, or the words of an answer.`));
        return this.ask(t, { reask: true });
      }
      case 'indicators': {
        const polarity = polarityOf(text);
        const n = normalise(text);
        if (polarity === 'yes' || /^(carry on|continue|go on|next|all good|looks right|thats right|that is right)$/.test(n) || n === '1') return this.confirmIndicators(t);
        if (/^(add|add one|add another|2)$/.test(n)) return this.offerAdd(t);
        if (/^(remove|remove one|take one off|3)$/.test(n)) return this.offerRemove(t);
        if (polarity === 'no') {
          t.views.push(messageView('What is not right? You can add one, remove one, or tell me more in your own words.'));
          return this.showIndicators(t);
        }
        if (this.isConcern(t.s, text)) return this.addText(t, text);
        t.views.push(messageView('Sorry, I did not catch that.'));
        return this.showIndicators(t);
      }
      case 'remove': {
        const m = this.matchCurrent(t.s, text);
        if (m) return this.remove(t, m);
        if (this.isConcern(t.s, text)) return this.addText(t, text);
        return this.removeByWords(t, text);
      }
      case 'add':
        // A sentence is more of the concern: read it with its evidence rather than as a pick.
        return words(text) > ADD_MAX_WORDS ? this.addText(t, text) : this.addByWords(t, text);
      case 'confirm-removal': {
        const polarity = polarityOf(text) ?? (normalise(text) === '1' ? 'yes' : normalise(text) === '2' ? 'no' : undefined);
        if (polarity === 'yes') return this.recordRemoval(t, p.indicator);
        if (polarity === 'no' || polarity === 'unsure') {
          t.views.push(messageView('I have kept it on the list.'));
          return this.showIndicators(t);
        }
        if (this.isConcern(t.s, text)) return this.addText(t, text);
        t.views.push(messageView('Please say yes to record it, or no to keep it.'));
        return this.offerRemovalConfirmation(t, p.indicator);
      }
      case 'outcome': {
        const answer = this.outcomeQuestions.readPhrase(t.s, text);
        if (answer) return void t.views.push(this.outcomeQuestions.answer(t.s, answer));
        // A bare "yes" or "ok" after the outcome is not more of the concern: nothing is re-run.
        if (!this.isConcern(t.s, text)) {
          t.views.push(messageView(`The outcome above stands. You can say review to check your answers, ${this.deps.handoffOffer ? 'duty summary to prepare the summary for the duty team, ' : ''}start again for a new concern, or tell me more about the child in your own words.`));
          return;
        }
        return this.addText(t, text);
      }
      case 'confirm-restart': {
        const polarity = polarityOf(text) ?? (normalise(text) === '1' ? 'yes' : normalise(text) === '2' ? 'no' : undefined);
        if (polarity === 'yes') return this.restart(t);
        if (polarity === 'no' || /^(cancel|carry on|continue|keep going|go on|no thanks)$/.test(normalise(text))) return this.keepGoing(t);
        if (this.isConcern(t.s, text)) {
          // They carried on describing the child: keep everything and read it.
          t.s.pending = p.resume;
          return this.message(t, text);
        }
        t.views.push(messageView('Please say yes to start again, or no to carry on.'));
        return this.offerRestart(t, p.resume);
      }
      default:
        return this.addText(t, text);
    }
  }

  /** More than a short answer: the practitioner is telling us more about the child. */
  private isConcern(s: ConsultationState, text: string): boolean {
    return words(text) >= CONCERN_MIN_WORDS || this.bringsIndicators(s, text);
  }

  private mentionsHarm(s: ConsultationState, text: string): boolean {
    return this.triageOf({ ...s, answers: {}, added: [], floor: undefined }, [text]).indicators.some((i) => i.harm && i.status !== 'negated');
  }

  private bringsIndicators(s: ConsultationState, text: string): boolean {
    return this.triageOf(s, [...s.texts, text]).indicators.length > this.triageOf(s).indicators.length;
  }

  private addText(t: Turn, text: string, options: { alerted?: boolean } = {}): void {
    const area = areaStatedIn(text, this.deps.knowledge);
    if (area && area !== this.localityOf(t.s)) {
      this.setArea(t, area, { quiet: true });
      t.views.push(messageView(`Using the guidance for ${this.pack(t.s).manifest.name}.`));
    }
    const role = roleStatedIn(text);
    if (role) t.s.role = t.profile.role = role;
    const agency = agencyStatedIn(text, this.deps.knowledge);
    if (agency) t.s.agency = t.profile.agency = agency;
    this.outcomeQuestions.noteConcern(t.s, text);
    if (t.s.texts.join('\n').length + text.length > LIMITS.totalChars) {
      // Full: nothing earlier is dropped, and what was just said is still screened for harm.
      if (this.mentionsHarm(t.s, text)) this.alert(t, this.compute(t.s, { keepFloor: true }));
      t.views.push(messageView('I cannot hold any more about this concern. Say outcome to see the outcome, or start again.'));
      return this.resume(t, { quiet: true });
    }
    // Past the message limit, new words join the last message, so nothing is dropped.
    t.s.texts = t.s.texts.length < LIMITS.texts ? [...t.s.texts, text] : [...t.s.texts.slice(0, -1), `${t.s.texts.at(-1)}\n${text}`];
    const before = t.s.floor ?? 1;
    const result = this.compute(t.s);
    // Harm screen first: the very next reply to text that indicates harm carries the duty contacts.
    if (!options.alerted && (harmShown(result) || (result.level === 4 && before < 4))) this.alert(t, result);
    this.showIndicatorsOrAsk(t, result);
  }

  // -------------------------------------------------------------------------------------------
  // Answers and questions

  /** Records an answer; `more` is a longer sentence the answer started, taken as concern text. */
  private answer(t: Turn, q: OutcomeQuestion, value: string, more?: string): void {
    t.s.answers[q.id] = value;
    t.s.answerOrder = [...t.s.answerOrder.filter((a) => a !== q.id), q.id];
    const immediate = q.id === 'immediate-danger' && value === 'yes';
    if (more !== undefined) {
      if (immediate) this.alert(t, this.compute(t.s), { immediateDanger: true });
      return this.addText(t, more, { alerted: immediate });
    }
    const before = t.s.floor ?? 1;
    const result = this.compute(t.s);
    if (immediate) this.alert(t, result, { immediateDanger: true });
    else if (result.level === 4 && before < 4) this.alert(t, result);
    this.ask(t, { result });
  }

  /** The next question, or the outcome when none remains. */
  private ask(t: Turn, options: { result?: TriageResult; reask?: boolean; preface?: string } = {}): void {
    const result = options.result ?? this.compute(t.s);
    const pending = t.s.pending;
    const q = options.reask && pending.kind === 'question' ? (this.question(t.s, pending.id) ?? result.questions[0]) : result.questions[0];
    if (!q) return this.outcome(t, result);
    t.s.pending = { kind: 'question', id: q.id };
    t.s.step += 1;
    t.views.push(questionView({ step: t.s.step, id: q.id, text: q.text, why: q.why, options: q.options, ...(options.preface ? { preface: options.preface } : {}) }));
  }

  private outcome(t: Turn, result: TriageResult = this.compute(t.s)): void {
    t.s.pending = { kind: 'outcome' };
    t.outcomeShown = true;
    const pack = this.pack(t.s);
    const query = [...t.s.texts, ...result.indicators.filter((i) => i.status !== 'negated').map((i) => i.label)].join(' ').slice(0, 1000);
    // Only services that fit; when none does, the council's information service, not unrelated teams.
    const answer = this.deps.directory.find({ q: query, locality: pack.id, age: result.age, level: result.level, limit: SERVICES_SHOWN });
    const services = answer.results;
    const harmUnanswered = result.questions.some((q) => q.harmScreen || q.indicator);
    this.report(t, result);
    t.views.push(
      outcomeView({
        ...result,
        localityName: pack.manifest.name,
        services,
        ...(answer.noMatch ? { noMatch: { ...answer.noMatch, source: citeSource(pack, answer.noMatch.source) } } : {}),
        unanswered: result.questions.length,
        ...(result.level === 4 && this.deps.handoffOffer ? { handoffOffer: this.deps.handoffOffer } : {}),
      }),
    );
    if (harmUnanswered) {
      t.views.push(messageView('You have not yet answered whether the child may be at risk of harm. If you are not sure, talk to the duty team now: not being sure about harm is a reason to ask.'));
    }
    const questions = this.outcomeQuestions.atOutcome(t.s, result, { ask: result.level < 4 && !harmUnanswered });
    if (questions) t.views.push(questions);
  }

  /** Counts an outcome for the board once per consultation: showing the same one again is not counted. */
  private report(t: Turn, result: TriageResult): void {
    const key = `${result.locality}:${result.level}:${result.route.id}`;
    if (t.s.reported?.includes(key)) return;
    t.s.reported = [...(t.s.reported ?? []), key];
    const role = reportRole(t.s.role);
    void this.deps.events.recordOutcome({ locality: result.locality, level: result.level, route: result.route.id, ...(role ? { role } : {}), channel: t.channel });
  }

  private alert(t: Turn, result: TriageResult, options: { immediateDanger?: boolean } = {}): void {
    const pack = this.pack(t.s);
    // The level 4 contacts (duty team, procedures, 999), whatever the route of this outcome.
    const contacts = result.level === 4 ? result.contacts : this.dutyContacts(pack);
    t.views.push(
      harmAlertView({
        localityName: pack.manifest.name,
        immediateDanger: options.immediateDanger ?? t.s.answers['immediate-danger'] === 'yes',
        contacts,
        ...(this.deps.handoffOffer ? { handoffOffer: this.deps.handoffOffer } : {}),
      }),
    );
  }

  private dutyContacts(pack: LoadedPack): TriageResult['contacts'] {
    return triage(this.deps.knowledge, { locality: pack.id, answers: { harm: 'yes' } }, { defaultLocality: this.deps.defaultLocality }).contacts;
  }

  // -------------------------------------------------------------------------------------------
  // The proposed indicators: confirm, add, remove

  private showIndicatorsOrAsk(t: Turn, result: TriageResult): void {
    const shown = this.indicatorViews(t.s, result);
    const ids = shown.map((i) => `${i.id}:${i.status}`).sort();
    if (shown.length === 0) {
      t.views.push(messageView('I did not pick out a specific need from that, so I will ask a few questions.'));
      return this.ask(t, { result });
    }
    if (ids.join() === [...t.s.confirmed].sort().join()) return this.ask(t, { result });
    this.showIndicators(t, result);
  }

  private showIndicators(t: Turn, result: TriageResult = this.compute(t.s)): void {
    t.s.pending = { kind: 'indicators' };
    t.s.step += 1;
    t.views.push(confirmIndicatorsView({ step: t.s.step, indicators: this.indicatorViews(t.s, result) }));
  }

  private confirmIndicators(t: Turn): void {
    const result = this.compute(t.s);
    t.s.confirmed = this.indicatorViews(t.s, result).map((i) => `${i.id}:${i.status}`);
    this.ask(t, { result, preface: 'Thank you.' });
  }

  private offerAdd(t: Turn): void {
    t.s.pending = { kind: 'add' };
    t.s.step += 1;
    const vocabulary = [...this.deps.knowledge.vocabulary.indicators].map((i) => ({ id: i.id, label: i.label })).sort((a, b) => a.label.localeCompare(b.label));
    t.views.push(addIndicatorView({ step: t.s.step, vocabulary }));
  }

  private offerRemove(t: Turn): void {
    const current = this.currentIndicators(t.s);
    if (current.length === 0) {
      t.views.push(messageView('There is nothing on the list to remove.'));
      return this.showIndicators(t);
    }
    t.s.pending = { kind: 'remove' };
    t.s.step += 1;
    t.views.push(removeIndicatorView({ step: t.s.step, indicators: current.map((i) => ({ id: i.id, label: i.label })) }));
  }

  private currentIndicators(s: ConsultationState) {
    return this.compute(s, { keepFloor: true }).indicators.filter((i) => i.status !== 'negated');
  }

  private addByWords(t: Turn, words: string): void {
    const options = this.deps.knowledge.vocabulary.indicators.map((i) => ({ value: i.id, label: i.label, synonyms: i.terms }));
    const m = matchAnswer(words, options);
    const ids = m
      ? [m.value]
      : this.deps.understanding
          .understand(words, { nonMobileBabyMonths: 6 })
          .indicators.filter((f) => f.status !== 'negated')
          .map((f) => f.id);
    if (ids.length === 0) {
      t.views.push(messageView('I could not match that to the list of needs and risks. Try other words, or choose from the list.'));
      return this.offerAdd(t);
    }
    this.addIndicators(t, ids);
  }

  private addIndicators(t: Turn, ids: string[]): void {
    t.s.added = [...new Set([...t.s.added, ...ids])];
    t.s.excluded = t.s.excluded.filter((id) => !ids.includes(id));
    const before = t.s.floor ?? 1;
    const result = this.compute(t.s);
    t.views.push(messageView(`Added: ${ids.map((id) => this.byIndicator.get(id)!.label).join(', ')}.`));
    if (ids.some((id) => this.byIndicator.get(id)!.harm) || (result.level === 4 && before < 4)) this.alert(t, result);
    this.showIndicators(t, result);
  }

  private matchCurrent(s: ConsultationState, text: string): string | undefined {
    const current = this.currentIndicators(s);
    return matchAnswer(text, current.map((i) => ({ value: i.id, label: i.label, synonyms: this.byIndicator.get(i.id)!.terms })))?.value;
  }

  private removeByWords(t: Turn, words: string): void {
    const id = this.matchCurrent(t.s, words);
    if (!id) {
      t.views.push(messageView('Sorry, I could not tell which one you meant.'));
      return this.offerRemove(t);
    }
    this.remove(t, id);
  }

  private remove(t: Turn, id: string): void {
    const ind = this.byIndicator.get(id);
    if (!ind || !this.currentIndicators(t.s).some((i) => i.id === id)) {
      t.views.push(messageView('That one is not on the list now.'));
      return this.showIndicators(t);
    }
    if (ind.harm) return this.offerRemovalConfirmation(t, id);
    t.s.added = t.s.added.filter((a) => a !== id);
    if (!t.s.excluded.includes(id)) t.s.excluded = [...t.s.excluded, id];
    t.views.push(messageView(`Removed: ${ind.label}.`));
    this.showIndicators(t);
  }

  private offerRemovalConfirmation(t: Turn, id: string): void {
    const ind = this.byIndicator.get(id)!;
    const result = this.compute(t.s);
    t.s.pending = { kind: 'confirm-removal', indicator: id };
    t.s.step += 1;
    t.views.push(
      confirmRemovalView({
        step: t.s.step,
        indicator: { id, label: ind.label },
        confirmQuestion: ind.confirm ?? `Is ${ind.label.toLowerCase()} happening?`,
        level: result.level,
        levelName: result.levelName,
      }),
    );
  }

  /** The practitioner confirmed a harm indicator is not happening: their "no", and the floor holds. */
  private recordRemoval(t: Turn, id: string): void {
    const answerId = confirmAnswerId(id);
    t.s.answers[answerId] = 'no';
    t.s.answerOrder = [...t.s.answerOrder.filter((a) => a !== answerId), answerId];
    const result = this.compute(t.s);
    const kept = result.level > 1 && result.reasons.some((r) => r.rule === 'floor');
    t.views.push(messageView(`Recorded your answer "no": ${this.byIndicator.get(id)!.label} is not happening.${kept ? ` The level stays at ${result.levelName}.` : ''}`));
    this.showIndicators(t, result);
  }

  // -------------------------------------------------------------------------------------------
  // Card submissions

  private async submission(t: Turn, sub: CardSubmission): Promise<void> {
    const p = t.s.pending;
    const stale = () => {
      t.views.push(messageView('That card is from an earlier step, so I have not used it. Here is where we are now.'));
      this.resume(t);
    };
    switch (sub.action) {
      case 'command':
        return this.command(t, { name: sub.command });
      case 'area':
        if (!this.deps.knowledge.packs.has(sub.locality)) {
          t.views.push(messageView('I do not have guidance for that area.'));
          return this.resume(t);
        }
        return this.setArea(t, sub.locality);
      case 'handoff':
        return this.command(t, { name: 'handoff' });
      case 'restart':
        if (p.kind !== 'confirm-restart' || sub.step !== t.s.step) return stale();
        return sub.choice === 'confirm' ? this.restart(t) : this.keepGoing(t);
      case 'feedback':
        return void t.views.push(this.outcomeQuestions.answer(t.s, sub));
      case 'answer': {
        if (p.kind !== 'question' || p.id !== sub.question || sub.step !== t.s.step) return stale();
        const q = this.question(t.s, p.id);
        if (!q || !q.options.some((o) => o.value === sub.answer)) {
          t.views.push(messageView('Sorry, that is not one of the answers to this question.'));
          return this.ask(t, { reask: true });
        }
        return this.answer(t, q, sub.answer);
      }
      case 'indicators':
        if (p.kind !== 'indicators' || sub.step !== t.s.step) return stale();
        return sub.choice === 'right' ? this.confirmIndicators(t) : sub.choice === 'add' ? this.offerAdd(t) : this.offerRemove(t);
      case 'remove':
        if (p.kind !== 'remove' || sub.step !== t.s.step) return stale();
        return this.remove(t, sub.indicator);
      case 'add': {
        if (p.kind !== 'add' || sub.step !== t.s.step) return stale();
        if (sub.indicator) {
          if (!this.byIndicator.has(sub.indicator)) {
            t.views.push(messageView('Sorry, that is not on the list.'));
            return this.offerAdd(t);
          }
          return this.addIndicators(t, [sub.indicator]);
        }
        return this.addByWords(t, sub.words ?? '');
      }
      case 'confirm-removal':
        if (p.kind !== 'confirm-removal' || p.indicator !== sub.indicator || sub.step !== t.s.step) return stale();
        if (sub.choice === 'yes') return this.recordRemoval(t, sub.indicator);
        t.views.push(messageView('I have kept it on the list.'));
        return this.showIndicators(t);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Things that can be said at any point

  private async command(t: Turn, cmd: Command): Promise<void> {
    const pack = this.pack(t.s);
    if (isLookUp(cmd)) {
      t.views.push(this.lookUp(t.s, cmd));
      return this.resume(t, { quiet: true });
    }
    switch (cmd.name) {
      case 'start-again':
        // Nothing to lose: start at once. Otherwise ask first; "start again" said twice confirms.
        if (!hasContent(t.s) || t.s.pending.kind === 'confirm-restart') return this.restart(t);
        return this.offerRestart(t, t.s.pending);
      case 'back':
        return this.back(t);
      case 'review':
        return this.review(t);
      case 'outcome':
        if (!hasContent(t.s)) {
          t.views.push(messageView('Tell me what is worrying you about the child first, in your own words.', { expectsAnswer: true }));
          return;
        }
        return this.outcome(t);
      case 'change': {
        const id = t.s.answerOrder[cmd.number - 1];
        if (!id) {
          t.views.push(messageView(`There is no answer number ${cmd.number}. Say review to see your answers.`));
          return this.resume(t);
        }
        const q = this.question(t.s, id);
        delete t.s.answers[id];
        t.s.answerOrder = t.s.answerOrder.filter((a) => a !== id);
        if (!q) return this.ask(t);
        t.s.pending = { kind: 'question', id };
        return this.ask(t, { reask: true, preface: floorNote(this.compute(t.s)) });
      }
      case 'area':
        return this.setArea(t, cmd.locality);
      case 'handoff':
        return this.startHandoff(t);
      case 'add':
        return this.addByWords(t, cmd.words);
      case 'remove':
        return this.removeByWords(t, cmd.words);
    }
  }

  private offerRestart(t: Turn, resume: Waiting): void {
    t.s.pending = { kind: 'confirm-restart', resume };
    t.s.step += 1;
    t.views.push(confirmRestartView({ step: t.s.step, messages: t.s.texts.length, answers: t.s.answerOrder.length + t.s.added.length }));
  }

  private restart(t: Turn): void {
    const pack = this.pack(t.s);
    t.s = newConsultation({ locality: t.s.locality, role: t.s.role, agency: t.s.agency });
    t.views.push(messageView(`Starting again, with the guidance for ${pack.manifest.name}. Tell me what is worrying you about the child, in your own words.`, { expectsAnswer: true }));
  }

  private keepGoing(t: Turn): void {
    if (t.s.pending.kind === 'confirm-restart') t.s.pending = t.s.pending.resume;
    t.views.push(messageView('Carrying on: nothing has been cleared.'));
    this.resume(t);
  }

  /** The practitioner said who or where they are: kept for the area, the board's counts and the duty summary. */
  private noteContext(t: Turn, c: Context): void {
    if (c.role) t.s.role = t.profile.role = c.role;
    if (c.agency) t.s.agency = t.profile.agency = c.agency;
    const role = c.role === 'police' ? 'you are with the police' : c.role ? `you are ${/^[aeiou]/i.test(c.role) ? 'an' : 'a'} ${c.role}` : '';
    const who = [role, c.agency ? `at ${c.agency}` : ''].filter(Boolean).join(' ');
    const thanks = `Thank you${who ? `: ${who}` : ''}.`;
    if (c.locality && c.locality !== this.localityOf(t.s)) {
      t.views.push(messageView(thanks));
      return this.setArea(t, c.locality);
    }
    t.views.push(messageView(`${thanks} I am using the guidance for ${this.pack(t.s).manifest.name}.`));
    this.resume(t);
  }

  private back(t: Turn): void {
    const p = t.s.pending;
    if (p.kind === 'confirm-restart') return this.keepGoing(t);
    if (p.kind === 'add' || p.kind === 'remove' || p.kind === 'confirm-removal') return this.showIndicators(t);
    const last = t.s.answerOrder[t.s.answerOrder.length - 1];
    if (!last) {
      t.views.push(messageView('There is no answer to take back yet.'));
      return this.resume(t);
    }
    const q = this.question(t.s, last);
    delete t.s.answers[last];
    t.s.answerOrder = t.s.answerOrder.slice(0, -1);
    t.s.pending = { kind: 'question', id: last };
    const result = this.compute(t.s);
    const note = floorNote(result);
    if (!q) return this.ask(t, { result });
    this.ask(t, { result, reask: true, preface: `I have taken back your answer to: "${q.text}"${note ? ` ${note}` : ''}` });
  }

  private review(t: Turn): void {
    const result = this.compute(t.s, { keepFloor: true });
    const answers = t.s.answerOrder.map((id) => {
      const q = this.question(t.s, id);
      const value = t.s.answers[id]!;
      return { question: q?.text ?? id, answer: q?.options.find((o) => o.value === value)?.label ?? value };
    });
    t.views.push(reviewView({ localityName: this.pack(t.s).manifest.name, texts: t.s.texts, indicators: this.indicatorViews(t.s, result, { settled: true }), answers, level: result.level, levelName: result.levelName }));
    this.resume(t, { quiet: true });
  }

  private setArea(t: Turn, locality: string, options: { quiet?: boolean } = {}): void {
    const pack = this.deps.knowledge.packs.get(locality)!;
    t.s.locality = t.profile.locality = locality;
    // Answers to questions this area does not ask are dropped; the floor stays.
    const questions = new Map(pack.decision.questions.map((q) => [q.id, q]));
    const dropped = t.s.answerOrder.filter((id) => {
      if (id.startsWith('confirm-')) return false;
      const q = questions.get(id);
      return !q || !q.options.some((o) => o.value === t.s.answers[id]);
    });
    for (const id of dropped) delete t.s.answers[id];
    t.s.answerOrder = t.s.answerOrder.filter((id) => !dropped.includes(id));
    if (t.s.pending.kind === 'question' && !questions.has(t.s.pending.id) && !t.s.pending.id.startsWith('confirm-')) t.s.pending = { kind: 'concern' };
    if (options.quiet) return;
    t.views.push(messageView(`Now using the guidance for ${pack.manifest.name}.${dropped.length ? ` ${dropped.length} earlier answer${dropped.length === 1 ? '' : 's'} did not apply here, so I will ask again.` : ''}`));
    if (!hasContent(t.s)) {
      t.views.push(messageView('Tell me what is worrying you about the child, in your own words.', { expectsAnswer: true }));
      return;
    }
    if (t.s.pending.kind === 'outcome') return this.outcome(t);
    this.ask(t);
  }

  private definition(pack: LoadedPack, term: string): View {
    const wanted = normalise(term).replace(/^(an?|the) /, '');
    const found = pack.manifest.terminology.find((x) =>
      [x.term, x.abbreviation ?? '', ...x.alsoKnownAs].some((name) => name && (normalise(name) === wanted || normalise(name) === wanted.replace(/s$/, ''))),
    );
    const passages = this.deps.guidance.search({ q: term, locality: pack.id, limit: found ? 1 : 2 });
    return definitionView({
      query: term,
      localityName: pack.manifest.name,
      ...(found ? { term: { ...found, source: citeSource(pack, found.source) } } : {}),
      passages: passages.map((p) => ({ title: p.title, text: p.text, source: citeSource(pack, p.source) })),
    });
  }

  /** Shows again what the conversation is waiting for. `quiet` skips it when nothing is pending. */
  private resume(t: Turn, options: { quiet?: boolean } = {}): void {
    const p = t.s.pending;
    switch (p.kind) {
      case 'question':
        return this.ask(t, { reask: true });
      case 'indicators':
        return this.showIndicators(t);
      case 'remove':
        return this.offerRemove(t);
      case 'add':
        return this.offerAdd(t);
      case 'confirm-removal':
        return this.offerRemovalConfirmation(t, p.indicator);
      case 'confirm-restart':
        return this.offerRestart(t, p.resume);
      case 'outcome':
        if (!options.quiet) t.views.push(messageView('Say review to check your answers, or start again for a new concern.'));
        return;
      case 'concern':
        if (!options.quiet || t.s.texts.length === 0) t.views.push(messageView('Tell me what is worrying you about the child, in your own words.', { expectsAnswer: true }));
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // The duty handoff seam

  /** Hands the outcome so far and the practitioner's words to the handoff, which the bot starts. */
  private startHandoff(t: Turn): void {
    const result = this.compute(t.s, { keepFloor: true });
    if (!this.deps.handoffOffer) {
      t.views.push(messageView('Preparing a duty summary is not set up here. If you are worried a child is at risk of harm, ring the duty team now:'));
      this.alert(t, result);
      return this.resume(t, { quiet: true });
    }
    if (!hasContent(t.s)) {
      t.views.push(messageView('Tell me what is worrying you about the child first, in your own words: the summary starts from it.', { expectsAnswer: true }));
      return;
    }
    t.handoff = {
      triage: result,
      ...(t.s.texts.length ? { concern: t.s.texts.join('\n') } : {}),
      ...(t.s.role ? { role: t.s.role } : {}),
      ...(t.s.agency ? { agency: t.s.agency } : {}),
      answers: { ...t.s.answers },
      ...(t.s.id ? { consultationId: t.s.id } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Knowledge

  private pack(s: ConsultationState): LoadedPack {
    return this.deps.knowledge.packs.get(this.localityOf(s))!;
  }

  private localityOf(s: ConsultationState): string {
    return s.locality && this.deps.knowledge.packs.has(s.locality) ? s.locality : this.deps.defaultLocality;
  }

  private triageOf(s: ConsultationState, texts: string[] = s.texts): TriageResult {
    return triage(
      this.deps.knowledge,
      {
        ...(texts.length ? { text: texts.join('\n') } : {}),
        locality: this.localityOf(s),
        answers: s.answers,
        indicators: s.added,
        exclude: s.excluded,
        ...(s.age !== undefined ? { age: s.age } : {}),
        ...(s.floor ? { floor: s.floor } : {}),
      },
      { defaultLocality: this.deps.defaultLocality, understanding: this.deps.understanding },
    );
  }

  /**
   * Triage from everything known; the firm level reached becomes the floor (unless only looking).
   * A level presumed from the description alone is not a floor: the practitioner's answer that one
   * service can meet the needs, which the seeds make decisive, may still set it aside.
   */
  private compute(s: ConsultationState, options: { keepFloor?: boolean } = {}): TriageResult {
    const result = this.triageOf(s);
    if (!options.keepFloor && result.firmLevel > (s.floor ?? 1)) s.floor = result.firmLevel as Level;
    return result;
  }

  /** A question by id: as the decision poses it now, else as the pack (or vocabulary) defines it. */
  private question(s: ConsultationState, id: string): OutcomeQuestion | undefined {
    const result = this.triageOf(s);
    const live = result.questions.find((q) => q.id === id);
    if (live) return live;
    const pack = this.pack(s);
    const q = pack.decision.questions.find((x) => x.id === id);
    if (q) return { id: q.id, text: q.text, why: q.why, harmScreen: q.harmScreen, options: q.options.map((o) => ({ ...o, synonyms: [...o.synonyms] })) };
    const ind = id.startsWith('confirm-') ? this.byIndicator.get(id.slice('confirm-'.length)) : undefined;
    if (!ind) return undefined;
    return {
      id,
      text: ind.confirm ?? `Is ${ind.label.toLowerCase()} happening?`,
      why: 'It could mean a child is being harmed, so I ask rather than assume.',
      harmScreen: false,
      indicator: ind.id,
      options: [
        { value: 'yes', label: 'Yes', synonyms: [] },
        { value: 'no', label: 'No', synonyms: [] },
        { value: 'unsure', label: 'Not sure', synonyms: [] },
      ],
    };
  }

  /** The indicators to show: found or hedged, and harm ones ruled out but not yet asked about. */
  private indicatorViews(s: ConsultationState, result: TriageResult, options: { settled?: boolean } = {}): IndicatorView[] {
    const joined = s.texts.join('\n');
    return result.indicators
      .filter((i) => i.status !== 'negated' || (i.harm && (options.settled || s.answers[confirmAnswerId(i.id)] === undefined)))
      .map((i) => ({
        id: i.id,
        label: i.label,
        evidence: i.span ? joined.slice(i.span.start, i.span.end) : i.evidence,
        status: i.status,
        harm: i.harm,
        ...(i.hedged ? { hedged: true } : {}),
      }));
  }

  private done(t: Turn): TurnOutput {
    return { state: t.s, profile: t.profile, views: t.views, ...(t.handoff ? { handoff: t.handoff } : {}), ...(t.outcomeShown ? { outcomeShown: true } : {}) };
  }
}

/** What taking an answer back cannot undo. */
function floorNote(result: TriageResult): string {
  return result.reasons.some((r) => r.rule === 'floor') ? `The level reached so far (${result.levelName}) stays: say start again if an earlier answer was wrong.` : '';
}

/** Nothing told yet: no words, answers or indicators. */

/** Harm is indicated, or a harm indicator was found or hedged (not ruled out). */
export function harmShown(result: TriageResult): boolean {
  return result.harmIndicated || result.indicators.some((i) => i.harm && i.status !== 'negated');
}

const words = (text: string) => normalise(text).split(' ').filter(Boolean).length;
