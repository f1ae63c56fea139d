/**
 * The one call an app's `train` makes to train on every core: `workers: number | 'auto'` in, a
 * {@link TrainingTask} for the {@link Trainer} out. One worker is today's in-process training,
 * exactly (the task is returned as it is, no thread starts); more start a pool of replicas.
 */
import { availableParallelism } from 'node:os';
import { InputError } from '@seq2seq/core';
import type { TrainingTask } from '../trainer';
import type { DataParallelConfig } from './data-parallel';
import { dataParallelTask, type DataParallelTaskConfig } from './task';

/** A worker count, or `'auto'`: every core this process may use (`os.availableParallelism()`). */
export type WorkerCount = number | 'auto';

/** The number of workers `workers` stands for: `'auto'` is `os.availableParallelism()` (at least 1). */
export function resolveWorkers(workers: WorkerCount): number {
  if (workers === 'auto') return Math.max(1, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer or 'auto', got ${String(workers)}`);
  return workers;
}

/** Options of {@link parallelTask}: those of `dataParallelTask`, with a worker count that may be `'auto'`. */
export interface ParallelTaskConfig<B> extends Omit<DataParallelTaskConfig<B>, 'workers'> {
  /** Worker threads: a positive integer, or `'auto'` (see {@link resolveWorkers}). 1 trains in-process. Required. */
  workers: WorkerCount;
}

/** What {@link parallelTask} returns; `dispose()` stops the workers (harmless with none, or twice). */
export interface ParallelTraining<B> {
  /** The task to hand the {@link Trainer}: `task` itself with 1 worker. */
  task: TrainingTask<B>;
  /** The resolved worker count. */
  workers: number;
  /** Terminates the workers, if any, and resolves when they have exited. */
  dispose(): Promise<void>;
}

/**
 * `task` trained on `config.workers` replicas: with 1 worker, `task` unchanged (in-process, as
 * without this call); with more, `dataParallelTask(task, ...)` (gradients summed over worker
 * threads, applied once on this thread: checkpoints, resume, stops and the divergence guard of a
 * `TrainingRun` work as before). A worker that throws or dies rejects the step it was in, with
 * nothing applied; a `TrainingRun` then saves the last good weights and rejects with that error.
 * Call `dispose()` when training ends, also after an error.
 */
export async function parallelTask<B>(task: TrainingTask<B>, config: ParallelTaskConfig<B>): Promise<ParallelTraining<B>> {
  const workers = resolveWorkers(config.workers);
  if (workers === 1) return { task, workers, dispose: async () => {} };
  const poolConfig: DataParallelConfig & DataParallelTaskConfig<B> = { ...config, workers };
  const parallel = await dataParallelTask(task, poolConfig);
  return { task: parallel, workers, dispose: () => parallel.dispose() };
}
