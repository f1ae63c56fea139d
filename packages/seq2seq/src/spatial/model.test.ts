/**
 * RecurrentImageDensity on every backend: the exact log-likelihood equals the sum of per-pixel
 * cross-entropies computed independently (image-order logits, log-softmax on the host); the
 * conditionals are causal; gradients match finite differences; the NLL of 64 binarised MNIST
 * digits falls within a few dozen steps; sampling is reproducible and honours the model (zeros,
 * stripes grown beyond the training size); checkpoints round-trip; no leaks; clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng, WeightsError } from '@seq2seq/core';
import { binarizedMnist } from '@seq2seq/datasets/images';
import { afterAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { loadRecurrentImageDensity, saveRecurrentImageDensity } from './checkpoint';
import { cropImages, levelImageBatches, randomPatches, type LevelImages } from './images';
import { RecurrentImageDensity } from './model';
import { recurrentImageDensityTask } from './task';

const TINY = { hiddenSize: 6, readoutSize: 5, radius: 1, seed: 1 };

function randomImages(count: number, height: number, width: number, levels: number, seed: number): LevelImages & { levels: Uint8Array } {
  const rng = new Rng(seed);
  return { count, height, width, levels: Uint8Array.from({ length: count * height * width }, () => rng.int(levels)) };
}

/** `-sum log softmax(logits)[level]` per image, in doubles on the host. */
function hostNll(logits: Float32Array, images: LevelImages, K: number): number[] {
  const area = images.height * images.width;
  return Array.from({ length: images.count }, (_, n) => {
    let total = 0;
    for (let p = 0; p < area; p++) {
      const row = Array.from(logits.subarray((n * area + p) * K, (n * area + p + 1) * K));
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      total -= row[images.levels[n * area + p]!]! - lse;
    }
    return total;
  });
}

async function train(model: RecurrentImageDensity, batches: LevelImages[], epochs: number, lr: number): Promise<void> {
  const trainer = new Trainer(recurrentImageDensityTask(model, { trainBatches: () => batches }), { epochs, schedule: { kind: 'constant', lr }, clipNorm: 10 });
  await trainer.fit();
}

