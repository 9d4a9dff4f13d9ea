// Levels explorer: pick a level to see what it means here, what to do, and the indicators that
// suggest it by domain; a related indicator one level up or down is a button that goes there.
import type { ExplorerIndicator, ExplorerLevel, LevelsExplorer } from '../../knowledge/levels.ts';
import { busy, byId, citation, el, getJson, setUpPage, showError } from './common.ts';

const picker = byId('level-picker');
const panel = byId('level-panel');
const domainSelect = byId<HTMLSelectElement>('domain');
const terms = byId('terms');
let data: LevelsExplorer | undefined;
let selected = Number(/^#level-([1-4])$/.exec(location.hash)?.[1] ?? 1);

function indicatorItem(ind: ExplorerIndicator): HTMLElement {
  return el(
    'li',
    { id: `ind-${ind.id}`, class: 'indicator', tabindex: '-1' },
    el('p', { class: 'indicator__label' }, ind.label, ind.harm ? el('span', { class: 'tag tag--harm' }, 'Possible harm') : null),
    el('p', { class: 'indicator__terms' }, 'People may say: ', ind.terms.slice(0, 6).join('; ')),
    ind.related.length
      ? el(
          'p',
          { class: 'indicator__related' },
          'Related: ',
          ...ind.related.flatMap((r, i) => [
            i > 0 ? '; ' : '',
            el('button', { type: 'button', class: 'link-button', 'data-level': String(r.level), 'data-indicator': r.id }, `${r.label} (level ${r.level})`),
          ]),
        )
      : null,
    ind.source ? citation(ind.source) : el('p', { class: 'source' }, `Level set locally, to be confirmed by the council: ${ind.localChoice ?? 'no local document we hold gives it.'}`),
  );
}

function renderPanel(level: ExplorerLevel): void {
  const domain = domainSelect.value;
  const domains = level.domains.filter((d) => !domain || d.id === domain);
  panel.replaceChildren(
    el('h2', { id: 'level-heading', tabindex: '-1', class: `level-heading level-${level.level}` }, level.label),
    el('p', { class: 'level-meaning' }, level.meaning),
    citation(level.source),
    el('h3', {}, 'What to do'),
    el(
      'ul',
      { class: 'routes' },
      ...level.routes.map((r) =>
        el(
          'li',
          {},
          el('p', { class: 'route__title' }, r.title),
          el('p', {}, r.summary),
          r.consentRequired ? el('p', { class: 'route__consent' }, "Needs the family's informed consent.") : null,
          citation(r.source),
        ),
      ),
    ),
    el('h3', {}, 'Indicators at this level'),
    level.domains.length === 0
      ? el('p', {}, 'None: at this level needs are met by universal services. When an indicator appears, look at level 2.')
      : domains.length === 0
        ? el('p', {}, 'None in this domain at this level. Choose another domain or every domain.')
        : el('div', { class: 'domains' }, ...domains.map((d) => el('section', { class: 'domain', 'aria-label': d.name }, el('h4', {}, d.name), el('ul', { class: 'indicators' }, ...d.indicators.map(indicatorItem))))),
  );
  panel.hidden = false;
}

function select(level: number, focus?: 'heading' | string): void {
  if (!data) return;
  selected = level;
  for (const b of picker.querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.level) === level));
  history.replaceState(null, '', `${location.pathname}${location.search}#level-${level}`);
  renderPanel(data.levels.find((l) => l.level === level)!);
  if (focus === 'heading') byId('level-heading').focus();
  else if (focus) {
    const target = document.getElementById(`ind-${focus}`);
    (target ?? byId('level-heading')).focus();
    target?.scrollIntoView({ block: 'center' });
  }
}

function render(explorer: LevelsExplorer): void {
  data = explorer;
  picker.replaceChildren(
    ...explorer.levels.map((l) =>
      el('button', { type: 'button', class: `level-button level-${l.level}`, 'data-level': String(l.level), 'aria-pressed': 'false' }, el('span', { class: 'level-button__number' }, `Level ${l.level}`), el('span', { class: 'level-button__name' }, l.label.replace(/^Level \d+:\s*/, ''))),
    ),
  );
  domainSelect.replaceChildren(el('option', { value: '' }, 'Every domain'), ...explorer.domains.map((d) => el('option', { value: d.id }, d.name)));
  terms.replaceChildren(
    ...explorer.terminology.flatMap((t) => [
      el('dt', {}, t.term, t.abbreviation ? ` (${t.abbreviation})` : ''),
      el('dd', {}, el('p', {}, t.meaning), t.alsoKnownAs.length ? el('p', {}, 'Elsewhere also called: ', t.alsoKnownAs.join(', ')) : null, citation(t.source)),
    ]),
  );
  select(selected);
}

picker.addEventListener('click', (e) => {
  const button = (e.target as HTMLElement).closest('button');
  if (button?.dataset.level) select(Number(button.dataset.level), 'heading');
});
panel.addEventListener('click', (e) => {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-indicator]');
  if (!button) return;
  if (domainSelect.value) domainSelect.value = '';
  select(Number(button.dataset.level), button.dataset.indicator);
});
domainSelect.addEventListener('change', () => select(selected));

const errorBox = byId('load-error');
try {
  const page = await setUpPage();
  const load = async (locality: string) => {
    busy(true);
    render(await getJson<LevelsExplorer>('/api/levels', { locality }));
    busy(false);
  };
  page.onAreaChange((l) => void load(l.id).catch((err) => showError(errorBox, err)));
  await load(page.locality.id);
} catch (err) {
  showError(errorBox, err);
  busy(false);
}
