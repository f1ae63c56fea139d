/**
 * distortImage: the identity at zero strength (and at the middle of every draw), a rotation that
 * moves a pixel where the rotation says, elastic fields that move ink but keep it, the draw order
 * pinned, clear errors; makeDigitString's `distort` keeps the label and the placement and changes
 * only the digits' pixels, and without it the generator is untouched.
 */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { makeDigitString } from './digit-string';
import { distortImage } from './distort';
import type { GrayImage } from './gray-image';

/** A seeded source (mulberry32): the same stream for a seed. */
function source(seed: number) {
  let a = seed >>> 0;
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    next() {
      calls += 1;
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
const constant = (u: number) => ({ next: () => u });

function dot(width: number, height: number, x: number, y: number): GrayImage {
  const pixels = new Uint8Array(width * height);
  pixels[y * width + x] = 255;
  return { width, height, pixels };
}
const brightest = (img: GrayImage) => {
  let best = 0;
  for (let i = 1; i < img.pixels.length; i++) if (img.pixels[i]! > img.pixels[best]!) best = i;
  return { x: best % img.width, y: Math.floor(best / img.width) };
};
const ink = (img: GrayImage) => img.pixels.reduce((s, v) => s + v, 0);
const pool = Array.from({ length: 10 }, (_, d) => [0, 1, 2].map((i) => {
  const r = source(100 * d + i);
  return { width: 28, height: 28, pixels: Uint8Array.from({ length: 784 }, () => (r.next() < 0.3 ? 200 : 0)) };
}));

describe('distortImage', () => {
  it('is the identity at zero strength, and when every draw is the middle of its range', () => {
    const img = pool[3]![1]!;
    expect(distortImage(img, source(1), { maxRotation: 0, maxShear: 0, maxScale: 0 }).pixels).toEqual(img.pixels);
    expect(distortImage(img, constant(0.5), { elasticAlpha: 30 }).pixels).toEqual(img.pixels);
  });

  it('rotates about the centre: +90 degrees takes (x, y) to (c - (y - c), c + (x - c))', () => {
    // u -> 1 draws the largest rotation; shear and scale at 0.5 (the middle) stay zero.
    const draws = [1 - 1e-12, 0.5, 0.5, 0.5];
    const r = { next: () => draws.shift()! };
    const out = distortImage(dot(9, 9, 6, 2), r, { maxRotation: 90 });
    // c = 4: (6, 2) -> (x - c, y - c) = (2, -2) -> rotated (2, 2) -> (6, 6).
    expect(brightest(out)).toEqual({ x: 6, y: 6 });
    expect(out.pixels[6 * 9 + 6]).toBeGreaterThan(250);
  });

  it('draws 4 numbers, plus two fields of width x height with an elastic field; moves ink and keeps most of it', () => {
    const img = pool[5]![0]!;
    const plain = source(7);
    distortImage(img, plain, {});
    expect(plain.calls).toBe(4);
    const elastic = source(7);
    const out = distortImage(img, elastic, { elasticAlpha: 34, elasticSigma: 4, maxRotation: 0, maxShear: 0, maxScale: 0 });
    expect(elastic.calls).toBe(4 + 2 * 784);
    expect(out.pixels).not.toEqual(img.pixels);
    expect(ink(out)).toBeGreaterThan(0.7 * ink(img));
    expect(ink(out)).toBeLessThan(1.3 * ink(img));
  });

  it('says what it expected for bad options and a bad random source', () => {
    const img = pool[0]![0]!;
    expect(() => distortImage(img, source(1), { maxScale: 1 })).toThrow(/'maxScale' below 1/);
    expect(() => distortImage(img, source(1), { maxRotation: -1 })).toThrow(DatasetError);
    expect(() => distortImage(img, source(1), { elasticAlpha: 5, elasticSigma: 0 })).toThrow(/'elasticSigma' > 0/);
    expect(() => distortImage(img, {} as never)).toThrow(/random source with next\(\)/);
  });
});

describe('makeDigitString with distort', () => {
  it('keeps the label and the placement of the digits and changes their pixels; without it nothing changes', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const plain = makeDigitString(pool, source(seed));
      const again = makeDigitString(pool, source(seed), {});
      expect(again.image.pixels).toEqual(plain.image.pixels);
      const distorted = makeDigitString(pool, source(seed), { distort: { maxRotation: 15, elasticAlpha: 20 } });
      expect(distorted.label).toBe(plain.label);
      expect(distorted.digits.map((d) => [d.x, d.y, d.size, d.index])).toEqual(plain.digits.map((d) => [d.x, d.y, d.size, d.index]));
      expect(distorted.image.pixels).not.toEqual(plain.image.pixels);
    }
  });
});
