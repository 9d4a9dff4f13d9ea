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

  it('reads all 40', async () => {
    expect(report.total).toBe(40);
  });
  it('every harm item reaches level 4 (harm recall 10/10)', async () => {
    expect(report.harmItems).toBe(10);
    expect(report.harmRecalled).toBe(10);
  });
  it('at least 36 of 40 are within the acceptable levels', async () => {
    expect(report.withinAcceptable).toBeGreaterThanOrEqual(36);
  });
  it('at most one level 1-2 item is sent to the duty team', async () => {
    expect(report.overTriaged).toBeLessThanOrEqual(1);
  });
});

// Our own vignettes, written independently of the vocabulary from other councils' threshold
// documents (test/fixtures/vignettes.own.json: 160, 40 per level; vignettes.holdout.json: 200,
// 50 per level; vignettes.third.json: 240, 60 per level; vignettes.fourth.json: 200, in the dev
// set's style). Each was scored blind first (figures in the README) and then used to broaden
// the vocabulary, so here they hold the line against regressions rather than estimate the
// held-out score.
const ownSets: { file: string; harm: number; within: number; overTriage: number }[] = [
  { file: 'vignettes.own.json', harm: 40, within: 150, overTriage: 2 },
  { file: 'vignettes.holdout.json', harm: 50, within: 185, overTriage: 3 },
  { file: 'vignettes.third.json', harm: 58, within: 205, overTriage: 3 },
  { file: 'vignettes.fourth.json', harm: 48, within: 160, overTriage: 2 },
  // Issue 10: the probe set written before the rebuild, and two blind sets scored once blind
  // (figures in the README) and then used to improve the reader by kind of case.
  { file: 'vignettes.probe.json', harm: 24, within: 44, overTriage: 1 },
  { file: 'vignettes.blind1.json', harm: 19, within: 63, overTriage: 0 },
  { file: 'vignettes.blind2.json', harm: 20, within: 64, overTriage: 1 },
  // Third round: blind3 (81, written by another session) and blind4 (82, written after the
  // reader changes), each scored once blind (README) and then used to improve by kind.
  { file: 'vignettes.blind3.json', harm: 20, within: 75, overTriage: 1 },
  { file: 'vignettes.blind4.json', harm: 21, within: 78, overTriage: 0 },
];
for (const set of ownSets) {
  describe(`our own vignettes: ${set.file}`, () => {
    const vignettes = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures', set.file), 'utf8')) as Vignette[];
    const report = evaluate(vignettes, knowledge());
    console.log(formatReport(report));

    it(`at least ${set.harm} harm items reach level 4`, async () => {
      expect(report.harmRecalled).toBeGreaterThanOrEqual(set.harm);
    });
    it(`at least ${set.within} of ${vignettes.length} are within the acceptable levels`, async () => {
      expect(report.withinAcceptable).toBeGreaterThanOrEqual(set.within);
    });
    it(`no more than ${set.overTriage} level 1-2 items are sent to the duty team`, async () => {
      expect(report.overTriaged).toBeLessThanOrEqual(set.overTriage);
    });
  });
}
