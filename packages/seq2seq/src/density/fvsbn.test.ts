/**
 * The binary density baselines on every backend: the FVSBN's likelihood is the product of its
 * per-pixel logistic regressions (checked against a direct host computation), pixel i never sees
 * pixel i or a later one, its gradient matches finite differences, the Bernoulli fit is the smoothed
 * frequency, sampling is reproducible and follows the model, training lowers the dev loss,
 * checkpoints round-trip, bad input is rejected with what was expected, and nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng, ShapeError, WeightsError } from '@seq2seq/core';
import { afterAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { binaryBatch, binaryTensor, type BinaryBatch } from './binary-batch';
import { loadBinaryDensityModel, saveBinaryDensityModel } from './checkpoint';
import { Fvsbn } from './fvsbn';
import { PixelBernoulli } from './pixel-bernoulli';
import { scoreBinaryImages } from './score';
import { binaryDensityTask } from './task';

/** `count` random 3x2 images with a pattern an FVSBN can learn: pixel 3 copies pixel 0, pixel 5 is the opposite of pixel 1. */
function images(count: number, seed: number): BinaryBatch {
  const rng = new Rng(seed);
  const bits = new Uint8Array(count * 6);
  for (let i = 0; i < count; i++) {
    const b: number[] = [0, 1, 2, 3, 4, 5].map(() => (rng.next() < 0.5 ? 1 : 0));
    b[3] = b[0]!;
    b[5] = 1 - b[1]!;
    bits.set(b, i * 6);
  }
  return { count, pixels: 6, bits };
}

/** -log p(x) of one image under an FVSBN, on the host from its weights. */
function hostNll(w: Float32Array, b: Float32Array, x: ArrayLike<number>): number {
  const n = b.length;
  let nats = 0;
  for (let i = 0; i < n; i++) {
    let l = b[i]!;
    for (let j = 0; j < i; j++) l += w[j * n + i]! * x[j]!;
    const p = 1 / (1 + Math.exp(-l));
    nats -= Math.log(x[i] ? p : 1 - p);
  }
  return nats;
}

