// `npm run eval`: scores the free-text triage on the development vignettes in ../shared/eval:
// within-acceptable rate, exact rate, harm recall, over-triage, and every miss with the
// indicators found. The same function backs the vitest test that holds the figures.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge, type Knowledge } from '../knowledge/load.ts';
import { triage, type TriageResult } from '../knowledge/triage.ts';
import { Understanding } from '../knowledge/understand/index.ts';

export interface Vignette {
  id: string;
  locality: string;
  age?: number;
  role?: string;
  text: string;
  expected_level: number;
  acceptable_levels: number[];
  harm_indicated: boolean;
}

export interface EvalReport {
  total: number;
  withinAcceptable: number;
  exact: number;
  harmItems: number;
  harmRecalled: number;
  lowItems: number;
  overTriaged: number;
  misses: { vignette: Vignette; result: TriageResult }[];
  results: { vignette: Vignette; result: TriageResult }[];
}

const here = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_VIGNETTES = resolve(here, '..', '..', 'shared', 'eval', 'vignettes.dev.json');

export function evaluate(vignettes: Vignette[], knowledge: Knowledge = loadKnowledge(), understanding = new Understanding(knowledge.vocabulary)): EvalReport {
  const report: EvalReport = { total: 0, withinAcceptable: 0, exact: 0, harmItems: 0, harmRecalled: 0, lowItems: 0, overTriaged: 0, misses: [], results: [] };
  for (const v of vignettes) {
    const result = triage(knowledge, { text: v.text, age: v.age, locality: v.locality }, { defaultLocality: v.locality, understanding });
    report.total++;
    report.results.push({ vignette: v, result });
    const ok = v.acceptable_levels.includes(result.level);
    if (ok) report.withinAcceptable++;
    else report.misses.push({ vignette: v, result });
    if (result.level === v.expected_level) report.exact++;
    if (v.harm_indicated) {
      report.harmItems++;
      if (result.level === 4) report.harmRecalled++;
    }
    if (v.expected_level <= 2) {
      report.lowItems++;
      if (result.level === 4) report.overTriaged++;
    }
  }
  return report;
}

export function formatReport(r: EvalReport): string {
  const pct = (a: number, b: number) => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
  const lines = [
    `within acceptable: ${pct(r.withinAcceptable, r.total)}`,
    `exact:             ${pct(r.exact, r.total)}`,
    `harm recall:       ${pct(r.harmRecalled, r.harmItems)}`,
    `over-triage:       ${r.overTriaged} of ${r.lowItems} level 1-2 items reached level 4`,
  ];
  for (const { vignette: v, result } of r.misses) {
    const inds = result.indicators.map((i) => `${i.id}${i.status === 'present' ? '' : `(${i.status})`}`).join(', ') || 'none';
    lines.push(`MISS ${v.id} expected ${v.acceptable_levels.join('/')} got ${result.level} [${inds}] ${v.text.slice(0, 90)}...`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_VIGNETTES;
  const vignettes = JSON.parse(readFileSync(file, 'utf8')) as Vignette[];
  const report = evaluate(vignettes);
  console.log(`${file}\n${formatReport(report)}`);
  if (process.argv.includes('--verbose')) {
    for (const { vignette: v, result } of report.results) {
      console.log(`${v.id} L${result.level} (want ${v.acceptable_levels.join('/')}) ${result.indicators.map((i) => `${i.id}:${i.status}${i.note ? `[${i.note}]` : ''}`).join(', ')}`);
    }
  }
}
