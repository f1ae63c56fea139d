import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { beforeAll, expect, it } from 'vitest';
import { loadCheckpoint } from '../../checkpoint';
import { Trainer, type TrainerConfig, type TrainingTask } from '../trainer';
import { TrainingRun } from '../training-run';
import type { GradientSlice } from './data-parallel';
import { bundleFixture } from './fixtures/bundle';
import { Toy, toyBatch, toyRows, toyTask, type ToyBatch } from './fixtures/toy-replica';
import { dataParallelTask } from './task';

let fixture: URL;
beforeAll(async () => {
  fixture = await bundleFixture(fileURLToPath(new URL('./fixtures/toy-replica.ts', import.meta.url)), 'toy-replica');
}, 120_000);

/** Contiguous row slices, each weighted by its rows (the loss is a mean over rows). */
function splitRows(batch: ToyBatch, parts: number): Array<GradientSlice<ToyBatch>> {
  const rows = batch.y.length;
  const per = Math.ceil(rows / parts);
  const slices: Array<GradientSlice<ToyBatch>> = [];
  for (let from = 0; from < rows; from += per) {
    const to = Math.min(rows, from + per);
    const last = to === rows;
    slices.push({ batch: { ...toyRows(batch, from, to), ...(last && batch.fail ? { fail: batch.fail } : {}) }, weight: to - from });
  }
  return slices;
}

// 7 rows: slices of 4 and 3. A schedule that changes every step and a clip norm that bites.
const BATCHES = [toyBatch(7, 10), toyBatch(7, 11), toyBatch(7, 12)];
const CONFIG: TrainerConfig = { epochs: 2, schedule: { kind: 'inverseSqrt', lr: 0.05, warmupSteps: 2 }, clipNorm: 0.5 };

function trainingTask(model: Toy, batches: ToyBatch[]): TrainingTask<ToyBatch> {
  return { ...toyTask(model), trainBatches: () => batches };
}

function weightsOf(model: Toy): Map<string, Float32Array> {
  return new Map(model.namedParameters().map(([n, v]) => [n, v.dataSync() as Float32Array]));
}

