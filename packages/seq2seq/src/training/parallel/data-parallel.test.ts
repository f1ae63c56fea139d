import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Seq2SeqError, WeightsError } from '@seq2seq/core';
import { beforeAll, expect, it } from 'vitest';
import { DataParallel, type DataParallelConfig } from './data-parallel';
import { bundleFixture } from './fixtures/bundle';
import { Toy, toyBatch, toyRows, toyTask, type ToyBatch } from './fixtures/toy-replica';

let fixture: URL;
beforeAll(async () => {
  fixture = await bundleFixture(fileURLToPath(new URL('./fixtures/toy-replica.ts', import.meta.url)), 'toy-replica');
}, 120_000);

const MODEL_SEED = 1;

/** Workers that build the toy replica on `backend` (its initial weights differ: the main thread's are loaded). */
function poolConfig(backend: string, workers: number): DataParallelConfig {
  return { workers, replica: { module: fixture, exportName: 'toyReplica', config: { backend, modelSeed: 99 }, seed: 5 } };
}

/** The whole batch's gradient on the main thread, by parameter name. */
function singleGradients(model: Toy, batch: ToyBatch): { loss: number; grads: Record<string, tf.Tensor> } {
  const task = toyTask(model);
  const named = model.namedParameters();
  const { value, grads } = tf.variableGrads(() => task.loss(batch, true), named.map(([, v]) => v));
  const byName: Record<string, tf.Tensor> = {};
  for (const [name, v] of named) byName[name] = grads[v.name]!;
  const loss = value.dataSync()[0]!;
  value.dispose();
  return { loss, grads: byName };
}

describeBackends('DataParallel', ({ backend, tolerance }) => {
  it('2 workers with unequal slices give the gradient and loss of the whole batch', async () => {
    const model = new Toy(MODEL_SEED);
    const batch = toyBatch(8, 3);
    const pool = await DataParallel.start<ToyBatch>(model, poolConfig(backend, 2));
    try {
      // 5 rows and 3 rows: each slice weighs by its rows, as the loss is a mean over rows.
      const parallel = await pool.gradients([
        { batch: toyRows(batch, 0, 5), weight: 5 },
        { batch: toyRows(batch, 5, 8), weight: 3 },
      ]);
      const single = singleGradients(model, batch);
      expect(Object.keys(parallel.grads)).toEqual(['w1', 'b1', 'w2']);
      expect(parallel.loss).toBeCloseTo(single.loss, 5);
      for (const name of Object.keys(single.grads)) {
        await expectClose(parallel.grads[name]!, single.grads[name]!, tolerance);
      }
      tf.dispose([...Object.values(parallel.grads), ...Object.values(single.grads)]);
    } finally {
      await pool.dispose();
      model.dispose();
    }
  });

  it('a worker that throws rejects the step with its error; the pool is then spent', async () => {
    const model = new Toy(MODEL_SEED);
    const before = model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const pool = await DataParallel.start<ToyBatch>(model, poolConfig(backend, 2));
    try {
      const batch = toyBatch(4, 3);
      const step = pool.gradients([{ batch: toyRows(batch, 0, 2) }, { batch: { ...toyRows(batch, 2, 4), fail: 'throw' } }]);
      await expect(step).rejects.toThrow(InputError);
      await expect(step).rejects.toThrow('toy replica: asked to throw');
      expect(pool.failure?.message).toBe('toy replica: asked to throw');
      await expect(pool.gradients([{ batch }])).rejects.toThrow('asked to throw');
      expect(model.namedParameters().map(([, v]) => Array.from(v.dataSync()))).toEqual(before);
    } finally {
      await pool.dispose();
      model.dispose();
    }
  });

  it('a worker that dies rejects the step', async () => {
    const model = new Toy(MODEL_SEED);
    const pool = await DataParallel.start<ToyBatch>(model, poolConfig(backend, 2));
    try {
      const batch = toyBatch(4, 3);
      const step = pool.gradients([{ batch: { ...batch, fail: 'exit' } }, { batch }]);
      await expect(step).rejects.toThrow(Seq2SeqError);
      await expect(step).rejects.toThrow(/worker 0 exited \(code 3\)/);
    } finally {
      await pool.dispose();
      model.dispose();
    }
  });

  it('no tensor or worker leak across start/stop cycles', async () => {
    const model = new Toy(MODEL_SEED);
    const batch = toyBatch(6, 4);
    await expectNoTensorLeak(
      async () => {
        const pool = await DataParallel.start<ToyBatch>(model, poolConfig(backend, 2));
        const { grads } = await pool.gradients([{ batch: toyRows(batch, 0, 3) }, { batch: toyRows(batch, 3, 6) }]);
        tf.dispose(Object.values(grads));
        expect(pool.running).toBe(2);
        await pool.dispose();
        expect(pool.running).toBe(0);
        await pool.dispose(); // harmless
        await expect(pool.gradients([{ batch }])).rejects.toThrow(InputError);
      },
      { iterations: 2 },
    );
    model.dispose();
  });

  it('rejects bad requests and a replica that does not match the model', async () => {
    const model = new Toy(MODEL_SEED);
    await expect(DataParallel.start(model, { ...poolConfig(backend, 2), workers: 0 })).rejects.toThrow(InputError);
    const pool = await DataParallel.start<ToyBatch>(model, poolConfig(backend, 1));
    try {
      const batch = toyBatch(2, 1);
      await expect(pool.gradients([{ batch }, { batch }])).rejects.toThrow(/1 to 1 slices/);
      await expect(pool.gradients([{ batch, weight: 0 }])).rejects.toThrow(/weights/);
    } finally {
      await pool.dispose();
    }
    // A frozen parameter: the replica's trainable parameters no longer match the model's.
    model.freeze((name) => name === 'b1');
    await expect(DataParallel.start(model, poolConfig(backend, 1))).rejects.toThrow(WeightsError);
    model.dispose();
  });
});
