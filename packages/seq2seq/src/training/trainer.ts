/**
 * The training loop shared by every model: Adam on named parameters, gradient clipping by global
 * norm, a learning-rate schedule, early stopping on dev loss, callbacks per batch and per epoch,
 * and a divergence guard.
 *
 * The guard reads the loss and the gradient norm of every step before the update is applied: a
 * NaN or Inf stops training with a {@link DivergenceError} and the weights are those of the last
 * good step, never a half-poisoned update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DivergenceError, type Module } from '@seq2seq/core';
import { Adam, type AdamConfig } from './adam';
import { clipByGlobalNorm } from './clip';
import { learningRateAt, type ScheduleConfig } from './schedule';

/** What a model contributes to training: its loss on a batch, and the data. */
export interface TrainingTask<B> {
  /** The model whose trainable parameters are optimised. */
  model: Module;
  /** Loss of one batch, as a scalar; called inside the gradient tape. */
  loss(batch: B, training: boolean): tf.Scalar;
  /** Number of target tokens in a batch (for tokens/s). Default 1 per batch. */
  tokens?(batch: B): number;
  /** The training batches of epoch `epoch` (0-based), already shuffled by the task's RNG. */
  trainBatches(epoch: number): Iterable<B>;
  /** Held-out batches for the dev loss at the end of each epoch. */
  devBatches?(): Iterable<B>;
  /**
   * Computes a training batch's loss and gradients (by parameter name, at the model's current
   * weights) somewhere else than this thread's tape: on worker threads, see `dataParallelTask` in
   * `@seq2seq/seq2seq/parallel`. When present, `fit` awaits it for every step and applies the
   * result exactly as a step on this thread (clipping, divergence guard, Adam). Default: absent.
   */
  gradients?(batch: B): Promise<{ loss: number; grads: Record<string, tf.Tensor> }>;
}

/** Options of {@link Trainer}. Every field has a documented default. */
export interface TrainerConfig {
  /** Epochs to run (counting from 0, including epochs already done when resuming). Default 10. */
  epochs?: number;
  /** Learning-rate schedule. Default `{ kind: 'constant', lr: 1e-3 }`. */
  schedule?: ScheduleConfig;
  /** Clip gradients to this global norm; `0` disables. Default 1.0. */
  clipNorm?: number;
  /** Adam hyper-parameters. */
  adam?: AdamConfig;
  /** Stop when the dev loss has not improved by `minDelta` for `patience` epochs. Off by default. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** Stop after this many optimiser steps in total (for time-boxed runs). Default unlimited. */
  maxSteps?: number;
}

/** Reported after every optimiser step. */
export interface BatchEvent {
  epoch: number;
  /** Batch index within the epoch. */
  batch: number;
  /** Batches in this epoch, when the batch source is an array. */
  batchesInEpoch: number | undefined;
  /** Optimiser steps so far, over all epochs. */
  step: number;
  loss: number;
  gradNorm: number;
  lr: number;
  tokensPerSecond: number;
  /** Seconds left in this epoch, when known. */
  etaSeconds: number | undefined;
}

/** Reported after every epoch. */
export interface EpochEvent {
  epoch: number;
  trainLoss: number;
  devLoss: number | undefined;
  bestDevLoss: number | undefined;
  /**
   * Whether this epoch's dev loss is the best so far (checkpoint it). Always false for an epoch
   * cut short by {@link Trainer.requestStop} or `maxSteps`: only completed epochs count.
   */
  improved: boolean;
  /**
   * Whether the epoch ran to its end. False for one cut short by a stop or `maxSteps`: a resumed
   * run finishes it and reports it again.
   */
  finished: boolean;
  seconds: number;
}

/** Callbacks; any may be async (awaited before training continues). */
export interface TrainerCallbacks {
  onBatchEnd?(event: BatchEvent): void | Promise<void>;
  onEpochEnd?(event: EpochEvent): void | Promise<void>;
}

