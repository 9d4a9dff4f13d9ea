// Speed of free-text understanding in-process: 100-word concerns built from the development
// vignettes, each understood many times after a warm-up; prints the median and p99 per text.
//   npm run bench:understand
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadKnowledge } from '../knowledge/load.ts';
import { Understanding } from '../knowledge/understand/index.ts';
import { DEFAULT_VIGNETTES, type Vignette } from './eval.ts';

const WORDS = 100;
const ROUNDS = 200;

const knowledge = loadKnowledge();
const started = performance.now();
const understanding = new Understanding(knowledge.vocabulary);
const buildMs = performance.now() - started;

// Every text is exactly 100 words: a vignette, continued with the next ones until it is long enough.
const vignettes = JSON.parse(readFileSync(DEFAULT_VIGNETTES, 'utf8')) as Vignette[];
const allWords = vignettes.flatMap((v) => v.text.split(/\s+/));
const texts = vignettes.map((_, i) => {
  const start = vignettes.slice(0, i).reduce((n, v) => n + v.text.split(/\s+/).length, 0);
  return [...allWords, ...allWords].slice(start, start + WORDS).join(' ');
});

const options = { nonMobileBabyMonths: 6, persistentAbsencePercent: 90 };
for (let i = 0; i < 20; i++) for (const t of texts) understanding.understand(t, options);

const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const t of texts) {
    const t0 = process.hrtime.bigint();
    understanding.understand(t, options);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
const mem = process.memoryUsage();
console.log(`free-text understanding, ${WORDS}-word concerns, ${times.length} runs (${texts.length} texts x ${ROUNDS})`);
console.log(`  median ${at(0.5).toFixed(3)} ms   p90 ${at(0.9).toFixed(3)} ms   p99 ${at(0.99).toFixed(3)} ms   max ${times.at(-1)!.toFixed(3)} ms`);
console.log(`  built once in ${buildMs.toFixed(0)} ms; heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB`);
console.log(`  machine: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}`);
