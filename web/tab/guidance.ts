// Guidance search: passages from the area's guidance, each with its document, date and section.
import type { GuidanceResult } from '../../knowledge/search/guidance.ts';
import { busy, byId, citation, el, type Locality, setUpPage, showError, showResults } from './common.ts';

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
      citation(p.source, doc),
    ),
  );
}

function search(): Promise<void> {
  return showResults<GuidanceResult>({
    path: '/api/guidance',
    params: { q: q.value.trim(), locality: locality.id, limit: 50 },
    item: passage,
    list: results,
    status: count,
    noun: ['passage', 'passages'],
    none: 'No passages matched. Try other words.',
    ranked: q.value.trim() !== '',
  });
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
