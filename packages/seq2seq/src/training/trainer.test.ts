import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { DivergenceError, Module, Rng } from '@seq2seq/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint';
import { ToyRegressor } from './toy-regressor';
import { Trainer, type BatchEvent, type EpochEvent, type TrainerConfig, type TrainingTask } from './trainer';

/** A two-layer regressor `y = tanh(x W1 + b1) W2`, small enough to train in milliseconds. */
class Toy extends ToyRegressor {}

/** Host-side batch: 4 rows of 3 features and a target each. */
interface Batch {
  x: number[];
  y: number[];
}

function makeBatch(rng: Rng): Batch {
  const x = Array.from({ length: 12 }, () => rng.uniform(-1, 1));
  const y = Array.from({ length: 4 }, (_, r) => Math.sin(x[3 * r]! + 2 * x[3 * r + 1]!) - x[3 * r + 2]!);
  return { x, y };
}

const TRAIN = Array.from({ length: 5 }, (_, i) => makeBatch(new Rng(100 + i)));
const DEV = [makeBatch(new Rng(999))];

interface TaskOptions {
  /** Replace training batch `index` of epoch `epoch` by one holding a NaN. */
  nanAt?: { epoch: number; index: number };
  /** Dev loss of each epoch instead of the model's loss (constant or scripted). */
  devLoss?: (evaluation: number) => number;
  dev?: boolean;
}

function toyTask(model: Toy, options: TaskOptions = {}): TrainingTask<Batch> {
  let evaluations = 0;
  return {
    model,
    loss: (b, training) => {
      if (!training && options.devLoss) return tf.scalar(options.devLoss(evaluations++));
      return tf.tidy(() => {
        const x = tf.tensor2d(b.x, [b.y.length, 3]);
        const y = tf.tensor2d(b.y, [b.y.length, 1]);
        return tf.mean(tf.square(tf.sub(model.predict(x), y))) as tf.Scalar;
      });
    },
    tokens: (b) => b.y.length,
    // A different, seeded order every epoch, as a task's RNG gives.
    trainBatches: (epoch) => {
      const order = new Rng(7 + epoch).shuffle([...TRAIN]);
      if (options.nanAt?.epoch === epoch) {
        const bad = order[options.nanAt.index]!;
        order[options.nanAt.index] = { x: bad.x.map((v, i) => (i === 4 ? Number.NaN : v)), y: bad.y };
      }
      return order;
    },
    devBatches: options.dev === false ? undefined : () => DEV,
  };
}

// A schedule that changes every step and a clip norm that bites, so a resumed run that lost the
// step, the Adam moments or the batch position would drift.
const CONFIG: TrainerConfig = {
  epochs: 4,
  schedule: { kind: 'exponential', lr: 0.05, rate: 0.5, decaySteps: 10 },
  clipNorm: 0.5,
  adam: { beta1: 0.8, beta2: 0.95 },
};

async function weightsOf(model: Module): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of model.namedParameters()) out.set(name, (await v.data()) as Float32Array);
  return out;
}

