// `npm run detector:train`: trains the statistical raise-only detector measured in ADR-016 on
// the corpus written for it (test/fixtures/detector-corpus.json) and reports a five-fold
// cross-validation on that corpus. Deterministic: fixed folds, zero start, fixed steps, weights
// rounded, so the same corpus gives the same model and version.
// The detector is NOT part of the reader: measured against it on the blind sets
// (`npm run detector:eval`), every threshold that caught the reader's harm misses also sent
// many level 1-2 concerns to the duty team (ADR-016). `-- --out <file>` writes the versioned
// model, for a later round with a larger corpus.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../knowledge/load.ts';
import { PhraseIndex } from '../knowledge/understand/phrases.ts';
import { Tokenizer, type Word } from '../knowledge/understand/tokens.ts';

/** The versioned model: one logistic model per class over binary text features. */
export interface DetectorModel {
  version: string;
  corpus: { file: string; items: number; sha256: string };
  /** Probability of the "harm" model above which a harm indicator would be proposed. */
  threshold: number;
  classes: { indicator: string; bias: number; weights: Record<string, number> }[];
}

export interface Feature {
  name: string;
  /** Word positions of the feature's first occurrence: the evidence span it would show. */
  first: number;
  last: number;
}

const NEGATORS = new Set(['no', 'not', 'never', 'without', 'nothing', 'none', 'deni', 'nobodi', 'neither', 'nor']);
const NEGATION_REACH = 4;

/** Which words are a number: ages and counts carry little on their own, so they are one token. */
const stemOf = (w: Word) => (w.kind === 'number' ? '#' : w.stem);

/**
 * The features of a text, each with where it first occurs. Words inside a figure of speech are
 * left out; a word within four words after a negation, in the same clause, is marked "¬".
 */
export function featuresOf(words: readonly Word[], masked: (i: number) => boolean = () => false): Feature[] {
  const seen = new Map<string, Feature>();
  const add = (name: string, first: number, last: number) => {
    if (!seen.has(name)) seen.set(name, { name, first, last });
  };
  let negatedUntil = -1;
  let prev = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((w.kind !== 'word' && w.kind !== 'number') || masked(i)) {
      prev = -1;
      negatedUntil = -1;
      continue;
    }
    const stem = stemOf(w);
    const negated = i <= negatedUntil;
    add(negated ? `¬${stem}` : stem, i, i);
    if (prev >= 0) add(`${stemOf(words[prev]!)} ${stem}`, prev, i);
    if (NEGATORS.has(stem)) negatedUntil = i + NEGATION_REACH;
    prev = i;
  }
  return [...seen.values()];
}

export interface CorpusItem {
  id: string;
  label: string;
  text: string;
}

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const CORPUS = resolve(root, 'test', 'fixtures', 'detector-corpus.json');

/** The class that stands for any harm indicator. */
export const HARM = 'harm';

const SETTINGS = { steps: 400, rate: 0.5, l2: 0.002, minCount: 2, keep: 0.02, threshold: 0.6 };

/** The feature names of each text, figures of speech masked as the reader masks them. */
export function corpusFeatures(items: readonly CorpusItem[]): string[][] {
  const knowledge = loadKnowledge();
  const tokenizer = new Tokenizer(knowledge.vocabulary.language);
  const figurative = new PhraseIndex<true>(tokenizer);
  for (const f of knowledge.vocabulary.language.figurative) figurative.add(f, true);
  return items.map((item) => {
    const words = tokenizer.tokenize(item.text);
    const figures = figurative.matchAll(words);
    return featuresOf(words, (i) => figures.some((f) => f.first <= i && i <= f.last)).map((f) => f.name);
  });
}