describeBackends('Fvsbn and PixelBernoulli', ({ tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'density-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores each image as the product of its per-pixel logistic regressions on earlier pixels only', async () => {
    const model = new Fvsbn({ width: 3, height: 2, initStd: 0.8, seed: 4 });
    tf.tidy(() => model.bias.assign(tf.tensor1d([0.3, -0.2, 0.5, 0.1, -0.7, 0.2])));
    const batch = images(5, 1);
    const x = binaryTensor(batch, 6, 'test');
    const nll = model.nll(x);
    const w = (await model.weight.data()) as Float32Array;
    const b = (await model.bias.data()) as Float32Array;
    const expected = Array.from({ length: 5 }, (_, i) => hostNll(w, b, batch.bits.subarray(i * 6, i * 6 + 6)));
    await expectClose(nll, expected, tolerance);
    // Changing pixel 4 moves only the logits of pixel 5 (later pixels), never its own or earlier ones.
    const flipped = tf.tensor2d([[1, 0, 1, 1, 1, 0]]);
    const base = tf.tensor2d([[1, 0, 1, 1, 0, 0]]);
    const d = (await tf.sub(model.logits(flipped), model.logits(base)).data()) as Float32Array;
    expect([...d.subarray(0, 5)].map((v) => Math.abs(v))).toEqual([0, 0, 0, 0, 0]);
    expect(Math.abs(d[5]! - w[4 * 6 + 5]!)).toBeLessThan(1e-5);
    tf.dispose([x, nll, flipped, base]);
    model.dispose();
  });

  it('has the gradient of finite differences (loss with the L2 penalty)', async () => {
    const model = new Fvsbn({ width: 2, height: 2, initStd: 0.5, l2: 0.1, seed: 2 });
    const x = binaryTensor({ count: 2, pixels: 4, bits: new Uint8Array([1, 0, 1, 1, 0, 1, 1, 0]) }, 4, 'test');
    await checkGradients(() => model.loss(x), Object.fromEntries(model.namedParameters()), { eps: 1e-2, samples: 8 });
    x.dispose();
    model.dispose();
  });

  it('fits independent pixels to their smoothed frequency of ones (Laplace)', async () => {
    const model = new PixelBernoulli({ width: 2, height: 1 }).fit({ count: 3, pixels: 2, bits: new Uint8Array([1, 0, 1, 0, 0, 0]) });
    // pixel 0: (2 + 1) / (3 + 2) = 0.6, pixel 1: (0 + 1) / 5 = 0.2.
    const x = tf.tensor2d([[1, 0], [0, 1]]);
    await expectClose(model.nll(x), [-Math.log(0.6) - Math.log(0.8), -Math.log(0.4) - Math.log(0.2)], tolerance);
    const s = scoreBinaryImages(model, { count: 2, pixels: 2, bits: new Uint8Array([1, 0, 0, 1]) }, { batchSize: 1 });
    expect(s.images).toBe(2);
    expect(s.bound).toBe(false);
    expect(s.natsPerImage).toBeCloseTo((-Math.log(0.6 * 0.8) - Math.log(0.4 * 0.2)) / 2, 4);
    x.dispose();
    model.dispose();
  });

  it('samples reproducibly from a seed, pixel by pixel, following the model', async () => {
    // A model that copies pixel 0 into pixel 1 with near certainty.
    const model = new Fvsbn({ width: 2, height: 1, initStd: 0 });
    tf.tidy(() => {
      model.weight.assign(tf.tensor2d([[0, 20], [0, 0]]));
      model.bias.assign(tf.tensor1d([0, -10]));
    });
    const seen: number[] = [];
    const a = model.sample(200, new Rng(5), (pixel) => seen.push(pixel));
    const b = model.sample(200, new Rng(5));
    expect([...a]).toEqual([...b]);
    expect(seen).toEqual([0, 1]);
    let ones = 0;
    for (let s = 0; s < 200; s++) {
      expect(a[s * 2 + 1]).toBe(a[s * 2]);
      ones += a[s * 2]!;
    }
    expect(ones).toBeGreaterThan(70); // p(x0 = 1) = 0.5
    expect(ones).toBeLessThan(130);
    model.dispose();
  });

  it('learns the pattern with the shared Trainer (dev nats fall below the independent model) and round-trips a checkpoint', async () => {
    const train = images(300, 7);
    const dev = images(100, 8);
    const model = new Fvsbn({ width: 3, height: 2, seed: 1 });
    const before = scoreBinaryImages(model, dev).natsPerImage;
    const trainer = new Trainer(binaryDensityTask(model, { train, dev, batchSize: 50 }), { epochs: 40, schedule: { kind: 'constant', lr: 0.1 }, clipNorm: 0 });
    await trainer.fit();
    const independent = new PixelBernoulli({ width: 3, height: 2 }).fit(train);
    const after = scoreBinaryImages(model, dev).natsPerImage;
    // Independent pixels: 6 ln 2 = 4.16 nats; the pattern leaves 4 free bits = 2.77 nats.
    expect(scoreBinaryImages(independent, dev).natsPerImage).toBeGreaterThan(3.9);
    expect(after).toBeLessThan(3.1);
    expect(after).toBeLessThan(before);
    await saveBinaryDensityModel(join(dir, 'fvsbn'), model, { float16: false });
    const { model: loaded, manifest } = await loadBinaryDensityModel(join(dir, 'fvsbn'));
    expect(manifest.kind).toBe('fvsbn');
    expect(scoreBinaryImages(loaded, dev).natsPerImage).toBeCloseTo(after, 4);
    trainer.optimizer.dispose();
    loaded.dispose();
    model.dispose();
    independent.dispose();
  });

  it('shuffles each epoch from its seed alone (a resumed run sees the same batches)', () => {
    const model = new PixelBernoulli({ width: 3, height: 2 });
    const task = binaryDensityTask(model, { train: images(10, 1), batchSize: 4, seed: 3 });
    const again = binaryDensityTask(model, { train: images(10, 1), batchSize: 4, seed: 3 });
    const epoch1 = [...task.trainBatches(1)] as BinaryBatch[];
    expect(epoch1.map((b) => b.count)).toEqual([4, 4, 2]);
    expect(([...again.trainBatches(1)] as BinaryBatch[]).map((b) => [...b.bits])).toEqual(epoch1.map((b) => [...b.bits]));
    expect(([...task.trainBatches(2)] as BinaryBatch[]).map((b) => [...b.bits])).not.toEqual(epoch1.map((b) => [...b.bits]));
    model.dispose();
  });

  it('rejects bad input with what was expected', async () => {
    const model = new Fvsbn({ width: 2, height: 2 });
    const wrong = tf.zeros([1, 5]) as tf.Tensor2D;
    expect(() => model.nll(wrong)).toThrow(ShapeError);
    expect(() => model.nll(wrong)).toThrow(/argument 'x' must have shape \[\?, 4\], got \[1, 5\]/);
    expect(() => binaryTensor({ count: 1, pixels: 4, bits: new Uint8Array([0, 1, 2, 0]) }, 4, 'score')).toThrow(/score: expected bits 0 or 1, got 2 at image 0, pixel 2/);
    expect(() => binaryTensor({ count: 1, pixels: 5, bits: new Uint8Array(5) }, 4, 'score')).toThrow(InputError);
    expect(() => binaryBatch(new Uint8Array(8), 4, [2])).toThrow(/expected image indices from 0 to 1, got 2/);
    expect(() => new Fvsbn({ l2: -1 })).toThrow(/'l2' must be a finite number in \[0, Infinity\], got number -1/);
    expect(() => new PixelBernoulli({ width: 0 })).toThrow(/'width' must be an integer >= 1, got number 0/);
    expect(() => model.sample(0, new Rng(1))).toThrow(/'n' must be an integer >= 1, got number 0/);
    expect(() => binaryDensityTask(model, { train: { count: 2, bits: new Uint8Array(7) } })).toThrow(/expected 'train' to be \{ count, bits \} with count >= 1 images of 4 bits each/);
    await saveBinaryDensityModel(join(dir, 'small'), model);
    const json = join(dir, 'small', 'checkpoint.json');
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(json, readFileSync(json, 'utf8').replace('"fvsbn"', '"made"'));
    await expect(loadBinaryDensityModel(join(dir, 'small'))).rejects.toThrow(WeightsError);
    await expect(loadBinaryDensityModel(join(dir, 'small'))).rejects.toThrow(/expected a binary density model \(kind 'pixel-bernoulli' or 'fvsbn'\), got a 'made' model/);
    wrong.dispose();
    model.dispose();
  });

  it('leaks no tensor through build, score, loss, sample, train step and dispose', async () => {
    await expectNoTensorLeak(async () => {
      const model = new Fvsbn({ width: 3, height: 2, l2: 0.01 });
      const trainer = new Trainer(binaryDensityTask(model, { train: images(20, 2), dev: images(5, 3), batchSize: 10 }), { epochs: 1 });
      await trainer.fit();
      scoreBinaryImages(model, images(7, 4), { batchSize: 3 });
      model.sample(2, new Rng(1));
      trainer.optimizer.dispose();
      model.dispose();
      const independent = new PixelBernoulli({ width: 3, height: 2 }).fit(images(4, 1));
      scoreBinaryImages(independent, images(3, 2));
      independent.sample(2, new Rng(2));
      independent.dispose();
    });
  });
});
