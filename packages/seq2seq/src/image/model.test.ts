/**
 * ImageToSequence on every backend: shapes, attention that sums to one over the grid, a tiny
 * model that learns to read a few synthetic symbol strings, gradients against finite
 * differences, the same loss and gradients as on the CPU backend, no leaks, clear errors for
 * images of the wrong size, and checkpoints that read the same after loading.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, WeightsError } from '@seq2seq/core';
import { afterAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { greedyDecode } from '../decoding/greedy';
import { beamSearch } from '../decoding/beam';
import { imageTokenBatch, SOS_ID, EOS_ID, type ImageSourceBatch } from './batch';
import { loadImageToSequence, saveImageToSequence } from './checkpoint';
import type { ImageToSequenceConfig } from './config';
import { ImageToSequence } from './model';
import { readImages } from './read';
import { imageToSequenceTask } from './task';
import { SymbolVocabulary } from './vocabulary';

const H = 8;
const W = 24;
const vocab = new SymbolVocabulary(['a', 'b', 'c'], '');
/** A 4x4 glyph per symbol: a bar, a cross, a frame. */
const GLYPHS: Record<string, number[]> = {
  a: [0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0],
  b: [1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1],
  c: [1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1],
};
const TINY: ImageToSequenceConfig = {
  height: H,
  width: W,
  vocabSize: vocab.size,
  stemChannels: 4,
  stemStride: 1,
  stageChannels: [6],
  blocksPerStage: 1,
  norm: 'none',
  embeddingSize: 5,
  hiddenSize: 12,
  seed: 1,
};

/** Draws each string's glyphs left to right, row `top` (default 2), 6 pixels apart. */
function drawStrings(texts: string[], top: number[] = texts.map(() => 2)): ImageSourceBatch {
  const pixels = new Float32Array(texts.length * H * W);
  texts.forEach((text, b) => {
    [...text].forEach((ch, i) => {
      const g = GLYPHS[ch]!;
      for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) pixels[b * H * W + (top[b]! + y) * W + 1 + 6 * i + x] = g[y * 4 + x]!;
    });
  });
  return { pixels, shape: { batch: texts.length, height: H, width: W, channels: 1 } };
}

function batchOf(texts: string[]) {
  return imageTokenBatch(drawStrings(texts), texts.map((t) => vocab.encode(t)));
}

