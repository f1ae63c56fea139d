import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng } from '@seq2seq/core';
import { collate, samplePointSets, convexHull, type EncodedPair } from '@seq2seq/datasets';
import { expect, it } from 'vitest';
import type { Seq2SeqConfig } from '../../config';
import { Seq2Seq } from '../../model';
import { pointerPreset, type PointerNetworkConfig } from '../../pointer/config';
import { pointerInputs } from '../../pointer/data';
import { PointerNetwork } from '../../pointer/network';
import type { TokenBatch } from '../../batch';
import { Trainer, type TrainingTask } from '../trainer';
import { parallelTask, resolveWorkers } from './parallel-task';
import { pointerReplica, seq2seqReplica } from './replicas';
import { rowRanges, splitPointerBatch, splitTokenBatch, type PointerBatch } from './split';

const SEQ2SEQ: Seq2SeqConfig = {
  encoder: { vocabSize: 12, embeddingSize: 5, hiddenSize: 6, cell: 'gru', bidirectional: true },
  decoder: { vocabSize: 12, embeddingSize: 5, hiddenSize: 7, cell: 'gru', attention: 'general' },
  seed: 3,
};
const POINTER: PointerNetworkConfig = { embeddingSize: 6, hiddenSize: 6, numEncoderLayers: 1, rules: pointerPreset('convex-hull'), seed: 2 };

/** 7 pairs of different lengths (so that slices weigh differently). */
function tokenBatch(seed: number): TokenBatch {
  const rng = new Rng(seed);
  const pairs: EncodedPair[] = Array.from({ length: 7 }, () => {
    const s = Array.from({ length: 2 + rng.int(5) }, () => 4 + rng.int(8));
    const t = Array.from({ length: 1 + rng.int(6) }, () => 4 + rng.int(8));
    return { source: [...s, 2], target: [1, ...t, 2] };
  });
  return collate(pairs);
}

function pointerBatch(net: PointerNetwork, seed: number): PointerBatch {
  const sets = samplePointSets(5, { nMin: 4, nMax: 7 }, seed);
  return { inputs: pointerInputs(sets), targets: net.toPositions(sets.map((p) => convexHull(p))) };
}

function weightsOf(model: { namedParameters(): Array<[string, tf.Variable]> }): Map<string, Float32Array> {
  return new Map(model.namedParameters().map(([n, v]) => [n, v.dataSync() as Float32Array]));
}

it('rowRanges: near-equal contiguous parts, never empty, at most one per row', () => {
  expect(rowRanges(7, 2)).toEqual([[0, 4], [4, 7]]);
  expect(rowRanges(7, 3)).toEqual([[0, 3], [3, 5], [5, 7]]);
  expect(rowRanges(2, 4)).toEqual([[0, 1], [1, 2]]);
  expect(() => rowRanges(3, 0)).toThrow(InputError);
});

it("resolveWorkers: 'auto' is the cores this process may use; bad counts are refused", () => {
  expect(resolveWorkers('auto')).toBe(availableParallelism());
  expect(resolveWorkers(3)).toBe(3);
  for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => resolveWorkers(bad)).toThrow(/positive integer or 'auto'/);
});

it('seq2seqReplica / pointerReplica name the built-in factories and check their config', () => {
  const spec = seq2seqReplica({ model: SEQ2SEQ, backend: 'cpu', labelSmoothing: 0.1 });
  expect(spec).toMatchObject({ exportName: 'seq2seqReplicaFactory', seed: 1003 });
  expect(spec.config).toMatchObject({ backend: 'cpu', backendModule: '@tensorflow/tfjs-backend-cpu', labelSmoothing: 0.1, teacherForcingRatio: 1 });
  expect(String(spec.module)).toMatch(/replica-factories\.ts$/); // from sources; parallel-replicas.js when built
  expect(pointerReplica({ model: POINTER, backend: 'wasm', seed: 5 })).toMatchObject({ exportName: 'pointerReplicaFactory', seed: 5 });
  expect(() => seq2seqReplica({} as never)).toThrow(InputError);
});

