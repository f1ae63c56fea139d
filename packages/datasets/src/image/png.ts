/**
 * PNG files to and from {@link GrayImage}, in pure JavaScript (fast-png over fflate), so the same
 * code reads a drawing in the browser and a file in Node.
 *
 * Reading accepts every PNG colour type and bit depth (PNG spec, section 11.2.2) and converts to
 * 8-bit gray:
 * - gray: as is; 1, 2 and 4-bit values are scaled to 0..255, 16-bit values divided by 257;
 * - colour (truecolour or palette): luma `0.299 R + 0.587 G + 0.114 B` (ITU-R BT.601, what
 *   PIL's `convert('L')` computes);
 * - alpha (an alpha channel, or a palette or colour key made transparent by `tRNS`): composited
 *   over the black background, `gray * alpha / 255`, so a transparent pixel reads as background.
 * Interlaced (Adam7) files are read too. Chunk CRCs are checked.
 */
import { decode, encode } from 'fast-png';
import { DatasetError } from '../errors';
import { checkGrayImage, type GrayImage } from './gray-image';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Options of {@link decodePng}. */
export interface DecodePngOptions {
  /**
   * Largest `width * height` accepted, checked from the header before any pixel is decoded, so a
   * hostile header cannot make the decoder allocate gigabytes. Default 16,777,216 (4096 x 4096).
   */
  maxPixels?: number;
}

/** Options of {@link encodePng}. */
export interface EncodePngOptions {
  /** zlib compression level, 0 (store) to 9 (smallest, slowest). Default 6. */
  compressionLevel?: number;
}

/**
 * Decodes a PNG file into an 8-bit {@link GrayImage} (conversion rules in the module comment).
 *
 * @throws DatasetError if `bytes` is not a Uint8Array, does not start with the PNG signature
 * ("not a PNG"), is truncated or corrupt (a bad chunk, CRC or zlib stream), or is larger than
 * `maxPixels`.
 */
export function decodePng(bytes: Uint8Array, options: DecodePngOptions = {}): GrayImage {
  const maxPixels = options.maxPixels ?? 16_777_216;
  if (!(bytes instanceof Uint8Array)) {
    throw new DatasetError(`decodePng: expected the PNG file's bytes as a Uint8Array, got ${describe(bytes)}`);
  }
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new DatasetError(
      `decodePng: not a PNG: expected the 8-byte PNG signature 89 50 4E 47 0D 0A 1A 0A, got ${hex(bytes.subarray(0, 8))}`,
    );
  }
  // The IHDR chunk comes first: length (4), type (4), then width and height, big-endian.
  if (bytes.length < 33) {
    throw new DatasetError(`decodePng: truncated PNG: ${bytes.length} bytes, too short for the IHDR header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width * height > maxPixels) {
    throw new DatasetError(`decodePng: the PNG is ${width}x${height}, more than maxPixels = ${maxPixels} pixels`);
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(`decodePng: truncated or corrupt PNG (${reason})`);
  }
  if (png.width <= 0 || png.height <= 0) {
    throw new DatasetError(`decodePng: the PNG has no pixels (${png.width}x${png.height})`);
  }
  return toGray(png);
}

/**
 * Encodes an 8-bit {@link GrayImage} as a grayscale PNG (colour type 0, bit depth 8).
 * `decodePng(encodePng(image))` gives back the same pixels.
 *
 * @throws DatasetError if `image` is not a well-formed GrayImage or the level is not 0..9.
 */
export function encodePng(image: GrayImage, options: EncodePngOptions = {}): Uint8Array {
  const { width, height, pixels } = checkGrayImage(image, 'image', 'encodePng');
  const level = options.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new DatasetError(`encodePng: expected 'compressionLevel' to be an integer in 0..9, got ${level}`);
  }
  return encode(
    { width, height, data: pixels, depth: 8, channels: 1 },
    { zlib: { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 } },
  );
}

type Decoded = ReturnType<typeof decode>;

function toGray(png: Decoded): GrayImage {
  const { width, height, depth, channels, data, palette, transparency } = png;
  // The common case (and the vendored data's): 8-bit gray, nothing transparent.
  if (depth === 8 && channels === 1 && palette === undefined && (transparency === undefined || transparency.length === 0)) {
    return { width, height, pixels: Uint8Array.from(data as Uint8Array) };
  }
  const out = new Uint8Array(width * height);
  const maxValue = 2 ** depth - 1;
  // Samples per row as stored: 1, 2 and 4-bit rows are packed and padded to a whole byte.
  const rowSamples = width * channels;
  const rowBytes = Math.ceil((rowSamples * depth) / 8);
  const sample = (y: number, i: number): number => {
    if (depth >= 8) return data[y * rowSamples + i]!;
    const bit = i * depth;
    const byte = data[y * rowBytes + (bit >> 3)]!;
    return (byte >> (8 - depth - (bit & 7))) & maxValue;
  };
  const to8 = (v: number): number => (depth === 16 ? v / 257 : (v * 255) / maxValue);
  // A tRNS colour key (gray or RGB) makes pixels of exactly that value transparent.
  const key = palette === undefined && transparency !== undefined && transparency.length > 0 ? transparency : undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = x * channels;
      let gray: number;
      let alpha = 1;
      if (palette !== undefined) {
        const entry = palette[sample(y, base)];
        if (entry === undefined) throw new DatasetError('decodePng: corrupt PNG (a pixel indexes past the palette)');
        gray = luma(entry[0]!, entry[1]!, entry[2]!);
        if (entry.length > 3) alpha = entry[3]! / 255;
      } else if (channels <= 2) {
        const v = sample(y, base);
        gray = to8(v);
        if (channels === 2) alpha = sample(y, base + 1) / maxValue;
        else if (key !== undefined && v === key[0]) alpha = 0;
      } else {
        const r = sample(y, base);
        const g = sample(y, base + 1);
        const b = sample(y, base + 2);
        gray = luma(to8(r), to8(g), to8(b));
        if (channels === 4) alpha = sample(y, base + 3) / maxValue;
        else if (key !== undefined && key.length >= 3 && r === key[0] && g === key[1] && b === key[2]) alpha = 0;
      }
      out[y * width + x] = Math.round(gray * alpha);
    }
  }
  return { width, height, pixels: out };
}

function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

function hex(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'no bytes';
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object';
  return typeof x;
}
