/**
 * A Transformer encoder over a point set (Vaswani et al. 2017; as used for routing problems by
 * Kool, van Hoof and Welling 2019), in the pre-norm form (Xiong et al. 2020), which trains without
 * warm-up:
 *
 *   h^0 = X W_in                                   (only when embeddingDim != hiddenSize)
 *   h'  = h + MHA(LN(h))                           self-attention over the valid points
 *   h'' = h' + FF(LN(h'))                          FF(x) = W_2 relu(W_1 x + b_1) + b_2
 *   out = LN(h^L)
 *
 * Unlike an LSTM reading the points in their (arbitrary) input order, every output depends on the
 * whole set and not on its order: point i's encoding is the same wherever i sits in the input.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MultiHeadSelfAttention } from '@seq2seq/attention';
import { LayerNorm, MLP, Residual } from '@seq2seq/blocks';
import { Linear, Module, type Rng } from '@seq2seq/core';

/** Sizes of a {@link SetEncoder}. */
export interface SetEncoderConfig {
  /** Size of the input vectors. */
  inputDim: number;
  /** Size of every encoding (a multiple of `heads`). */
  hiddenSize: number;
  /** Encoder layers. */
  layers: number;
  /** Attention heads per layer. */
  heads: number;
  /** Hidden size of each feed-forward block. */
  feedForward: number;
  rng: Rng;
}

/** Order-independent encoder of padded point sets: `[batch, n, inputDim]` -> `[batch, n, hiddenSize]`. */
export class SetEncoder extends Module {
  readonly input: Linear | null;
  readonly norms: readonly LayerNorm[];
  readonly attentions: readonly MultiHeadSelfAttention[];
  readonly feedForwards: readonly Residual[];
  readonly finalNorm: LayerNorm;

  constructor(c: SetEncoderConfig) {
    super();
    const H = c.hiddenSize;
    this.input = c.inputDim === H ? null : this.addModule('input', new Linear({ inputSize: c.inputDim, outputSize: H, rng: c.rng }));
    const layers = Array.from({ length: c.layers }, (_, i) => i);
    this.norms = layers.map((i) => this.addModule(`norm${i}`, new LayerNorm({ inputSize: H })));
    this.attentions = layers.map((i) => this.addModule(`attention${i}`, new MultiHeadSelfAttention({ inputSize: H, numHeads: c.heads, rng: c.rng })));
    this.feedForwards = layers.map((i) => this.addModule(`ff${i}`, new Residual(new MLP({ inputSize: H, hiddenSizes: [c.feedForward], outputSize: H, rng: c.rng }), { norm: 'pre' })));
    this.finalNorm = this.addModule('norm', new LayerNorm({ inputSize: H }));
  }

  /** `x: [batch, n, inputDim]`, `lengths: [batch]` real points per row -> `[batch, n, hiddenSize]`. */
  apply(x: tf.Tensor3D, lengths: ArrayLike<number>): tf.Tensor3D {
    return tf.tidy(() => {
      let h = (this.input ? this.input.apply(x) : x) as tf.Tensor3D; // [B, N, H]
      this.attentions.forEach((attention, i) => {
        h = tf.add(h, attention.apply(this.norms[i]!.apply(h) as tf.Tensor3D, { mask: { lengths } })); // [B, N, H]
        h = this.feedForwards[i]!.apply(h) as tf.Tensor3D; // [B, N, H]
      });
      return this.finalNorm.apply(h) as tf.Tensor3D;
    });
  }
}
