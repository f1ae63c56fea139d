/**
 * A Transformer encoder over a point set (Vaswani et al. 2017; as used for routing problems by
 * Kool, van Hoof and Welling 2019), in the pre-norm form (Xiong et al. 2020), which trains without
 * warm-up:
 *
 *   h^0 = X W_in                                   (only when inputSize != hiddenSize)
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
import type { MaskOptions } from '@seq2seq/attention';

/** Sizes of a {@link SetEncoder}. */
export interface SetEncoderConfig {
  /** Size of the input vectors. */
  inputSize: number;
  /** Size of every encoding (a multiple of `numHeads`). */
  hiddenSize: number;
  /** Encoder layers. */
  numLayers: number;
  /** Attention heads per layer. */
  numHeads: number;
  /** Hidden size of each feed-forward block. */
  feedForwardSize: number;
  rng: Rng;
}

/** Order-independent encoder of padded point sets: `[batch, n, inputSize]` -> `[batch, n, hiddenSize]`. */
export class SetEncoder extends Module {
  readonly input: Linear | null;
  readonly norms: readonly LayerNorm[];
  readonly attentions: readonly MultiHeadSelfAttention[];
  readonly feedForwards: readonly Residual[];
  readonly finalNorm: LayerNorm;

  constructor(c: SetEncoderConfig) {
    super();
    const H = c.hiddenSize;
    this.input = c.inputSize === H ? null : this.addModule('input', new Linear({ inputSize: c.inputSize, outputSize: H, rng: c.rng }));
    const layers = Array.from({ length: c.numLayers }, (_, i) => i);
    this.norms = layers.map((i) => this.addModule(`norm${i}`, new LayerNorm({ inputSize: H })));
    this.attentions = layers.map((i) => this.addModule(`attention${i}`, new MultiHeadSelfAttention({ inputSize: H, numHeads: c.numHeads, rng: c.rng })));
    this.feedForwards = layers.map((i) => this.addModule(`ff${i}`, new Residual(new MLP({ inputSize: H, hiddenSizes: [c.feedForwardSize], outputSize: H, rng: c.rng }), { norm: 'pre' })));
    this.finalNorm = this.addModule('norm', new LayerNorm({ inputSize: H }));
  }

  /** `x: [batch, n, inputSize]` -> `[batch, n, hiddenSize]`; padding given as `{ lengths }` (real points per row) or `{ mask }`. */
  apply(x: tf.Tensor3D, options: MaskOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      let h = (this.input ? this.input.apply(x) : x) as tf.Tensor3D; // [B, N, H]
      this.attentions.forEach((attention, i) => {
        h = tf.add(h, attention.apply(this.norms[i]!.apply(h) as tf.Tensor3D, options)); // [B, N, H]
        h = this.feedForwards[i]!.apply(h) as tf.Tensor3D; // [B, N, H]
      });
      return this.finalNorm.apply(h) as tf.Tensor3D;
    });
  }
}