async function expectSameWeights(model: Module, expected: Map<string, Float32Array>, tol: number): Promise<void> {
  for (const [name, v] of model.namedParameters()) await expectClose(v, expected.get(name)!, tol);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seq2seq-trainer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeBackends('Trainer', ({ backend }) => {
  it('a loss that turns NaN at step k throws DivergenceError and keeps the weights of step k - 1', async () => {
    const k = 3;
    const reference = new Toy(1);
    const referenceTrainer = new Trainer(toyTask(reference), { ...CONFIG, maxSteps: k });
    await referenceTrainer.fit();
    const model = new Toy(1);
    const trainer = new Trainer(toyTask(model, { nanAt: { epoch: 0, index: k } }), CONFIG);
    const steps: number[] = [];
    await expect(trainer.fit({ onBatchEnd: (e) => void steps.push(e.step) })).rejects.toThrow(DivergenceError);
    await expect(trainer.fit()).rejects.toThrow(/training diverged at step 3 \(loss NaN, gradient norm NaN\); the weights are those of the last good step/);
    expect(steps).toEqual([1, 2, 3]);
    expect(trainer.state.step).toBe(k);
    expect(trainer.optimizer.step).toBe(k);
    await expectSameWeights(model, await weightsOf(reference), 0);
    // Nor were the Adam moments.
    const moments = referenceTrainer.optimizer.getState().tensors;
    for (const [name, t] of trainer.optimizer.getState().tensors) await expectClose(t, await moments.get(name)!.data(), 0);
    expect(moments.size).toBe(6);
    referenceTrainer.optimizer.dispose();
    trainer.optimizer.dispose();
    model.dispose();
    reference.dispose();
  });

  it('early stopping: a constant dev loss stops training after `patience` epochs without improvement', async () => {
    const model = new Toy(2);
    const events: EpochEvent[] = [];
    const trainer = new Trainer(toyTask(model, { devLoss: () => 1.5 }), { ...CONFIG, epochs: 50, earlyStopping: { patience: 2 } });
    const state = await trainer.fit({ onEpochEnd: (e) => void events.push(e) });
    expect(events.map((e) => e.improved)).toEqual([true, false, false]);
    expect(events.map((e) => e.devLoss)).toEqual([1.5, 1.5, 1.5]);
    expect(state).toMatchObject({ epoch: 3, step: 15, bestDevLoss: 1.5, epochsWithoutImprovement: 2 });

    // Improvements smaller than minDelta do not count; larger ones reset the count.
    const small = new Trainer(toyTask(model, { devLoss: (e) => 1 - 0.001 * e }), { ...CONFIG, epochs: 50, earlyStopping: { patience: 2, minDelta: 0.01 } });
    expect((await small.fit()).epoch).toBe(3);
    const large = new Trainer(toyTask(model, { devLoss: (e) => 1 - 0.1 * e }), { ...CONFIG, epochs: 5, earlyStopping: { patience: 1, minDelta: 0.01 } });
    expect(await large.fit()).toMatchObject({ epoch: 5, epochsWithoutImprovement: 0 });
    model.dispose();
  });

  // Ctrl-C + --resume: stop in onBatchEnd, save trainer.state, Adam and the weights, continue in a
  // fresh model and trainer: the run must end exactly where an uninterrupted one does.
  const stops = [
    { at: 7, what: 'in the middle of an epoch' },
    { at: 10, what: 'on the last batch of an epoch' },
  ];
  for (const { at, what } of stops) {
    it(`resuming after a stop ${what} gives the same weights, state and losses as training straight`, async () => {
      const config: TrainerConfig = { ...CONFIG, earlyStopping: { patience: 1 } };
      const straight = new Toy(3);
      const straightTrainer = new Trainer(toyTask(straight), config);
      const straightLosses: number[] = [];
      const straightState = await straightTrainer.fit({ onBatchEnd: (e) => void straightLosses.push(e.loss) });
      expect(straightState.epoch).toBe(4); // the dev loss improves every epoch: no early stop

      const first = new Toy(3);
      const firstTrainer = new Trainer(toyTask(first), config);
      const losses: number[] = [];
      await firstTrainer.fit({
        onBatchEnd: (e) => {
          losses.push(e.loss);
          if (e.step === at) firstTrainer.requestStop();
        },
      });
      expect(firstTrainer.stopped).toBe(true);
      expect(firstTrainer.state.step).toBe(at);
      const ckpt = join(dir, `${backend}-resume-${at}`);
      await saveCheckpoint(ckpt, { manifest: { kind: 'toy', config: {}, data: null }, model: first, training: { trainer: firstTrainer.state, optimizer: firstTrainer.optimizer } });
      first.dispose();
      firstTrainer.optimizer.dispose();

      const loaded = await loadCheckpoint(ckpt, { kind: 'toy', withOptimizer: true });
      const resumed = new Toy(42); // other initial weights: everything must come from the checkpoint
      resumed.loadWeights(loaded.weights);
      const resumedTrainer = new Trainer(toyTask(resumed), config);
      resumedTrainer.state = { ...loaded.manifest.training!.trainer };
      resumedTrainer.optimizer.setState(loaded.optimizer!, new Map(resumed.namedParameters()));
      tf.dispose([...loaded.weights.values(), ...loaded.optimizer!.tensors.values()]);
      const state = await resumedTrainer.fit({ onBatchEnd: (e) => void losses.push(e.loss) });

      expect(losses).toEqual(straightLosses);
      expect(state).toEqual(straightState);
      await expectSameWeights(resumed, await weightsOf(straight), 1e-6);
      resumed.dispose();
      straight.dispose();
    });
  }

  it('maxSteps stops mid-epoch; raising it continues from there; an epoch ended by maxSteps counts as done', async () => {
    const model = new Toy(4);
    const trainer = new Trainer(toyTask(model, { dev: false }), { ...CONFIG, epochs: 10, maxSteps: 7 });
    const events: BatchEvent[] = [];
    expect(await trainer.fit({ onBatchEnd: (e) => void events.push(e) })).toMatchObject({ epoch: 1, step: 7, batchInEpoch: 2 });
    expect(events.map((e) => [e.epoch, e.batch])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [1, 0], [1, 1]]);
    expect(await trainer.fit({ onBatchEnd: (e) => void events.push(e) })).toMatchObject({ step: 7 }); // nothing left to do
    trainer.config.maxSteps = 10;
    expect(await trainer.fit({ onBatchEnd: (e) => void events.push(e) })).toEqual({
      epoch: 2, step: 10, batchInEpoch: 0, bestDevLoss: undefined, epochsWithoutImprovement: 0,
    });
    expect(events.slice(7).map((e) => [e.epoch, e.batch, e.step])).toEqual([[1, 2, 8], [1, 3, 9], [1, 4, 10]]);
    expect(trainer.optimizer.step).toBe(10);
    model.dispose();
  });

  it('batch events carry the schedule, plausible tokens per second and a shrinking ETA', async () => {
    const model = new Toy(5);
    const trainer = new Trainer(toyTask(model), { ...CONFIG, epochs: 1 });
    const events: Array<BatchEvent & { wall: number }> = [];
    const pause = 20; // ms spent in every callback: a lower bound on the trainer's clock
    const started = performance.now();
    await trainer.fit({
      onBatchEnd: async (e) => {
        events.push({ ...e, wall: (performance.now() - started) / 1000 });
        await new Promise((resolve) => setTimeout(resolve, pause));
      },
    });
    expect(events).toHaveLength(5);
    events.forEach((e, i) => {
      expect(e).toMatchObject({ epoch: 0, batch: i, batchesInEpoch: 5, step: i + 1 });
      expect(e.lr).toBeCloseTo(0.05 * 0.5 ** (i / 10), 12);
      expect(Number.isFinite(e.loss) && e.loss > 0).toBe(true);
      expect(e.gradNorm).toBeGreaterThan(0);
      const tokens = 4 * (i + 1);
      // The trainer's elapsed time lies between the pauses so far and the wall time seen here.
      expect(e.tokensPerSecond).toBeGreaterThanOrEqual(tokens / e.wall);
      if (i > 0) expect(e.tokensPerSecond).toBeLessThanOrEqual(tokens / ((i * pause) / 1000));
      // ETA = (time per batch so far) * (batches left).
      expect(e.etaSeconds).toBeLessThanOrEqual((e.wall / (i + 1)) * (4 - i) + 1e-9);
      if (i > 0) expect(e.etaSeconds).toBeGreaterThanOrEqual((((i * pause) / 1000) / (i + 1)) * (4 - i) * 0.99);
    });
    expect(events[4]!.etaSeconds).toBe(0);
    // Without an array of batches the epoch length is unknown, and so is the ETA.
    const generated = new Trainer({ ...toyTask(model), trainBatches: function* () { yield* TRAIN; } }, { ...CONFIG, epochs: 1 });
    const seen: BatchEvent[] = [];
    await generated.fit({ onBatchEnd: (e) => void seen.push(e) });
    expect(seen.map((e) => [e.batchesInEpoch, e.etaSeconds])).toEqual(Array(5).fill([undefined, undefined]));
    model.dispose();
  });

  it('leaks no tensors across steps, epochs, evaluation and a diverging step', async () => {
    const model = new Toy(6);
    const trainer = new Trainer(toyTask(model), { ...CONFIG, epochs: 0 });
    await expectNoTensorLeak(() => void trainer.trainStep(TRAIN[0]!), { iterations: 3 });
    await expectNoTensorLeak(async () => {
      trainer.config.epochs += 1;
      await trainer.fit();
    }, { iterations: 2 });
    const nan: Batch = { x: TRAIN[0]!.x.map(() => Number.NaN), y: TRAIN[0]!.y };
    await expectNoTensorLeak(() => {
      expect(() => trainer.trainStep(nan)).toThrow(DivergenceError);
    }, { iterations: 2 });
    model.dispose();
    trainer.optimizer.dispose();
  });
});
