/**
 * The worker side of the data-parallel benchmark: replica factories for its cases (bundled by
 * bench/parallel.ts into JavaScript a worker thread loads).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Seq2Seq, type Seq2SeqConfig, type TokenBatch } from '../src/index';
import type { ReplicaFactory } from '../src/training/parallel/index';

/** Config of {@link translateReplica}. */
export interface TranslateReplicaConfig {
  backend: string;
  model: Seq2SeqConfig;
}

export const translateReplica: ReplicaFactory<TokenBatch> = async ({ config }) => {
  const { backend, model: modelConfig } = config as TranslateReplicaConfig;
  tf.env().set('PROD', true);
  if (!(await tf.setBackend(backend))) throw new Error(`translate replica: backend ${backend} did not start`);
  const model = new Seq2Seq(modelConfig);
  return { model, loss: (batch) => model.loss(batch) };
};
