// Compositional frames: who did what to whom. Each word class of frames.json is one phrase list;
// a frame is an order of classes, each within a few words of the one before it in the same
// sentence ("adult" + "violent verb" + "child"), so "an adult smashed the child's arm" is read
// although no list holds that phrase. A frame only proposes an indicator: the reader then applies
// negation, hedges, time and the indicator's exceptions to its span exactly as to a listed term.
import type { Frame, Frames } from '../schema.ts';
import { PhraseIndex, type PhraseMatch } from './phrases.ts';
import type { Tokenizer, Word } from './tokens.ts';

export interface FrameMatch {
  frame: Frame;
  first: number;
  last: number;
  /** Where the last slot starts: "image deleted, none of them posted it" is negated there. */
  lastSlot: number;
  /** Where the first slot ends: a cue inside it ("nobody" of "nobody has collected") is the frame's own word. */
  firstSlotLast: number;
}

/** How many sentences either side a frame's `context` class may be found. */
const CONTEXT_SENTENCES = 2;

export class FrameReader {
  private readonly classes: PhraseIndex<string>;
  private readonly frames: readonly Frame[];

  constructor(tokenizer: Tokenizer, frames: Frames) {
    this.classes = new PhraseIndex(tokenizer);
    for (const [name, phrases] of Object.entries(frames.classes)) for (const p of phrases) this.classes.add(p, name);
    this.frames = frames.frames;
  }

  /** Words the frames use: the speller may correct towards them. */
  get vocabulary(): ReadonlySet<string> {
    return this.classes.vocabulary;
  }

  matchAll(words: readonly Word[]): FrameMatch[] {
    const byClass = new Map<string, PhraseMatch<string>[]>();
    for (const m of this.classes.matchAll(words)) {
      const list = byClass.get(m.value);
      if (list) list.push(m);
      else byClass.set(m.value, [m]);
    }
    const has = (cls: string, from: number, to: number) => (byClass.get(cls) ?? []).some((m) => m.first >= from && m.last <= to);
    const startsAt = (cls: string, pos: number) => (byClass.get(cls) ?? []).some((m) => m.first === pos);

    // The next slot starts within `gap` words after the last, in the same sentence, with no
    // blocking class in between; the first reading that fits every slot is taken.
    const extend = (slots: Frame['slots'], i: number, last: number, sentence: number): { last: number; lastSlot: number } | undefined => {
      const slot = slots[i];
      if (!slot) return { last, lastSlot: -1 };
      for (const m of byClass.get(slot.class) ?? []) {
        if (m.first <= last || m.first - last - 1 > slot.gap || words[m.first]!.sentence !== sentence) continue;
        if (slot.blockedBy.some((cls) => has(cls, last + 1, m.first - 1))) continue;
        if (slot.notFollowedBy.some((cls) => startsAt(cls, m.last + 1))) continue;
        const end = extend(slots, i + 1, m.last, sentence);
        if (end !== undefined) return { last: end.last, lastSlot: end.lastSlot < 0 ? m.first : end.lastSlot };
      }
      return undefined;
    };
    const inContext = (frame: Frame, sentence: number) =>
      frame.context.length === 0 ||
      frame.context.some((cls) => (byClass.get(cls) ?? []).some((m) => Math.abs(words[m.first]!.sentence - sentence) <= CONTEXT_SENTENCES));

    const out: FrameMatch[] = [];
    for (const frame of this.frames) {
      for (const start of byClass.get(frame.slots[0]!.class) ?? []) {
        const sentence = words[start.first]!.sentence;
        const end = extend(frame.slots, 1, start.last, sentence);
        if (end !== undefined && inContext(frame, sentence)) out.push({ frame, first: start.first, last: end.last, lastSlot: end.lastSlot, firstSlotLast: start.last });
      }
    }
    return out;
  }
}
