/**
 * Helpers for the image tests: a hand-written PNG writer (so the decoder is checked on files fast-png's
 * own encoder cannot make: palettes, 1/2/4-bit rows, colour keys), and seeded images.
 */
import { zlibSync } from 'fflate';
import type { GrayImage } from './gray-image';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** What {@link writePng} writes: rows of samples (already packed for depths below 8). */
export interface RawPng {
  width: number;
  height: number;
  depth: 1 | 2 | 4 | 8 | 16;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  /** One row per entry, the samples as they are stored (packed bytes, big-endian 16-bit). */
  rows: Uint8Array[];
  /** PLTE entries, RGB. */
  palette?: [number, number, number][];
  /** tRNS chunk contents. */
  trns?: Uint8Array;
}

/** A PNG file, filter type 0 on every row, no interlace. */
export function writePng(png: RawPng): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, png.width);
  view.setUint32(4, png.height);
  ihdr[8] = png.depth;
  ihdr[9] = png.colorType;
  const raw = new Uint8Array(png.rows.reduce((n, r) => n + r.length + 1, 0));
  let at = 0;
  for (const row of png.rows) {
    raw[at++] = 0;
    raw.set(row, at);
    at += row.length;
  }
  const parts = [Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), chunk('IHDR', ihdr)];
  if (png.palette) parts.push(chunk('PLTE', Uint8Array.from(png.palette.flat())));
  if (png.trns) parts.push(chunk('tRNS', png.trns));
  parts.push(chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Packs samples of `depth` bits (1, 2 or 4) into bytes, first sample in the high bits. */
export function packRow(samples: number[], depth: 1 | 2 | 4): Uint8Array {
  const out = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((v, i) => {
    const bit = i * depth;
    out[bit >> 3]! |= v << (8 - depth - (bit & 7));
  });
  return out;
}

/** A seeded pseudo-random image (mulberry32-style bytes). */
export function noiseImage(width: number, height: number, seed: number): GrayImage {
  let state = seed >>> 0;
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    pixels[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return { width, height, pixels };
}
