// Finding a cited section in a seed document and a quote inside it. Pure: the loader reads the
// files and hands the text in.
//
// The seeds are plain text converted from council documents, so a "section" has no markup. A
// citation names a heading, or a phrase, that appears verbatim in the file. Its section is the
// text from the heading at or above that place to the next heading. A heading is a line of its
// own that reads as a title (short, starts with a capital or a number, no closing punctuation
// but a question mark, not a list item, no address in it), a table row, or a paragraph that opens with a title followed by " - "
// or with "Level N:" (the Early Help Offer runs its level headings into their paragraphs).
// A phrase cited twice (004 has two "Consent" sections) may be quoted from either place.

export interface SeedIndex {
  /** The whole text normalised for comparison (see `normalise`). */
  readonly text: string;
  /** For each character of `text`, the line of the original it came from. */
  readonly lineOf: readonly number[];
  /** Line numbers that are headings, ascending. */
  readonly headings: readonly number[];
  readonly lineCount: number;
}

// Dashes and hyphens compare equal to a space, quote marks and markdown bold are dropped, case and
// runs of whitespace are ignored: the typographic differences between a pack and its seed.
const DASHES = /[-\u2010-\u2015\u2212]/;
const DROPPED = /['"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e*]/;

function normaliseWithLines(lines: readonly string[]): { text: string; lineOf: number[] } {
  let text = '';
  const lineOf: number[] = [];
  let space = true;
  lines.forEach((line, n) => {
    for (const ch of line + '\n') {
      if (DROPPED.test(ch)) continue;
      if (DASHES.test(ch) || /\s/.test(ch)) {
        if (!space) {
          text += ' ';
          lineOf.push(n);
          space = true;
        }
        continue;
      }
      text += ch.toLowerCase();
      lineOf.push(n);
      space = false;
    }
  });
  return { text: text.trimEnd(), lineOf };
}

/** The comparison form of a phrase: what `SeedIndex.text` holds for the same words. */
export function normalise(s: string): string {
  return normaliseWithLines([s]).text.trim();
}

const TITLE_LINE = /^[A-Z0-9][^\t]{1,88}$/;
const INLINE_HEADING = /^(?:[A-Z][^.\t]{2,90} - [A-Z]|Level \d: )/;

function isHeading(raw: string): boolean {
  const line = raw.trim();
  // A table row (the One Minute Guide's routes table) is a section of its own.
  if (INLINE_HEADING.test(line) || /^[A-Z][^\t]*\t/.test(line)) return true;
  if (line.length < 3 || /^[-*•]/.test(line) || /[.,;:!]$/.test(line) || /@|www\.|https?:/.test(line)) return false;
  return TITLE_LINE.test(line);
}

export function indexSeed(raw: string): SeedIndex {
  const lines = raw.split('\n');
  const { text, lineOf } = normaliseWithLines(lines);
  const headings = lines.flatMap((l, n) => (isHeading(l) ? [n] : []));
  return { text, lineOf, headings, lineCount: lines.length };
}

/** The sections a citation names, as [start, end) ranges of `index.text`; none if the phrase is not there. */
export function sectionsOf(index: SeedIndex, section: string): [number, number][] {
  const phrase = normalise(section);
  const ranges: [number, number][] = [];
  if (!phrase) return ranges;
  for (let at = index.text.indexOf(phrase); at >= 0; at = index.text.indexOf(phrase, at + 1)) {
    const first = index.lineOf[at]!;
    const last = index.lineOf[at + phrase.length - 1]!;
    const startLine = [...index.headings].reverse().find((h) => h <= first) ?? 0;
    const endLine = index.headings.find((h) => h > last) ?? index.lineCount;
    const start = index.lineOf.findIndex((l) => l >= startLine);
    const end = index.lineOf.findIndex((l) => l >= endLine);
    ranges.push([start, end < 0 ? index.text.length : end]);
  }
  return ranges;
}

/** Why a quote is not supported by the cited section, or undefined when it is. */
export function quoteProblem(index: SeedIndex, section: string, quote: string | readonly string[]): string | undefined {
  const ranges = sectionsOf(index, section);
  if (ranges.length === 0) return `section "${section}" is not in the document`;
  for (const q of typeof quote === 'string' ? [quote] : quote) {
    // "..." in a quote skips words: its parts must appear in order within one section.
    const parts = q.split(/\.\.\.|…/).map(normalise).filter(Boolean);
    if (parts.length === 0) return 'the quote is empty';
    const found = ranges.some(([start, end]) => {
      let from = start;
      for (const part of parts) {
        const at = index.text.indexOf(part, from);
        if (at < 0 || at + part.length > end) return false;
        from = at + part.length;
      }
      return true;
    });
    if (!found) {
      const elsewhere = parts.every((p) => index.text.includes(p));
      return `quote "${q}" is not in section "${section}"${elsewhere ? ' (it is elsewhere in the document: cite that section)' : ''}`;
    }
  }
  return undefined;
}
