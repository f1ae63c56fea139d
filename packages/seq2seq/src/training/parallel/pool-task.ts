/**
 * A {@link TrainingTask} whose gradients come from a {@link ReplicaPool}: the {@link Trainer}
 * applies them exactly as its own (clipping, divergence guard, Adam on the main thread's model).
 * No Node built-ins: the Node (task.ts) and browser (web.ts) subpaths share it.
 */
import type { TrainingTask } from '../trainer';
import type { GradientSlice, ReplicaPool } from './pool';

/**
 * Splits a global batch into at most `parts` slices (one per worker), each weighted by its share
 * of what the loss averages over (examples or tokens), so that the weighted sum of the slices'
 * gradients is the whole batch's gradient.
 */
export type BatchSplit<B> = (batch: B, parts: number) => Array<GradientSlice<B>>;

/** The task with pool-computed gradients; `dispose()` ends the workers. */
export interface PoolTask<B, P extends ReplicaPool<B> = ReplicaPool<B>> extends TrainingTask<B> {
  readonly pool: P;
  gradients(batch: B): ReturnType<ReplicaPool<B>['gradients']>;
  /** Ends the workers (the model is the caller's). Calling it twice is harmless. */
  dispose(): Promise<void>;
}

/** `task` with {@link TrainingTask.gradients} computed by `pool` on `split(batch, pool.workers)`. */
export function poolTask<B, P extends ReplicaPool<B>>(task: TrainingTask<B>, pool: P, split: BatchSplit<B>): PoolTask<B, P> {
  return {
    ...task,
    pool,
    gradients: (batch) => pool.gradients(split(batch, pool.workers)),
    dispose: () => pool.dispose(),
  };
}