/** The part of the trainer's state that a checkpoint must carry to resume. */
export interface TrainerState {
  epoch: number;
  step: number;
  bestDevLoss: number | undefined;
  epochsWithoutImprovement: number;
  /** Batches of the current epoch already trained (skipped on resume). */
  batchInEpoch: number;
}

/** Resolves after pending macrotasks (timers, I/O, signals) have had a chance to run. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs training; see {@link TrainingTask} and {@link TrainerConfig}. */
export class Trainer<B> {
  readonly optimizer: Adam;
  readonly config: Required<Omit<TrainerConfig, 'earlyStopping' | 'adam'>> & Pick<TrainerConfig, 'earlyStopping'>;
  state: TrainerState = { epoch: 0, step: 0, bestDevLoss: undefined, epochsWithoutImprovement: 0, batchInEpoch: 0 };
  #stopRequested = false;

  constructor(readonly task: TrainingTask<B>, config: TrainerConfig = {}) {
    this.config = {
      epochs: config.epochs ?? 10,
      schedule: config.schedule ?? { kind: 'constant', lr: 1e-3 },
      clipNorm: config.clipNorm ?? 1.0,
      maxSteps: config.maxSteps ?? Number.POSITIVE_INFINITY,
      earlyStopping: config.earlyStopping,
    };
    this.optimizer = new Adam(config.adam);
  }

  /** Asks the loop to stop after the current batch (e.g. on Ctrl-C); `fit` then resolves. */
  requestStop(): void {
    this.#stopRequested = true;
  }

  /** Whether the last `fit` ended because of {@link Trainer.requestStop}. */
  get stopped(): boolean {
    return this.#stopRequested;
  }

  /** One optimiser step on `batch`; returns the loss and gradient norm. Throws on divergence. */
  trainStep(batch: B): { loss: number; gradNorm: number; lr: number } {
    const named = this.#trainable();
    const byTfName = new Map([...named].map(([n, v]) => [v.name, n]));
    const { value, grads } = tf.variableGrads(() => this.task.loss(batch, true), [...named.values()]);
    const byName: Record<string, tf.Tensor> = {};
    for (const [tfName, g] of Object.entries(grads)) byName[byTfName.get(tfName)!] = g;
    const loss = value.dataSync()[0]!;
    value.dispose();
    return this.#apply(named, byName, loss);
  }

  /**
   * One optimiser step on `batch` with the task's {@link TrainingTask.gradients} when it has them
   * (a rejected computation applies nothing), else {@link Trainer.trainStep}.
   */
  async trainStepAsync(batch: B): Promise<{ loss: number; gradNorm: number; lr: number }> {
    if (!this.task.gradients) return this.trainStep(batch);
    const named = this.#trainable();
    const { loss, grads } = await this.task.gradients(batch);
    return this.#apply(named, grads, loss);
  }

