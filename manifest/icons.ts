// The Teams app icons: four ascending bars, the four levels of need. Teams asks for a 192x192
// colour icon (symbol inside the central 96x96 on a solid background) and a 32x32 outline icon
// that is white on a fully transparent background.
import { encodePng } from './png.ts';

type Rgba = readonly [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];
/** The manifest's accentColor, #1D5D90. */
export const ACCENT: Rgba = [0x1d, 0x5d, 0x90, 255];

interface Bars {
  /** Left edge and bottom edge of the group of bars. */
  left: number;
  bottom: number;
  barWidth: number;
  gap: number;
  heights: readonly number[];
}

function draw(size: number, background: Rgba, bars: Bars): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) pixels.set(background, i * 4);
  bars.heights.forEach((height, n) => {
    const x0 = bars.left + n * (bars.barWidth + bars.gap);
    for (let y = bars.bottom - height; y < bars.bottom; y++) {
      for (let x = x0; x < x0 + bars.barWidth; x++) pixels.set(WHITE, (y * size + x) * 4);
    }
  });
  return encodePng(size, size, pixels);
}

export function colourIcon(): Buffer {
  // 4 bars of 18 px with 8 px gaps fill the central 96x96 (48..144).
  return draw(192, ACCENT, { left: 48, bottom: 144, barWidth: 18, gap: 8, heights: [24, 48, 72, 96] });
}

export function outlineIcon(): Buffer {
  return draw(32, TRANSPARENT, { left: 5, bottom: 27, barWidth: 4, gap: 2, heights: [6, 11, 16, 22] });
}

export const ICON_FILES = { 'color.png': colourIcon, 'outline.png': outlineIcon } as const;
