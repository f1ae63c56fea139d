import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { decodePng, encodePng } from './png';
import { noiseImage, packRow, writePng } from './test-support';

describe('encodePng / decodePng', () => {
  it('round-trips gray images of many sizes exactly', () => {
    for (const [w, h] of [[1, 1], [7, 3], [28, 28], [160, 48], [33, 65]] as const) {
      const image = noiseImage(w, h, w * 100 + h);
      const png = encodePng(image);
      expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      const back = decodePng(png);
      expect(back.width).toBe(w);
      expect(back.height).toBe(h);
      expect(back.pixels).toEqual(image.pixels);
    }
  });

  it('compresses more at a higher level and reads every level back', () => {
    const image = { width: 64, height: 64, pixels: new Uint8Array(4096).map((_, i) => (i % 64 < 32 ? 0 : 200)) };
    const stored = encodePng(image, { compressionLevel: 0 });
    const best = encodePng(image, { compressionLevel: 9 });
    expect(best.length).toBeLessThan(stored.length);
    expect(decodePng(stored).pixels).toEqual(image.pixels);
    expect(decodePng(best).pixels).toEqual(image.pixels);
  });

  it('converts RGB, RGBA, gray + alpha and 16-bit files to gray', () => {
    // Two pixels: pure red and pure white.
    const rgb = decodePng(encode({ width: 2, height: 1, data: Uint8Array.of(255, 0, 0, 255, 255, 255), channels: 3, depth: 8 }));
    expect(Array.from(rgb.pixels)).toEqual([Math.round(0.299 * 255), 255]);
    // White at alpha 255, 128 and 0 composites over black.
    const rgba = decodePng(
      encode({ width: 3, height: 1, data: Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 128, 255, 255, 255, 0), channels: 4, depth: 8 }),
    );
    expect(Array.from(rgba.pixels)).toEqual([255, 128, 0]);
    const grayAlpha = decodePng(encode({ width: 2, height: 1, data: Uint8Array.of(200, 255, 200, 51), channels: 2, depth: 8 }));
    expect(Array.from(grayAlpha.pixels)).toEqual([200, 40]);
    const sixteen = decodePng(encode({ width: 3, height: 1, data: Uint16Array.of(0, 257 * 100, 65535), channels: 1, depth: 16 }));
    expect(Array.from(sixteen.pixels)).toEqual([0, 100, 255]);
  });

  it('unpacks 1, 2 and 4-bit gray rows, padding included', () => {
    // Width 5: a 1-bit row is one byte with 3 padding bits.
    const one = decodePng(writePng({ width: 5, height: 2, depth: 1, colorType: 0, rows: [packRow([1, 0, 1, 1, 0], 1), packRow([0, 1, 0, 0, 1], 1)] }));
    expect(Array.from(one.pixels)).toEqual([255, 0, 255, 255, 0, 0, 255, 0, 0, 255]);
    const two = decodePng(writePng({ width: 3, height: 1, depth: 2, colorType: 0, rows: [packRow([0, 1, 3], 2)] }));
    expect(Array.from(two.pixels)).toEqual([0, 85, 255]);
    const four = decodePng(writePng({ width: 3, height: 2, depth: 4, colorType: 0, rows: [packRow([15, 5, 0], 4), packRow([1, 2, 3], 4)] }));
    expect(Array.from(four.pixels)).toEqual([255, 85, 0, 17, 34, 51]);
  });

  it('reads palettes (with tRNS alpha) and gray colour keys', () => {
    const palette: [number, number, number][] = [[0, 0, 0], [255, 255, 255], [0, 0, 255], [255, 255, 255]];
    const indexed = decodePng(
      writePng({ width: 4, height: 1, depth: 2, colorType: 3, palette, trns: Uint8Array.of(255, 255, 255, 0), rows: [packRow([0, 1, 2, 3], 2)] }),
    );
    // Black, white, blue (luma 0.114 * 255), white made fully transparent.
    expect(Array.from(indexed.pixels)).toEqual([0, 255, Math.round(0.114 * 255), 0]);
    const keyed = decodePng(writePng({ width: 3, height: 1, depth: 8, colorType: 0, trns: Uint8Array.of(0, 7), rows: [Uint8Array.of(7, 8, 255)] }));
    expect(Array.from(keyed.pixels)).toEqual([0, 8, 255]);
  });

  it('says "not a PNG" for other files', () => {
    const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1);
    expect(() => decodePng(jpeg)).toThrow(DatasetError);
    expect(() => decodePng(jpeg)).toThrow(/not a PNG: expected the 8-byte PNG signature .* got FF D8 FF E0/);
    expect(() => decodePng(new TextEncoder().encode('hello, this is text'))).toThrow(/not a PNG/);
    expect(() => decodePng(new Uint8Array(0))).toThrow(/not a PNG.*got no bytes/);
    expect(() => decodePng([137, 80] as unknown as Uint8Array)).toThrow(/expected the PNG file's bytes as a Uint8Array, got Array/);
  });

  it('says "truncated or corrupt" for a PNG cut anywhere or with a damaged chunk', () => {
    const png = encodePng(noiseImage(20, 10, 3));
    for (const length of [8, 20, 33, 40, Math.floor(png.length / 2), png.length - 13, png.length - 1]) {
      expect(() => decodePng(png.subarray(0, length)), `cut at ${length} of ${png.length}`).toThrow(DatasetError);
      expect(() => decodePng(png.subarray(0, length))).toThrow(/truncated/);
    }
    const damaged = png.slice();
    damaged[50] = damaged[50]! ^ 0xff; // inside IDAT: its CRC no longer matches
    expect(() => decodePng(damaged)).toThrow(/decodePng: truncated or corrupt PNG/);
  });

  it('refuses a header larger than maxPixels before decoding', () => {
    const png = encodePng(noiseImage(100, 100, 1));
    expect(() => decodePng(png, { maxPixels: 9999 })).toThrow(/100x100, more than maxPixels = 9999/);
    expect(decodePng(png, { maxPixels: 10000 }).width).toBe(100);
  });

  it('checks what it encodes', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow(/width \* height = 4 bytes, got 3 bytes/);
    expect(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(0) })).toThrow(/positive integer width and height/);
    expect(() => encodePng(noiseImage(2, 2, 1), { compressionLevel: 10 })).toThrow(/compressionLevel.*0\.\.9, got 10/);
  });
});