  #trainable(): Map<string, tf.Variable> {
    return new Map(this.task.model.namedParameters().filter(([, v]) => v.trainable));
  }

  /** Clips, guards and applies gradients by name; disposes them. */
  #apply(named: Map<string, tf.Variable>, byName: Record<string, tf.Tensor>, loss: number): { loss: number; gradNorm: number; lr: number } {
    const lr = learningRateAt(this.config.schedule, this.state.step, this.state.epoch);
    let clipped = byName;
    let gradNorm = Number.NaN;
    try {
      const c = clipByGlobalNorm(byName, this.config.clipNorm > 0 ? this.config.clipNorm : Number.POSITIVE_INFINITY);
      clipped = c.clipped;
      gradNorm = c.norm;
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        throw new DivergenceError(
          `training diverged at step ${this.state.step} (loss ${loss}, gradient norm ${gradNorm}); ` +
            'the weights are those of the last good step. Try a lower learning rate or a smaller clipNorm.',
        );
      }
      this.optimizer.apply(named, clipped, lr);
      this.state.step += 1;
    } finally {
      tf.dispose(Object.values(byName));
      if (clipped !== byName) tf.dispose(Object.values(clipped));
    }
    return { loss, gradNorm, lr };
  }

  /** Mean loss over the dev batches (no dropout, no gradients). */
  evaluate(batches: Iterable<B>): number {
    const model = this.task.model;
    const wasTraining = model.training;
    model.eval();
    let total = 0;
    let weight = 0;
    try {
      for (const batch of batches) {
        const l = tf.tidy(() => this.task.loss(batch, false));
        const w = this.task.tokens?.(batch) ?? 1;
        total += l.dataSync()[0]! * w;
        weight += w;
        l.dispose();
      }
    } finally {
      model.train(wasTraining);
    }
    return weight > 0 ? total / weight : Number.NaN;
  }

  /** Trains from the current state to `config.epochs`; resolves with the final state. */
  async fit(callbacks: TrainerCallbacks = {}): Promise<TrainerState> {
    this.#stopRequested = false;
    const { epochs, earlyStopping, maxSteps } = this.config;
    this.task.model.train(true);
    while (this.state.epoch < epochs && !this.#stopRequested && this.state.step < maxSteps) {
      const epoch = this.state.epoch;
      const started = performance.now();
      const source = this.task.trainBatches(epoch);
      const batchesInEpoch = Array.isArray(source) ? source.length : undefined;
      let lossSum = 0;
      let lossCount = 0;
      let tokens = 0;
      let index = 0;
      let cut = false;
      const skip = this.state.batchInEpoch;
      for (const batch of source) {
        if (index < skip) {
          index += 1;
          continue;
        }
        const { loss, gradNorm, lr } = this.task.gradients ? await this.trainStepAsync(batch) : this.trainStep(batch);
        lossSum += loss;
        lossCount += 1;
        tokens += this.task.tokens?.(batch) ?? 1;
        const seconds = (performance.now() - started) / 1000;
        const perBatch = seconds / (index + 1 - skip);
        await callbacks.onBatchEnd?.({
          epoch,
          batch: index,
          batchesInEpoch,
          step: this.state.step,
          loss,
          gradNorm,
          lr,
          tokensPerSecond: tokens / Math.max(seconds, 1e-9),
          etaSeconds: batchesInEpoch === undefined ? undefined : perBatch * (batchesInEpoch - index - 1),
        });
        index += 1;
        this.state.batchInEpoch = index;
        // Let the event loop run (signals such as Ctrl-C, timers, a browser's UI): awaiting
        // callbacks alone only drains microtasks.
        await yieldToEventLoop();
        if (this.#stopRequested || this.state.step >= maxSteps) {
          cut = true;
          break;
        }
      }
      // The epoch is done when every batch was trained, even if a stop came with the last one.
      // Only a done epoch counts for early stopping: a cut one reports its dev loss, and the
      // resumed run, which ends it, counts it once (as an uninterrupted run would).
      const finishedEpoch = !cut || (batchesInEpoch !== undefined && index >= batchesInEpoch);
      const devLoss = this.task.devBatches ? this.evaluate(this.task.devBatches()) : undefined;
      const best = this.state.bestDevLoss;
      const minDelta = earlyStopping?.minDelta ?? 0;
      const improved = finishedEpoch && devLoss !== undefined && (best === undefined || devLoss < best - minDelta);
      if (improved) {
        this.state.bestDevLoss = devLoss;
        this.state.epochsWithoutImprovement = 0;
      } else if (devLoss !== undefined && finishedEpoch) {
        this.state.epochsWithoutImprovement += 1;
      }
      if (finishedEpoch) {
        this.state.epoch += 1;
        this.state.batchInEpoch = 0;
      }
      await callbacks.onEpochEnd?.({
        epoch,
        trainLoss: lossCount ? lossSum / lossCount : Number.NaN,
        devLoss,
        bestDevLoss: this.state.bestDevLoss,
        improved,
        finished: finishedEpoch,
        seconds: (performance.now() - started) / 1000,
      });
      if (earlyStopping && this.state.epochsWithoutImprovement >= earlyStopping.patience) break;
    }
    return this.state;
  }
}
