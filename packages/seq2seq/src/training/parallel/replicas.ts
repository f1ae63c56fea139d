/**
 * Built-in replicas: {@link ReplicaSpec}s for the library's own models, so that training them on
 * worker threads needs no worker module of one's own:
 *
 * ```ts
 * const task = await parallelTask(baseTask, { workers: 'auto', replica: seq2seqReplica({ model: config }), split: splitTokenBatch });
 * ```
 *
 * Each spec names the worker-side factory in replica-factories.ts: in the built package the
 * file `parallel-replicas.js` next to this module (ESM and CommonJS builds alike), from the
 * TypeScript sources the `.ts` file itself (bundled for the worker, see data-parallel.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { Seq2SeqConfig } from '../../config';
import type { PointerNetworkConfig } from '../../pointer/config';
import type { ReplicaSpec } from './pool';

/** Which backend each worker computes on. */
export interface ReplicaBackend {
  /** tfjs backend name (`'cpu'`, `'wasm'`). Default: the main thread's backend (`tf.getBackend()`) when the spec is made. */
  backend?: string;
  /**
   * The module that registers that backend, imported by each worker before `tf.setBackend`: a
   * package name or a file URL. Default `'@tensorflow/tfjs-backend-<backend>'`.
   */
  backendModule?: string;
}

/** Options of {@link seq2seqReplica}. */
export interface Seq2SeqReplicaConfig extends ReplicaBackend {
  /** The model's config (the one the main thread's `Seq2Seq` was built with). Required. */
  model: Seq2SeqConfig;
  /** Label smoothing of the training loss, as `Seq2Seq.loss`. Default 0. */
  labelSmoothing?: number;
  /** Teacher-forcing ratio of the training loss (scheduled sampling below 1). Default 1. */
  teacherForcingRatio?: number;
  /** Base seed of the workers' dropout and sampling; worker `w` uses `seed + w`. Default `model.seed + 1000`. */
  seed?: number;
}

/** Options of {@link pointerReplica}. */
export interface PointerReplicaConfig extends ReplicaBackend {
  /** The network's config (the one the main thread's `PointerNetwork` was built with). Required. */
  model: PointerNetworkConfig;
  /** Base seed of the workers' randomness; worker `w` uses `seed + w`. Default `model.seed + 1000`. */
  seed?: number;
}

/**
 * The worker-side module of the built-in replicas (for Node workers). A page's bundle may have
 * no usable `import.meta.url`: a Web Worker pool does not use `module`, so a relative name does.
 */
function factoriesModule(): URL | string {
  try {
    const here = import.meta.url;
    return here.endsWith('.ts') ? new URL('./replica-factories.ts', here) : new URL('./parallel-replicas.js', here);
  } catch {
    return './parallel-replicas.js';
  }
}

function backendOf(config: ReplicaBackend, caller: string): Required<ReplicaBackend> {
  const backend = config.backend ?? tf.getBackend();
  if (typeof backend !== 'string' || backend === '') {
    throw new InputError(`${caller}: no backend given and none is running on this thread; pass { backend: 'cpu' } or start one first`);
  }
  return { backend, backendModule: config.backendModule ?? `@tensorflow/tfjs-backend-${backend}` };
}

function baseSeed(config: { seed?: number; model: { seed?: number } }, caller: string): number {
  const seed = config.seed ?? (config.model.seed ?? 0) + 1000;
  if (!Number.isInteger(seed)) throw new InputError(`${caller}: seed must be an integer, got ${seed}`);
  return seed;
}

/**
 * The replica of a `Seq2Seq` model for `DataParallel` / `dataParallelTask` / `parallelTask`: each
 * worker builds `new Seq2Seq(config.model)` on `config.backend` and computes `model.loss(batch,
 * { labelSmoothing, teacherForcingRatio })`. Split its batches with `splitTokenBatch`.
 */
export function seq2seqReplica(config: Seq2SeqReplicaConfig): ReplicaSpec {
  if (!config?.model) throw new InputError('seq2seqReplica: expected { model: Seq2SeqConfig }');
  const seed = baseSeed(config, 'seq2seqReplica');
  const replicaConfig: Required<Seq2SeqReplicaConfig> = {
    ...backendOf(config, 'seq2seqReplica'),
    model: config.model,
    labelSmoothing: config.labelSmoothing ?? 0,
    teacherForcingRatio: config.teacherForcingRatio ?? 1,
    seed,
  };
  return { module: factoriesModule(), exportName: 'seq2seqReplicaFactory', config: replicaConfig, seed };
}

/**
 * The replica of a `PointerNetwork` trained on supervised targets (`PointerNetwork.loss`): each
 * worker builds `new PointerNetwork(config.model)` on `config.backend`. Split its batches with
 * `splitPointerBatch`.
 */
export function pointerReplica(config: PointerReplicaConfig): ReplicaSpec {
  if (!config?.model) throw new InputError('pointerReplica: expected { model: PointerNetworkConfig }');
  const seed = baseSeed(config, 'pointerReplica');
  const replicaConfig: Required<PointerReplicaConfig> = { ...backendOf(config, 'pointerReplica'), model: config.model, seed };
  return { module: factoriesModule(), exportName: 'pointerReplicaFactory', config: replicaConfig, seed };
}