describeBackends('RecurrentImageDensity', ({ backend, tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-image-density-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the exact NLL: the sum of per-pixel cross-entropies', async () => {
    for (const [height, width, numLayers] of [[3, 5, 1], [4, 2, 2], [1, 1, 1]] as const) {
      const model = new RecurrentImageDensity({ ...TINY, levels: 3, numLayers });
      const images = randomImages(2, height, width, 3, height * width);
      const nll = model.negativeLogLikelihood(images);
      const logits = model.logits(images);
      expect(logits.shape).toEqual([2, height, width, 3]);
      await expectClose(nll, hostNll((await logits.data()) as Float32Array, images, 3), tolerance * 10);
      tf.dispose([nll, logits]);
      model.dispose();
    }
  });

  it('is causal: pixel (i, j) and later pixels leave the conditional at (i, j) unchanged', async () => {
    const model = new RecurrentImageDensity({ ...TINY, radius: 2, numLayers: 2, levels: 4, readoutSize: 0 });
    const [H, W] = [5, 6];
    const base = randomImages(1, H, W, 4, 11);
    const before = (await model.logits(base).data()) as Float32Array;
    for (const [i, j] of [[0, 0], [2, 3], [3, 5], [4, 0]] as const) {
      const changed = { ...base, levels: Uint8Array.from(base.levels) };
      for (let p = i * W + j; p < H * W; p++) changed.levels[p] = (changed.levels[p]! + 1 + (p % 3)) % 4; // every pixel from (i, j) on
      const after = (await model.logits(changed).data()) as Float32Array;
      const upTo = (i * W + j + 1) * 4;
      expect(Array.from(after.subarray(0, upTo))).toEqual(Array.from(before.subarray(0, upTo)));
      if (j + 1 < W) expect(Array.from(after.subarray(upTo, upTo + 4))).not.toEqual(Array.from(before.subarray(upTo, upTo + 4))); // (i, j + 1) does see (i, j)
    }
  });

  it('has the gradients of finite differences', async () => {
    const model = new RecurrentImageDensity({ ...TINY, levels: 3, numLayers: 2 });
    const images = randomImages(2, 3, 4, 3, 5);
    const named = new Map(model.namedParameters());
    const vars: Record<string, tf.Variable> = {};
    for (const name of ['lstm.l0.kernel', 'lstm.l0.recurrentKernel', 'lstm.l1.bias', 'readout.kernel', 'output.bias']) vars[name] = named.get(name)!;
    await checkGradients(() => model.loss(images), vars, { samples: 4, eps: 5e-3, tol: 3e-2 });
    model.dispose();
  });

  // The CPU backend runs the same test on fewer, smaller crops (it is 25x slower than WASM here).
  const count = backend === 'cpu' ? 32 : 64;
  const side = backend === 'cpu' ? 12 : 16;
  it(`lowers the NLL of ${count} binarised MNIST digits (centre ${side}x${side}) within a few dozen steps`, async () => {
    const mnist = binarizedMnist('train');
    const picked = new Rng(0).permutation(mnist.count).slice(0, count);
    const digits = { count, height: 28, width: 28, levels: new Uint8Array(count * 784) };
    picked.forEach((id, n) => digits.levels.set(mnist.bits.subarray(id * 784, (id + 1) * 784), n * 784));
    const offset = (28 - side) / 2;
    const images = cropImages(digits, offset, offset, side, side);
    const model = new RecurrentImageDensity({ hiddenSize: 8, readoutSize: 8, radius: 2, seed: 2 });
    const batches = levelImageBatches(images, count);
    const nll = (): number => tf.tidy(() => model.loss(images).dataSync()[0]!);
    const first = nll();
    expect(first).toBeGreaterThan(side * side * 0.45); // about side^2 ln 2 untrained (177 for 16x16)
    await train(model, batches, 24, 0.03); // 24 steps
    const last = nll();
    expect(last).toBeLessThan(first * 0.5);
    model.dispose();
  }, 600_000);

  it('samples reproducibly, and a model trained on blank images samples blanks', { timeout: 300_000 }, async () => {
    const model = new RecurrentImageDensity({ ...TINY, radius: 1 });
    const blank: LevelImages = { count: 4, height: 4, width: 4, levels: new Uint8Array(64) };
    await train(model, [blank], 20, 0.1);
    const nll = model.negativeLogLikelihood(blank);
    expect(Math.max(...(await nll.data()))).toBeLessThan(0.5); // nats for all 16 pixels
    nll.dispose();
    const a = model.sample(3, 6, 9, new Rng(4)); // larger than the training images
    expect(a.count).toBe(3);
    expect(Array.from(a.levels).every((v) => v === 0)).toBe(true);
    model.dispose();

    const untrained = new RecurrentImageDensity({ ...TINY, levels: 4 });
    const rows: number[] = [];
    const s1 = untrained.sample(2, 3, 5, new Rng(9), (row) => rows.push(row));
    const s2 = await untrained.sampleAsync(2, 3, 5, new Rng(9));
    const s3 = untrained.sample(2, 3, 5, new Rng(10));
    expect(rows).toEqual([0, 1, 2]);
    expect(Array.from(s2.levels)).toEqual(Array.from(s1.levels));
    expect(Array.from(s3.levels)).not.toEqual(Array.from(s1.levels));
    expect(new Set(Array.from(s1.levels)).size).toBeGreaterThan(1);
    untrained.dispose();
  });

  it('grows a striped texture beyond the size of its training patches', async () => {
    const source: LevelImages = { count: 1, height: 12, width: 12, levels: Uint8Array.from({ length: 144 }, (_, p) => (p % 12) % 2) }; // vertical stripes
    const patches = randomPatches(source, 16, 5, 5, new Rng(1));
    const model = new RecurrentImageDensity({ hiddenSize: 8, readoutSize: 8, radius: 1, seed: 3 });
    await train(model, levelImageBatches(patches, 16), 40, 0.05);
    const grown = model.sample(2, 8, 12, new Rng(2));
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 12; j++) {
          const v = grown.levels[(n * 8 + i) * 12 + j];
          expect(v, `image ${n} pixel (${i}, ${j})`).toBe((grown.levels[n * 96]! + j) % 2);
        }
      }
    }
    model.dispose();
  }, 300_000);

  it('reads the same after a checkpoint round trip', async () => {
    const model = new RecurrentImageDensity({ ...TINY, levels: 3, numLayers: 2, readoutSize: 0 });
    const images = randomImages(2, 3, 3, 3, 8);
    await saveRecurrentImageDensity(join(dir, 'ride'), model, { data: { dataset: 'random' } });
    const { model: loaded, manifest } = await loadRecurrentImageDensity(join(dir, 'ride'));
    expect(manifest.data).toEqual({ dataset: 'random' });
    expect(loaded.config).toEqual(model.config);
    const a = model.negativeLogLikelihood(images);
    const b = loaded.negativeLogLikelihood(images);
    await expectClose(b, await a.array(), 1e-6);
    tf.dispose([a, b]);
    const other = new RecurrentImageDensity({ ...TINY, levels: 3, numLayers: 1, readoutSize: 0 });
    expect(() => other.loadWeights(loaded.getWeights())).toThrow(WeightsError);
    other.dispose();
    loaded.dispose();
    model.dispose();
  });

  it('leaks no tensors (NLL, gradients, sampling, dispose)', async () => {
    const images = randomImages(2, 3, 4, 2, 1);
    await expectNoTensorLeak(() => {
      const model = new RecurrentImageDensity({ ...TINY, numLayers: 2 });
      const nll = model.negativeLogLikelihood(images);
      const { value, grads } = tf.variableGrads(() => model.loss(images), model.trainableVariables());
      model.sample(2, 3, 3, new Rng(1));
      tf.dispose([nll, value, ...Object.values(grads)]);
      model.dispose();
    });
  });

  it('says what was expected for bad images, levels and configs', () => {
    expect(() => new RecurrentImageDensity({ levels: 1 })).toThrow(new InputError("RecurrentImageDensity: 'levels' must be an integer in [2, 256], got 1"));
    expect(() => new RecurrentImageDensity({ radius: 0 })).toThrow("'radius' must be an integer in [1, 16], got 0");
    expect(() => new RecurrentImageDensity({ version: 2 })).toThrow('config version 2 is not readable');
    const model = new RecurrentImageDensity(TINY);
    expect(() => model.negativeLogLikelihood({ count: 1, height: 2, width: 2, levels: [0, 1, 2, 0] })).toThrow(new InputError('RecurrentImageDensity.negativeLogLikelihood: pixel 2 has level 2, expected an integer in [0, 2)'));
    expect(() => model.negativeLogLikelihood({ count: 1, height: 2, width: 2, levels: [0, 1, 0.5, 0] })).toThrow('pixel 2 has level 0.5');
    expect(() => model.negativeLogLikelihood({ count: 2, height: 2, width: 2, levels: [0, 1, 1, 0] })).toThrow('expected 2 x 2 x 2 = 8 levels, got 4');
    expect(() => model.logits({ count: 0, height: 2, width: 2, levels: [] })).toThrow('count, height and width >= 1, got count 0');
    expect(() => model.sample(1, 0, 3, new Rng(0))).toThrow("RecurrentImageDensity.sample: 'height' must be an integer >= 1, got 0");
    expect(() => model.sample(1, 2, 3, 7 as never)).toThrow('expected an Rng');
    model.dispose();
  });
});
