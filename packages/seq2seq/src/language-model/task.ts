/**
 * Stateful truncated back-propagation through time (TBPTT) as a {@link TrainingTask}, so the
 * shared `Trainer` and `TrainingRun` drive a {@link CharLanguageModel} unchanged.
 *
 * The text is cut by `tbpttBatches` (`@seq2seq/datasets`) into `batchSize` contiguous stretches
 * read window after window. The task keeps the final state of every row and feeds it as the
 * initial state of the next window: the gradient of a window stops at its first step (the
 * carried state is a constant, "detached"), while the forward pass sees each stretch as one
 * unbroken sequence. The state is reset to zeros at window 0 (every epoch starts afresh) and
 * whenever a window is not the one after the last (a resumed run skips the windows already
 * trained without running them, so it restarts from a zero state: the only way a resumed run
 * differs from an uninterrupted one). Dev batches carry their own state the same way.
 *
 * Batches are plain objects of host arrays, `[batch, time]` row-major, so they split by rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { CellState } from '@seq2seq/cells';
import { tbpttBatches, type TbpttBatch } from '@seq2seq/datasets';
import type { TrainingTask } from '../training/trainer';
import { flatState, type CharLanguageModel } from './model';

/** Options of {@link charLanguageModelTask}. */
export interface CharLanguageModelTaskConfig {
  /** Ids of the training text (`CharVocabulary.encode(text).ids`). Required. */
  train: ArrayLike<number>;
  /** Ids of the validation text, for the dev loss after every epoch. Default none. */
  dev?: ArrayLike<number>;
  /** Rows per batch (contiguous stretches). Default 128 (the exercise's). */
  batchSize?: number;
  /** Time steps per window. Default 100 (the exercise's). */
  seqLen?: number;
  /** Rows of the dev batches. Default `batchSize`, fewer when the dev text is short. */
  devBatchSize?: number;
}

/** A {@link TrainingTask} over TBPTT windows that carries the recurrent state; dispose it after training. */
export interface CharLanguageModelTask extends TrainingTask<TbpttBatch> {
  model: CharLanguageModel;
  /** Forgets the carried states (the next window starts from zeros). */
  resetState(): void;
  /** Frees the carried states. */
  dispose(): void;
}

/** One carried state and the window it belongs before. */
interface Carry {
  state: CellState[] | undefined;
  /** The window the state is the initial state of. */
  nextWindow: number;
  batch: number;
  /** States replaced during the last call, freed at the next one (the tape may still read them). */
  retired: tf.Tensor[];
}

/**
 * The loss of consecutive TBPTT windows with each row's final state carried into the next window
 * (see the module comment): the one stateful piece of {@link charLanguageModelTask}, also what a
 * data-parallel worker runs on its own rows (`charLanguageModelReplica`).
 */
export interface WindowStateCarrier {
  /**
   * The mean loss of `batch` (a scalar, for the gradient tape), from the state the previous
   * window left, or from zeros at window 0, after a window that is not the previous one plus 1,
   * or when the number of rows changed. Keeps the final state for the next call.
   */
  loss(batch: TbpttBatch): tf.Scalar;
  /** Forgets and frees the carried state (the next window starts from zeros). */
  reset(): void;
}

/** A {@link WindowStateCarrier} of `model`; `reset()` it to free its tensors. */
export function windowStateCarrier(model: CharLanguageModel): WindowStateCarrier {
  const carry = empty();
  return {
    loss(batch: TbpttBatch): tf.Scalar {
      tf.dispose(carry.retired); // the previous step's tape is done with them
      carry.retired = [];
      if (batch.window === 0 || batch.window !== carry.nextWindow || batch.batch !== carry.batch) {
        tf.dispose(flatState(carry.state));
        carry.state = undefined; // zeros: an epoch's start, or a resumed run's first window
      }
      const inputs = tf.tensor2d(batch.inputs, [batch.batch, batch.time], 'int32'); // [batch, time]
      const targets = tf.tensor2d(batch.targets, [batch.batch, batch.time], 'int32'); // [batch, time]
      const { loss, state } = model.windowLoss(inputs, targets, carry.state);
      tf.dispose([inputs, targets]);
      // Kept past the gradient tape's and the trainer's tidy; a constant for the next window.
      for (const t of flatState(state)) tf.keep(t);
      carry.retired = flatState(carry.state);
      carry.state = state;
      carry.nextWindow = batch.window + 1;
      carry.batch = batch.batch;
      return loss;
    },
    reset() {
      tf.dispose([...flatState(carry.state), ...carry.retired]);
      Object.assign(carry, empty());
    },
  };
}

/**
 * Builds the stateful TBPTT task of `model` (see the module comment).
 *
 * @example
 * const task = charLanguageModelTask(model, { train: ids, dev: devIds, batchSize: 64, seqLen: 100 });
 * await new Trainer(task, { clipNorm: 5 }).fit();
 * task.dispose();
 */
export function charLanguageModelTask(model: CharLanguageModel, config: CharLanguageModelTaskConfig): CharLanguageModelTask {
  const op = 'charLanguageModelTask';
  if (config == null || config.train == null) throw new InputError(`${op}: expected { train: ids, ... }`);
  const batchSize = config.batchSize ?? 128;
  const seqLen = config.seqLen ?? 100;
  const train = tbpttBatches(config.train, { batchSize, seqLen });
  let dev: TbpttBatch[] | undefined;
  if (config.dev) {
    const rows = Math.max(1, Math.min(config.devBatchSize ?? batchSize, Math.floor((config.dev.length - 1) / seqLen)));
    dev = tbpttBatches(config.dev, { batchSize: rows, seqLen });
  }
  const carriers = { train: windowStateCarrier(model), dev: windowStateCarrier(model) };
  const reset = () => {
    carriers.train.reset();
    carriers.dev.reset();
  };

  return {
    model,
    loss: (batch: TbpttBatch, training: boolean): tf.Scalar => (training ? carriers.train : carriers.dev).loss(batch),
    tokens: (batch) => batch.batch * batch.time,
    trainBatches: () => train,
    ...(dev ? { devBatches: () => dev } : {}),
    resetState: reset,
    dispose: reset,
  };
}

function empty(): Carry {
  return { state: undefined, nextWindow: 0, batch: -1, retired: [] };
}
