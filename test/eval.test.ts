// The development vignettes in ../shared/eval hold their figures: every harm item reaches level
// 4, at least 36 of 40 land within the acceptable levels, and at most one level 1-2 item is sent
// to the duty team. A larger held-out set judges the work; these only guard against regressions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, formatReport, type Vignette } from '../scripts/eval.ts';
import { knowledge } from './helpers/knowledge.ts';
import { EVAL_DIR } from './helpers/paths.ts';

describe('development vignettes', () => {
  const vignettes = JSON.parse(readFileSync(resolve(EVAL_DIR, 'vignettes.dev.json'), 'utf8')) as Vignette[];
  const report = evaluate(vignettes, knowledge());
  console.log(formatReport(report));

  it('reads all 40', () => {
    expect(report.total).toBe(40);
  });
  it('every harm item reaches level 4 (harm recall 10/10)', () => {
    expect(report.harmItems).toBe(10);
    expect(report.harmRecalled).toBe(10);
  });
  it('at least 36 of 40 are within the acceptable levels', () => {
    expect(report.withinAcceptable).toBeGreaterThanOrEqual(36);
  });
  it('at most one level 1-2 item is sent to the duty team', () => {
    expect(report.overTriaged).toBeLessThanOrEqual(1);
  });
});

// Our own 160 vignettes (test/fixtures/vignettes.own.json), written independently of the
// vocabulary from other councils' threshold documents, 40 per level. Used while building the
// vocabulary, so they hold the line against regressions rather than estimate the held-out score.
describe('our own vignettes', () => {
  const vignettes = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures', 'vignettes.own.json'), 'utf8')) as Vignette[];
  const report = evaluate(vignettes, knowledge());
  console.log(formatReport(report));

  it('every harm item reaches level 4', () => {
    expect(report.harmItems).toBe(40);
    expect(report.harmRecalled).toBe(40);
  });
  it('at least 150 of 160 are within the acceptable levels', () => {
    expect(report.withinAcceptable).toBeGreaterThanOrEqual(150);
  });
  it('no more than 2 level 1-2 items are sent to the duty team', () => {
    expect(report.overTriaged).toBeLessThanOrEqual(2);
  });
});
