/**
 * Multi-head self-attention over a set or sequence (Vaswani et al. 2017, "Attention is all you
 * need", eq. 1 and section 3.2.2):
 *
 *   Q = X W_q,  K = X W_k,  V = X W_v                      each split into `numHeads` slices of size d
 *   head_h = softmax(Q_h K_h^T / sqrt(d)) V_h              keys masked where padding
 *   MHA(X) = concat(head_1 .. head_H) W_o
 *
 * Every position attends to every valid position, so the output of a position does not depend on
 * the order of the others: the encoder of choice for point sets (Kool, van Hoof and Welling 2019,
 * "Attention, learn to solve routing problems!").
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Linear, Module, Rng, checkInt, checkTensor } from '@seq2seq/core';
import { MASKED_LOGIT, resolveMask, type MaskOptions } from './mask';

/** Configuration of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionConfig {
  /** Size of each input and output vector; a multiple of `numHeads`. Required. */
  inputSize: number;
  /** Attention heads. Default 8. */
  numHeads?: number;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Self-attention with `numHeads` heads and padding masks: `[batch, time, inputSize]` -> same shape. */
export class MultiHeadSelfAttention extends Module {
  /** Size of each input and output vector. */
  readonly inputSize: number;
  /** Number of heads. */
  readonly numHeads: number;
  /** `[inputSize] -> [3 * inputSize]`: queries, keys and values of every head. */
  readonly qkv: Linear;
  /** `[inputSize] -> [inputSize]`: mixes the heads' outputs. */
  readonly out: Linear;

  constructor(config: MultiHeadSelfAttentionConfig) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError('MultiHeadSelfAttention: a config object { inputSize, numHeads? } is required');
    this.inputSize = checkInt(config.inputSize, 'inputSize', 'MultiHeadSelfAttention', 1);
    this.numHeads = checkInt(config.numHeads ?? 8, 'numHeads', 'MultiHeadSelfAttention', 1);
    if (this.inputSize % this.numHeads !== 0) {
      throw new InputError(`MultiHeadSelfAttention: 'inputSize' (${this.inputSize}) must be a multiple of 'numHeads' (${this.numHeads})`);
    }
    const rng = config.rng ?? new Rng(0);
    this.qkv = this.addModule('qkv', new Linear({ inputSize: this.inputSize, outputSize: 3 * this.inputSize, rng }));
    this.out = this.addModule('out', new Linear({ inputSize: this.inputSize, outputSize: this.inputSize, rng }));
  }

  /**
   * `x: [batch, time, inputSize]` -> `[batch, time, inputSize]`. `mask` (`[batch, time]`, 1 =
   * real) or `lengths` hides padding positions as keys; outputs at padding positions are computed
   * but meaningless.
   */
  apply(x: tf.Tensor3D, options: MaskOptions = {}): tf.Tensor3D {
    checkTensor(x, 'x', 'MultiHeadSelfAttention.apply', ['batch', 'time', this.inputSize]);
    const [batch, time] = x.shape;
    const H = this.numHeads;
    const d = this.inputSize / H;
    return tf.tidy(() => {
      const keep = resolveMask(options, batch, time, 'MultiHeadSelfAttention.apply'); // [B, T] bool or null
      // Rank-4 transposes only: a rank-5 one is ~80x slower on the WASM backend.
      const headsOf = (t: tf.Tensor, order: number[]) => tf.transpose(tf.reshape(t, [batch, time, H, d]), order) as tf.Tensor4D;
      const [q, k, v] = tf.split(this.qkv.apply(x), 3, 2); // [B, T, F] each
      const kT = headsOf(k!, [0, 2, 3, 1]); // [B, H, d, T]
      let scores = tf.mul(tf.matMul(headsOf(q!, [0, 2, 1, 3]), kT), 1 / Math.sqrt(d)) as tf.Tensor4D; // [B, H, T(query), T(key)]
      if (keep) {
        const bias = tf.reshape(tf.mul(tf.sub(1, tf.cast(keep, 'float32')), MASKED_LOGIT), [batch, 1, 1, time]); // [B, 1, 1, T]
        scores = tf.add(scores, bias);
      }
      const weights = tf.softmax(scores); // [B, H, T, T], rows sum to 1 over valid keys
      const heads = tf.matMul(weights, headsOf(v!, [0, 2, 1, 3])); // [B, H, T, d]
      const merged = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [batch, time, this.inputSize]); // [B, T, F]
      return this.out.apply(merged) as tf.Tensor3D;
    });
  }
}
