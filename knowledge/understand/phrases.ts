// A trie of stemmed phrases, matched against the words of a text in one pass. A `*` in a phrase
// stands for up to three words inside the same clause ("hands round * throat").
import type { Tokenizer, Word } from './tokens.ts';

const MAX_GAP = 3;

interface Node<T> {
  next: Map<string, Node<T>>;
  gap?: Node<T>;
  ends: T[];
}

export interface PhraseMatch<T> {
  value: T;
  /** Word indexes, inclusive. */
  first: number;
  last: number;
}

const node = <T>(): Node<T> => ({ next: new Map(), ends: [] });
const isWord = (w: Word | undefined) => w !== undefined && (w.kind === 'word' || w.kind === 'number');

export class PhraseIndex<T> {
  private readonly root: Node<T> = node();
  private readonly tokenizer: Tokenizer;
  /** Every canonical word used by a phrase: the targets the speller corrects towards. */
  readonly vocabulary = new Set<string>();
  size = 0;

  constructor(tokenizer: Tokenizer) {
    this.tokenizer = tokenizer;
  }

  add(phrase: string, value: T): void {
    let at = this.root;
    let steps = 0;
    for (const part of phrase.split(/\s*\*\s*/)) {
      if (steps > 0) at = at.gap ??= node();
      for (const w of this.tokenizer.tokenize(part)) {
        if (!isWord(w)) continue;
        this.vocabulary.add(w.text);
        let child = at.next.get(w.stem);
        if (!child) at.next.set(w.stem, (child = node()));
        at = child;
        steps++;
      }
    }
    if (steps === 0) throw new Error(`phrase "${phrase}" has no words`);
    if (!at.ends.includes(value)) at.ends.push(value);
    this.size++;
  }

  /** Every occurrence of every phrase, overlapping ones included. */
  matchAll(words: readonly Word[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    const walk = (n: Node<T>, pos: number, first: number) => {
      for (const value of n.ends) out.push({ value, first, last: pos - 1 });
      const w = words[pos];
      if (isWord(w)) {
        const child = n.next.get(w!.stem);
        if (child) walk(child, pos + 1, first);
      }
      if (n.gap) {
        // Skip up to MAX_GAP words, never across punctuation.
        for (let skip = 0; skip <= MAX_GAP; skip++) {
          const next = words[pos + skip];
          if (!isWord(next)) break;
          const child = n.gap.next.get(next!.stem);
          if (child) walk(child, pos + skip + 1, first);
        }
      }
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (!isWord(w)) continue;
      const child = this.root.next.get(w!.stem);
      if (child) walk(child, i + 1, i);
    }
    return out;
  }
}
