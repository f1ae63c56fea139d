/**
 * DRAW on every backend: the bound and its parts, the KL term against the closed form (and the
 * closed form against Monte Carlo), gradients of a tiny model against finite differences, the
 * bound falling on 64 MNIST images within a few dozen steps (with and without attention),
 * reconstruction traces and samples with their windows, checkpoints that score the same after
 * loading, no leaks, and clear errors for images of the wrong size or not binary.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng, WeightsError } from '@seq2seq/core';
import { binarizedMnist } from '@seq2seq/datasets/images';
import { coveringWindow } from '@seq2seq/attention';
import { afterAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { saveCheckpoint } from '../checkpoint';
import { loadDraw, saveDraw } from './checkpoint';
import type { DrawConfig } from './config';
import { readDrawSequence, readDrawSequenceAsync } from './host-read';
import { drawBatches, selectImages, type DrawImages } from './images';
import { Draw, gaussianKl } from './model';
import { drawTask } from './task';

/** A tiny model over 6x5 images. */
const TINY: DrawConfig = { width: 6, height: 5, steps: 3, hiddenSize: 5, latentSize: 3, readSize: 2, writeSize: 3, seed: 1 };

/** `count` random binary images of `width` x `height`. */
function randomImages(count: number, width: number, height: number, seed = 0): DrawImages {
  const rng = new Rng(seed);
  const bits = Uint8Array.from({ length: count * width * height }, () => (rng.next() < 0.4 ? 1 : 0));
  return { count, width, height, bits };
}

const sumOf = async (t: tf.Tensor) => Array.from(await t.data()).reduce((s, v) => s + Number(v), 0);

