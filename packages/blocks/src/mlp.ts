/**
 * Multi-layer perceptron: `h_0 = x`, `h_l = act(h_{l-1} W_l + b_l)` for the hidden layers (with
 * dropout after each activation in training mode), and a last affine layer, activated only with
 * `activateOutput`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Dropout, InputError, Linear, Module, Rng, activationFn, checkInt, checkNumber, glorotUniform, type Activation, type Initializer } from '@seq2seq/core';
import type { Block } from './block';
import { checkLastAxis } from './layer-norm';

/** Configuration of {@link MLP}. */
export interface MLPConfig {
  /** Width of the input. Required. */
  inputSize: number;
  /** Widths of the hidden layers, in order. Default `[]` (a single affine layer). */
  hiddenSizes?: readonly number[];
  /** Width of the output. Required. */
  outputSize: number;
  /** Activation after every hidden layer. Default `'relu'`. */
  activation?: Activation;
  /** Dropout rate after every hidden activation, in training mode only. Default `0`. */
  dropout?: number;
  /** Also apply the activation after the last layer. Default `false`. */
  activateOutput?: boolean;
  /** Kernel initialiser of every layer. Default Glorot uniform. */
  weightInit?: Initializer;
  /** Random source for initialisation and dropout. Default `new Rng(0)`. */
  rng?: Rng;
}

/** A stack of `Linear` layers `l0`, `l1`, ... with activations and dropout between them. */
export class MLP extends Module implements Block {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly layers: readonly Linear[];
  readonly activateOutput: boolean;
  readonly #act: (x: tf.Tensor) => tf.Tensor;
  readonly #dropout: Dropout | null;

  constructor(config: MLPConfig) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError('MLP: a config object { inputSize, hiddenSizes?, outputSize } is required');
    const hidden = config.hiddenSizes ?? [];
    if (!Array.isArray(hidden)) throw new InputError(`MLP: 'hiddenSizes' must be an array of layer widths, got ${JSON.stringify(hidden)}`);
    hidden.forEach((n, i) => checkInt(n, `hiddenSizes[${i}]`, 'MLP', 1));
    this.inputSize = checkInt(config.inputSize, 'inputSize', 'MLP', 1);
    this.outputSize = checkInt(config.outputSize, 'outputSize', 'MLP', 1);
    const sizes = [this.inputSize, ...hidden, this.outputSize];
    this.activateOutput = config.activateOutput ?? false;
    this.#act = activationFn(config.activation ?? 'relu', 'MLP');
    const rate = checkNumber(config.dropout ?? 0, 'dropout', 'MLP', 0, 0.999);
    const rng = config.rng ?? new Rng(0);
    const weightInit = config.weightInit ?? glorotUniform();
    this.layers = sizes.slice(1).map((out, i) =>
      this.addModule(`l${i}`, new Linear({ inputSize: sizes[i]!, outputSize: out, weightInit, rng })),
    );
    this.#dropout = rate > 0 ? this.addModule('dropout', new Dropout({ rate, rng: rng.fork() })) : null;
  }

  /** `x: [..., inputSize]` -> `[..., outputSize]`. */
  apply(x: tf.Tensor): tf.Tensor {
    checkLastAxis(x, 'x', 'MLP.apply', this.inputSize);
    return tf.tidy(() => {
      let h = x;
      this.layers.forEach((layer, i) => {
        h = layer.apply(h); // [..., n_i] -> [..., n_{i+1}]
        const last = i === this.layers.length - 1;
        if (!last || this.activateOutput) h = this.#act(h);
        if (!last && this.#dropout) h = this.#dropout.apply(h);
      });
      return h;
    });
  }
}
