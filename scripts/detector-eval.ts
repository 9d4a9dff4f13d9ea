// `npm run detector:eval -- <vignettes.json>... [--levels <dir>]`: measures the raise-only
// detector (ADR-016) against the rule reader on vignette sets. The detector could only raise an
// outcome to level 4 (it would propose an uncertain harm indicator), so for each set this prints the
// reader's figures and the figures with the detector added, at several thresholds.
// --levels <dir>: take the reader's levels from <dir>/<set name>.txt (lines "id L<level>", as
// `npm run eval -- <file> --verbose` prints them) instead of running the current reader: that is
// how the detector was measured against the reader as it stood when each blind set was scored.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadKnowledge } from '../knowledge/load.ts';
import { triage } from '../knowledge/triage.ts';
import { Understanding } from '../knowledge/understand/index.ts';
import { PhraseIndex } from '../knowledge/understand/phrases.ts';
import { Tokenizer } from '../knowledge/understand/tokens.ts';
import { CORPUS, corpusFeatures, featuresOf, HARM, score, train, type CorpusItem } from './detector-train.ts';
import type { Vignette } from './eval.ts';

const args = process.argv.slice(2);
const levelsDir = args.includes('--levels') ? args[args.indexOf('--levels') + 1] : undefined;
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--levels');

const knowledge = loadKnowledge();
const understanding = new Understanding(knowledge.vocabulary);
const tokenizer = new Tokenizer(knowledge.vocabulary.language);
const figurative = new PhraseIndex<true>(tokenizer);
for (const f of knowledge.vocabulary.language.figurative) figurative.add(f, true);
const items = JSON.parse(readFileSync(CORPUS, 'utf8')) as CorpusItem[];
const model = train(items, corpusFeatures(items));
const thresholds = [0.6, 0.8, 0.9, 0.95, 0.98];

for (const file of files) {
  const vignettes = JSON.parse(readFileSync(file, 'utf8')) as Vignette[];
  const given = levelsDir
    ? new Map(
        readFileSync(resolve(levelsDir, `${basename(file, '.json')}.txt`), 'utf8')
          .split('\n')
          .map((l) => /^(\S+) L(\d)/.exec(l))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1]!, Number(m[2])]),
      )
    : undefined;
  const rows = vignettes.map((v) => {
    const level = given ? given.get(v.id)! : triage(knowledge, { text: v.text, age: v.age, locality: v.locality }, { defaultLocality: v.locality, understanding }).level;
    const words = tokenizer.tokenize(v.text);
    const figures = figurative.matchAll(words);
    const feats = featuresOf(words, (i) => figures.some((f) => f.first <= i && i <= f.last)).map((f) => f.name);
    const harmP = score(model, feats).find((s) => s.indicator === HARM)!.probability;
    return { v, level, harmP };
  });
  const figures = (raise: (r: (typeof rows)[number]) => boolean) => {
    let within = 0;
    let harm = 0;
    let over = 0;
    let added = 0;
    for (const r of rows) {
      const level = r.level < 4 && raise(r) ? 4 : r.level;
      if (level !== r.level) added++;
      if (r.v.acceptable_levels.includes(level)) within++;
      if (r.v.harm_indicated && level === 4) harm++;
      if (r.v.expected_level <= 2 && level === 4) over++;
    }
    return `${within}/${rows.length}, harm ${harm}/${rows.filter((r) => r.v.harm_indicated).length}, over ${over}/${rows.filter((r) => r.v.expected_level <= 2).length}, raised ${added}`;
  };
  console.log(`${basename(file)}${levelsDir ? ' (reader levels from ' + levelsDir + ')' : ''}`);
  console.log(`  reader alone:            ${figures(() => false)}`);
  for (const t of thresholds) console.log(`  reader + detector @${t}:  ${figures((r) => r.harmP >= t)}`);
}
