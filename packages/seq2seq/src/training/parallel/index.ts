/**
 * `@seq2seq/seq2seq/parallel`: data-parallel training, and decoding, on worker threads (Node only;
 * the main entry stays free of Node built-ins so that it bundles for the browser).
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
export { ReplicaPool } from './pool';
export { dataParallelTask, type DataParallelTask, type DataParallelTaskConfig } from './task';
export { poolTask, type BatchSplit, type PoolTask } from './pool-task';
export { parallelTask, resolveWorkers, type ParallelTaskConfig, type ParallelTraining, type WorkerCount } from './parallel-task';
export {
  charLanguageModelReplica,
  pointerReplica,
  seq2seqReplica,
  type CharLanguageModelReplicaConfig,
  type PointerReplicaConfig,
  type ReplicaBackend,
  type Seq2SeqReplicaConfig,
} from './replicas';
export { rowRanges, splitPointerBatch, splitTbpttBatch, splitTokenBatch, type PointerBatch } from './split';
export { TranslatorPool, type TranslatorPoolConfig } from '../../decoding/parallel/translator-pool';
