/**
 * The cells bench cases as the browser page runs them (the same sizes as `bench/run.ts`: input 64,
 * hidden 256, 20 time steps): GRU and LSTM inference at batch 1 and 64, an Adam training step at
 * batch 64, and a plain `tf.matMul` of the recurrent shape at batch 64 (what XNNPACK's threads can
 * speed up at best). Each case is timed by wall clock (a page has no process CPU time), minimum
 * over its repetitions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import { RNN } from '../../src/index';
import type { CaseName } from './case-names';

/** Input features per step. */
export const IN = 64;
/** Hidden units. */
export const H = 256;
/** Time steps. */
export const T = 20;


/** A case: `setup` builds its tensors and returns one repetition and a cleanup. */
interface Case {
  reps: number;
  setup(): { run: () => void; dispose: () => void };
}

const train = (cell: 'gru' | 'lstm'): Case => ({
  reps: 5,
  setup() {
    const x = tf.randomNormal([64, T, IN], 0, 1, 'float32', 1) as tf.Tensor3D; // [batch, time, in]
    const target = tf.randomNormal([64, T, H], 0, 1, 'float32', 2); // [batch, time, hidden]
    const rnn = new RNN({ cell, inputSize: IN, hiddenSize: H, rng: new Rng(1) });
    const opt = tf.train.adam(1e-3);
    return {
      run() {
        const loss = opt.minimize(() => tf.losses.meanSquaredError(target, rnn.apply(x).output) as tf.Scalar, true, rnn.trainableVariables());
        loss!.dataSync();
        loss!.dispose();
      },
      dispose() {
        tf.dispose([x, target]);
        rnn.dispose();
        opt.dispose();
      },
    };
  },
});

const infer = (cell: 'gru' | 'lstm', batch: number): Case => ({
  reps: batch === 1 ? 20 : 5,
  setup() {
    const x = tf.randomNormal([batch, T, IN], 0, 1, 'float32', 3) as tf.Tensor3D; // [batch, time, in]
    const rnn = new RNN({ cell, inputSize: IN, hiddenSize: H, rng: new Rng(1) });
    return {
      run: () => tf.tidy(() => void rnn.apply(x).output.dataSync()),
      dispose() {
        x.dispose();
        rnn.dispose();
      },
    };
  },
});

const matmul: Case = {
  reps: 5,
  setup() {
    const a = tf.randomNormal([64, H]) as tf.Tensor2D; // [batch, hidden]
    const b = tf.randomNormal([H, 4 * H]) as tf.Tensor2D; // [hidden, 4 * hidden]
    // 20 products, one per time step of a sequence.
    return {
      run: () => tf.tidy(() => void tf.addN(Array.from({ length: T }, () => tf.matMul(a, b))).dataSync()),
      dispose: () => tf.dispose([a, b]),
    };
  },
};

const CASES: Record<CaseName, Case> = {
  'gru-train-b64': train('gru'),
  'lstm-train-b64': train('lstm'),
  'gru-infer-b1': infer('gru', 1),
  'lstm-infer-b1': infer('lstm', 1),
  'gru-infer-b64': infer('gru', 64),
  'lstm-infer-b64': infer('lstm', 64),
  'matmul-b64': matmul,
};

/**
 * Runs one case on the active backend: 2 warm-up repetitions, then its repetitions (times
 * `repScale`, at least 1); resolves to the fastest repetition in milliseconds.
 */
export async function timeCase(name: CaseName, repScale = 1): Promise<number> {
  const { run, dispose } = CASES[name].setup();
  try {
    for (let i = 0; i < 2; i++) run();
    let best = Infinity;
    const reps = Math.max(1, Math.round(CASES[name].reps * repScale));
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      run();
      best = Math.min(best, performance.now() - t0);
      // Let the worker answer messages between repetitions.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return best;
  } finally {
    dispose();
  }
}
