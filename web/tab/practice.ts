// Practice: an invented case, the learner picks a level, and the page shows the rule-based answer
// with its reasons and sources. The running score is kept in this browser tab's session storage
// (per area) and nowhere else; it has the same shape as PracticeScore in knowledge/practice.ts.
import type { PracticeFeedback, PracticeScore, PracticeSet, ScenarioCard } from '../../knowledge/practice.ts';
import { busy, byId, citation, el, getJson, type Locality, postJson, setUpPage, showError } from './common.ts';

const scoreLine = byId('score');
const caseSection = byId('case');
const feedback = byId('feedback');
const finished = byId('finished');
const form = byId<HTMLFormElement>('answer-form');
const choices = byId('choices');
const answerError = byId('answer-error');
const errorBox = byId('load-error');
let set: PracticeSet;
let current: ScenarioCard | undefined;

const storageKey = (locality: string) => `early-help-guide.practice.${locality}`;

function loadScore(): PracticeScore {
  try {
    const raw = sessionStorage.getItem(storageKey(set.locality));
    const parsed = raw ? (JSON.parse(raw) as PracticeScore) : undefined;
    if (parsed && Array.isArray(parsed.seen)) return parsed;
  } catch {
    /* unreadable or blocked: start from nothing */
  }
  return { answered: 0, correct: 0, seen: [] };
}

function saveScore(score: PracticeScore): void {
  try {
    sessionStorage.setItem(storageKey(set.locality), JSON.stringify(score));
  } catch {
    /* the score still shows for this page */
  }
  scoreLine.textContent = `Score this session: ${score.correct} of ${score.answered}`;
}

function showCase(focus: boolean): void {
  const score = loadScore();
  saveScore(score);
  feedback.hidden = true;
  current = set.scenarios.find((s) => !score.seen.includes(s.id));
  if (!current) {
    caseSection.hidden = true;
    byId('finished-summary').textContent = `You scored ${score.correct} out of ${score.answered}. Start again to go through the cases once more.`;
    finished.hidden = false;
    if (focus) byId('finished-title').focus();
    return;
  }
  finished.hidden = true;
  byId('case-count').textContent = `Case ${score.seen.length + 1} of ${set.scenarios.length}`;
  byId('case-title').textContent = current.title;
  byId('case-text').textContent = current.text.replace(/^Invented teaching case\.\s*/, '');
  byId('answer-legend').textContent = `Which level of need is this, in ${set.localityName}?`;
  choices.replaceChildren(
    ...set.levels.map((l) =>
      el(
        'div',
        { class: 'choice' },
        el('input', { type: 'radio', name: 'level', value: String(l.level), id: `choice-${l.level}`, 'aria-describedby': `choice-${l.level}-meaning` }),
        el('label', { for: `choice-${l.level}` }, l.label),
        el('p', { class: 'hint', id: `choice-${l.level}-meaning` }, l.meaning),
      ),
    ),
  );
  answerError.hidden = true;
  caseSection.hidden = false;
  if (focus) byId('case-title').focus();
}

function showFeedback(result: PracticeFeedback): void {
  const score = loadScore();
  if (!score.seen.includes(result.scenario.id)) {
    saveScore({ answered: score.answered + 1, correct: score.correct + (result.correct ? 1 : 0), seen: [...score.seen, result.scenario.id] });
  }
  const chosen = set.levels.find((l) => l.level === result.chosenLevel)!;
  byId('feedback-title').textContent = result.correct ? `Correct: ${result.answer.label}` : `Not quite: the rules give ${result.answer.label}`;
  byId('feedback-summary').textContent = `You chose ${chosen.label}. ${result.answer.label.replace(/:.*/, '')} means: ${result.answer.meaning}`;
  byId('feedback-reasons').replaceChildren(...result.answer.reasons.map((r) => el('li', {}, el('p', {}, r.text), citation(r.source))));
  byId('feedback-route').replaceChildren(
    el('p', { class: 'route__title' }, result.answer.route.title),
    el('p', {}, result.answer.route.summary),
    ...(result.answer.actions.length ? [el('ul', {}, ...result.answer.actions.map((a) => el('li', {}, a.basis ? `${a.text} (National guidance: ${a.basis})` : a.localNote ? `${a.text} (${a.localNote})` : a.text)))] : []),
    citation(result.answer.route.source),
  );
  byId('feedback-facts').replaceChildren(...result.facts.map((f) => el('li', {}, f)));
  byId('feedback-explanation').replaceChildren(el('p', {}, result.explanation), citation(result.source));
  caseSection.hidden = true;
  feedback.hidden = false;
  byId('feedback-title').focus();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const picked = (form.elements.namedItem('level') as RadioNodeList).value;
  if (!picked || !current) {
    answerError.hidden = false;
    choices.querySelector<HTMLInputElement>('input')?.focus();
    return;
  }
  try {
    showFeedback(await postJson<PracticeFeedback>('/api/practice', { locality: set.locality, scenario: current.id, level: Number(picked) }));
  } catch (err) {
    showError(errorBox, err);
  }
});
byId('next').addEventListener('click', () => showCase(true));
byId('restart').addEventListener('click', () => {
  try {
    sessionStorage.removeItem(storageKey(set.locality));
  } catch {
    /* nothing kept */
  }
  showCase(true);
});

async function useArea(l: Locality): Promise<void> {
  busy(true);
  set = await getJson<PracticeSet>('/api/scenarios', { locality: l.id });
  showCase(false);
  busy(false);
}

try {
  const page = await setUpPage();
  page.onAreaChange((l) => void useArea(l).catch((err) => showError(errorBox, err)));
  await useArea(page.locality);
} catch (err) {
  showError(errorBox, err);
  busy(false);
}
