// Directory hit@3 on the development queries: for each query, the top 3 services for its locality
// and age; a hit is any expected service name among them. Prints each query's top 3 and the total.
//   npm exec -- node scripts/eval-directory.ts [path/to/directory-queries.json]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../knowledge/load.ts';
import { buildDirectory } from '../knowledge/search/directory.ts';

interface DirectoryQueryCase {
  id: string;
  query: string;
  age?: number;
  locality: string;
  expected: string[];
}

// The shared folder sits beside the checkout (SHARED_DIR overrides, as in the tests).
const sharedDir = process.env.SHARED_DIR ?? fileURLToPath(new URL('../../shared', import.meta.url));
const file = process.argv[2] ?? resolve(sharedDir, 'eval', 'directory-queries.dev.json');
const cases = JSON.parse(readFileSync(file, 'utf8')) as DirectoryQueryCase[];
const knowledge = loadKnowledge();
const directory = buildDirectory(knowledge.packs.values(), knowledge.vocabulary.synonyms);

let hits = 0;
for (const c of cases) {
  const top = directory.search({ q: c.query, locality: c.locality, ...(c.age !== undefined ? { age: c.age } : {}), limit: 3 });
  const hit = top.some((r) => c.expected.includes(r.name));
  if (hit) hits++;
  console.log(`${hit ? 'HIT ' : 'MISS'} ${c.id} [${c.locality}${c.age !== undefined ? `, age ${c.age}` : ''}] ${c.query}`);
  console.log(`     expected: ${c.expected.join(' | ')}`);
  top.forEach((r, i) => console.log(`     ${i + 1}. ${r.name} (${r.score})`));
}
console.log(`\nhit@3: ${hits}/${cases.length} (${((100 * hits) / cases.length).toFixed(1)}%) on ${file}`);
