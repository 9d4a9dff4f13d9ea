import { readFileSync } from 'node:fs';
import { indexSeed, sectionsOf } from '/work/wt/i11/knowledge/seed-text.ts';
const [file, section] = process.argv.slice(2);
const idx = indexSeed(readFileSync('/work/shared/seeds/' + file, 'utf8'));
for (const [s, e] of sectionsOf(idx, section)) console.log('---', e - s, '\n' + idx.text.slice(s, e));