describeBackends('built-in replicas', ({ backend, tolerance }) => {
  it('splitTokenBatch: the slices, weighted, give the loss and gradient of the whole batch', () => {
    const model = new Seq2Seq(SEQ2SEQ);
    const batch = tokenBatch(1);
    const slices = splitTokenBatch(batch, 3);
    expect(slices.map((s) => s.batch.shape.batch)).toEqual([3, 2, 2]);
    // Each slice is padded to its own longest rows only.
    for (const { batch: b } of slices) {
      expect(b.shape.sourceTime).toBe(Math.max(...b.sourceLengths));
      expect(b.shape.targetTime).toBe(Math.max(...b.targetLengths));
      expect(b.source).toHaveLength(b.shape.batch * b.shape.sourceTime);
    }
    const labels = Array.from(batch.targetLengths, (n) => n - 1);
    expect(slices.map((s) => s.weight)).toEqual([labels.slice(0, 3), labels.slice(3, 5), labels.slice(5)].map((l) => l.reduce((a, b) => a + b)));
    const total = slices.reduce((s, x) => s + x.weight!, 0);
    const whole = model.loss(batch);
    const parts = slices.map((s) => model.loss(s.batch));
    const sum = parts.reduce((acc, l, i) => acc + l.dataSync()[0]! * (slices[i]!.weight! / total), 0);
    expect(sum).toBeCloseTo(whole.dataSync()[0]!, 5);
    tf.dispose([whole, ...parts]);
    model.dispose();
  });

  it('splitPointerBatch: the slices, weighted, give the loss of the whole batch', () => {
    const net = new PointerNetwork(POINTER);
    const batch = pointerBatch(net, 4);
    const slices = splitPointerBatch(batch, 2);
    expect(slices.map((s) => s.batch.inputs.lengths.length)).toEqual([3, 2]);
    for (const { batch: b } of slices) {
      expect(b.inputs.maxN).toBe(Math.max(...b.inputs.lengths));
      expect(b.inputs.points).toHaveLength(b.inputs.lengths.length * b.inputs.maxN * 2);
      expect(b.targets.time).toBe(Math.max(...b.targets.lengths));
    }
    const total = slices.reduce((s, x) => s + x.weight!, 0);
    expect(total).toBe(batch.targets.lengths.reduce((a, b) => a + b, 0));
    const whole = net.loss(batch.inputs, batch.targets);
    const parts = slices.map((s) => net.loss(s.batch.inputs, s.batch.targets));
    const sum = parts.reduce((acc, l, i) => acc + l.dataSync()[0]! * (slices[i]!.weight! / total), 0);
    expect(sum).toBeCloseTo(whole.dataSync()[0]!, 5);
    tf.dispose([whole, ...parts]);
    net.dispose();
  });

  it('a Seq2Seq trained on 2 built-in replicas ends with the weights of in-process training', async () => {
    const batches = [tokenBatch(1), tokenBatch(2), tokenBatch(3)];
    const config = { epochs: 1, schedule: { kind: 'constant' as const, lr: 0.01 }, clipNorm: 1 };
    const single = new Seq2Seq(SEQ2SEQ);
    await new Trainer<TokenBatch>({ model: single, loss: (b) => single.loss(b), trainBatches: () => batches }, config).fit();

    const model = new Seq2Seq(SEQ2SEQ);
    const base: TrainingTask<TokenBatch> = { model, loss: (b) => model.loss(b), trainBatches: () => batches };
    const parallel = await parallelTask(base, { workers: 2, replica: seq2seqReplica({ model: SEQ2SEQ, backend }), split: splitTokenBatch });
    try {
      expect(parallel.workers).toBe(2);
      expect(parallel.task.gradients).toBeTypeOf('function');
      const trainer = new Trainer(parallel.task, config);
      await trainer.fit();
      expect(trainer.state.step).toBe(3);
      trainer.optimizer.dispose();
    } finally {
      await parallel.dispose();
    }
    const want = weightsOf(single);
    for (const [name, got] of weightsOf(model)) await expectClose(got, want.get(name)!, tolerance);
    single.dispose();
    model.dispose();
  });

  it('a PointerNetwork step on 2 built-in replicas gives the in-process gradient', async () => {
    const model = new PointerNetwork(POINTER);
    const batch = pointerBatch(model, 6);
    const base: TrainingTask<PointerBatch> = { model, loss: (b) => model.loss(b.inputs, b.targets), trainBatches: () => [batch] };
    const parallel = await parallelTask(base, { workers: 2, replica: pointerReplica({ model: POINTER, backend }), split: splitPointerBatch });
    try {
      const got = await parallel.task.gradients!(batch);
      const named = model.namedParameters().filter(([, v]) => v.trainable);
      const { value, grads } = tf.variableGrads(() => model.loss(batch.inputs, batch.targets), named.map(([, v]) => v));
      expect(got.loss).toBeCloseTo(value.dataSync()[0]!, 4);
      for (const [name, v] of named) await expectClose(got.grads[name]!, grads[v.name]!, tolerance);
      tf.dispose([value, ...Object.values(grads), ...Object.values(got.grads)]);
    } finally {
      await parallel.dispose();
    }
    model.dispose();
  });

  it('parallelTask: 1 worker is the task itself (in-process); no tensor or worker leak across start/stop', async () => {
    const model = new Seq2Seq(SEQ2SEQ);
    const base: TrainingTask<TokenBatch> = { model, loss: (b) => model.loss(b), trainBatches: () => [] };
    const one = await parallelTask(base, { workers: 1, replica: seq2seqReplica({ model: SEQ2SEQ, backend }), split: splitTokenBatch });
    expect(one.task).toBe(base);
    await one.dispose();
    const batch = tokenBatch(5);
    await expectNoTensorLeak(
      async () => {
        const parallel = await parallelTask(base, { workers: 2, replica: seq2seqReplica({ model: SEQ2SEQ, backend }), split: splitTokenBatch });
        const { grads } = await parallel.task.gradients!(batch);
        tf.dispose(Object.values(grads));
        const pool = (parallel.task as unknown as { pool: { running: number } }).pool;
        expect(pool.running).toBe(2);
        await parallel.dispose();
        expect(pool.running).toBe(0);
      },
      { iterations: 2 },
    );
    model.dispose();
  });
});
