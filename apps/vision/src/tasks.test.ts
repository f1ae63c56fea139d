/**
 * The digits task's training strings: the generator itself without augmentation, every string
 * distorted at share 1, and at a share in between each string distorted or not by one draw
 * (so about that share of them), the rest exactly the generator's clean strings.
 */
import { Rng } from '@seq2seq/core';
import { makeDigitString, mnistPools } from '@seq2seq/datasets/images';
import { describe, expect, it } from 'vitest';
import { DIGIT_AUGMENTATION, TASKS, VALIDATION_FRACTION } from './tasks';

const trainPool = () => mnistPools().train.map((images) => images.slice(0, images.length - Math.max(1, Math.floor(VALIDATION_FRACTION * images.length))));
const same = (a: { pixels: Uint8Array }, b: { pixels: Uint8Array }) => Buffer.from(a.pixels).equals(Buffer.from(b.pixels));

describe('digits training strings', () => {
  const pool = trainPool();

  it('are the generator clean at share 0 and distorted at share 1 (no extra draws either way)', () => {
    const clean = TASKS.digits.train(new Rng(11), 6);
    const distorted = TASKS.digits.train(new Rng(11), 6, 1);
    const rngClean = new Rng(11);
    const rngDistorted = new Rng(11);
    for (let i = 0; i < 6; i++) {
      const c = makeDigitString(pool, rngClean);
      const d = makeDigitString(pool, rngDistorted, { distort: DIGIT_AUGMENTATION });
      expect(clean[i]!.label).toBe(c.label);
      expect(same(clean[i]!.image, c.image)).toBe(true);
      expect(same(distorted[i]!.image, d.image)).toBe(true);
      expect(same(distorted[i]!.image, c.image)).toBe(false);
    }
  });

  it('distort about the share of strings at a share in between, one draw per string', () => {
    const n = 60;
    const mixed = TASKS.digits.train(new Rng(12), n, 0.25);
    const rng = new Rng(12);
    let distorted = 0;
    for (let i = 0; i < n; i++) {
      const draw = rng.next() < 0.25;
      const s = makeDigitString(pool, rng, draw ? { distort: DIGIT_AUGMENTATION } : {});
      expect(same(mixed[i]!.image, s.image)).toBe(true);
      if (draw) distorted++;
    }
    expect(distorted).toBeGreaterThan(0.1 * n);
    expect(distorted).toBeLessThan(0.4 * n);
  });
});
