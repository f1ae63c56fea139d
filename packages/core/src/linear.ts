/**
 * Affine map `y = x W + b`, the building block of every projection in this project.
 * The kernel is stored `[inFeatures, outFeatures]`, so the forward pass is a plain matMul with no
 * transpose flag (transposed matMuls are several times slower on the WASM backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, zeros, type Initializer } from './initializers';
import { fastMatMul } from './fast-matmul';
import { Module } from './module';
import { Rng } from './rng';
import { checkInt, checkTensor } from './validate';

/** Configuration of {@link Linear}. */
export interface LinearConfig {
  /** Size of the last axis of the input. */
  inFeatures: number;
  /** Size of the last axis of the output. */
  outFeatures: number;
  /** Add a bias vector. Default `true`. */
  bias?: boolean;
  /** Kernel initialiser. Default Glorot uniform. */
  kernelInit?: Initializer;
  /** Bias initialiser. Default zeros. */
  biasInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** `y = x W + b` over the last axis of `x`. */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `[inFeatures, outFeatures]` */
  readonly kernel: tf.Variable;
  /** `[outFeatures]`, or null without bias. */
  readonly bias: tf.Variable | null;

  constructor(config: LinearConfig) {
    super();
    this.inFeatures = checkInt(config.inFeatures, 'inFeatures', 'Linear', 1);
    this.outFeatures = checkInt(config.outFeatures, 'outFeatures', 'Linear', 1);
    const rng = config.rng ?? new Rng(0);
    this.kernel = this.addParameter('kernel', [this.inFeatures, this.outFeatures], config.kernelInit ?? glorotUniform(), rng);
    this.bias = config.bias === false ? null : this.addParameter('bias', [this.outFeatures], config.biasInit ?? zeros(), rng);
  }

  /** `x: [..., inFeatures]` -> `[..., outFeatures]`. */
  apply(x: tf.Tensor): tf.Tensor {
    if (x == null || !Array.isArray((x as tf.Tensor).shape) || (x as tf.Tensor).rank < 1) {
      checkTensor(x, 'x', 'Linear.apply', ['...', this.inFeatures]);
    }
    const lead = x.shape.slice(0, -1);
    checkTensor(x, 'x', 'Linear.apply', [...lead, this.inFeatures]);
    return tf.tidy(() => {
      const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, this.inFeatures]) as tf.Tensor2D; // [N, in]
      let y: tf.Tensor = fastMatMul(flat, this.kernel as tf.Tensor2D); // [N, out]
      if (this.bias) y = tf.add(y, this.bias);
      return x.rank === 2 ? y : tf.reshape(y, [...lead, this.outFeatures]);
    });
  }
}
