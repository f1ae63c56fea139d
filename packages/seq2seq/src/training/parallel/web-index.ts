/**
 * `@seq2seq/seq2seq/parallel-web`: data-parallel training on Web Workers (browser-safe: no Node
 * built-ins). See web.ts for the page's and the worker entry's parts.
 */
export { WebDataParallel, canShareMemory, serveReplica, webWorkerCount, type WebDataParallelConfig, type WebWorkerCount } from './web';
export {
  ReplicaPool,
  type GradientSlice,
  type ParallelGradients,
  type ReplicaContext,
  type ReplicaFactory,
  type ReplicaSpec,
  type ReplicaTask,
} from './pool';
export { poolTask, type BatchSplit, type PoolTask } from './pool-task';
export { pointerReplicaFactory, seq2seqReplicaFactory } from './replica-factories';
export { pointerReplica, seq2seqReplica, type PointerReplicaConfig, type ReplicaBackend, type Seq2SeqReplicaConfig } from './replicas';
export { rowRanges, splitPointerBatch, splitTokenBatch, type PointerBatch } from './split';
