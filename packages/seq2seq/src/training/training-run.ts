/**
 * A training run: the {@link Trainer} loop plus everything around it that every command-line or
 * app training needs, written once. It
 *
 * - saves a checkpoint (library format, every file atomic) at the end of every epoch, every
 *   `saveEverySeconds`, and when it stops for any reason;
 * - keeps the best checkpoint on dev loss in `dir/best` (inference-only, with its metrics);
 * - stops after the current batch when `signal` aborts (wire Ctrl-C to an `AbortController`), when
 *   the time budget is spent, at `maxSteps`, or by early stopping, and says why;
 * - on a non-finite loss or gradient ({@link DivergenceError}) saves the last good weights and
 *   reports `diverged`; on any other error of the loop (a data-parallel worker that threw or
 *   died) saves the last good weights and rejects with that error;
 * - records the learning curve (one {@link HistoryEntry} per finished epoch) in the checkpoint;
 * - resumes exactly: {@link TrainingRun.restore} puts back the weights, the optimiser moments and
 *   step, the trainer's epoch and position in the epoch's batches, the RNG, the history and the
 *   training time, so a stopped and resumed run ends with the weights of an uninterrupted one
 *   (given a task whose `trainBatches(epoch)` depends on the epoch only).
 *
 * Node only (it writes files); progress is reported through `onEvent`, never printed.
 */
import { DivergenceError, type Rng } from '@seq2seq/core';
import { saveCheckpoint, type HistoryEntry, type LoadedCheckpoint, type SaveCheckpointInput } from '../checkpoint';
import type { BatchEvent, EpochEvent, Trainer } from './trainer';

/**
 * Why a run ended. `'failed'` is only ever the reason of a `stopping` event: the run saved the last
 * good weights and {@link TrainingRun.run} rejects with the error (e.g. a data-parallel worker's).
 */
export type StopReason = 'completed' | 'early-stopped' | 'max-steps' | 'time-budget' | 'aborted' | 'diverged' | 'failed';

/** Progress of a run, for a progress bar or a log. */
export type TrainingRunEvent =
  | ({ type: 'batch'; elapsedSeconds: number } & BatchEvent)
  /** A finished epoch: its history entry, and whether it was saved as the best. */
  | { type: 'epoch'; entry: HistoryEntry; event: EpochEvent; savedBest: boolean }
  | { type: 'saved'; dir: string; step: number; best: boolean }
  | { type: 'stopping'; reason: StopReason; message: string };

/** Options of {@link TrainingRun}. */
export interface TrainingRunConfig<B, Config = unknown, Data = unknown> {
  /** The loop: model, task, optimiser, schedule, early stopping, `maxSteps`. */
  trainer: Trainer<B>;
  /** Where the latest checkpoint goes (created if needed); the best on dev loss goes to `dir/best`. */
  dir: string;
  /** What the checkpoint says the model is (kind, config, data, attribution, provenance). */
  manifest: () => SaveCheckpointInput<Config, Data>['manifest'];
  /** The RNG the task draws from while training (dropout, sampling), saved and restored. Default none. */
  rng?: Rng;
  /** Aborting it stops the run after the current batch, with a checkpoint. Default: none. */
  signal?: AbortSignal;
  /** Training seconds this run may take (the epoch in progress is cut, then saved). Default unlimited. */
  maxSeconds?: number;
  /** Also save the latest checkpoint every this many seconds. Default 600. */
  saveEverySeconds?: number;
  /** Keep the best checkpoint on dev loss in `dir/best`. Default true (needs dev batches). */
  keepBest?: boolean;
  /** Save the best checkpoint's weights as float16. Default false. */
  float16Best?: boolean;
  /** More metrics for a finished epoch (BLEU, tour length...), added to its history entry. */
  evaluate?: (event: EpochEvent) => Record<string, number> | Promise<Record<string, number>>;
  /** App state to save with the checkpoint (command-line options, a baseline); handed back by {@link TrainingRun.restore}. */
  extra?: () => unknown;
  /** Progress events; awaited. */
  onEvent?: (event: TrainingRunEvent) => void | Promise<void>;
}

/** How a run ended. */
export interface TrainingResult {
  reason: StopReason;
  /** Optimiser steps in total (over resumed runs too). */
  step: number;
  /** Epochs finished in total. */
  epoch: number;
  bestDevLoss: number | undefined;
  history: HistoryEntry[];
  /** Training seconds over every run of this checkpoint. */
  elapsedSeconds: number;
  /** The divergence, when `reason` is `'diverged'` (the saved weights are the last good ones). */
  error?: DivergenceError;
}

/** Runs a {@link Trainer} with checkpoints, stops and resume; see the module comment. */
export class TrainingRun<B, Config = unknown, Data = unknown> {
  readonly config: TrainingRunConfig<B, Config, Data>;
  history: HistoryEntry[] = [];
  /** Training seconds of earlier runs (restored). */
  elapsedBefore = 0;
  #started = 0;

  constructor(config: TrainingRunConfig<B, Config, Data>) {
    this.config = config;
  }

