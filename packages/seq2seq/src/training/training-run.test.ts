import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@seq2seq/backend/testing';
import { Module, Rng } from '@seq2seq/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoint';
import { Trainer, type TrainerConfig, type TrainingTask } from './trainer';
import { ToyRegressor } from './toy-regressor';
import { TrainingRun, type TrainingRunEvent } from './training-run';

/** `y = tanh(x W1 + b1) W2` with dropout-like noise from an RNG, so a resume must restore the RNG. */
class Noisy extends ToyRegressor {
  constructor(seed: number) {
    super(seed, { inputSize: 2, hiddenSize: 3 });
  }
}

interface Batch {
  x: number[];
  y: number[];
}

const TRAIN = Array.from({ length: 4 }, (_, i) => {
  const rng = new Rng(50 + i);
  const x = Array.from({ length: 8 }, () => rng.uniform(-1, 1));
  return { x, y: [0, 1, 2, 3].map((r) => Math.sin(x[2 * r]! - x[2 * r + 1]!)) };
});

function noisyTask(model: Noisy, rng: Rng, nanAtStep?: { trainer: () => Trainer<Batch>; step: number }): TrainingTask<Batch> {
  return {
    model,
    loss: (b, training) =>
      tf.tidy(() => {
        // The noise comes from the run's RNG: a resumed run that lost it would drift.
        const noise = training ? b.x.map(() => rng.uniform(0.9, 1.1)) : b.x.map(() => 1);
        const bad = training && nanAtStep && nanAtStep.trainer().state.step === nanAtStep.step;
        const x = tf.mul(tf.tensor2d(b.x, [4, 2]), tf.tensor2d(noise.map((v, i) => (bad && i === 0 ? Number.NaN : v)), [4, 2]));
        const h = tf.tanh(tf.add(tf.matMul(x, model.w1), model.b1)); // [4, 2] x [2, 3] -> [4, 3]
        return tf.mean(tf.square(tf.sub(tf.matMul(h, model.w2), tf.tensor2d(b.y, [4, 1])))) as tf.Scalar; // [4, 1]
      }),
    trainBatches: (epoch) => new Rng(epoch).shuffle([...TRAIN]),
    devBatches: () => TRAIN.slice(0, 2),
  };
}

const CONFIG: TrainerConfig = { epochs: 3, schedule: { kind: 'epochDecay', lr: 0.05, rate: 0.5, afterEpoch: 2 }, clipNorm: 0.5 };

/** A fresh model, RNG, trainer and run writing to `dir`. */
function setup(dir: string, extra: Partial<ConstructorParameters<typeof TrainingRun<Batch>>[0]> = {}, nanAt?: number) {
  const model = new Noisy(1);
  const rng = new Rng(9);
  let trainer: Trainer<Batch> | undefined;
  trainer = new Trainer(noisyTask(model, rng, nanAt === undefined ? undefined : { trainer: () => trainer!, step: nanAt }), CONFIG);
  const run = new TrainingRun<Batch>({ trainer, dir, rng, manifest: () => ({ kind: 'noisy', config: {}, data: null }), ...extra });
  const dispose = () => {
    model.dispose();
    trainer!.optimizer.dispose();
  };
  return { model, rng, trainer, run, dispose };
}

