/**
 * The causal-neighbourhood texture model on every backend: the neighbourhood of a pixel holds
 * exactly the pixels drawn before it within the radius, the gradient matches finite differences,
 * training with the shared Trainer learns a striped texture that it then grows at another size,
 * growing is reproducible from a seed, bad input says what was expected, and nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { CausalNeighbourhood, causalNeighbourhoodTask, type BinaryImage } from './neighbourhood';

/** Vertical stripes two pixels wide: column x is ink when x mod 4 < 2. */
function stripes(width: number, height: number): BinaryImage {
  const bits = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) bits[y * width + x] = x % 4 < 2 ? 1 : 0;
  return { width, height, bits };
}

describeBackends('CausalNeighbourhood', () => {
  it('reads the pixels above and to the left within the radius, zeros outside the image', () => {
    const model = new CausalNeighbourhood({ radius: 1, hiddenSize: 2 });
    // Offsets: (-1,-1) (-1,0) (-1,1) then (0,-1).
    expect(model.offsets).toEqual([[-1, -1], [-1, 0], [-1, 1], [0, -1]]);
    const image = { width: 3, height: 2, bits: new Uint8Array([1, 0, 1, 0, 1, 1]) };
    const f = model.features(image);
    // Pixel (y 1, x 1): above-left 1, above 0, above-right 1, left 0.
    expect([...f.subarray(4 * 4, 5 * 4)]).toEqual([1, 0, 1, 0]);
    // Pixel (y 1, x 0): nothing left of the image.
    expect([...f.subarray(3 * 4, 4 * 4)]).toEqual([0, 1, 0, 0]);
    // Pixel (y 0, x 2): only its left neighbour exists.
    expect([...f.subarray(2 * 4, 3 * 4)]).toEqual([0, 0, 0, 0]);
    model.dispose();
  });

  it('has the gradient of finite differences', async () => {
    const model = new CausalNeighbourhood({ radius: 1, hiddenSize: 3, seed: 2 });
    const x = tf.tensor2d([[1, 0, 1, 0], [0, 1, 1, 1], [1, 1, 0, 0]]);
    const t = tf.tensor1d([1, 0, 1]);
    await checkGradients(() => model.loss(x, t), Object.fromEntries(model.namedParameters()), { eps: 1e-2, samples: 6 });
    tf.dispose([x, t]);
    model.dispose();
  });

  it('learns a striped texture with the shared Trainer and grows it at another size', async () => {
    const model = new CausalNeighbourhood({ radius: 2, hiddenSize: 8, seed: 1 });
    const trainer = new Trainer(causalNeighbourhoodTask(model, { image: stripes(16, 16), batchSize: 64, batchesPerEpoch: 25 }), { epochs: 6, schedule: { kind: 'constant', lr: 0.05 } });
    await trainer.fit();
    const grown = model.grow(24, 12, new Rng(3));
    // Below the first two rows, nearly every pixel repeats the one above (stripes are vertical).
    let same = 0;
    for (let y = 2; y < 12; y++) for (let x = 0; x < 24; x++) same += grown[y * 24 + x] === grown[(y - 1) * 24 + x] ? 1 : 0;
    expect(same / (10 * 24)).toBeGreaterThan(0.95);
    const rows: number[] = [];
    expect([...model.grow(24, 12, new Rng(3), (row) => rows.push(row))]).toEqual([...grown]);
    expect(rows).toEqual([...Array(12).keys()]);
    trainer.optimizer.dispose();
    model.dispose();
  });

  it('rejects bad input with what was expected, and leaks nothing', async () => {
    expect(() => new CausalNeighbourhood({ radius: 0 })).toThrow(/'radius' must be an integer in \[1, 16\], got number 0/);
    const model = new CausalNeighbourhood();
    expect(() => model.features({ width: 3, height: 3, bits: new Uint8Array(8) })).toThrow(/expected 3x3 = 9 bits, got 8/);
    expect(() => model.grow(0, 3, new Rng(1))).toThrow(/'width' must be an integer >= 1, got number 0/);
    model.dispose();
    await expectNoTensorLeak(async () => {
      const m = new CausalNeighbourhood({ radius: 1, hiddenSize: 2 });
      const trainer = new Trainer(causalNeighbourhoodTask(m, { image: stripes(8, 8), batchSize: 8, batchesPerEpoch: 2 }), { epochs: 1 });
      await trainer.fit();
      m.grow(4, 4, new Rng(1));
      trainer.optimizer.dispose();
      m.dispose();
    });
  });
});
