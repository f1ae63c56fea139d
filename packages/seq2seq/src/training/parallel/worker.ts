/**
 * Entry of a data-parallel worker thread (see data-parallel.ts). It imports the task factory named
 * in `workerData`, builds a replica of the model, checks that its trainable parameters match the
 * main thread's layout, then answers one message per step:
 *
 *   weights buffer -> replica variables;  grads = d loss(slice) / d params  (tf.variableGrads);
 *   gradients row w <- scale * grads      (scale: the slice's share of the global batch)
 *
 * so that the sum of the rows over workers is the gradient of the whole batch's loss.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { ReplicaFactory, ReplicaTask } from './data-parallel';
import { toWire, type FromWorker, type ToWorker, type WorkerInit } from './protocol';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

function trainable(task: ReplicaTask<unknown>): Array<[string, tf.Variable]> {
  return task.model.namedParameters().filter(([, v]) => v.trainable);
}

async function build(): Promise<{ task: ReplicaTask<unknown>; variables: tf.Variable[] }> {
  const exports = (await import(init.module)) as Record<string, unknown>;
  const factory = exports[init.exportName] as ReplicaFactory<unknown> | undefined;
  if (typeof factory !== 'function') {
    throw Object.assign(new Error(`data-parallel worker: '${init.module}' has no function export '${init.exportName}'`), {
      name: 'InputError',
    });
  }
  const task = await factory({ config: init.config, seed: init.seed, worker: init.worker, workers: init.workers });
  const named = trainable(task);
  const expected = init.layout.slots;
  const mismatch =
    named.length !== expected.length ||
    named.some(([n, v], i) => n !== expected[i]!.name || v.shape.join(',') !== expected[i]!.shape.join(','));
  if (mismatch) {
    const got = named.map(([n, v]) => `${n} [${v.shape.join(', ')}]`).join(', ');
    const want = expected.map((s) => `${s.name} [${s.shape.join(', ')}]`).join(', ');
    throw Object.assign(
      new Error(`data-parallel worker: the replica's trainable parameters (${got}) do not match the model's (${want})`),
      { name: 'WeightsError' },
    );
  }
  return { task, variables: named.map(([, v]) => v) };
}

const weights = new Float32Array(init.weights);
const row = new Float32Array(init.gradients, init.worker * init.layout.size * 4, init.layout.size);

/** Copies the shared weights into the replica's variables. */
function loadWeights(variables: tf.Variable[]): void {
  init.layout.slots.forEach((slot, i) => {
    const v = variables[i]!;
    tf.tidy(() => v.assign(tf.tensor(weights.slice(slot.offset, slot.offset + slot.size), slot.shape, 'float32')));
  });
}

function step(task: ReplicaTask<unknown>, variables: tf.Variable[], batch: unknown, scale: number): number {
  loadWeights(variables);
  const { value, grads } = tf.variableGrads(() => task.loss(batch, true), variables);
  try {
    const loss = value.dataSync()[0]!;
    init.layout.slots.forEach((slot, i) => {
      const g = grads[variables[i]!.name];
      if (!g) {
        row.fill(0, slot.offset, slot.offset + slot.size); // not used by this slice's loss
        return;
      }
      const data = g.dataSync();
      for (let k = 0; k < slot.size; k++) row[slot.offset + k] = scale * data[k]!;
    });
    return loss;
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}

function evaluate(task: ReplicaTask<unknown>, variables: tf.Variable[], batch: unknown): number {
  loadWeights(variables);
  const wasTraining = task.model.training;
  task.model.eval();
  try {
    const l = tf.tidy(() => task.loss(batch, false));
    const loss = l.dataSync()[0]!;
    l.dispose();
    return loss;
  } finally {
    task.model.train(wasTraining);
  }
}

// An async function rather than top-level await: the build also emits this entry as CommonJS.
async function main(): Promise<void> {
  const { task, variables } = await build();
  task.model.train(true);
  port.on('message', (message: ToWorker) => {
    try {
      const loss =
        message.type === 'step' ? step(task, variables, message.batch, message.scale) : evaluate(task, variables, message.batch);
      post({ type: 'done', id: message.id, loss });
    } catch (error) {
      post({ type: 'error', id: message.id, error: toWire(error) });
    }
  });
  post({ type: 'ready' });
}

main().catch((error: unknown) => post({ type: 'error', id: undefined, error: toWire(error) }));
