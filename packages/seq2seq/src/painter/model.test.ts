/**
 * The Painter on every backend: strokes and canvases of the right shapes and ranges, a loss that
 * falls on 64 (downsampled) MNIST digits in a few dozen Trainer steps, gradients against finite
 * differences, checkpoints that paint the same after loading, no leaks, and clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, WeightsError } from '@seq2seq/core';
import { imageBatch, mnistPools, resizeBilinear } from '@seq2seq/datasets/images';
import { afterAll, expect, it } from 'vitest';
import type { ImageSourceBatch } from '../image/batch';
import { Trainer } from '../training/trainer';
import { loadPainter, savePainter } from './checkpoint';
import type { PainterConfig } from './config';
import { Painter } from './model';
import { readPaintings, readPaintingsAsync } from './read';
import { painterTask } from './task';

const SIDE = 10;
const TINY: PainterConfig = { size: SIDE, steps: 3, encoderSizes: [16], featureSize: 12, hiddenSize: 16, samples: 4, seed: 1 };

/** `count` training digits (every digit in turn), downsampled to `side` x `side`, as one batch. */
function digits(count: number, side = SIDE): ImageSourceBatch {
  const pools = mnistPools().train;
  const images = Array.from({ length: count }, (_, i) => resizeBilinear(pools[i % 10]![Math.floor(i / 10)]!, side, side));
  const batch = imageBatch(images);
  return { pixels: batch.pixels, shape: { ...batch.shape } };
}