/** One-vs-rest logistic regression by full-batch gradient descent. */
export function train(items: readonly CorpusItem[], features: readonly string[][], settings = SETTINGS): DetectorModel['classes'] {
  const counts = new Map<string, number>();
  for (const fs of features) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = [...counts.keys()].filter((f) => counts.get(f)! >= settings.minCount).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const rows = features.map((fs) => fs.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  // "harm": any harm indicator against none, which decides whether to propose; then one model
  // per indicator, which decides which to propose.
  const labels = [HARM, ...[...new Set(items.map((i) => i.label))].filter((l) => l !== 'none').sort()];
  return labels.map((label) => {
    const y = items.map((i) => (label === HARM ? i.label !== 'none' : i.label === label) ? 1 : 0);
    const w = new Float64Array(vocab.length);
    let b = 0;
    const n = items.length;
    for (let step = 0; step < settings.steps; step++) {
      const grad = new Float64Array(vocab.length);
      let gb = 0;
      rows.forEach((row, r) => {
        let z = b;
        for (const j of row) z += w[j]!;
        const err = 1 / (1 + Math.exp(-z)) - y[r]!;
        gb += err;
        for (const j of row) grad[j]! += err;
      });
      b -= (settings.rate * gb) / n;
      for (let j = 0; j < vocab.length; j++) w[j]! -= settings.rate * (grad[j]! / n + settings.l2 * w[j]!);
    }
    const weights: Record<string, number> = {};
    vocab.forEach((f, j) => {
      if (Math.abs(w[j]!) >= settings.keep) weights[f] = Math.round(w[j]! * 10000) / 10000;
    });
    return { indicator: label, bias: Math.round(b * 10000) / 10000, weights };
  });
}

export function score(classes: DetectorModel['classes'], features: readonly string[]): { indicator: string; probability: number }[] {
  return classes
    .map((c) => {
      let z = c.bias;
      for (const f of features) z += c.weights[f] ?? 0;
      return { indicator: c.indicator, probability: 1 / (1 + Math.exp(-z)) };
    })
    .sort((a, b) => b.probability - a.probability);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const raw = readFileSync(CORPUS, 'utf8');
  const items = JSON.parse(raw) as CorpusItem[];
  const features = corpusFeatures(items);
  // Five folds by position: every fifth item held out in turn.
  let harmCaught = 0;
  let harmRightClass = 0;
  let harmItems = 0;
  let falseAlarms = 0;
  let noneItems = 0;
  const byThreshold = new Map<number, { harm: number; none: number }>();
  for (let fold = 0; fold < 5; fold++) {
    const trainIdx = items.map((_, i) => i).filter((i) => i % 5 !== fold);
    const model = train(trainIdx.map((i) => items[i]!), trainIdx.map((i) => features[i]!));
    items.forEach((item, i) => {
      if (i % 5 !== fold) return;
      const scores = score(model, features[i]!);
      const raised = scores.find((s) => s.indicator === HARM)!.probability >= SETTINGS.threshold;
      const top = scores.find((s) => s.indicator !== HARM)!;
      const p = scores.find((s) => s.indicator === HARM)!.probability;
      for (const t of [0.5, 0.6, 0.7, 0.8, 0.9]) {
        const e = byThreshold.get(t) ?? { harm: 0, none: 0 };
        if (p >= t) e[item.label === 'none' ? 'none' : 'harm']++;
        byThreshold.set(t, e);
      }
      if (item.label === 'none') {
        noneItems++;
        if (raised) falseAlarms++;
      } else {
        harmItems++;
        if (raised) harmCaught++;
        if (raised && top.indicator === item.label) harmRightClass++;
      }
    });
  }
  console.log(`corpus: ${items.length} items (${harmItems} harm, ${noneItems} none), five-fold cross-validation at threshold ${SETTINGS.threshold}`);
  console.log(`harm items raised: ${harmCaught}/${harmItems} (right indicator ${harmRightClass}); none items raised: ${falseAlarms}/${noneItems}`);
  for (const [t, e] of byThreshold) console.log(`  at ${t}: harm raised ${e.harm}/${harmItems}, none raised ${e.none}/${noneItems}`);
  const classes = train(items, features);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const version = createHash('sha256').update(sha256).update(JSON.stringify(SETTINGS)).digest('hex').slice(0, 12);
  const model: DetectorModel = { version: `detector-${version}`, corpus: { file: relative(root, CORPUS), items: items.length, sha256 }, threshold: SETTINGS.threshold, classes };
  const kept = classes.reduce((n, c) => n + Object.keys(c.weights).length, 0);
  console.log(`model ${model.version}: ${classes.length} indicators, ${kept} weights`);
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  if (out) {
    writeFileSync(out, `${JSON.stringify(model, null, 2)}\n`);
    console.log(`wrote ${out}`);
  }
}
