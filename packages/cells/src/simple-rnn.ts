/**
 * The simple (Elman) recurrent cell, the lecture's naive rule (Elman 1990):
 *
 *     h' = phi(W_h h + W_x x + b)          phi = tanh by default
 *
 * Here `W_x` is `kernel` `[in, H]`, `W_h` is `recurrentKernel` `[H, H]`, row-vector convention
 * `h' = phi(x W_x + h W_h + b)`. PyTorch's `nn.RNN` has the same rule with two biases
 * (`b_ih + b_hh`, folded into `bias` on import).
 *
 * Backward (da = dL/d(pre-activation)):
 *
 *     da = dh' * phi'(h')         dh = da W_h^T        dW_h = sum_t h_{t-1}^T da_t
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOneOf } from '@seq2seq/core';
import { CellBase, type CellConfig } from './cell-base';
import { tanhOp } from './ops';
import type { Scalars, StepKernel } from './recurrence';
import type { RecurrentActivation } from './types';

/** Configuration of {@link SimpleRNNCell}. */
export interface SimpleRNNCellConfig extends CellConfig {
  /** Nonlinearity phi. Default `'tanh'` (PyTorch `nonlinearity='tanh'`; `'relu'` is its other option). */
  activation?: RecurrentActivation;
}

const ACTIVATIONS: readonly RecurrentActivation[] = ['tanh', 'relu', 'sigmoid', 'linear'];

/** `phi(a)` for the active backend. */
export function activate(activation: RecurrentActivation, a: tf.Tensor, k: Scalars): tf.Tensor2D {
  switch (activation) {
    case 'tanh':
      return tanhOp(k.one, k.two)(a);
    case 'relu':
      return tf.relu(a) as tf.Tensor2D;
    case 'sigmoid':
      return tf.sigmoid(a) as tf.Tensor2D;
    case 'linear':
      return a as tf.Tensor2D;
  }
}

/** `dy * phi'(a)` written in terms of the output `y = phi(a)`. */
export function activationGrad(activation: RecurrentActivation, y: tf.Tensor, dy: tf.Tensor, k: Scalars): tf.Tensor {
  switch (activation) {
    case 'tanh':
      return tf.mul(dy, tf.sub(k.one, tf.square(y))); // 1 - y^2
    case 'relu':
      return tf.mul(dy, tf.step(y)); // 1[y > 0]
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(k.one, y))); // y (1 - y)
    case 'linear':
      return dy;
  }
}

interface RnnPrep {
  u: tf.Tensor2D; // [H, H]
  uT?: tf.Tensor2D; // [H, H], backward only
}

/** `h' = phi(x W_x + h W_h + b)`. */
export class SimpleRNNCell extends CellBase<RnnPrep> {
  /** Nonlinearity phi. */
  readonly activation: RecurrentActivation;
  protected readonly opName = 'SimpleRNNCell';
  readonly #kernel: StepKernel<RnnPrep>;

  constructor(config: SimpleRNNCellConfig) {
    super(config, 1, false, 'SimpleRNNCell');
    this.activation = config.activation === undefined ? 'tanh' : checkOneOf(config.activation, ACTIVATIONS, 'activation', 'SimpleRNNCell');
    const act = this.activation;
    const derived = this.derived;
    this.#kernel = {
      stateCount: 1,
      prepare: (weights, backward) => {
        const u = weights[0] as tf.Tensor2D;
        return backward ? { u, uT: derived.get('uT', u, (s) => tf.transpose(s) as tf.Tensor2D) } : { u };
      },
      forward: (p, xP, [h], record, k) => {
        const hNew = activate(act, tf.add(xP, tf.matMul(h!, p.u)), k); // [batch, H]
        return { states: [hNew], saved: record ? [hNew] : [] };
      },
      backward: (p, [hNew], _prev, [dh], k) => {
        const da = activationGrad(act, hNew!, dh!, k); // [batch, H]
        return { dXP: da, dPrev: [tf.matMul(da, p.uT!)], extra: [] }; // [batch, H] x [H, H]
      },
      weightGrads: (_p, hPrevT, dXP) => [tf.matMul(hPrevT, dXP)], // [H, T*B] x [T*B, H]
    };
  }

  protected stepKernel(): StepKernel<RnnPrep> {
    return this.#kernel;
  }

  protected recurrentWeights(): tf.Tensor[] {
    return [this.recurrentKernel];
  }
}