describeBackends('Draw', ({ tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'draw-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tol = Math.max(tolerance, 1e-5) * 10;

  for (const attention of [true, false]) {
    it(`${attention ? 'attention' : 'no attention'}: the bound is reconstruction + KL per image, and a trace ends at the canvas it scores`, async () => {
      const model = new Draw({ ...TINY, attention });
      const images = randomImages(4, 6, 5);
      const bound = model.negativeElbo(images, { rng: 3 });
      expect(bound.total.shape).toEqual([4]);
      await expectClose(bound.total, tf.add(bound.reconstruction, bound.kl), tol);
      for (const v of await bound.kl.data()) expect(v).toBeGreaterThan(0);
      // The same noise gives the same bound; other noise another one.
      const again = model.negativeElbo(images, { rng: 3 });
      await expectClose(again.total, bound.total, tol);
      const other = model.negativeElbo(images, { rng: 4 });
      expect(Math.abs((await sumOf(other.total)) - (await sumOf(bound.total)))).toBeGreaterThan(1e-3);
      // The trace with the same noise: its last canvas sigmoid(c_T) gives the reconstruction term.
      const trace = model.trace(images, { rng: 3 });
      expect(trace.canvases.shape).toEqual([3, 4, 5, 6]);
      const last = tf.reshape(tf.slice(trace.canvases, [2, 0, 0, 0], [1, 4, 5, 6]), [4, 30]);
      const x = tf.tensor2d(Float32Array.from(images.bits), [4, 30]);
      const bce = tf.neg(tf.sum(tf.add(tf.mul(x, tf.log(last)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, last)))), 1));
      await expectClose(bce, bound.reconstruction, 1e-3);
      if (attention) {
        expect(trace.read!.centreX.shape).toEqual([3, 4]);
        expect(trace.read!.size).toBe(2);
        expect(trace.write!.stride.shape).toEqual([3, 4]);
        expect(trace.write!.size).toBe(3);
      } else {
        expect(trace.read).toBeNull();
        expect(trace.write).toBeNull();
      }
      trace.dispose();
      trace.dispose(); // harmless
      tf.dispose([bound as unknown as tf.TensorContainer, again as unknown as tf.TensorContainer, other as unknown as tf.TensorContainer, last, x, bce]);
      model.dispose();
    });
  }

  it('KL: the model sums 1/2 (mu^2 + s^2 - log s^2 - 1) over latents and steps, and that is the Monte Carlo KL', async () => {
    // The closed form against E_q[log q(z) - log p(z)] on the host.
    const mu = [0.7, -1.2, 0.1];
    const logS = [-0.5, 0.3, 0.0];
    const closed = gaussianKl(tf.tensor2d([mu]), tf.tensor2d([logS]));
    const want = 0.5 * mu.reduce((s, m, d) => s + m * m + Math.exp(2 * logS[d]!) - 2 * logS[d]! - 1, 0);
    await expectClose(closed, [want], tol);
    const rng = new Rng(11);
    let mc = 0;
    const samples = 200_000;
    for (let i = 0; i < samples; i++) {
      for (let d = 0; d < 3; d++) {
        const e = rng.normal();
        const z = mu[d]! + Math.exp(logS[d]!) * e;
        mc += -logS[d]! - 0.5 * e * e + 0.5 * z * z; // log q(z) - log p(z), the 2 pi terms cancel
      }
    }
    expect(Math.abs(mc / samples - want)).toBeLessThan(0.02);
    closed.dispose();
    // In the model: a latent layer that outputs constants (zero kernel, bias = [mu, log s]) gives
    // steps x the closed form for every image, whatever the image.
    const model = new Draw({ ...TINY, latentSize: 3 });
    const weights = new Map(model.namedParameters());
    weights.get('latent.kernel')!.assign(tf.zerosLike(weights.get('latent.kernel')!));
    weights.get('latent.bias')!.assign(tf.tensor1d([...mu, ...logS]));
    const bound = model.negativeElbo(randomImages(3, 6, 5, 2));
    await expectClose(bound.kl, [3 * want, 3 * want, 3 * want], tol);
    tf.dispose(bound as unknown as tf.TensorContainer);
    model.dispose();
  });

  for (const attention of [true, false]) {
    it(`${attention ? 'attention' : 'no attention'}: gradients of the bound match finite differences`, async () => {
      const model = new Draw({ ...TINY, attention });
      const images = randomImages(3, 6, 5, 4);
      const p = new Map(model.namedParameters());
      const names = ['encoder.kernel', 'encoder.recurrentKernel', 'decoder.kernel', 'latent.kernel', 'latent.bias', 'write.kernel', 'canvas_0', 'encoder_h0', 'decoder_h0'];
      if (attention) names.push('read_attention.kernel', 'read_attention.bias', 'write_attention.kernel', 'write_attention.bias');
      const vars = Object.fromEntries(names.map((n) => [n, p.get(n)!]));
      expect(Object.values(vars).every((v) => v !== undefined)).toBe(true);
      await checkGradients(() => model.loss(images, { rng: 5 }), vars, { samples: 4, eps: 1e-2, tol: 3e-2 });
      model.dispose();
    });
  }

  for (const attention of [true, false]) {
    it(`${attention ? 'attention' : 'no attention'}: the bound falls on 64 MNIST images within 25 steps`, async () => {
      const images = selectImages(binarizedMnist('test'), Array.from({ length: 64 }, (_, i) => i * 31));
      const model = new Draw({ steps: 3, hiddenSize: 16, latentSize: 8, attention, seed: 2 }); // small: the CPU backend runs it too
      const task = drawTask(model, { train: images, dev: images, batchSize: 64 });
      const trainer = new Trainer(task, { clipNorm: 100, schedule: { kind: 'constant', lr: 1e-2 } });
      const before = trainer.evaluate(task.devBatches!());
      expect(before).toBeGreaterThan(400); // about 784 log 2 = 543 nats at the start
      const batch = task.trainBatches(0)[Symbol.iterator]().next().value as DrawImages;
      for (let s = 0; s < 25; s++) trainer.trainStep(batch);
      const after = trainer.evaluate(task.devBatches!());
      expect(after).toBeLessThan(0.6 * before); // seen: 0.46 (attention) and 0.38 (none) of it
      model.dispose();
    }, 300_000);
  }

  it('samples: every step a canvas in (0, 1) and a write window; the host read gives the boxes', async () => {
    const model = new Draw(TINY);
    const drawing = model.sample(2, new Rng(7));
    expect(drawing.canvases.shape).toEqual([3, 2, 5, 6]);
    expect(drawing.read).toBeNull();
    expect(drawing.write!.centreX.shape).toEqual([3, 2]);
    const frames = readDrawSequence(drawing);
    const framesAsync = await readDrawSequenceAsync(drawing);
    expect(framesAsync).toEqual(frames);
    expect(frames).toMatchObject({ steps: 3, batch: 2, width: 6, height: 5, read: null });
    expect(frames.canvases).toHaveLength(3);
    expect(frames.canvases[0]).toHaveLength(2 * 5 * 6);
    for (const c of frames.canvases) for (const v of c) expect(v > 0 && v < 1).toBe(true);
    const w = frames.write![2]![1]!;
    expect(w.size).toBe(3);
    expect(w.box.left).toBeCloseTo(w.centreX - w.stride, 5); // (N - 1)/2 = 1 stride from the centre
    expect(w.box.bottom).toBeCloseTo(w.centreY + w.stride, 5);
    expect(w.centreX).toBeCloseTo((await drawing.write!.centreX.data())[2 * 2 + 1]!, 5);
    // The same rng seed draws the same picture.
    const again = model.sample(2, 7);
    await expectClose(again.canvases, drawing.canvases, tol);
    drawing.dispose();
    again.dispose();
    model.dispose();
  });

  it('saves and loads: the same bound with the same noise (float32 exactly, float16 closely)', async () => {
    const model = new Draw({ ...TINY, seed: 9 });
    const images = randomImages(3, 6, 5, 6);
    const bound = model.negativeElbo(images, { rng: 8 });
    await saveDraw(join(dir, 'f32'), model, { data: { images: 'random' }, metrics: { nats: 1 } });
    await saveDraw(join(dir, 'f16'), model, { float16: true });
    const { model: loaded, manifest } = await loadDraw(join(dir, 'f32'));
    expect(manifest.kind).toBe('draw');
    expect(manifest.data).toEqual({ images: 'random' });
    expect(loaded.config).toEqual(model.config);
    const b2 = loaded.negativeElbo(images, { rng: 8 });
    await expectClose(b2.total, bound.total, tol);
    const { model: half } = await loadDraw(join(dir, 'f16'));
    const b3 = half.negativeElbo(images, { rng: 8 });
    await expectClose(b3.total, bound.total, 0.05);
    // Another kind of model in the directory is refused.
    await saveCheckpoint(join(dir, 'other'), { manifest: { kind: 'char-lm', config: {}, data: {} }, model });
    await expect(loadDraw(join(dir, 'other'))).rejects.toThrow(WeightsError);
    tf.dispose([bound, b2, b3] as unknown as tf.TensorContainer);
    for (const m of [model, loaded, half]) m.dispose();
  });

  it('leaks no tensors: scoring, tracing, sampling, a training step, and a whole model disposed', async () => {
    const images = randomImages(2, 6, 5, 1);
    const model = new Draw(TINY);
    await expectNoTensorLeak(() => model.negativeElbo(images));
    await expectNoTensorLeak(() => model.trace(images).dispose());
    await expectNoTensorLeak(() => model.sample(2).dispose());
    const trainer = new Trainer(drawTask(model, { train: images, batchSize: 2 }));
    await expectNoTensorLeak(() => void trainer.trainStep(images));
    model.dispose();
    await expectNoTensorLeak(() => {
      const m = new Draw({ ...TINY, attention: false });
      tf.dispose(m.negativeElbo(images) as unknown as tf.TensorContainer);
      m.dispose();
    });
  });

  it('says what it expected for images of the wrong size, non-binary pixels and bad configs', () => {
    const model = new Draw(TINY);
    expect(() => model.negativeElbo(randomImages(2, 5, 6))).toThrow(InputError);
    expect(() => model.negativeElbo(randomImages(2, 5, 6))).toThrow('Draw.negativeElbo: the model draws 6x5 images (width x height), got 5x6');
    const gray = { count: 1, width: 6, height: 5, bits: new Float32Array(30).fill(0.5) };
    expect(() => model.trace(gray)).toThrow('Draw.trace: DRAW models binary images (a Bernoulli per pixel): every pixel must be 0 or 1, got 0.5 at image 0, pixel 0');
    const short = { count: 2, width: 6, height: 5, bits: new Uint8Array(30) };
    expect(() => model.negativeElbo(short)).toThrow("Draw.negativeElbo: 'bits' must hold count*width*height = 60 pixels, got 30");
    expect(() => model.negativeElbo({ count: 2, bits: new Uint8Array(50) })).toThrow("Draw.negativeElbo: 'bits' must hold count*width*height = 60 pixels, got 50");
    // Without width and height, images are taken to be the model's size.
    const bare = randomImages(2, 6, 5);
    tf.dispose(model.negativeElbo({ count: 2, bits: bare.bits }) as unknown as tf.TensorContainer);
    expect(selectImages({ count: 2, bits: bare.bits }, [1])).toEqual({ count: 1, bits: bare.bits.slice(30) });
    expect(() => model.sample(0)).toThrow("Draw.sample: 'n' must be an integer >= 1, got 0");
    expect(() => new Draw({ readSize: 0 })).toThrow("Draw: 'readSize' must be an integer >= 1, got 0");
    expect(() => new Draw({ attention: 'yes' as unknown as boolean })).toThrow("Draw: 'attention' must be a boolean, got \"yes\"");
    expect(() => new Draw({ version: 2 })).toThrow('Draw: config version 2 is not readable by this library');
    expect(() => new Draw({ windowInit: 'centre' as never })).toThrow("Draw: 'windowInit' must be 'cover' or 'paper', got \"centre\"");
    model.dispose();
  });

  it("starts its windows covering the image ('cover', the default) or at the paper's zero parameters ('paper')", async () => {
    const config = { width: 28, height: 28, steps: 1, hiddenSize: 4, latentSize: 2, readSize: 2, writeSize: 5 };
    const covering = new Draw(config);
    expect(covering.config.windowInit).toBe('cover');
    await expectClose(covering.readAttention!.bias!, coveringWindow({ width: 28, height: 28, size: 2 }), 1e-6);
    await expectClose(covering.writeAttention!.bias!, coveringWindow({ width: 28, height: 28, size: 5 }, { kind: 'write' }), 1e-6);
    // Its first 2 x 2 read (from the start state h0 = 0) looks at the quadrants' centres, blurred over each quadrant.
    const drawing = covering.trace({ count: 1, bits: new Uint8Array(784).fill(1) }, { rng: 1 });
    const frames = readDrawSequence(drawing);
    expect(frames.read![0]![0]!.centreX).toBeCloseTo(13.5, 4);
    expect(frames.read![0]![0]!.stride).toBeCloseTo(14, 4);
    drawing.dispose();
    const paper = new Draw({ ...config, windowInit: 'paper' });
    await expectClose(paper.readAttention!.bias!, new Float32Array(5), 0);
    const paperDrawing = paper.trace({ count: 1, bits: new Uint8Array(784).fill(1) }, { rng: 1 });
    expect(readDrawSequence(paperDrawing).read![0]![0]!.stride).toBeCloseTo(27, 4); // edge to edge
    paperDrawing.dispose();
    covering.dispose();
    paper.dispose();
  });
});