const weightsOf = (m: Module) => Object.fromEntries([...m.getWeights()].map(([k, v]) => [k, [...v.dataSync()]]));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'training-run-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeBackends('TrainingRun', ({ backend }) => {
  it('a run stopped by its AbortSignal saves, and resuming it ends with the weights of an uninterrupted run', async () => {
    const straight = setup(join(root, `${backend}-straight`));
    const done = await straight.run.run();
    expect(done).toMatchObject({ reason: 'completed', step: 12, epoch: 3 });
    expect(done.history.map((h) => [h.epoch, h.step])).toEqual([[1, 4], [2, 8], [3, 12]]);

    const dir = join(root, `${backend}-stopped`);
    const controller = new AbortController();
    const first = setup(dir, { signal: controller.signal, onEvent: (e) => void (e.type === 'batch' && e.step === 6 && controller.abort()) });
    const stopped = await first.run.run();
    expect(stopped).toMatchObject({ reason: 'aborted', step: 6, epoch: 1 });
    first.dispose();

    const saved = await loadCheckpoint(dir, { withOptimizer: true });
    expect(saved.manifest.training).toMatchObject({ trainer: { step: 6, epoch: 1, batchInEpoch: 2 }, adamStep: 6 });
    expect(saved.manifest.training!.history).toHaveLength(1);
    const second = setup(dir);
    second.run.restore(saved);
    const resumed = await second.run.run();
    expect(resumed).toMatchObject({ reason: 'completed', step: 12, epoch: 3 });
    expect(weightsOf(second.model)).toEqual(weightsOf(straight.model));
    expect(resumed.history.map((h) => [h.epoch, h.step, h.devLoss])).toEqual(done.history.map((h) => [h.epoch, h.step, h.devLoss]));
    expect(resumed.elapsedSeconds).toBeGreaterThanOrEqual(stopped.elapsedSeconds); // the stopped run's time carries over
    straight.dispose();
    second.dispose();
  });

  it('a NaN loss stops the run with the last good weights saved', async () => {
    const reference = setup(join(root, `${backend}-ref`));
    reference.trainer.config.maxSteps = 5;
    expect(await reference.run.run()).toMatchObject({ reason: 'max-steps', step: 5 });
    const dir = join(root, `${backend}-nan`);
    const diverging = setup(dir, {}, 5);
    const result = await diverging.run.run();
    expect(result.reason).toBe('diverged');
    expect(result.error?.message).toMatch(/training diverged at step 5/);
    const saved = await loadCheckpoint(dir);
    expect(saved.manifest.step).toBe(5);
    expect(Object.fromEntries([...saved.weights].map(([k, v]) => [k, [...v.dataSync()]]))).toEqual(weightsOf(reference.model));
    tf.dispose([...saved.weights.values()]);
    reference.dispose();
    diverging.dispose();
  });

  it('a time budget cuts the epoch, saves, and says why', async () => {
    const dir = join(root, `${backend}-budget`);
    const events: TrainingRunEvent[] = [];
    const timed = setup(dir, { maxSeconds: 0, onEvent: (e) => void events.push(e) });
    const result = await timed.run.run();
    expect(result).toMatchObject({ reason: 'time-budget', step: 1, epoch: 0 });
    expect(events.find((e) => e.type === 'stopping')).toMatchObject({ reason: 'time-budget', message: expect.stringMatching(/time budget of 0 s spent/) });
    expect((await loadCheckpoint(dir)).manifest.step).toBe(1);
    timed.dispose();
  });

  it('keeps the best epoch on dev loss in best/, with its metrics, and records extra metrics in the history', async () => {
    const dir = join(root, `${backend}-best`);
    const events: TrainingRunEvent[] = [];
    const run = setup(dir, { evaluate: (e) => ({ doubled: 2 * e.trainLoss }), extra: () => ({ app: 'state' }), onEvent: (e) => void events.push(e) });
    const result = await run.run.run();
    const best = JSON.parse(await readFile(join(dir, 'best', 'checkpoint.json'), 'utf8'));
    const bestEntry = result.history.reduce((a, b) => ((b.devLoss ?? Infinity) < (a.devLoss ?? Infinity) ? b : a));
    expect(best.metrics).toEqual({ ...bestEntry });
    expect(best.training).toBeUndefined();
    expect(result.history.every((h) => h.doubled === 2 * h.trainLoss)).toBe(true);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
    const latest = await loadCheckpoint(dir, { withOptimizer: true });
    expect(latest.manifest.training?.extra).toEqual({ app: 'state' });
    const again = setup(dir);
    expect(again.run.restore(latest)).toEqual({ app: 'state' });
    again.dispose();
    run.dispose();
  });
});
