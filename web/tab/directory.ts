// Service directory: search with age and level filters; each entry shows its contacts, the date it
// was last checked and its source, and offers "report a problem with this entry" for the council.
import type { LevelsExplorer } from '../../knowledge/levels.ts';
import type { DirectoryAnswer, DirectoryResult } from '../../knowledge/search/directory.ts';
import { busy, byId, citation, el, formatDate, getJson, type DocumentInfo, type Locality, postJson, setUpPage, showError, showResults } from './common.ts';

const PROBLEMS = [
  ['contact-details-wrong', 'A phone number, email or web address is wrong'],
  ['service-closed', 'The service has closed or moved'],
  ['details-out-of-date', 'The description or eligibility is out of date'],
  ['wrong-ages-or-area', 'The ages or area it covers are wrong'],
  ['other', 'Something else'],
] as const;

const form = byId<HTMLFormElement>('search');
const q = byId<HTMLInputElement>('q');
const age = byId<HTMLInputElement>('age');
const ageError = byId('age-error');
const levelSelect = byId<HTMLSelectElement>('level');
const needSelect = byId<HTMLSelectElement>('need');
const deliverySelect = byId<HTMLSelectElement>('delivery');
const freeBox = byId<HTMLInputElement>('free');
const noMatch = byId('no-match');
const count = byId('result-count');
const results = byId('results');
let locality: Locality;
let documents = new Map<string, DocumentInfo>();

function contactLines(s: DirectoryResult): HTMLElement[] {
  return s.contacts.map((c) =>
    el(
      'li',
      {},
      c.name,
      ...c.phones.map((p) => [': ', el('span', { class: 'phone' }, p)]).flat(),
      ...c.emails.map((m) => [' ', el('a', { href: `mailto:${m}` }, m)]).flat(),
      ...c.urls.map((u) => [' ', el('span', { class: 'url' }, u)]).flat(),
    ),
  );
}

function problemForm(s: DirectoryResult, toggle: HTMLButtonElement): HTMLFormElement {
  const id = `problem-${s.locality}-${s.id}`;
  const error = el('p', { class: 'error', id: `${id}-error`, hidden: true });
  const details = el('textarea', { id: `${id}-details`, name: 'details', rows: '3', maxlength: '1000', 'aria-describedby': `${id}-details-hint` });
  const formNode = el(
    'form',
    { class: 'problem-form', id, 'aria-label': `Report a problem with ${s.name}`, novalidate: true },
    el(
      'fieldset',
      { 'aria-describedby': `${id}-error` },
      el('legend', {}, 'What is wrong with this entry?'),
      ...PROBLEMS.map(([value, label], i) =>
        el('div', { class: 'choice' }, el('input', { type: 'radio', name: 'kind', value, id: `${id}-${value}`, checked: i === 0 }), el('label', { for: `${id}-${value}` }, label)),
      ),
    ),
    el('label', { for: `${id}-details` }, 'Details (optional)'),
    el('p', { class: 'hint', id: `${id}-details-hint` }, "Say what is wrong and, if you know it, what is right. Do not include any child's or family's details."),
    details,
    error,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button' }, 'Send report'), el('button', { type: 'button', class: 'button button--secondary', 'data-cancel': '' }, 'Cancel')),
  );
  const close = () => {
    formNode.remove();
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  };
  formNode.querySelector('[data-cancel]')!.addEventListener('click', close);
  formNode.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  formNode.addEventListener('submit', async (e) => {
    e.preventDefault();
    const kind = (formNode.elements.namedItem('kind') as RadioNodeList).value;
    try {
      const { message } = await postJson<{ reference: string; message: string }>('/api/service-problems', { locality: s.locality, service: s.id, kind, details: details.value });
      const done = el('p', { class: 'confirmation', role: 'status', tabindex: '-1' }, message);
      formNode.replaceWith(done);
      toggle.hidden = true;
      done.focus();
    } catch (err) {
      showError(error, err);
    }
  });
  return formNode;
}

