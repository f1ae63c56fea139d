import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeBilinear } from './resize';
import { noiseImage } from './test-support';

describe('resizeBilinear', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps an image of the same size as it is', () => {
    const image = noiseImage(28, 28, 5);
    expect(resizeBilinear(image, 28, 28).pixels).toEqual(image.pixels);
  });

  it('interpolates between pixel centres (hand-computed 2x1 -> 4x1)', () => {
    // Output centres map to u = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1.
    const out = resizeBilinear({ width: 2, height: 1, pixels: Uint8Array.of(0, 200) }, 4, 1);
    expect(Array.from(out.pixels)).toEqual([0, 50, 150, 200]);
  });

  it('averages neighbours when halving (4x4 -> 2x2 samples at u = 0.5, 2.5)', () => {
    const pixels = Uint8Array.from({ length: 16 }, (_, i) => i * 10);
    const out = resizeBilinear({ width: 4, height: 4, pixels }, 2, 2);
    // (0,0): mean of rows 0-1, cols 0-1 = (0 + 10 + 40 + 50) / 4 = 25; (1,0): cols 2-3 = 45; ...
    expect(Array.from(out.pixels)).toEqual([25, 45, 105, 125]);
  });

  it('matches tf.image.resizeBilinear with half-pixel centres to within rounding', () => {
    const image = noiseImage(28, 28, 11);
    for (const size of [18, 23, 32, 40]) {
      const ours = resizeBilinear(image, size, size).pixels;
      const theirs = tf.tidy(() =>
        tf.image
          .resizeBilinear(tf.tensor3d(Float32Array.from(image.pixels), [28, 28, 1]), [size, size], false, true)
          .dataSync(),
      );
      let exact = 0;
      let worst = 0;
      for (let i = 0; i < ours.length; i++) {
        worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
        if (ours[i] === Math.round(theirs[i]!)) exact++;
      }
      expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
      expect(exact / ours.length).toBeGreaterThan(0.99);
    }
  });

  it('resizes to any width and height, and keeps a constant image constant', () => {
    const flat = { width: 28, height: 28, pixels: new Uint8Array(784).fill(77) };
    const out = resizeBilinear(flat, 19, 7);
    expect([out.width, out.height]).toEqual([19, 7]);
    expect(out.pixels.every((v) => v === 77)).toBe(true);
  });

  it('rejects bad sizes and bad images', () => {
    const image = noiseImage(4, 4, 1);
    expect(() => resizeBilinear(image, 0, 4)).toThrow(/'width' to be a positive integer, got 0/);
    expect(() => resizeBilinear(image, 4, 2.5)).toThrow(/'height' to be a positive integer, got 2.5/);
    expect(() => resizeBilinear({ width: 4, height: 4, pixels: new Uint8Array(15) }, 2, 2)).toThrow(/16 bytes, got 15/);
  });
});
