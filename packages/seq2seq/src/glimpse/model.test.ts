/**
 * GlimpseReader on every backend: the retina's filters where and as wide as its config says,
 * shapes, sampled locations around the policy's means, gradients against finite differences (the
 * classifier through the cross-entropy, the location policy and baseline through REINFORCE's
 * surrogate, at replayed locations), a policy step that moves the means toward locations of
 * positive advantage, a tiny reader that learns to read a few strings, the CPU backend's loss and
 * gradients, no leaks, clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { imageTokenBatch, type ImageSourceBatch } from '../image/batch';
import { SymbolVocabulary } from '../image/vocabulary';
import type { GlimpseReaderConfig } from './config';
import { loadGlimpseReader, saveGlimpseReader } from './checkpoint';
import { GlimpseReader } from './model';
import { glimpseWindow, retina } from './retina';
import { glimpseReaderTask } from './task';

const H = 8;
const W = 24;
const vocab = new SymbolVocabulary(['a', 'b', 'c'], '');
/** A 4x4 glyph per symbol: a bar, a cross, a frame. */
const GLYPHS: Record<string, number[]> = {
  a: [0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0],
  b: [1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1],
  c: [1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1],
};
const TINY: GlimpseReaderConfig = { height: H, width: W, vocabSize: vocab.size, glimpseSize: 4, scales: [1, 3], glimpsesPerToken: 2, glimpseFeatures: 10, hiddenSize: 12, contextPool: 4, seed: 1 };

/** Draws each string's glyphs left to right, row 2, 6 pixels apart. */
function drawStrings(texts: string[]): ImageSourceBatch {
  const pixels = new Float32Array(texts.length * H * W);
  texts.forEach((text, b) => {
    [...text].forEach((ch, i) => {
      const g = GLYPHS[ch]!;
      for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) pixels[b * H * W + (2 + y) * W + 1 + 6 * i + x] = g[y * 4 + x]!;
    });
  });
  return { pixels, shape: { batch: texts.length, height: H, width: W, channels: 1 } };
}

const batchOf = (texts: string[]) => imageTokenBatch(drawStrings(texts), texts.map((t) => vocab.encode(t)));

/** The location (in [-1, 1]) whose window is centred on pixel (x, y): the inverse of `glimpseWindow`. */
const locationOf = (x: number, y: number, width: number, height: number): [number, number] => [(2 * (x + 1)) / (width + 1) - 1, (2 * (y + 1)) / (height + 1) - 1];

