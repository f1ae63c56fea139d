/**
 * The worker side of the protocol (see protocol.ts), whatever carries the messages: builds a
 * replica on `init`, checks that its trainable parameters match the main thread's layout, then
 * answers one message per step:
 *
 *   weights -> replica variables;  grads = d loss(slice) / d params  (tf.variableGrads);
 *   row <- scale * grads           (scale: the slice's share of the global batch)
 *
 * so that the sum of the rows over workers is the gradient of the whole batch's loss. The row is
 * the worker's row of the shared gradients buffer, or a new buffer transferred back with `done`.
 * No Node built-ins: the Node worker entry (worker.ts) and the Web Worker one (web.ts) use it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ReplicaFactory, ReplicaTask } from './pool';
import { toWire, type FromWorker, type ToWorker, type WorkerInit } from './protocol';

/** A worker's end of the channel. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  /** Registers the one listener of the main thread's messages. */
  onMessage(listener: (message: ToWorker) => void): void;
}

/** Finds the factory named by `init` (imports `init.module` in Node; a registered one in a Web Worker). */
export type FactoryResolver = (init: WorkerInit) => Promise<ReplicaFactory<unknown>> | ReplicaFactory<unknown>;

/** An error whose `name` survives the thread boundary and is revived as our class of that name. */
export function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

function trainable(task: ReplicaTask<unknown>): Array<[string, tf.Variable]> {
  return task.model.namedParameters().filter(([, v]) => v.trainable);
}

interface Replica {
  init: WorkerInit;
  task: ReplicaTask<unknown>;
  variables: tf.Variable[];
}

async function build(init: WorkerInit, resolve: FactoryResolver): Promise<Replica> {
  const factory = await resolve(init);
  if (typeof factory !== 'function') {
    throw namedError('InputError', `data-parallel worker: '${init.module}' has no function export '${init.exportName}'`);
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
    throw namedError('WeightsError', `data-parallel worker: the replica's trainable parameters (${got}) do not match the model's (${want})`);
  }
  task.model.train(true);
  return { init, task, variables: named.map(([, v]) => v) };
}

/** Copies the weights (shared buffer or the message's copy) into the replica's variables. */
function loadWeights({ init, variables }: Replica, sent: Float32Array | undefined): void {
  const weights = init.shared ? new Float32Array(init.shared.weights) : sent;
  if (!weights) throw namedError('Seq2SeqError', 'data-parallel worker: a step without weights (no shared buffer and none sent)');
  init.layout.slots.forEach((slot, i) => {
    const v = variables[i]!;
    tf.tidy(() => v.assign(tf.tensor(weights.slice(slot.offset, slot.offset + slot.size), slot.shape, 'float32')));
  });
}

/** One gradient step; returns the loss and, without shared memory, the row to transfer back. */
function step(replica: Replica, message: Extract<ToWorker, { type: 'step' }>): { loss: number; gradient?: Float32Array } {
  const { init, task, variables } = replica;
  loadWeights(replica, message.weights);
  const size = init.layout.size;
  const row = init.shared ? new Float32Array(init.shared.gradients, init.worker * size * 4, size) : new Float32Array(size);
  const { value, grads } = tf.variableGrads(() => task.loss(message.batch, true), variables);
  try {
    const loss = value.dataSync()[0]!;
    init.layout.slots.forEach((slot, i) => {
      const g = grads[variables[i]!.name];
      if (!g) {
        row.fill(0, slot.offset, slot.offset + slot.size); // not used by this slice's loss
        return;
      }
      const data = g.dataSync();
      for (let k = 0; k < slot.size; k++) row[slot.offset + k] = message.scale * data[k]!;
    });
    return init.shared ? { loss } : { loss, gradient: row };
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}

function evaluate(replica: Replica, message: Extract<ToWorker, { type: 'loss' }>): number {
  const { task } = replica;
  loadWeights(replica, message.weights);
  const wasTraining = task.model.training;
  task.model.eval();
  try {
    const l = tf.tidy(() => task.loss(message.batch, false));
    const loss = l.dataSync()[0]!;
    l.dispose();
    return loss;
  } finally {
    task.model.train(wasTraining);
  }
}

/** Serves the protocol on `port`: `init` builds the replica through `resolve`, then steps. */
export function serveReplicaOn(port: WorkerPort, resolve: FactoryResolver): void {
  let replica: Replica | undefined;
  port.onMessage((message) => {
    if (message.type === 'init') {
      build(message.init, resolve).then(
        (built) => {
          replica = built;
          port.post({ type: 'ready' });
        },
        (error: unknown) => port.post({ type: 'error', id: undefined, error: toWire(error) }),
      );
      return;
    }
    try {
      if (!replica) throw namedError('Seq2SeqError', 'data-parallel worker: a step before the replica was built');
      if (message.type === 'step') {
        const { loss, gradient } = step(replica, message);
        port.post({ type: 'done', id: message.id, loss, gradient }, gradient ? [gradient.buffer as ArrayBuffer] : []);
      } else {
        port.post({ type: 'done', id: message.id, loss: evaluate(replica, message) });
      }
    } catch (error) {
      port.post({ type: 'error', id: message.id, error: toWire(error) });
    }
  });
}
