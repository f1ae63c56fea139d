/**
 * `@seq2seq/seq2seq/parallel`: data-parallel training on worker threads (Node only; the main entry
 * stays free of Node built-ins so that it bundles for the browser).
 */
export {
  DataParallel,
  type DataParallelConfig,
  type GradientSlice,
  type ParallelGradients,
  type ReplicaContext,
  type ReplicaFactory,
  type ReplicaSpec,
  type ReplicaTask,
} from './data-parallel';
export { dataParallelTask, type DataParallelTask, type DataParallelTaskConfig } from './task';
