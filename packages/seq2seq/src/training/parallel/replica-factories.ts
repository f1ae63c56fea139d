/**
 * The worker side of the built-in replicas (see replicas.ts): factories that start the backend
 * they are told to, and build a replica of the library's own models. A Node worker imports this
 * module from the built package (`dist/parallel-replicas.js`); a Web Worker entry serves them with
 * `serveReplica` of `@seq2seq/seq2seq/parallel-web`. No Node built-ins.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng, Seq2SeqError } from '@seq2seq/core';
import type { TokenBatch } from '../../batch';
import { Seq2Seq } from '../../model';
import { PointerNetwork } from '../../pointer/network';
import type { ReplicaFactory } from './pool';
import type { PointerReplicaConfig, ReplicaBackend, Seq2SeqReplicaConfig } from './replicas';
import type { PointerBatch } from './split';

/**
 * Makes `backend` tfjs's backend in this worker, importing `backendModule` first unless the
 * backend is registered already (a Web Worker entry imports its backend itself).
 */
async function startBackend({ backend, backendModule }: Required<ReplicaBackend>): Promise<void> {
  tf.env().set('PROD', true); // no tfjs console banners from every worker
  if (!tf.findBackendFactory(backend)) await import(/* @vite-ignore */ backendModule);
  if (!(await tf.setBackend(backend))) {
    throw new Seq2SeqError(`data-parallel replica: backend '${backend}' (from '${backendModule}') did not start in the worker`);
  }
}

/** Worker side of `seq2seqReplica`: a `Seq2Seq` whose training loss uses the run's loss options. */
export const seq2seqReplicaFactory: ReplicaFactory<TokenBatch> = async ({ config, seed }) => {
  const c = config as Required<Seq2SeqReplicaConfig>;
  await startBackend(c);
  // Its own seed: dropout masks differ between workers (the weights come from the main thread).
  const model = new Seq2Seq({ ...c.model, seed });
  const rng = new Rng(seed + 7); // scheduled sampling, as the apps' training loss
  const options = { labelSmoothing: c.labelSmoothing, teacherForcingRatio: c.teacherForcingRatio, rng };
  return { model, loss: (batch, training) => (training ? model.loss(batch, options) : model.loss(batch)) };
};

/** Worker side of `pointerReplica`: a `PointerNetwork` with its supervised loss. */
export const pointerReplicaFactory: ReplicaFactory<PointerBatch> = async ({ config, seed }) => {
  const c = config as Required<PointerReplicaConfig>;
  await startBackend(c);
  const model = new PointerNetwork({ ...c.model, seed });
  return { model, loss: (batch) => model.loss(batch.inputs, batch.targets) };
};
