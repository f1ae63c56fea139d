/**
 * Affine map `y = x W + b`, the building block of every projection in this project.
 * The kernel is stored `[inputSize, outputSize]`, so the forward pass is a plain matMul with no
 * transpose flag (transposed matMuls are several times slower on the WASM backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, zeros, type Initializer } from './initializers';
import { fastMatMul } from './fast-matmul';
import { Module } from './module';
import { Rng } from './rng';
import { InputError } from './errors';
import { checkInt, checkTensor } from './validate';

/** Configuration of {@link Linear}. */
export interface LinearConfig {
  /** Size of the last axis of the input. Required. */
  inputSize: number;
  /** Size of the last axis of the output. Required. */
  outputSize: number;
  /** Add a bias vector. Default `true`. */
  bias?: boolean;
  /** Initialiser of the kernel `[inputSize, outputSize]`. Default Glorot uniform. */
  weightInit?: Initializer;
  /** Bias initialiser. Default zeros. */
  biasInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** `y = x W + b` over the last axis of `x`. */
export class Linear extends Module {
  /** Size of the last axis of the input. */
  readonly inputSize: number;
  /** Size of the last axis of the output. */
  readonly outputSize: number;
  /** `[inputSize, outputSize]` (parameter name `kernel`) */
  readonly kernel: tf.Variable;
  /** `[outputSize]`, or null without bias. */
  readonly bias: tf.Variable | null;

  constructor(config: LinearConfig) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError('Linear: a config object { inputSize, outputSize } is required');
    this.inputSize = checkInt(config.inputSize, 'inputSize', 'Linear', 1);
    this.outputSize = checkInt(config.outputSize, 'outputSize', 'Linear', 1);
    const rng = config.rng ?? new Rng(0);
    this.kernel = this.addParameter('kernel', [this.inputSize, this.outputSize], config.weightInit ?? glorotUniform(), rng);
    this.bias = config.bias === false ? null : this.addParameter('bias', [this.outputSize], config.biasInit ?? zeros(), rng);
  }

  /** `x: [..., inputSize]` -> `[..., outputSize]`. */
  apply(x: tf.Tensor): tf.Tensor {
    if (x == null || !Array.isArray((x as tf.Tensor).shape) || (x as tf.Tensor).rank < 1) {
      checkTensor(x, 'x', 'Linear.apply', ['...', this.inputSize]);
    }
    const lead = x.shape.slice(0, -1);
    checkTensor(x, 'x', 'Linear.apply', [...lead, this.inputSize]);
    return tf.tidy(() => {
      const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, this.inputSize]) as tf.Tensor2D; // [N, in]
      let y: tf.Tensor = fastMatMul(flat, this.kernel as tf.Tensor2D); // [N, out]
      if (this.bias) y = tf.add(y, this.bias);
      return x.rank === 2 ? y : tf.reshape(y, [...lead, this.outputSize]);
    });
  }
}
