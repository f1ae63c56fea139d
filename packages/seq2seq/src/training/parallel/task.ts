/**
 * A {@link TrainingTask} whose gradients are computed on worker threads: the {@link Trainer}
 * applies them exactly as its own (clipping, divergence guard, Adam on the main thread's model).
 */
import type { TrainingTask } from '../trainer';
import { DataParallel, type DataParallelConfig } from './data-parallel';
import { poolTask, type BatchSplit, type PoolTask } from './pool-task';

/** Options of {@link dataParallelTask}. */
export interface DataParallelTaskConfig<B> extends DataParallelConfig {
  /**
   * Splits a global batch into at most `parts` slices (one per worker), each weighted by its
   * share of what the loss averages over (examples or tokens), so that the weighted sum of the
   * slices' gradients is the whole batch's gradient. Required.
   */
  split: BatchSplit<B>;
}

/** The task with worker-computed gradients; `dispose()` terminates the workers. */
export type DataParallelTask<B> = PoolTask<B, DataParallel<B>>;

/**
 * Starts `config.workers` worker threads with replicas of `task.model` and returns `task` with
 * {@link TrainingTask.gradients} computed on them. Dispose it when training ends.
 */
export async function dataParallelTask<B>(task: TrainingTask<B>, config: DataParallelTaskConfig<B>): Promise<DataParallelTask<B>> {
  const { split, ...poolConfig } = config;
  return poolTask(task, await DataParallel.start<B>(task.model, poolConfig), split);
}