describeBackends('drawTask', () => {
  it('shuffles each epoch by its own seed, counts images, and scores the dev images with the same noise every time', () => {
    const images = randomImages(10, 6, 5, 3);
    const model = new Draw(TINY);
    const task = drawTask(model, { train: images, dev: images, batchSize: 4, seed: 5 });
    const epoch0 = [...task.trainBatches(0)];
    expect(epoch0.map((b) => b.count)).toEqual([4, 4, 2]);
    expect([...task.trainBatches(0)]).toEqual(epoch0);
    expect([...task.trainBatches(1)]).not.toEqual(epoch0);
    expect(task.tokens!(epoch0[2]!)).toBe(2);
    expect([...drawTask(model, { train: images, batchSize: 4, trainLimit: 6 }).trainBatches(0)].map((b) => b.count)).toEqual([4, 2]);
    const trainer = new Trainer(task);
    expect(trainer.evaluate(task.devBatches!())).toBeCloseTo(trainer.evaluate(task.devBatches!()), 4);
    // Every image appears once per epoch.
    const all = epoch0.flatMap((b) => Array.from({ length: b.count }, (_, i) => Array.from(b.bits.slice(i * 30, (i + 1) * 30)).join('')));
    const original = drawBatches(images, { batchSize: 10 })[0]!;
    expect(all.sort()).toEqual(Array.from({ length: 10 }, (_, i) => Array.from(original.bits.slice(i * 30, (i + 1) * 30)).join('')).sort());
    expect(() => drawTask(model, {} as never)).toThrow("drawTask: expected { train: images, ... }");
    model.dispose();
  });

  it('warms the KL weight up from 0 to 1 over klWarmupEpochs, batch by batch; dev scores the full bound', async () => {
    const images = randomImages(8, 6, 5, 3);
    const model = new Draw(TINY);
    const task = drawTask(model, { train: images, dev: images, batchSize: 2, seed: 5, klWarmupEpochs: 2 });
    const weight = (b: unknown) => (b as { klWeight: number }).klWeight;
    expect([...task.trainBatches(0)].map(weight)).toEqual([0, 0.125, 0.25, 0.375]);
    expect([...task.trainBatches(1)].map(weight)).toEqual([0.5, 0.625, 0.75, 0.875]);
    expect([...task.trainBatches(2)].map(weight)).toEqual([1, 1, 1, 1]);
    // The loss is L^x + w L^z with the batch's weight, drawn with the same noise.
    const batch = [...task.trainBatches(1)][2]!; // w = 0.75
    const bound = model.negativeElbo(batch, { rng: 9 });
    const [rec, kl] = [await bound.reconstruction.data(), await bound.kl.data()];
    const expected = Array.from(rec, (r, i) => r + 0.75 * kl[i]!).reduce((a, b) => a + b, 0) / rec.length;
    expect(kl.some((k) => k > 1e-3)).toBe(true);
    const warm = model.loss(batch, { rng: 9, klWeight: 0.75 });
    expect((await warm.data())[0]).toBeCloseTo(expected, 3);
    const full = model.loss(batch, { rng: 9 });
    expect((await full.data())[0]).toBeGreaterThan((await warm.data())[0]!);
    // With no warm-up the batches are the plain ones; the dev loss ignores any weight.
    expect([...drawTask(model, { train: images, batchSize: 2, seed: 5 }).trainBatches(0)].every((b) => !('klWeight' in b))).toBe(true);
    const trainer = new Trainer(task);
    const plain = new Trainer(drawTask(model, { train: images, dev: images, batchSize: 2, seed: 5 }));
    expect(trainer.evaluate(task.devBatches!())).toBeCloseTo(plain.evaluate(drawTask(model, { train: images, dev: images, batchSize: 2, seed: 5 }).devBatches!()), 4);
    expect(() => model.loss(batch, { klWeight: 2 })).toThrow("Draw.loss: 'klWeight' must be a number in [0, 1], got 2");
    expect(() => drawTask(model, { train: images, klWarmupEpochs: -1 })).toThrow("drawTask: 'klWarmupEpochs' must be a number >= 0, got -1");
    tf.dispose([bound as unknown as tf.TensorContainer, warm, full]);
    model.dispose();
  });
});
