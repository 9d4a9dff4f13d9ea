// The parts of `natural` we use, imported one by one: `import natural from 'natural'` reads .env
// from the working directory and loads database drivers (../shared/CONVENTIONS.md).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Stemmer {
  stem(word: string): string;
}
interface DoubleMetaphoneCtor {
  new (): { process(word: string): [string, string] };
}

const stemmers = require('natural/lib/natural/stemmers') as { PorterStemmer: Stemmer };
const distance = require('natural/lib/natural/distance') as {
  JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number;
  DamerauLevenshteinDistance(a: string, b: string, options?: { restricted?: boolean }): number;
};
const phonetics = require('natural/lib/natural/phonetics') as { DoubleMetaphone: DoubleMetaphoneCtor };

export const stem = (word: string): string => stemmers.PorterStemmer.stem(word);
export const jaroWinkler = (a: string, b: string): number => distance.JaroWinklerDistance(a, b);
export const editDistance = (a: string, b: string): number => distance.DamerauLevenshteinDistance(a, b);

const doubleMetaphone = new phonetics.DoubleMetaphone();
/** Both Double Metaphone codes of a word: words a speech recogniser confuses share one. */
export const phoneticCodes = (word: string): [string, string] => doubleMetaphone.process(word);