describeBackends('ImageToSequence', ({ backend, tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'image-to-sequence-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('encodes an image to a grid of annotation vectors and decodes with attention over it', () => {
    for (const positions of ['learned', 'coordinates', 'none'] as const) {
      const model = new ImageToSequence({ ...TINY, stemStride: 2, positions });
      expect(model.grid).toEqual({ height: 2, width: 6 }); // 8x24 / 2 (stem) / 2 (stage)
      const enc = model.encode(drawStrings(['ab', 'c', 'cab']));
      expect(enc.features.shape).toEqual([3, 12, positions === 'coordinates' ? 8 : 6]);
      expect(enc.decoderState[0]!.h.shape).toEqual([3, 12]);
      enc.dispose();
      const out = model.forward(batchOf(['ab', 'c', 'cab']));
      expect(out.logits.shape).toEqual([3, 4, vocab.size]); // targetTime 5 = <sos> + 3 + <eos>
      expect(out.weights.shape).toEqual([3, 4, 12]);
      const sums = tf.sum(out.weights, 2).dataSync();
      for (const s of sums) expect(s).toBeCloseTo(1, 5);
      tf.dispose([out.logits, out.weights, out.labels, out.mask]);
      model.dispose();
    }
  });

  it('learns to read a few strings (greedy and beam decoding)', async () => {
    const texts = ['abc', 'ca', 'b', 'bba', 'cab', 'acca'];
    const model = new ImageToSequence({ ...TINY, stemChannels: 8, stageChannels: [12], hiddenSize: 24 });
    const batch = batchOf(texts);
    const trainer = new Trainer(imageToSequenceTask(model, { trainBatches: () => [batch] }), { epochs: 100, schedule: { kind: 'constant', lr: 0.02 }, clipNorm: 5 });
    const first = trainer.evaluate([batch]);
    await trainer.fit();
    const last = trainer.evaluate([batch]);
    expect(last).toBeLessThan(first / 10);
    const readings = readImages(model, vocab, drawStrings(texts));
    expect(readings.map((r) => r.text)).toEqual(texts);
    const beams = readImages(model, vocab, drawStrings(texts), { beamWidth: 3 });
    expect(beams.map((r) => r.text)).toEqual(texts);
    expect(readings[0]!.grid).toEqual(model.grid);
    expect(readings[0]!.attention[0]!.length).toBe(model.grid.height * model.grid.width);
    model.dispose();
  });

  it('has the gradients of finite differences (encoder, positions, initial state, decoder)', async () => {
    const model = new ImageToSequence({ ...TINY, stemStride: 2, cell: 'lstm', attention: 'additive' });
    const batch = batchOf(['ab', 'c']);
    const named = new Map(model.namedParameters());
    const pick = ['encoder.stem.kernel', 'encoder.position_embedding', 'encoder.stage0_block0.conv1.kernel', 'init_h.kernel', 'init_c.kernel', 'attention.W1', 'combine.kernel', 'embedding.weight', 'output.bias'];
    const vars: Record<string, tf.Variable> = {};
    for (const name of pick) {
      const v = named.get(name);
      expect(v, `parameter '${name}' among ${[...named.keys()].join(', ')}`).toBeDefined();
      vars[name] = v!;
    }
    await checkGradients(() => model.loss(batch), vars, { samples: 4, eps: 1e-2, tol: 3e-2 });
    model.dispose();
  });

  it('antialias: the same weights and grid, stride-1 convolutions blur-pooled, gradients of finite differences, no leak', async () => {
    const plain = new ImageToSequence({ ...TINY, stemStride: 2, norm: 'batch', seed: 4 });
    const blurred = new ImageToSequence({ ...TINY, stemStride: 2, norm: 'batch', seed: 4, antialias: true });
    expect(blurred.config.antialias).toBe(true);
    expect(plain.config.antialias).toBe(false);
    expect(blurred.grid).toEqual(plain.grid);
    expect(blurred.namedParameters().map(([n, v]) => `${n}:${v.shape}`)).toEqual(plain.namedParameters().map(([n, v]) => `${n}:${v.shape}`));
    expect(blurred.encoder.stem.stride).toEqual([1, 1]);
    expect(blurred.encoder.blocks[0]!.conv1.stride).toEqual([1, 1]);
    const batch = batchOf(['ab', 'c']);
    const [a, b] = [plain.loss(batch), blurred.loss(batch)];
    expect(Math.abs(a.dataSync()[0]! - b.dataSync()[0]!)).toBeGreaterThan(1e-6); // same weights, other features
    tf.dispose([a, b]);
    const named = new Map(blurred.namedParameters());
    const vars = Object.fromEntries(['encoder.stem.kernel', 'encoder.stage0_block0.conv1.kernel', 'encoder.stage0_block0.shortcut.kernel'].map((n) => [n, named.get(n)!]));
    await checkGradients(() => blurred.loss(batch), vars, { samples: 4, eps: 1e-2, tol: 3e-2 });
    await expectNoTensorLeak(() => tf.variableGrads(() => blurred.loss(batch), blurred.trainableVariables()));
    expect(() => new ImageToSequence({ ...TINY, antialias: 1 as never })).toThrow(/'antialias' must be a boolean/);
    plain.dispose();
    blurred.dispose();
  });

  it('initialAttention: the other weights unchanged, reads as before until trained (V = 0), gradients of finite differences, no leak', async () => {
    const plain = new ImageToSequence({ ...TINY, stemStride: 2, cell: 'lstm', seed: 5 });
    const pooled = new ImageToSequence({ ...TINY, stemStride: 2, cell: 'lstm', seed: 5, initialAttention: true });
    expect(pooled.config.initialAttention).toBe(true);
    expect(plain.config.initialAttention).toBe(false);
    const extra = ['init_c_attended.kernel', 'init_h_attended.kernel', 'init_query.kernel'];
    const plainNames = new Map(plain.namedParameters());
    const named = new Map(pooled.namedParameters());
    expect([...named.keys()].filter((n) => !plainNames.has(n)).sort()).toEqual(extra);
    for (const [n, v] of plainNames) await expectClose(named.get(n)!, v, 0);
    const batch = batchOf(['ab', 'c']);
    const [a, b] = [plain.loss(batch), pooled.loss(batch)];
    expect(Math.abs(a.dataSync()[0]! - b.dataSync()[0]!)).toBeLessThan(1e-6); // V = 0: the same initial state
    tf.dispose([a, b]);
    // Once V moves, the pooled summary changes the initial state: the query and V get gradients.
    tf.tidy(() => named.get('init_h_attended.kernel')!.assign(tf.randomNormal(named.get('init_h_attended.kernel')!.shape, 0, 0.3, 'float32', 9)));
    tf.tidy(() => named.get('init_c_attended.kernel')!.assign(tf.randomNormal(named.get('init_c_attended.kernel')!.shape, 0, 0.3, 'float32', 10)));
    const vars = Object.fromEntries([...extra, 'init_h.kernel'].map((n) => [n, named.get(n)!]));
    await checkGradients(() => pooled.loss(batch), vars, { samples: 4, eps: 1e-2, tol: 3e-2 });
    await expectNoTensorLeak(() => tf.variableGrads(() => pooled.loss(batch), pooled.trainableVariables()));
    expect(() => new ImageToSequence({ ...TINY, initialAttention: 'yes' as never })).toThrow(/'initialAttention' must be a boolean/);
    plain.dispose();
    pooled.dispose();
  });

  it.skipIf(backend === 'cpu')('gives the loss and gradients of the CPU backend', async () => {
    const batch = batchOf(['abc', 'c']);
    const run = () => {
      const model = new ImageToSequence({ ...TINY, stemStride: 2 });
      const vars = model.trainableVariables();
      const { value, grads } = tf.variableGrads(() => model.loss(batch), vars);
      const out = { loss: value.dataSync()[0]!, grads: vars.map((v) => Array.from(grads[v.name]!.dataSync())) };
      tf.dispose([value, ...Object.values(grads)]);
      model.dispose();
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

  it('leaks no tensors in a training step, a greedy read or a beam search', async () => {
    const model = new ImageToSequence({ ...TINY, stemStride: 2, positions: 'coordinates' });
    const batch = batchOf(['ab', 'c']);
    const vars = model.trainableVariables();
    await expectNoTensorLeak(() => tf.variableGrads(() => model.loss(batch), vars));
    await expectNoTensorLeak(() => readImages(model, vocab, drawStrings(['ab', 'c']), { maxLength: 4 }));
    await expectNoTensorLeak(() => {
      const enc = model.encode(drawStrings(['ab', 'c']));
      const s = model.stepModel(enc);
      beamSearch(s.model, s.initialState, 2, { startToken: SOS_ID, endToken: EOS_ID, maxLength: 3, beamWidth: 2 });
      s.dispose();
      enc.dispose();
    });
    model.dispose();
  });

  it('rejects images of the wrong size or channels, and bad targets, saying what it expected', () => {
    const model = new ImageToSequence(TINY);
    const small = { pixels: new Float32Array(2 * 8 * 20), shape: { batch: 2, height: 8, width: 20, channels: 1 } };
    expect(() => model.encode(small)).toThrow(InputError);
    expect(() => model.encode(small)).toThrow(/reads 24x8 images with 1 channel\(s\).*got 20x8 with 1/);
    const rgb = { pixels: new Float32Array(H * W * 3), shape: { batch: 1, height: H, width: W, channels: 3 } };
    expect(() => model.encode(rgb)).toThrow(/got 24x8 with 3 channel/);
    const short = { pixels: new Float32Array(5), shape: { batch: 1, height: H, width: W, channels: 1 } };
    expect(() => model.encode(short)).toThrow(/'pixels' must hold .* 192 values, got 5/);
    const bad = { ...batchOf(['ab']), targetLengths: new Int32Array(3) };
    expect(() => model.loss(bad)).toThrow(/'targetLengths' must be an Int32Array of 1/);
    expect(() => new ImageToSequence({ ...TINY, stageChannels: 8 as never })).toThrow(/'stageChannels' must be an array/);
    expect(() => new ImageToSequence({ ...TINY, norm: 'layer' as never })).toThrow(/'norm' must be one of batch, group, none/);
    model.dispose();
  });

  it('saves and loads a checkpoint that reads the same, with its vocabulary', async () => {
    const model = new ImageToSequence({ ...TINY, stemStride: 2 });
    const images = drawStrings(['abc', 'ba']);
    const before = readImages(model, vocab, images, { maxLength: 5 });
    const path = join(dir, backend);
    await saveImageToSequence(path, model, vocab, { data: { task: 'test' } });
    const loaded = await loadImageToSequence(path);
    expect(loaded.vocabulary.toJSON()).toEqual(vocab.toJSON());
    expect(loaded.manifest.kind).toBe('image-to-sequence');
    const after = readImages(loaded.model, loaded.vocabulary, images, { maxLength: 5 });
    expect(after.map((r) => r.tokens)).toEqual(before.map((r) => r.tokens));
    await expectClose(tf.tensor(after[0]!.attention), before[0]!.attention, tolerance);
    loaded.model.dispose();
    model.dispose();
    await expect(loadImageToSequence(join(dir, 'nothing'))).rejects.toThrow(WeightsError);
  });

  it('rebuilds from its JSON config (defaults filled in, seed included) with the same weights', () => {
    const a = new ImageToSequence({ ...TINY, seed: 7 });
    const json = JSON.parse(JSON.stringify(a.config));
    expect(json).toMatchObject({ version: 1, height: H, width: W, positions: 'learned', cell: 'lstm', attention: 'general', inputFeeding: true, seed: 7 });
    const b = new ImageToSequence(json);
    const wb = new Map(b.namedParameters());
    for (const [name, v] of a.namedParameters()) expect(Array.from(wb.get(name)!.dataSync()), name).toEqual(Array.from(v.dataSync()));
    a.dispose();
    b.dispose();
    expect(() => new ImageToSequence({ ...TINY, version: 2 })).toThrow(/config version 2 is not readable/);
  });

  it('decodes with the shared greedy decoder from a step model', () => {
    const model = new ImageToSequence(TINY).eval();
    const enc = model.encode(drawStrings(['a']));
    const s = model.stepModel(enc);
    const [h] = greedyDecode(s.model, s.initialState, 1, { startToken: SOS_ID, endToken: EOS_ID, maxLength: 3 });
    expect(h!.attention.length).toBe(h!.tokens.length + (h!.finished ? 1 : 0));
    s.dispose();
    enc.dispose();
    model.dispose();
  });
});
