/**
 * The character language model on every backend: a state carried across windows equals one long
 * run, the stateful TBPTT task's gradient is the detached window gradient (and that matches
 * finite differences), the score of a hand-made model equals a hand computation, sampling is
 * reproducible from a seed, and nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { CharVocabulary, tbpttBatches } from '@seq2seq/datasets';
import { afterAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { charLanguageModelTask } from './task';
import { CharLanguageModel, flatState } from './model';
import { sampleChars, streamChars } from './sample';
import { loadCharLanguageModel, saveCharLanguageModel } from './checkpoint';
import type { CharLanguageModelConfig } from './config';

const vocab = new CharVocabulary();
const TEXT = 'Happy families are all alike; every unhappy family is unhappy in its own way.\n';

function ids2d(text: string, rows: number): tf.Tensor2D {
  const { ids } = vocab.encode(text);
  return tf.tensor2d(ids, [rows, ids.length / rows], 'int32');
}

describeBackends('CharLanguageModel', ({ tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'char-lm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const cfg of [
    { cell: 'lstm', hiddenSize: 6, numLayers: 2, dropout: 0 },
    { cell: 'gru', hiddenSize: 5, numLayers: 1, embeddingSize: 4, dropout: 0 },
  ] satisfies CharLanguageModelConfig[]) {
    it(`carries its state across two windows exactly as one long run (${cfg.cell})`, async () => {
      const model = new CharLanguageModel({ ...cfg, seed: 3 });
      const long = ids2d('Anna came in.Levin went out', 1); // 27 characters
      const a = tf.slice(long, [0, 0], [1, 13]) as tf.Tensor2D;
      const b = tf.slice(long, [0, 13], [1, 14]) as tf.Tensor2D;
      const whole = model.forward(long);
      const first = model.forward(a);
      const second = model.forward(b, { initialState: first.state });
      await expectClose(tf.concat([first.logits, second.logits], 1), await whole.logits.array(), tolerance);
      for (const [i, s] of second.state.entries()) await expectClose(s.h, await whole.state[i]!.h.array(), tolerance);
      tf.dispose([long, a, b, whole as never, first as never, second as never]);
      model.dispose();
    });
  }

  it('trains window by window with the carried state detached (task = window loss from a constant state; finite differences)', async () => {
    const model = new CharLanguageModel({ cell: 'lstm', hiddenSize: 4, numLayers: 2, dropout: 0, seed: 1 });
    const { ids } = vocab.encode(TEXT);
    const task = charLanguageModelTask(model, { train: ids, batchSize: 2, seqLen: 5 });
    const [w0, w1] = [...task.trainBatches(0)] as [never, never] as unknown as Array<{ inputs: Int32Array; targets: Int32Array; batch: number; time: number }>;
    const t = (a: Int32Array) => tf.tensor2d(a, [w1!.batch, w1!.time], 'int32');
    // The state the task carries into window 1 is the final state of window 0 from zeros.
    const s0 = model.windowLoss(t(w0!.inputs), t(w0!.targets));
    tf.tidy(() => task.loss(w0 as never, true));
    const vars = model.trainableVariables();
    const taskGrads = tf.variableGrads(() => task.loss(w1 as never, true), vars);
    const windowGrads = tf.variableGrads(() => tf.tidy(() => model.windowLoss(t(w1!.inputs), t(w1!.targets), s0.state).loss), vars);
    await expectClose(taskGrads.value, await windowGrads.value.array(), tolerance);
    for (const v of vars) await expectClose(taskGrads.grads[v.name]!, await windowGrads.grads[v.name]!.array(), tolerance);
    // ... and that gradient is the derivative of the window's loss with the carried state held fixed.
    const named = Object.fromEntries(model.namedParameters());
    await checkGradients(() => tf.tidy(() => model.windowLoss(t(w1!.inputs), t(w1!.targets), s0.state).loss), named, { eps: 1e-2, tol: 2e-2, samples: 3 });
    tf.dispose([s0.loss, ...flatState(s0.state), taskGrads.value, windowGrads.value, ...Object.values(taskGrads.grads), ...Object.values(windowGrads.grads)]);
    task.dispose();
    model.dispose();
  });

  it('resets the carried state at every epoch start and after a skipped window (a resumed run)', async () => {
    const model = new CharLanguageModel({ cell: 'rnn', hiddenSize: 3, numLayers: 1, dropout: 0 });
    const { ids } = vocab.encode(TEXT);
    const task = charLanguageModelTask(model, { train: ids, batchSize: 3, seqLen: 4 });
    const batches = task.trainBatches(0) as ReturnType<typeof tbpttBatches>;
    const lossOf = (i: number) => tf.tidy(() => task.loss(batches[i]!, true).dataSync()[0]!);
    const fresh = (i: number) => {
      const b = batches[i]!;
      const r = model.windowLoss(tf.tensor2d(b.inputs, [b.batch, b.time], 'int32'), tf.tensor2d(b.targets, [b.batch, b.time], 'int32'));
      const v = r.loss.dataSync()[0]!;
      tf.dispose([r.loss, ...flatState(r.state)]);
      return v;
    };
    const l0 = lossOf(0);
    const l1 = lossOf(1);
    expect(l0).toBeCloseTo(fresh(0), 5);
    expect(Math.abs(l1 - fresh(1))).toBeGreaterThan(1e-4); // window 1 starts from window 0's state, not zeros
    expect(lossOf(0)).toBeCloseTo(l0, 5); // a new epoch: zeros again
    expect(lossOf(3)).toBeCloseTo(fresh(3), 5); // windows 1-2 skipped (resume): zeros
    task.dispose();
    model.dispose();
  });

  it('scores a hand-made model exactly as a hand computation', async () => {
    // A plain tanh RNN with 2 units, one-hot input, weights set by hand.
    const model = new CharLanguageModel({ cell: 'rnn', hiddenSize: 2, numLayers: 1, dropout: 0 });
    const V = vocab.size;
    const W = Array.from({ length: V }, () => [0, 0]);
    W[vocab.id('a')] = [1, 0];
    W[vocab.id('b')] = [0, 1.5];
    W[vocab.id(' ')] = [-0.5, 0.5];
    const U = [[0.3, -0.2], [0.4, 0.1]];
    const bias = [0.1, -0.1];
    const R = [Array.from({ length: V }, (_, v) => (v === vocab.id('b') ? 2 : v === vocab.id('a') ? -1 : 0)), Array.from({ length: V }, (_, v) => (v === vocab.id('a') ? 3 : v === vocab.id(' ') ? 1 : 0))];
    const rb = Array.from({ length: V }, (_, v) => (v === vocab.id('\n') ? 0.5 : 0));
    const cell = model.rnn.cells[0]![0]!;
    tf.tidy(() => {
      cell.kernel.assign(tf.tensor2d(W));
      cell.recurrentKernel.assign(tf.tensor2d(U));
      cell.bias.assign(tf.tensor1d(bias));
      model.readout.kernel.assign(tf.tensor2d(R));
      model.readout.bias!.assign(tf.tensor1d(rb));
    });
    const text = 'ab ba\nab!é';
    // By hand: h_t = tanh(W[c_t] + h_{t-1} U + b), logits = h_t R + rb, nll of c_{t+1}.
    const { ids } = vocab.encode(text);
    let h = [0, 0];
    let nll = 0;
    for (let t = 0; t + 1 < ids.length; t++) {
      const x = W[ids[t]!]!;
      h = [0, 1].map((j) => Math.tanh(x[j]! + h[0]! * U[0]![j]! + h[1]! * U[1]![j]! + bias[j]!));
      const logits = Array.from({ length: V }, (_, v) => h[0]! * R[0]![v]! + h[1]! * R[1]![v]! + rb[v]!);
      const lse = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
      nll += lse - logits[ids[t + 1]!]!;
    }
    const expected = nll / (ids.length - 1);
    const got = model.score(text);
    expect(got.chars).toBe(10);
    expect(got.unknownChars).toBe(1);
    expect(got.natsPerChar).toBeCloseTo(expected, 4);
    expect(got.bitsPerChar).toBeCloseTo(expected / Math.LN2, 4);
    expect((await model.scoreAsync(text)).natsPerChar).toBeCloseTo(expected, 4);
    expect(() => model.score('a')).toThrow('expected a text of at least 2 characters, got 1');
    model.dispose();
  });

  it('samples reproducibly from a seed, streams the same characters, and takes the argmax at temperature 0', async () => {
    const model = new CharLanguageModel({ cell: 'gru', hiddenSize: 8, numLayers: 2, seed: 2 });
    const a = sampleChars(model, { prime: 'Anna', length: 40, seed: 7 });
    const streamed: string[] = [];
    const b = sampleChars(model, { prime: 'Anna', length: 40, seed: 7, onChar: (c) => streamed.push(c) });
    expect(a).toHaveLength(40);
    expect(b).toBe(a);
    expect(streamed.join('')).toBe(a);
    let iterated = '';
    for await (const c of streamChars(model, { prime: 'Anna', length: 40, seed: 7 })) iterated += c;
    expect(iterated).toBe(a);
    expect(sampleChars(model, { prime: 'Anna', length: 40, seed: 8 })).not.toBe(a);
    // Temperature 0 and top-1 both follow the most probable character.
    const greedy = sampleChars(model, { prime: 'Anna', length: 5, temperature: 0 });
    expect(sampleChars(model, { prime: 'Anna', length: 5, topK: 1, seed: 99 })).toBe(greedy);
    let text = 'Anna';
    for (let i = 0; i < 5; i++) {
      const { state, logProbs } = model.prime(text);
      text += vocab.char(tf.tidy(() => tf.argMax(logProbs, 1).dataSync()[0]!));
      tf.dispose([logProbs, ...flatState(state)]);
    }
    expect(greedy).toBe(text.slice(4));
    expect(() => sampleChars(model, { temperature: -1 })).toThrow("'temperature' must be a finite number >= 0");
    await expectNoTensorLeak(() => sampleChars(model, { length: 5, topK: 3 }));
    model.dispose();
  });

  it('completes a prefix with its most probable continuations, and reports units and gates', async () => {
    const model = new CharLanguageModel({ cell: 'gru', hiddenSize: 6, numLayers: 2, seed: 4 });
    const top = model.complete('Hap', { k: 3, maxLength: 1 });
    const { state, logProbs } = model.prime('Hap');
    const lp = Array.from(logProbs.dataSync());
    tf.dispose([logProbs, ...flatState(state)]);
    const best = lp.map((l, i) => [l, i] as const).sort((x, y) => y[0] - x[0]).slice(0, 3);
    expect(top.map((c) => c.text)).toEqual(best.map(([, i]) => vocab.char(i)));
    for (const [j, c] of top.entries()) expect(c.probability).toBeCloseTo(Math.exp(best[j]![0]), 5);
    const longer = model.complete('Hap', { k: 4, maxLength: 6 });
    expect(longer).toHaveLength(4);
    expect(longer.every((c, i) => i === 0 || c.probability <= longer[i - 1]!.probability)).toBe(true);
    expect(longer.every((c) => c.text.length >= 1 && c.text.length <= 6)).toBe(true);

    const units = model.units('Levin', { layer: 1, units: [0, 5] });
    expect(units.chars).toEqual(['L', 'e', 'v', 'i', 'n']);
    expect(units.h).toHaveLength(5);
    expect(units.h[0]).toHaveLength(2);
    expect(units.r).toHaveLength(5);
    expect(units.z!.flat().every((v) => v > 0 && v < 1)).toBe(true);
    model.eval(); // forward's dropout off, as units has it
    const run = model.forward(ids2d('Levin', 1));
    const topH = Array.from(run.state[1]!.h.dataSync());
    expect(units.h[4]![1]).toBeCloseTo(topH[5]!, 4); // the last step's hidden state is the final state
    tf.dispose(run as never);
    await expectNoTensorLeak(() => {
      model.complete('Hap', { k: 2, maxLength: 3 });
      model.units('ab');
    });
    model.dispose();
  });

  it('reports the memory cell of an LSTM unit over a text', async () => {
    const model = new CharLanguageModel({ cell: 'lstm', hiddenSize: 3, numLayers: 1, seed: 5 });
    const units = model.units('(a)');
    model.eval();
    const run = model.forward(ids2d('(a)', 1));
    expect(units.c).toHaveLength(3);
    for (let u = 0; u < 3; u++) expect(units.c![2]![u]).toBeCloseTo(run.state[0]!.c!.dataSync()[u]!, 4);
    tf.dispose(run as never);
    model.dispose();
  });

  it('measures how much each earlier character contributed to a prediction (connectivity)', async () => {
    // Without recurrent weights only the last input reaches the prediction: every earlier
    // gradient is zero. With them, earlier characters contribute, and the gradient of the last
    // input matches a finite difference of the log-probability.
    const model = new CharLanguageModel({ cell: 'rnn', hiddenSize: 4, numLayers: 1, seed: 8 });
    const U = model.rnn.cells[0]![0]!.recurrentKernel;
    const saved = U.clone();
    tf.tidy(() => U.assign(tf.zerosLike(U)));
    const cut = model.connectivity('abcd');
    expect(cut).toMatchObject({ position: 2, target: 'd', chars: ['a', 'b', 'c', 'd'] });
    expect(cut.magnitudes.slice(0, 2)).toEqual([0, 0]);
    expect(cut.magnitudes[2]).toBeGreaterThan(1e-4);
    tf.tidy(() => U.assign(saved));
    const full = model.connectivity('abcd', { position: 2 });
    expect(full.magnitudes.every((m) => m > 1e-6)).toBe(true);
    model.eval();
    const V = vocab.size;
    const base = tf.tidy(() => tf.cast(tf.oneHot(ids2d('abc', 1), V), 'float32').arraySync() as number[][][]);
    const logProb = (x: number[][][]) =>
      tf.tidy(() => {
        const { output } = model.rnn.apply(tf.tensor3d(x));
        const last = tf.reshape(tf.slice(output, [0, 2, 0], [1, 1, 4]), [1, 4]);
        return tf.logSoftmax(model.readout.apply(last)).dataSync()[vocab.id('d')]!;
      });
    const eps = 1e-2;
    for (let t = 0; t < 3; t++) {
      let sq = 0;
      for (let v = 0; v < V; v++) {
        const at = (d: number) => logProb(base.map((row) => row.map((x, j) => (j === t ? x.map((y, k) => (k === v ? y + d : y)) : x))));
        const fd = (at(eps) - at(-eps)) / (2 * eps);
        sq += fd * fd;
      }
      expect(full.magnitudes[t]).toBeCloseTo(Math.sqrt(sq), 2); // the gradient norm is the finite differences'
    }
    expect(() => model.connectivity('abcd', { position: 3 })).toThrow("'position' must be an integer in [0, 2]");
    await expectNoTensorLeak(() => model.connectivity('abc'));
    saved.dispose();
    model.dispose();
  });

  it('learns a repetitive text with the Trainer, without leaking tensors, and saves and loads', async () => {
    const model = new CharLanguageModel({ cell: 'lstm', hiddenSize: 16, numLayers: 1, dropout: 0.1, seed: 6 });
    const { ids } = vocab.encode('abcd.'.repeat(60));
    const task = charLanguageModelTask(model, { train: ids, dev: vocab.encode('abcd.'.repeat(12)).ids, batchSize: 4, seqLen: 10 });
    const trainer = new Trainer(task, { epochs: 20, clipNorm: 5, schedule: { kind: 'constant', lr: 2e-2 } });
    const batch = [...task.trainBatches(0)][0]!;
    await expectNoTensorLeak(() => {
      trainer.trainStep(batch);
    });
    await trainer.fit();
    const dev = trainer.evaluate(task.devBatches!());
    expect(dev).toBeLessThan(0.3); // from ln 98 = 4.6 nats: the pattern is learnt
    const before = model.score('abcd.abcd.ab');
    await saveCharLanguageModel(join(dir, 'm'), model);
    const { model: loaded, manifest } = await loadCharLanguageModel(join(dir, 'm'));
    expect(manifest.kind).toBe('char-lm');
    expect(loaded.config).toEqual(model.config);
    expect(loaded.score('abcd.abcd.ab').natsPerChar).toBeCloseTo(before.natsPerChar, 5);
    loaded.dispose();
    task.dispose();
    trainer.optimizer.dispose();
    model.dispose();
  });
});
