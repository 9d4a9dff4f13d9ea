// Small-number suppression for everything the board sees (page, chart, CSV and the JSON behind
// them). A count of 1 to 4 is shown as "<5": a row saying "1 GP in Leicester reached level 4 in
// March" could point to one consultation, and so to one child. Every other count is rounded to the
// nearest 5, because the page can be asked for overlapping periods and groupings: with exact
// figures, "January to March" minus "January to February" would give back March's hidden count.
// Rounding each figure independently leaves any such difference uncertain by several either way.
// Zero stays 0: it points to nobody. Raw counts never leave the server.
export const SMALL = '<5';
export const SUPPRESS_BELOW = 5;
export const ROUND_TO = 5;

export type Shown = number | typeof SMALL;

export function shown(count: number): Shown {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('a count is a whole number, 0 or more');
  if (count === 0) return 0;
  if (count < SUPPRESS_BELOW) return SMALL;
  return Math.round(count / ROUND_TO) * ROUND_TO;
}
