import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../../knowledge/load.ts';
import { triage } from '../../knowledge/triage.ts';
import { Understanding } from '../../knowledge/understand/index.ts';
const k = loadKnowledge(); const u = new Understanding(k.vocabulary);
const v = JSON.parse(readFileSync('../shared/eval/vignettes.dev.json', 'utf8'));
for (const x of (Array.isArray(v) ? v : v.vignettes)) {
  if (!x.acceptable_levels.includes(3)) continue;
  const r = triage(k, { text: x.text, age: x.age, locality: x.locality }, { defaultLocality: x.locality, understanding: u });
  const inds = r.indicators.filter((i: any) => !i.negated).map((i: any) => i.id + ':' + k.vocabulary.indicators.find((j) => j.id === i.id)!.level);
  console.log(x.id, x.locality, x.acceptable_levels.join(''), '->', r.level, r.reasons.map((q: any) => q.rule ?? '').join(','), inds.join(' '));
}
