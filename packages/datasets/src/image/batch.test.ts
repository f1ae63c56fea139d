import { describe, expect, it } from 'vitest';
import { imageBatch } from './batch';
import { crop, pasteMax } from './compose';
import { blankImage } from './gray-image';

describe('imageBatch', () => {
  it('stacks images as [batch, height, width, 1] floats value / 255', () => {
    const a = { width: 3, height: 2, pixels: Uint8Array.of(0, 255, 51, 102, 0, 0) };
    const b = { width: 3, height: 2, pixels: Uint8Array.of(255, 0, 0, 0, 0, 153) };
    const batch = imageBatch([a, b]);
    expect(batch.shape).toEqual({ batch: 2, height: 2, width: 3, channels: 1 });
    expect(Array.from(batch.pixels)).toEqual([0, 1, 0.2, 0.4, 0, 0, 1, 0, 0, 0, 0, 0.6].map((v) => Math.fround(v)));
  });

  it('rejects an empty list and mixed sizes', () => {
    expect(() => imageBatch([])).toThrow(/non-empty array of GrayImage/);
    expect(() => imageBatch([blankImage(3, 2), blankImage(2, 3)])).toThrow(/every image to be 3x2 like images\[0\], got 2x3 at images\[1\]/);
  });
});

describe('pasteMax and crop', () => {
  it('combines by maximum and drops what falls outside the canvas', () => {
    const canvas = { width: 4, height: 3, pixels: Uint8Array.of(0, 0, 0, 0, 0, 90, 90, 0, 0, 0, 0, 0) };
    pasteMax(canvas, { width: 2, height: 2, pixels: Uint8Array.of(50, 100, 100, 50) }, 1, 1);
    pasteMax(canvas, { width: 2, height: 2, pixels: Uint8Array.of(7, 7, 7, 7) }, 3, -1);
    expect(Array.from(canvas.pixels)).toEqual([0, 0, 0, 7, 0, 90, 100, 0, 0, 100, 50, 0]);
  });

  it('crops a rectangle and refuses one outside the image', () => {
    const image = { width: 3, height: 3, pixels: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) };
    expect(Array.from(crop(image, 1, 1, 2, 2).pixels)).toEqual([5, 6, 8, 9]);
    expect(() => crop(image, 2, 0, 2, 2)).toThrow(/outside the 3x3 image/);
  });
});