describeBackends('GlimpseReader', ({ backend, tolerance }) => {
  it('reads patches at the location, one per scale, with filters of stride `scale` and sigma half of it', async () => {
    const [height, width] = [20, 30];
    const config = { height, width, glimpseSize: 4, scales: [1, 2] };
    // An impulse at pixel (x 11, y 7); the window centred on it: filters at +-0.5 and +-1.5 strides.
    const pixels = new Float32Array(height * width);
    pixels[7 * width + 11] = 1;
    const image = tf.tensor3d(pixels, [1, height, width]);
    const location = locationOf(11, 7, width, height);
    expect(glimpseWindow(location, config)).toEqual({ x: expect.closeTo(11, 6) as number, y: expect.closeTo(7, 6) as number, sizes: [4, 8] });
    const read = retina(image, tf.tensor2d([location]), config);
    expect(read.shape).toEqual([1, 2 * 16]);
    const values = await read.data();
    // The host's filters: centres at x0 + (i - 1.5) * scale, Gaussians of variance (scale / 2)^2 normalised over the axis.
    const filter = (centre: number, scale: number, pixel: number, size: number) => {
      const g = (p: number) => Math.exp(-((p - centre) ** 2) / (2 * (scale / 2) ** 2));
      let z = 0;
      for (let p = 0; p < size; p++) z += g(p);
      return g(pixel) / (z + 1e-8);
    };
    config.scales.forEach((scale, k) => {
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const want = filter(7 + (i - 1.5) * scale, scale, 7, height) * filter(11 + (j - 1.5) * scale, scale, 11, width);
          expect(values[k * 16 + i * 4 + j]!).toBeCloseTo(want, 4);
        }
      }
    });
    // A constant image reads the constant wherever the window lies inside it.
    const ones = retina(tf.ones([1, height, width]) as tf.Tensor3D, tf.tensor2d([[0.1, -0.2]]), config);
    await expectClose(ones, [Array(32).fill(1)], 1e-4);
    tf.dispose([image, read, ones]);
  });

  it('runs one output step per label, glimpsesPerToken glimpses each, sampling locations around the means', async () => {
    const reader = new GlimpseReader({ ...TINY, locationStd: 0.2 });
    const batch = batchOf(['ab', 'c', 'cab']);
    const out = reader.forward(batch, { rng: 3 });
    expect(out.logits.shape).toEqual([3, 4, vocab.size]); // y_1..y_3 <eos>
    expect(out.means.shape).toEqual([3, 8, 2]);
    expect(out.locations.shape).toEqual([3, 8, 2]);
    expect(out.baselines.shape).toEqual([3, 8]);
    const noise = Array.from(await tf.sub(out.locations, out.means).data());
    const std = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(std).toBeGreaterThan(0.1);
    expect(std).toBeLessThan(0.3);
    const again = reader.forward(batch, { rng: 3 });
    await expectClose(again.locations, await out.locations.array(), 0); // the seed fixes the samples
    const means = reader.forward(batch, { sample: false });
    await expectClose(means.locations, await means.means.array(), 0);
    tf.dispose([out, again, means] as unknown as tf.TensorContainer);
    reader.dispose();
  });

  it('has the gradients of finite differences: the classifier through the cross-entropy, the policy and baseline through REINFORCE', async () => {
    const reader = new GlimpseReader(TINY);
    const batch = batchOf(['ab', 'c']);
    const sampled = reader.forward(batch, { rng: 5 });
    const locations = sampled.locations.clone();
    tf.dispose(sampled as unknown as tf.TensorContainer);
    const named = new Map(reader.namedParameters());
    const vars = (names: string[]) => Object.fromEntries(names.map((n) => {
      expect(named.get(n), `parameter '${n}' among ${[...named.keys()].join(', ')}`).toBeDefined();
      return [n, named.get(n)!];
    }));
    const term = (pick: 'crossEntropy' | 'baseline' | 'policy') => () => tf.tidy(() => {
      const l = reader.loss(batch, { locations });
      return l[pick];
    });
    // The classifier's weights change the logits, so (through the argmax) the rewards: check them on the cross-entropy.
    await checkGradients(term('crossEntropy'), vars(['glimpse_hidden.kernel', 'glimpse_image.kernel', 'glimpse_location.kernel', 'classifier.kernel', 'classifier_core.l0.kernel']), { samples: 4, eps: 1e-2, tol: 3e-2 });
    // The baseline learns its returns: the squared error's gradient (its input r2 is a constant to it).
    await checkGradients(term('baseline'), vars(['baseline.kernel', 'baseline.bias']), { samples: 4, eps: 1e-2, tol: 3e-2 });
    // The location network moves the means; with the baseline a constant (kernel 0), the surrogate
    // R - b is a constant too and the policy term is smooth in the location network's weights.
    named.get('baseline.kernel')!.assign(tf.zerosLike(named.get('baseline.kernel')!));
    await checkGradients(term('policy'), vars(['emission.kernel', 'emission.bias', 'locator_core.l0.kernel', 'context_h.kernel', 'context_c.kernel']), { samples: 4, eps: 1e-2, tol: 3e-2 });
    locations.dispose();
    reader.dispose();
  });

  it('moves the policy means toward locations of positive advantage, away from those of negative', async () => {
    for (const sign of [1, -1]) {
      const reader = new GlimpseReader(TINY);
      const batch = batchOf(['ab', 'c']);
      const baselineBias = new Map(reader.namedParameters()).get('baseline.bias')!;
      baselineBias.assign(tf.tensor1d([sign > 0 ? -10 : 10])); // advantage R - b: about +10 or about -10
      const before = reader.forward(batch, { sample: false });
      const target = tf.add(before.means, 0.05) as tf.Tensor3D; // look a little to the lower right of the means
      const distance = async (means: tf.Tensor3D) => (await tf.sum(tf.square(tf.sub(target, means))).data())[0]!;
      const d0 = await distance(before.means);
      const emission = reader.namedParameters().filter(([n]) => n.startsWith('emission.')).map(([, v]) => v);
      const { grads, value } = tf.variableGrads(() => tf.tidy(() => reader.loss(batch, { locations: target }).policy), emission);
      for (const v of emission) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 1e-4)));
      const after = reader.forward(batch, { sample: false });
      const d1 = await distance(after.means);
      expect(sign > 0 ? d1 < d0 : d1 > d0, `sign ${sign}: distance ${d0} -> ${d1}`).toBe(true);
      tf.dispose([before, after, target, value, grads] as unknown as tf.TensorContainer);
      reader.dispose();
    }
  });

  it('learns to read a few strings', async () => {
    const texts = ['abc', 'ca', 'b', 'bba', 'cab', 'acca'];
    const reader = new GlimpseReader({ ...TINY, glimpseFeatures: 24, hiddenSize: 32, seed: 2 });
    const batch = batchOf(texts);
    const trainer = new Trainer(glimpseReaderTask(reader, { trainBatches: () => [batch], seed: 1 }), { epochs: 150, schedule: { kind: 'constant', lr: 0.01 }, clipNorm: 5 });
    const crossEntropy = () => tf.tidy(() => reader.loss(batch, { sample: false }).crossEntropy.dataSync()[0]!);
    const first = crossEntropy();
    await trainer.fit();
    const last = crossEntropy();
    expect(last).toBeLessThan(first / 4);
    const readings = reader.read(drawStrings(texts), { maxLength: 6 });
    const right = readings.filter((r, i) => vocab.decode(r.tokens) === texts[i]).length;
    expect(right, `read ${JSON.stringify(readings.map((r) => vocab.decode(r.tokens)))}`).toBeGreaterThanOrEqual(5);
    // Each token's glimpses, <eos> included, as windows in pixels.
    expect(readings[0]!.glimpses.length).toBe(4);
    expect(readings[0]!.glimpses[0]!.length).toBe(2);
    expect(readings[0]!.glimpses[0]![0]!.sizes).toEqual([4, 12]);
    reader.dispose();
  }, 300_000);

  it.skipIf(backend === 'cpu')('gives the loss and gradients of the CPU backend', async () => {
    const batch = batchOf(['abc', 'c']);
    const run = () => {
      const reader = new GlimpseReader(TINY);
      const vars = reader.trainableVariables();
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => reader.loss(batch, { rng: 2 }).total), vars);
      const out = { loss: value.dataSync()[0]!, grads: vars.map((v) => Array.from(grads[v.name]!.dataSync())) };
      tf.dispose([value, ...Object.values(grads)]);
      reader.dispose();
      return out;
    };
    const here = run();
    await tf.setBackend('cpu');
    let cpu: ReturnType<typeof run>;
    try {
      cpu = run();
    } finally {
      await tf.setBackend(backend);
    }
    expect(here.loss).toBeCloseTo(cpu.loss, 4);
    here.grads.forEach((g, i) => g.forEach((x, j) => expect(Math.abs(x - cpu.grads[i]![j]!), `gradient ${i}[${j}]`).toBeLessThan(tolerance * Math.max(1, Math.abs(x)))));
  });

  it('saves and loads a reader that reads the same (kind glimpse-reader)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glimpse-reader-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const reader = new GlimpseReader({ ...TINY, seed: 6 });
    await saveGlimpseReader(dir, reader, vocab);
    const loaded = await loadGlimpseReader(dir);
    expect(loaded.manifest.kind).toBe('glimpse-reader');
    expect(loaded.vocabulary.size).toBe(vocab.size);
    const images = drawStrings(['abc', 'b']);
    expect(loaded.model.read(images, { maxLength: 5 })).toEqual(reader.read(images, { maxLength: 5 }));
    loaded.model.dispose();
    reader.dispose();
  });

  it('leaks no tensors in a training step or a read', async () => {
    const reader = new GlimpseReader(TINY);
    const batch = batchOf(['ab', 'c']);
    const vars = reader.trainableVariables();
    await expectNoTensorLeak(() => tf.variableGrads(() => tf.tidy(() => reader.loss(batch, { rng: 1 }).total), vars));
    const task = glimpseReaderTask(reader, { trainBatches: () => [batch] });
    await expectNoTensorLeak(() => tf.variableGrads(() => task.loss(batch, true), vars));
    await expectNoTensorLeak(() => reader.read(drawStrings(['ab', 'c']), { maxLength: 4 }));
    reader.dispose();
  });

  it('says what it expected for a bad config, images of the wrong size, bad locations or maxLength', () => {
    expect(() => new GlimpseReader({ ...TINY, scales: [] })).toThrow(InputError);
    expect(() => new GlimpseReader({ ...TINY, scales: [] })).toThrow("GlimpseReader: 'scales' must be a non-empty array of strides in pixels, got []");
    expect(() => new GlimpseReader({ ...TINY, glimpsesPerToken: 0 })).toThrow("GlimpseReader: 'glimpsesPerToken' must be an integer >= 1, got number 0");
    expect(() => new GlimpseReader({ ...TINY, contextPool: 9 })).toThrow("GlimpseReader: 'contextPool' must be at most the image's shorter side (8), got 9");
    expect(() => new GlimpseReader({ ...TINY, version: 2 })).toThrow(/config version 2 is not readable/);
    const reader = new GlimpseReader(TINY);
    const wrong: ImageSourceBatch = { pixels: new Float32Array(2 * 8 * 20), shape: { batch: 2, height: 8, width: 20, channels: 1 } };
    expect(() => reader.read(wrong, { maxLength: 3 })).toThrow('GlimpseReader.read: the reader reads 24x8 gray images (1 channel; width x height), got 20x8 with 1 channel(s)');
    expect(() => reader.read(drawStrings(['a']), { maxLength: 0 })).toThrow("GlimpseReader.read: 'maxLength' must be an integer >= 1 (tokens, <eos> included), got 0");
    const locations = tf.zeros([2, 3, 2]) as tf.Tensor3D;
    expect(() => reader.forward(batchOf(['ab', 'c']), { locations })).toThrow("GlimpseReader.forward: 'locations' must have shape [batch=2, glimpses=6, 2], got [2, 3, 2]");
    expect(() => reader.loss({ shape: { batch: 1 } } as never)).toThrow(/GlimpseReader.forward: 'target' must be an Int32Array/);
    locations.dispose();
    reader.dispose();
  });
});
