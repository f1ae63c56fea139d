/**
 * The texture helpers: quantising a gray image to K levels, random patches that come from the
 * image, crops, batches that cover every image once, and errors that say what was expected.
 */
import { InputError, Rng } from '@seq2seq/core';
import { describe, expect, it } from 'vitest';
import { checkLevelImages, cropImages, dequantise, levelImageBatches, quantise, randomPatches } from './images';
import { causalOffsets } from './neighbourhood';

describe('level images', () => {
  it('quantises gray intensities into equal-width bins and back to bin centres', () => {
    const q = quantise({ height: 1, width: 6, pixels: [0, 0.12, 0.125, 0.5, 0.99, 1] }, 8);
    expect(Array.from(q.levels)).toEqual([0, 0, 1, 4, 7, 7]);
    expect(Array.from(dequantise(q, 8))).toEqual([0.0625, 0.0625, 0.1875, 0.5625, 0.9375, 0.9375]);
    expect(() => quantise({ height: 1, width: 2, pixels: [0, 255] }, 8)).toThrow(new InputError('quantise: pixel 1 has intensity 255, expected a number in [0, 1]'));
    expect(() => quantise({ height: 1, width: 1, pixels: [0] }, 1)).toThrow("'levels' must be an integer in [2, 256], got 1");
  });

  it('cuts random patches out of the image', () => {
    const source = { count: 1, height: 5, width: 7, levels: Uint8Array.from({ length: 35 }, (_, p) => p % 10) };
    const patches = randomPatches(source, 20, 2, 3, new Rng(1));
    expect(patches.levels.length).toBe(20 * 6);
    const tops = new Set<string>();
    for (let n = 0; n < 20; n++) {
      // The patch's first pixel fixes where it was cut; every other pixel must agree.
      const at = [...Array(35).keys()].filter((p) => Math.floor(p / 7) <= 3 && p % 7 <= 4).find((p) =>
        [0, 1].every((i) => [0, 1, 2].every((j) => source.levels[p + i * 7 + j] === patches.levels[n * 6 + i * 3 + j])),
      );
      expect(at, `patch ${n}`).toBeDefined();
      tops.add(String(at));
    }
    expect(tops.size).toBeGreaterThan(5);
    expect(() => randomPatches(source, 2, 6, 3, new Rng(1))).toThrow('a patch must fit the 5x7 image, got 6x3');
  });

  it('crops, batches and checks', () => {
    const images = { count: 3, height: 3, width: 3, levels: Uint8Array.from({ length: 27 }, (_, p) => p % 2) };
    expect(Array.from(cropImages(images, 1, 1, 2, 2).levels)).toEqual([0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]);
    expect(() => cropImages(images, 2, 0, 2, 2)).toThrow('must lie inside the 3x3 images');
    const batches = levelImageBatches(images, 2, new Rng(3));
    expect(batches.map((b) => b.count)).toEqual([2, 1]);
    expect(batches.flatMap((b) => Array.from(b.levels)).sort()).toEqual(Array.from(images.levels).sort());
    expect(() => checkLevelImages(images, 1, 'op')).toThrow('op: pixel 1 has level 1, expected an integer in [0, 1)');
  });

  it('lists the causal neighbourhood: only pixels before (i, j) in raster order', () => {
    const offsets = causalOffsets(2);
    expect(offsets.length).toBe(12);
    for (const [di, dj] of offsets) expect(di < 0 || (di === 0 && dj < 0)).toBe(true);
  });
});
