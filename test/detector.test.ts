// The statistical detector measured in ADR-016 (not part of the reader): its training is
// deterministic and its features read negation and figures of speech as the reader does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFeatures, featuresOf, HARM, score, train, type CorpusItem } from '../scripts/detector-train.ts';
import { Tokenizer } from '../knowledge/understand/tokens.ts';
import { knowledge } from './helpers/knowledge.ts';

const tokenizer = new Tokenizer(knowledge().vocabulary.language);
const names = (text: string) => featuresOf(tokenizer.tokenize(text)).map((f) => f.name);

describe('statistical detector (measured, not shipped)', () => {
  it('marks words after a negation within its clause, and not past a comma', () => {
    const f = names('No marks on her arm, she said dad hit her');
    expect(f).toContain('¬mark');
    expect(f).toContain('hit');
    expect(f).not.toContain('¬hit');
  });
  it('leaves out the words of a figure of speech', () => {
    const items: CorpusItem[] = [{ id: 'x', label: 'none', text: 'He stole the show and got hammered at chess' }];
    const [f] = corpusFeatures(items);
    expect(f).not.toContain('hammer');
    expect(f).toContain('chess');
  });
  it('trains to the same model from the same corpus, and the model separates harm from none on its own corpus', () => {
    const items = JSON.parse(readFileSync(CORPUS, 'utf8')) as CorpusItem[];
    const features = corpusFeatures(items);
    const a = train(items, features);
    const b = train(items, features);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const harmP = (i: number) => score(a, features[i]!).find((s) => s.indicator === HARM)!.probability;
    const harm = items.map((it, i) => ({ it, p: harmP(i) })).filter((r) => r.it.label !== 'none');
    const none = items.map((it, i) => ({ it, p: harmP(i) })).filter((r) => r.it.label === 'none');
    expect(harm.filter((r) => r.p >= 0.5).length).toBeGreaterThan(harm.length * 0.9);
    expect(none.filter((r) => r.p >= 0.5).length).toBeLessThan(none.length * 0.1);
  });
});