describeBackends('dataParallelTask', ({ backend, tolerance }) => {
  const replica = () => ({ module: fixture, exportName: 'toyReplica', config: { backend, modelSeed: 99 } });

  it('a Trainer on 2 workers ends with the weights of single-thread training on the same batches', async () => {
    const single = new Toy(1);
    const singleLosses: number[] = [];
    await new Trainer(trainingTask(single, BATCHES), CONFIG).fit({ onBatchEnd: (e) => void singleLosses.push(e.loss) });

    const model = new Toy(1);
    const task = await dataParallelTask(trainingTask(model, BATCHES), { workers: 2, replica: replica(), split: splitRows });
    const losses: number[] = [];
    try {
      const trainer = new Trainer(task, CONFIG);
      await trainer.fit({ onBatchEnd: (e) => void losses.push(e.loss) });
      expect(trainer.state.step).toBe(6);
    } finally {
      await task.dispose();
    }
    expect(losses).toHaveLength(6);
    losses.forEach((l, i) => expect(l).toBeCloseTo(singleLosses[i]!, 4));
    const want = weightsOf(single);
    for (const [name, got] of weightsOf(model)) await expectClose(got, want.get(name)!, tolerance);
    single.dispose();
    model.dispose();
  });

  it('a worker that throws stops fit with its error and the weights of the last good step', async () => {
    const bad = [BATCHES[0]!, BATCHES[1]!, { ...BATCHES[2]!, fail: 'throw' as const }];
    const reference = new Toy(1);
    const referenceTrainer = new Trainer(trainingTask(reference, BATCHES), CONFIG);
    referenceTrainer.trainStep(BATCHES[0]!);
    referenceTrainer.trainStep(BATCHES[1]!);

    const model = new Toy(1);
    const task = await dataParallelTask(trainingTask(model, bad), { workers: 2, replica: replica(), split: splitRows });
    try {
      const trainer = new Trainer(task, CONFIG);
      await expect(trainer.fit()).rejects.toThrow(InputError);
      expect(trainer.state.step).toBe(2);
      expect(trainer.optimizer.step).toBe(2);
    } finally {
      await task.dispose();
    }
    const want = weightsOf(reference);
    for (const [name, got] of weightsOf(model)) await expectClose(got, want.get(name)!, tolerance);
    referenceTrainer.optimizer.dispose();
    reference.dispose();
    model.dispose();
  });

  it('a worker that dies stops a TrainingRun with its error, the last good weights saved', async () => {
    const root = await mkdtemp(join(tmpdir(), 'data-parallel-fail-'));
    const bad = [BATCHES[0]!, BATCHES[1]!, { ...BATCHES[2]!, fail: 'exit' as const }];
    const model = new Toy(1);
    const task = await dataParallelTask(trainingTask(model, bad), { workers: 2, replica: replica(), split: splitRows });
    const events: string[] = [];
    try {
      const trainer = new Trainer(task, CONFIG);
      const run = new TrainingRun<ToyBatch>({
        trainer,
        dir: root,
        keepBest: false,
        manifest: () => ({ kind: 'toy', config: {}, data: null }),
        onEvent: (e) => void (e.type === 'stopping' && events.push(`${e.reason}: ${e.message}`)),
      });
      await expect(run.run()).rejects.toThrow(/worker 1 exited \(code 3\)/);
      expect(events).toEqual([expect.stringMatching(/^failed: data-parallel worker 1 exited .*saving the last good weights$/)]);
      const saved = await loadCheckpoint(root, { withOptimizer: true });
      expect(saved.manifest.training?.trainer).toMatchObject({ step: 2, batchInEpoch: 2, epoch: 0 });
      for (const [name, w] of weightsOf(model)) await expectClose(saved.weights.get(name)!, w, tolerance);
      for (const t of [...saved.weights.values(), ...saved.optimizer!.tensors.values()]) t.dispose();
      trainer.optimizer.dispose();
    } finally {
      await task.dispose();
      await rm(root, { recursive: true, force: true });
    }
    expect(task.pool.running).toBe(0);
    model.dispose();
  });

  it('a NaN from a worker trips the divergence guard: the run stops diverged with the last good weights', async () => {
    const root = await mkdtemp(join(tmpdir(), 'data-parallel-nan-'));
    const poisoned = { ...BATCHES[1]!, x: BATCHES[1]!.x.map((v, i) => (i === 20 ? Number.NaN : v)) }; // a row of the second slice
    const model = new Toy(1);
    const reference = new Toy(1);
    const referenceTrainer = new Trainer(trainingTask(reference, BATCHES), CONFIG);
    referenceTrainer.trainStep(BATCHES[0]!);
    const task = await dataParallelTask(trainingTask(model, [BATCHES[0]!, poisoned, BATCHES[2]!]), { workers: 2, replica: replica(), split: splitRows });
    try {
      const trainer = new Trainer(task, CONFIG);
      const run = new TrainingRun<ToyBatch>({ trainer, dir: root, keepBest: false, manifest: () => ({ kind: 'toy', config: {}, data: null }) });
      const result = await run.run();
      expect(result).toMatchObject({ reason: 'diverged', step: 1 });
      const saved = await loadCheckpoint(root, { withOptimizer: true });
      expect(saved.manifest.training?.trainer.step).toBe(1);
      const want = weightsOf(reference);
      for (const [name, w] of saved.weights) await expectClose(w, want.get(name)!, tolerance);
      for (const t of [...saved.weights.values(), ...saved.optimizer!.tensors.values()]) t.dispose();
      trainer.optimizer.dispose();
    } finally {
      await task.dispose();
      await rm(root, { recursive: true, force: true });
    }
    referenceTrainer.optimizer.dispose();
    reference.dispose();
    model.dispose();
  });

  it('a TrainingRun over workers stops on its signal, saves, and resumes on a new pool to the weights of an uninterrupted run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'data-parallel-run-'));
    try {
      const single = new Toy(1);
      const singleTrainer = new Trainer(trainingTask(single, BATCHES), CONFIG);
      await singleTrainer.fit();

      const run = async (model: Toy, signal?: AbortSignal, abortAt?: () => void) => {
        const task = await dataParallelTask(trainingTask(model, BATCHES), { workers: 2, replica: replica(), split: splitRows });
        try {
          const trainer = new Trainer(task, CONFIG);
          const training = new TrainingRun<ToyBatch>({
            trainer,
            dir: root,
            keepBest: false,
            manifest: () => ({ kind: 'toy', config: {}, data: null }),
            signal,
            onEvent: (e) => void (e.type === 'batch' && e.step === 4 && abortAt?.()),
          });
          if (!signal) training.restore(await loadCheckpoint(root, { withOptimizer: true }));
          return { result: await training.run(), trainer };
        } finally {
          await task.dispose();
        }
      };
      const controller = new AbortController();
      const first = new Toy(1);
      const stopped = await run(first, controller.signal, () => controller.abort());
      expect(stopped.result).toMatchObject({ reason: 'aborted', step: 4 });
      stopped.trainer.optimizer.dispose();
      first.dispose();

      const second = new Toy(7); // other initial weights: the checkpoint's are loaded
      const resumed = await run(second);
      expect(resumed.result).toMatchObject({ reason: 'completed', step: 6 });
      const want = weightsOf(single);
      for (const [name, got] of weightsOf(second)) await expectClose(got, want.get(name)!, tolerance);
      resumed.trainer.optimizer.dispose();
      singleTrainer.optimizer.dispose();
      second.dispose();
      single.dispose();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