  /** Training seconds so far, earlier runs included. */
  get elapsedSeconds(): number {
    return this.elapsedBefore + (this.#started ? (performance.now() - this.#started) / 1000 : 0);
  }

  /**
   * Puts a training checkpoint (loaded with `withOptimizer: true`) back into the model, the
   * trainer and the RNG, and disposes its tensors; returns the app's saved `extra`.
   */
  restore(checkpoint: LoadedCheckpoint<Config, Data>): unknown {
    const { trainer, rng } = this.config;
    const training = checkpoint.manifest.training;
    trainer.task.model.loadWeights(checkpoint.weights);
    for (const t of checkpoint.weights.values()) t.dispose();
    if (!training) return undefined; // a shipped model: its weights only, training starts afresh
    trainer.state = { ...training.trainer };
    if (checkpoint.optimizer) {
      trainer.optimizer.setState(checkpoint.optimizer, new Map(trainer.task.model.namedParameters()));
      for (const t of checkpoint.optimizer.tensors.values()) t.dispose();
    }
    if (rng && training.rngState) rng.setState(training.rngState);
    this.history = [...(training.history ?? [])];
    this.elapsedBefore = training.elapsedSeconds ?? 0;
    return training.extra;
  }

  /** Saves the latest checkpoint (weights, optimiser, trainer state, RNG, history) to `dir`. */
  async save(): Promise<void> {
    const { trainer, dir, rng, extra, manifest } = this.config;
    await saveCheckpoint(dir, {
      manifest: manifest(),
      model: trainer.task.model,
      training: { trainer: trainer.state, optimizer: trainer.optimizer, rngState: rng?.getState(), history: this.history, elapsedSeconds: this.elapsedSeconds, extra: extra?.() },
    });
    await this.config.onEvent?.({ type: 'saved', dir, step: trainer.state.step, best: false });
  }

  /** Trains to the trainer's `epochs` (or until a stop); every way out saves a checkpoint. */
  async run(): Promise<TrainingResult> {
    const { trainer, signal, maxSeconds = Number.POSITIVE_INFINITY, saveEverySeconds = 600, onEvent } = this.config;
    this.#started = performance.now();
    const runStarted = this.#started;
    let stop: { reason: StopReason; message: string } | undefined;
    const requestStop = (reason: StopReason, message: string) => {
      if (stop) return;
      stop = { reason, message };
      trainer.requestStop();
    };
    const onAbort = () => requestStop('aborted', 'stopped on request (abort signal) after the current batch: saving a checkpoint');
    signal?.addEventListener('abort', onAbort);
    let lastSave = performance.now();
    let error: DivergenceError | undefined;
    try {
      if (signal?.aborted) onAbort();
      if (!stop) {
        await trainer.fit({
          onBatchEnd: async (e) => {
            await onEvent?.({ type: 'batch', elapsedSeconds: this.elapsedSeconds, ...e });
            if ((performance.now() - runStarted) / 1000 >= maxSeconds) {
              requestStop('time-budget', `time budget of ${maxSeconds} s spent: saving a checkpoint and stopping`);
            }
            if ((performance.now() - lastSave) / 1000 >= saveEverySeconds) {
              await this.save();
              lastSave = performance.now();
            }
          },
          onEpochEnd: async (e) => {
            if (e.finished) {
              await this.#finishEpoch(e);
              await this.save();
              lastSave = performance.now();
            }
          },
        });
      }
    } catch (caught) {
      if (!(caught instanceof DivergenceError)) {
        // Any other error (a data-parallel worker that threw or died, a failing callback) came
        // before or after a whole step, never inside one: save the last good weights, then rethrow.
        const message = caught instanceof Error ? caught.message : String(caught);
        try {
          await onEvent?.({ type: 'stopping', reason: 'failed', message: `${message}: saving the last good weights` });
          await this.save();
        } finally {
          this.elapsedBefore = this.elapsedSeconds;
          this.#started = 0;
        }
        throw caught;
      }
      error = caught;
      stop = { reason: 'diverged', message: `${caught.message} The last good weights are saved.` };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const { state, config } = trainer;
    if (!stop) {
      if (state.step >= config.maxSteps && state.epoch < config.epochs) stop = { reason: 'max-steps', message: `maxSteps (${config.maxSteps}) reached` };
      else if (config.earlyStopping && state.epochsWithoutImprovement >= config.earlyStopping.patience && state.epoch < config.epochs) {
        stop = { reason: 'early-stopped', message: `no dev improvement for ${config.earlyStopping.patience} epochs: early stop` };
      } else stop = { reason: 'completed', message: `${state.epoch} epochs done` };
    }
    await onEvent?.({ type: 'stopping', ...stop });
    await this.save();
    const elapsedSeconds = this.elapsedSeconds;
    this.elapsedBefore = elapsedSeconds;
    this.#started = 0;
    return { reason: stop.reason, step: state.step, epoch: state.epoch, bestDevLoss: state.bestDevLoss, history: this.history, elapsedSeconds, error };
  }

  async #finishEpoch(e: EpochEvent): Promise<void> {
    const { trainer, keepBest = true, evaluate, onEvent } = this.config;
    const entry: HistoryEntry = { epoch: e.epoch + 1, step: trainer.state.step, seconds: this.elapsedSeconds, trainLoss: e.trainLoss };
    if (e.devLoss !== undefined) entry.devLoss = e.devLoss;
    if (evaluate) {
      Object.assign(entry, await evaluate(e));
      trainer.task.model.train(true); // an evaluation may have switched dropout off
    }
    this.history.push(entry);
    const savedBest = keepBest && e.improved;
    if (savedBest) {
      const metrics = Object.fromEntries(Object.entries(entry).filter((kv): kv is [string, number] => kv[1] !== undefined));
      const dir = `${this.config.dir}/best`;
      await saveCheckpoint(dir, { manifest: { ...this.config.manifest(), metrics, step: trainer.state.step }, model: trainer.task.model, float16: this.config.float16Best ?? false });
      await onEvent?.({ type: 'saved', dir, step: trainer.state.step, best: true });
    }
    await onEvent?.({ type: 'epoch', entry, event: e, savedBest });
  }
}
