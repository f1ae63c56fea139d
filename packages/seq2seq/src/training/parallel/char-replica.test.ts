import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { CharVocabulary, tbpttBatches, type TbpttBatch } from '@seq2seq/datasets';
import { expect, it } from 'vitest';
import type { CharLanguageModelConfig } from '../../language-model/config';
import { CharLanguageModel } from '../../language-model/model';
import { charLanguageModelTask } from '../../language-model/task';
import { Trainer } from '../trainer';
import { parallelTask } from './parallel-task';
import { charLanguageModelReplica } from './replicas';
import { splitTbpttBatch } from './split';

const TEXT = 'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.\n';
const CONFIG: CharLanguageModelConfig = { cell: 'lstm', hiddenSize: 4, numLayers: 2, dropout: 0, seed: 5 };
/** 5 rows (split 3 + 2 between two workers: unequal weights) of 4 characters, 5 windows. */
const SHAPE = { batchSize: 5, seqLen: 4 };
const ids = new CharVocabulary().encode(TEXT).ids;

function weightsOf(model: CharLanguageModel): Map<string, Float32Array> {
  return new Map(model.namedParameters().map(([n, v]) => [n, v.dataSync().slice() as Float32Array]));
}

it('splitTbpttBatch: contiguous row blocks, the same for every window, each weighted by its characters', () => {
  const windows = tbpttBatches(ids, SHAPE);
  expect(windows.length).toBeGreaterThanOrEqual(3);
  const [w] = windows as [TbpttBatch];
  const slices = splitTbpttBatch(w, 2);
  expect(slices.map((s) => s.batch.batch)).toEqual([3, 2]);
  expect(slices.map((s) => s.weight)).toEqual([3 * w.time, 2 * w.time]);
  expect(Array.from(slices[1]!.batch.inputs)).toEqual(Array.from(w.inputs.subarray(3 * w.time)));
  expect(Array.from(slices[0]!.batch.targets)).toEqual(Array.from(w.targets.subarray(0, 3 * w.time)));
  expect(slices[1]!.batch).toMatchObject({ time: w.time, window: w.window, windows: w.windows });
  // More parts than rows: one row each, never an empty slice.
  expect(splitTbpttBatch(w, 8).map((s) => s.batch.batch)).toEqual([1, 1, 1, 1, 1]);
  expect(() => splitTbpttBatch({ ...w, batch: 4 }, 2)).toThrow(InputError);
});

describeBackends('charLanguageModelReplica', ({ backend, tolerance }) => {
  it('2 workers over 3 consecutive windows give the in-process gradients (each worker carries its own rows\u2019 state)', async () => {
    const model = new CharLanguageModel(CONFIG);
    const task = charLanguageModelTask(model, { train: ids, ...SHAPE });
    const windows = (task.trainBatches(0) as TbpttBatch[]).slice(0, 3);
    const parallel = await parallelTask(task, { workers: 2, replica: charLanguageModelReplica({ model: CONFIG, backend }), split: splitTbpttBatch });
    try {
      const vars = model.trainableVariables();
      for (const w of windows) {
        const got = await parallel.task.gradients!(w);
        // In-process: the task's own carried state, on the whole batch.
        const want = tf.variableGrads(() => task.loss(w, true), vars);
        expect(got.loss).toBeCloseTo(want.value.dataSync()[0]!, 4);
        if (w.window > 0) {
          // The carried state matters: from zeros, this window's loss is another one.
          const fromZeros = tf.tidy(() => {
            const t = (a: Int32Array) => tf.tensor2d(a, [w.batch, w.time], 'int32'); // [batch, time]
            const r = model.windowLoss(t(w.inputs), t(w.targets));
            tf.dispose(r.state.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
            return r.loss.dataSync()[0]!;
          });
          expect(Math.abs(fromZeros - got.loss)).toBeGreaterThan(1e-5);
        }
        for (const [name, v] of model.namedParameters()) await expectClose(got.grads[name]!, await want.grads[v.name]!.array(), tolerance);
        tf.dispose([want.value, ...Object.values(want.grads), ...Object.values(got.grads)]);
      }
    } finally {
      await parallel.dispose();
    }
    task.dispose();
    model.dispose();
  });

  it('no tensor or worker leak across start / 3 windows / stop cycles', async () => {
    const model = new CharLanguageModel(CONFIG);
    const task = charLanguageModelTask(model, { train: ids, ...SHAPE });
    const windows = (task.trainBatches(0) as TbpttBatch[]).slice(0, 3);
    await expectNoTensorLeak(
      async () => {
        const parallel = await parallelTask(task, { workers: 2, replica: charLanguageModelReplica({ model: CONFIG, backend }), split: splitTbpttBatch });
        for (const w of windows) tf.dispose(Object.values((await parallel.task.gradients!(w)).grads));
        const pool = (parallel.task as unknown as { pool: { running: number } }).pool;
        expect(pool.running).toBe(2);
        await parallel.dispose();
        expect(pool.running).toBe(0);
      },
      { iterations: 1 },
    );
    task.dispose();
    model.dispose();
  });

  it('a Trainer on 2 workers ends 3 windows with the weights of in-process training', async () => {
    const config = { epochs: 1, maxSteps: 3, schedule: { kind: 'constant' as const, lr: 0.01 }, clipNorm: 5 };
    const single = new CharLanguageModel(CONFIG);
    const singleTask = charLanguageModelTask(single, { train: ids, ...SHAPE });
    const singleTrainer = new Trainer(singleTask, config);
    await singleTrainer.fit();
    expect(singleTrainer.state.step).toBe(3);

    const model = new CharLanguageModel(CONFIG);
    const task = charLanguageModelTask(model, { train: ids, ...SHAPE });
    const parallel = await parallelTask(task, { workers: 2, replica: charLanguageModelReplica({ model: CONFIG, backend }), split: splitTbpttBatch });
    try {
      const trainer = new Trainer(parallel.task, config);
      await trainer.fit();
      expect(trainer.state.step).toBe(3);
      trainer.optimizer.dispose();
    } finally {
      await parallel.dispose();
    }
    const want = weightsOf(single);
    for (const [name, got] of weightsOf(model)) await expectClose(got, want.get(name)!, tolerance);
    singleTrainer.optimizer.dispose();
    for (const t of [singleTask, task]) t.dispose();
    single.dispose();
    model.dispose();
  });
});

it('charLanguageModelReplica names its factory and checks its config', () => {
  const spec = charLanguageModelReplica({ model: CONFIG, backend: 'cpu' });
  expect(spec).toMatchObject({ exportName: 'charLanguageModelReplicaFactory', seed: 1005 });
  expect(spec.config).toMatchObject({ backend: 'cpu', backendModule: '@tensorflow/tfjs-backend-cpu', model: CONFIG });
  expect(() => charLanguageModelReplica({} as never)).toThrow(InputError);
});
