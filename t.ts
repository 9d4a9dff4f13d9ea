import { readFileSync } from 'node:fs';
import { loadKnowledge } from './knowledge/load.ts';
import { Understanding } from './knowledge/understand/index.ts';
const u = new Understanding(loadKnowledge().vocabulary) as any;
const v = Object.fromEntries(JSON.parse(readFileSync('/work/eval-own/vignettes.own.json','utf8')).map((x: any) => [x.id, x]));
for (const id of process.argv.slice(2)) {
  const x = v[id];
  console.log(id, x.text);
  for (const f of u.understand(x.text, { nonMobileBabyMonths: 6, age: x.age }).indicators) console.log('   ', f.id, f.status, JSON.stringify(x.text.slice(f.span.start, f.span.end)), f.cue ?? '', f.note ?? '', f.subject);
}
