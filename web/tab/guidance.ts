// Guidance search: passages from the area's guidance, each with its document, date and section.
import type { GuidanceResult } from '../../knowledge/search/guidance.ts';
import { ApiError, busy, byId, citation, el, getJson, type Locality, setUpPage, showError } from './common.ts';

const form = byId<HTMLFormElement>('search');
const q = byId<HTMLInputElement>('q');
const count = byId('result-count');
const results = byId('results');
let locality: Locality;

function passage(p: GuidanceResult): HTMLElement {
  const doc = locality.documents.find((d) => d.file === p.source.file);
  const headingId = `passage-${p.locality}-${p.id}`;
  return el(
    'li',
    {},
    el(
      'article',
      { class: 'passage', 'aria-labelledby': headingId },
      el('h2', { id: headingId }, p.title),
      el('p', {}, p.text),
      el('p', { class: 'topics' }, 'Topics: ', p.topics.join(', ')),
      citation(p.source, doc?.title, doc?.dateText),
    ),
  );
}

async function search(): Promise<void> {
  count.textContent = 'Searching…';
  busy(true);
  try {
    const { results: found } = await getJson<{ results: GuidanceResult[] }>('/api/guidance', { q: q.value.trim(), locality: locality.id, limit: 50 });
    results.replaceChildren(...found.map(passage));
    count.textContent =
      found.length === 0
        ? 'No passages matched. Try other words.'
        : `${found.length} ${found.length === 1 ? 'passage' : 'passages'}${q.value.trim() ? ', best match first' : ''}.`;
  } catch (err) {
    results.replaceChildren();
    count.textContent = err instanceof ApiError ? `Sorry, that search did not work: ${err.message}` : 'Sorry, the page could not reach the service. Try again.';
  }
  busy(false);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void search();
});

try {
  const page = await setUpPage();
  locality = page.locality;
  page.onAreaChange((l) => {
    locality = l;
    void search();
  });
  await search();
} catch (err) {
  showError(count, err);
  busy(false);
}
