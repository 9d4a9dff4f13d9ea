// Reads a PNG into RGBA pixels: an independent reader for checking the icons we generate
// (all five row filters, 8-bit RGBA or RGB, no interlace), so the test does not trust our encoder.
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  colourType: number;
  pixels: Uint8Array; // RGBA
}

export function readPng(file: Buffer): Image {
  if (file.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let pos = 8;
  let width = 0, height = 0, colourType = 0, depth = 0, interlace = 0;
  const idat: Buffer[] = [];
  while (pos < file.length) {
    const length = file.readUInt32BE(pos);
    const type = file.toString('ascii', pos + 4, pos + 8);
    const data = file.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      colourType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  if (depth !== 8 || interlace !== 0 || (colourType !== 6 && colourType !== 2)) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}`);
  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      out[y * stride + x] = (cur + predictor) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels.set(out.subarray(i * channels, i * channels + channels), i * 4);
    if (channels === 3) pixels[i * 4 + 3] = 255;
  }
  return { width, height, colourType, pixels };
}

/** Every pixel as [r, g, b, a]. */
export function* pixelsOf(image: Image): Generator<[number, number, number, number]> {
  for (let i = 0; i < image.width * image.height; i++) {
    yield [image.pixels[i * 4]!, image.pixels[i * 4 + 1]!, image.pixels[i * 4 + 2]!, image.pixels[i * 4 + 3]!];
  }
}