function resultItem(s: DirectoryResult): HTMLElement {
  const headingId = `svc-${s.locality}-${s.id}`;
  const doc = s.source ? documents.get(s.source.file) : undefined;
  // The service's own email and web address, unless a contact already gives them.
  const listed = s.contacts.flatMap((c) => [...c.emails, ...c.urls]);
  const contacts = [
    ...contactLines(s),
    ...(s.email && !listed.includes(s.email) ? [el('li', {}, el('a', { href: `mailto:${s.email}` }, s.email))] : []),
    ...(s.url && !listed.includes(s.url) ? [el('li', {}, el('span', { class: 'url' }, s.url))] : []),
  ];
  const toggle = el('button', { type: 'button', class: 'button button--secondary', 'aria-expanded': 'false' }, 'Report a problem with this entry');
  const article = el(
    'article',
    { class: 'service', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, s.name),
    s.organization ? el('p', { class: 'service__org' }, s.organization) : null,
    el('p', {}, s.description),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Ages'),
      el('dd', {}, s.toConfirm?.includes('ages') ? 'To be confirmed locally' : s.minimum_age < 0 ? `Before birth to ${s.maximum_age}` : `${s.minimum_age} to ${s.maximum_age}`),
      el('dt', {}, 'Levels of need'),
      el('dd', {}, s.levels.join(', ')),
      el('dt', {}, 'Who can use it'),
      el('dd', {}, s.eligibility_description),
      contacts.length ? el('dt', {}, 'Contact') : null,
      contacts.length ? el('dd', {}, el('ul', { class: 'contacts' }, ...contacts)) : null,
      el('dt', {}, 'Last checked'),
      el('dd', {}, s.assured_date ? el('time', { datetime: s.assured_date }, `${formatDate(s.assured_date)} (${s.checked.text})`) : s.checked.text),
      s.why.length ? el('dt', {}, 'Why it is here') : null,
      s.why.length ? el('dd', {}, s.why.join('; ')) : null,
    ),
    s.checked.stale ? el('p', { class: 'warning' }, 'This entry is old: check with the service before relying on it.') : null,
    s.levelsAssumed ? el('p', { class: 'warning' }, `Levels of need ${s.levels.join(' and ')} are assumed: the council has not mapped this service's categories to levels.`) : null,
    s.needsLocalConfiguration ? el('p', { class: 'warning' }, 'Some details of this entry need to be confirmed locally before you rely on them.') : null,
    s.source ? citation(s.source, doc) : el('p', { class: 'source' }, `From the council's directory feed (${s.feed?.url ?? 'unknown feed'}, version ${s.feed?.version ?? '?'}).`),
    toggle,
  );
  toggle.addEventListener('click', () => {
    const open = article.querySelector('form');
    if (open) {
      open.remove();
      toggle.setAttribute('aria-expanded', 'false');
      return;
    }
    const f = problemForm(s, toggle);
    toggle.setAttribute('aria-controls', f.id);
    toggle.setAttribute('aria-expanded', 'true');
    toggle.after(f);
    f.querySelector<HTMLInputElement>('input[type=radio]')!.focus();
  });
  return el('li', {}, article);
}

function readAge(): number | undefined | 'invalid' {
  if (age.value.trim() === '') return undefined;
  const n = Number(age.value);
  return Number.isInteger(n) && n >= -1 && n <= 25 ? n : 'invalid';
}

async function search(): Promise<void> {
  const a = readAge();
  if (a === 'invalid') {
    ageError.textContent = 'Enter the age as a whole number of years from -1 (unborn) to 25.';
    ageError.hidden = false;
    age.setAttribute('aria-invalid', 'true');
    age.focus();
    return;
  }
  ageError.hidden = true;
  age.removeAttribute('aria-invalid');
  await showResults<DirectoryResult>({
    path: '/api/services',
    params: {
      q: q.value.trim(),
      age: a,
      level: levelSelect.value,
      need: needSelect.value || undefined,
      delivery: deliverySelect.value || undefined,
      free: freeBox.checked ? 'true' : undefined,
      locality: locality.id,
      limit: 50,
    },
    item: resultItem,
    list: results,
    status: count,
    noun: ['service', 'services'],
    none: 'No services matched. Try other words, or remove the age or level.',
    ranked: q.value.trim() !== '',
    after: (body) => showNoMatch(body.noMatch as DirectoryAnswer['noMatch']),
  });
}

/** Nothing fitted: say so, and where the council says to look (text only: feed and user text never become markup). */
function showNoMatch(offer: DirectoryAnswer['noMatch']): void {
  if (!offer) {
    noMatch.hidden = true;
    noMatch.replaceChildren();
    return;
  }
  const doc = documents.get(offer.source.file);
  noMatch.replaceChildren(
    el('p', { class: 'no-match__message' }, offer.message),
    el('blockquote', {}, offer.quote),
    citation(offer.source, doc),
    el(
      'ul',
      { class: 'contacts' },
      ...offer.contacts.map((c) =>
        el('li', {}, el('strong', {}, c.name), ` ${c.role}`, ...[...c.phones, ...c.emails, ...c.urls].map((d) => el('span', { class: 'contact-detail' }, ` ${d}`)), c.note ? el('span', { class: 'hint' }, ` ${c.note}`) : null),
      ),
    ),
  );
  noMatch.hidden = false;
}

async function useArea(l: Locality): Promise<void> {
  locality = l;
  documents = new Map(l.documents.map((d) => [d.file, d]));
  const levels = await getJson<LevelsExplorer>('/api/levels', { locality: l.id });
  const chosen = levelSelect.value;
  levelSelect.replaceChildren(el('option', { value: '' }, 'Any level'), ...levels.levels.map((x) => el('option', { value: String(x.level), selected: String(x.level) === chosen }, x.label)));
  const filters = await getJson<{ needs: { code: string; name: string }[] }>('/api/services/filters', { locality: l.id });
  const need = needSelect.value;
  needSelect.replaceChildren(el('option', { value: '' }, 'Any need'), ...filters.needs.map((n) => el('option', { value: n.code, selected: n.code === need }, n.name)));
  await search();
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void search();
});

try {
  const page = await setUpPage();
  page.onAreaChange((l) => void useArea(l));
  await useArea(page.locality);
} catch (err) {
  showError(count, err);
  busy(false);
}