describeBackends('Painter', ({ backend, tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'painter-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('paints strokes in range and canvases that only gain ink (screen), with either encoder', async () => {
    for (const encoder of ['mlp', 'conv'] as const) {
      const model = new Painter({ ...TINY, encoder, encoderSizes: encoder === 'conv' ? [4, 6] : [16], minWidth: 0.1, maxWidth: 0.3 });
      const painting = model.paint(digits(3));
      expect(painting.strokes.shape).toEqual([3, 3, 8]);
      expect(painting.canvases.shape).toEqual([3, 3, SIDE, SIDE]);
      const strokes = await painting.strokes.data();
      strokes.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        if (i % 8 === 6) {
          expect(v, 'width').toBeGreaterThanOrEqual(0.1 - 1e-6);
          expect(v, 'width').toBeLessThanOrEqual(0.3 + 1e-6);
        }
      });
      const canvases = await painting.canvases.data();
      const area = SIDE * SIDE;
      for (let b = 0; b < 3; b++) {
        for (let t = 1; t < 3; t++) {
          for (let p = 0; p < area; p++) expect(canvases[(b * 3 + t) * area + p]!).toBeGreaterThanOrEqual(canvases[(b * 3 + t - 1) * area + p]! - 1e-6);
        }
      }
      painting.dispose();
      painting.dispose(); // twice is harmless
      model.dispose();
    }
  });

  it('learns: the reconstruction loss on 64 digits falls in a few dozen Trainer steps', async () => {
    const data = digits(64);
    const batches = [0, 1].map((b) => ({ pixels: data.pixels.slice(b * 32 * SIDE * SIDE, (b + 1) * 32 * SIDE * SIDE), shape: { ...data.shape, batch: 32 } }));
    const model = new Painter({ ...TINY, steps: 4, encoderSizes: [32], featureSize: 32, hiddenSize: 32, minWidth: 0.1, maxWidth: 0.3 });
    const trainer = new Trainer(painterTask(model, { trainBatches: () => batches, devBatches: () => [data] }), { epochs: 15, schedule: { kind: 'constant', lr: 0.01 } });
    const first = trainer.evaluate([data]);
    let images = 0;
    await trainer.fit({ onBatchEnd: (e) => void (images = e.tokensPerSecond > 0 ? images + 32 : images) });
    const last = trainer.evaluate([data]);
    expect(images).toBe(30 * 32); // tokens are images
    expect(last, `BCE per pixel: ${first} before, ${last} after 30 steps`).toBeLessThan(0.75 * first);
    // Below painting nothing useful: the BCE of the best constant canvas (the mean pixel).
    const mean = data.pixels.reduce((s, v) => s + v, 0) / data.pixels.length;
    const constant = data.pixels.reduce((s, v) => s - (v * Math.log(mean) + (1 - v) * Math.log(1 - mean)), 0) / data.pixels.length;
    expect(last, `constant canvas: ${constant}`).toBeLessThan(constant);
    model.dispose();
  }, 120_000);

  it('has the gradients of finite differences (policy, head, encoder), with step weighting', async () => {
    const model = new Painter({ ...TINY, size: 6, steps: 2, softness: 2, stepLossWeight: 0.5, loss: 'mse' });
    const images = digits(2, 6);
    const named = new Map(model.namedParameters());
    const vars: Record<string, tf.Variable> = {};
    for (const name of ['head.kernel', 'head.bias', 'policy.kernel', 'encoder.mlp.l0.kernel']) {
      expect(named.get(name), `parameter '${name}' among ${[...named.keys()].join(', ')}`).toBeDefined();
      vars[name] = named.get(name)!;
    }
    await checkGradients(() => model.loss(images), vars, { samples: 4, eps: 1e-2, tol: 3e-2 });
    model.dispose();
  });

  it('leaks no tensors in a training step, a painting or a read', async () => {
    const model = new Painter({ ...TINY, encoder: 'conv', encoderSizes: [4], stepLossWeight: 0.2 });
    const images = digits(2);
    const vars = model.trainableVariables();
    await expectNoTensorLeak(() => tf.variableGrads(() => model.loss(images), vars));
    await expectNoTensorLeak(() => model.paint(images).dispose());
    await expectNoTensorLeak(() => readPaintings(model, images));
    await expectNoTensorLeak(() => readPaintingsAsync(model, images));
    model.dispose();
  });

  it('reads paintings back per image, step by step, synchronously and asynchronously', async () => {
    const model = new Painter(TINY);
    const images = digits(2);
    const read = readPaintings(model, images);
    expect(read).toHaveLength(2);
    expect(read[1]!.strokes).toHaveLength(3);
    expect(read[1]!.strokes[2]).toHaveLength(8);
    expect(read[1]!.canvases).toHaveLength(3);
    expect(read[1]!.canvases[2]!.length).toBe(SIDE * SIDE);
    const painting = model.paint(images);
    await expectClose(tf.tensor(read[1]!.strokes), (await painting.strokes.array())[1]!, tolerance);
    painting.dispose();
    const later = await readPaintingsAsync(model, images);
    expect(later[0]!.strokes).toEqual(read[0]!.strokes);
    model.dispose();
  });

  it('saves and loads a checkpoint that paints the same', async () => {
    const model = new Painter({ ...TINY, compositing: 'over', seed: 3 });
    const images = digits(2);
    const before = readPaintings(model, images);
    const path = join(dir, backend);
    await savePainter(path, model, { data: { dataset: 'mnist' } });
    const loaded = await loadPainter(path);
    expect(loaded.manifest.kind).toBe('painter');
    expect(loaded.manifest.data).toEqual({ dataset: 'mnist' });
    expect(loaded.model.config).toEqual(model.config);
    const after = readPaintings(loaded.model, images);
    await expectClose(tf.tensor(after.map((p) => p.strokes)), before.map((p) => p.strokes), tolerance);
    await expectClose(tf.tensor(after[1]!.canvases[2]!), before[1]!.canvases[2]!, tolerance);
    loaded.model.dispose();
    model.dispose();
    await expect(loadPainter(join(dir, 'nothing'))).rejects.toThrow(WeightsError);
  });

  it('rejects images of the wrong size, channels or range, and bad configs, saying what it expected', () => {
    const model = new Painter(TINY);
    const wrong = { pixels: new Float32Array(2 * 8 * 10), shape: { batch: 2, height: 8, width: 10, channels: 1 } };
    expect(() => model.paint(wrong)).toThrow(InputError);
    expect(() => model.paint(wrong)).toThrow(/paints 10x10 images with 1 channel \(width x height\), got 10x8 with 1/);
    const rgb = { pixels: new Float32Array(3 * 100), shape: { batch: 1, height: 10, width: 10, channels: 3 } };
    expect(() => model.loss(rgb)).toThrow(/got 10x10 with 3 channel/);
    const short = { pixels: new Float32Array(5), shape: { batch: 1, height: 10, width: 10, channels: 1 } };
    expect(() => model.paint(short)).toThrow(/'pixels' must hold batch\*height\*width = 100 values, got 5/);
    const bytes = { pixels: new Float32Array(100).fill(255), shape: { batch: 1, height: 10, width: 10, channels: 1 } };
    expect(() => model.paint(bytes)).toThrow(/pixel values must be in \[0, 1\], got 255 at index 0/);
    expect(() => model.paint(null as never)).toThrow(/expected an image batch/);
    expect(() => new Painter({ ...TINY, minWidth: 0.3, maxWidth: 0.2 })).toThrow(/'maxWidth' \(0.2\) must be at least 'minWidth' \(0.3\)/);
    expect(() => new Painter({ ...TINY, maxWidth: 1.5 })).toThrow(/'maxWidth' must be a number in \[0, 1\], got 1.5/);
    expect(() => new Painter({ ...TINY, encoder: 'rnn' as never })).toThrow(/'encoder' must be one of conv, mlp, got "rnn"/);
    expect(() => new Painter({ ...TINY, compositing: 'add' as never })).toThrow(/'compositing' must be one of screen, over/);
    expect(() => new Painter({ ...TINY, steps: 0 })).toThrow(/'steps' must be an integer >= 1, got 0/);
    expect(() => new Painter({ ...TINY, version: 2 })).toThrow(/config version 2 is not readable/);
    expect(() => painterTask(model, {} as never)).toThrow(/painterTask: expected \{ trainBatches/);
    model.dispose();
  });

  it('rebuilds from its JSON config (defaults filled in, seed included) with the same weights', () => {
    const a = new Painter({ ...TINY, seed: 7 });
    const json = JSON.parse(JSON.stringify(a.config));
    expect(json).toMatchObject({ version: 1, size: SIDE, encoder: 'mlp', compositing: 'screen', loss: 'bce', stepLossWeight: 0, seed: 7 });
    const b = new Painter(json);
    const wb = new Map(b.namedParameters());
    for (const [name, v] of a.namedParameters()) expect(Array.from(wb.get(name)!.dataSync()), name).toEqual(Array.from(v.dataSync()));
    a.dispose();
    b.dispose();
  });
});
