/**
 * Dense block (Huang, Liu, van der Maaten and Weinberger 2017, "Densely connected convolutional
 * networks", eq. 2), for feature vectors: layer l sees the concatenation of the block input and
 * the outputs of every earlier layer,
 *
 *   x_l = H_l([x_0, x_1, ..., x_{l-1}]),   H_l(z) = act(LN(z)) W_l + b_l   (k = growthRate outputs)
 *
 * and the block returns `[x_0, x_1, ..., x_L]`, of width `inputSize + numLayers * growthRate`.
 * H_l is DenseNet's BN-ReLU-Conv composite with batch norm replaced by layer norm and the
 * convolution by an affine layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Dropout, InputError, Linear, Module, Rng, activationFn, checkInt, checkNumber, glorotUniform, type Activation, type Initializer } from '@seq2seq/core';
import type { Block } from './block';
import { LayerNorm, checkLastAxis } from './layer-norm';

/** Configuration of {@link DenseBlock}. */
export interface DenseBlockConfig {
  /** Width of the block input. */
  inputSize: number;
  /** Outputs added by each layer (`k` in the paper). */
  growthRate: number;
  /** Number of layers `L`. */
  numLayers: number;
  /** Activation inside each H_l. Default `'relu'`. */
  activation?: Activation;
  /** Layer norm before each activation. Default `true`. */
  norm?: boolean;
  /** Dropout on each layer's output, in training mode only. Default `0`. */
  dropout?: number;
  /** Kernel initialiser. Default Glorot uniform. */
  weightInit?: Initializer;
  /** Random source for initialisation and dropout. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Each layer's input is the concatenation of the block input and all earlier layers' outputs. */
export class DenseBlock extends Module implements Block {
  readonly inputSize: number;
  /** `inputSize + numLayers * growthRate` */
  readonly outputSize: number;
  readonly growthRate: number;
  /** Layer l's affine map `[inputSize + l * growthRate, growthRate]`, named `l0`, `l1`, ... */
  readonly linears: readonly Linear[];
  /** Layer l's norm (`norm0`, ...), or empty without `norm`. */
  readonly norms: readonly LayerNorm[];
  readonly #act: (x: tf.Tensor) => tf.Tensor;
  readonly #dropout: Dropout | null;

  constructor(config: DenseBlockConfig) {
    super();
    const op = 'DenseBlock';
    this.inputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.growthRate = checkInt(config.growthRate, 'growthRate', op, 1);
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize, growthRate, numLayers } is required`);
    const layers = checkInt(config.numLayers, 'numLayers', op, 1);
    this.outputSize = this.inputSize + layers * this.growthRate;
    this.#act = activationFn(config.activation ?? 'relu', op);
    const rate = checkNumber(config.dropout ?? 0, 'dropout', op, 0, 0.999);
    const rng = config.rng ?? new Rng(0);
    const weightInit = config.weightInit ?? glorotUniform();
    const linears: Linear[] = [];
    const norms: LayerNorm[] = [];
    for (let l = 0; l < layers; l++) {
      const width = this.inputSize + l * this.growthRate;
      if (config.norm ?? true) norms.push(this.addModule(`norm${l}`, new LayerNorm({ inputSize: width })));
      linears.push(this.addModule(`l${l}`, new Linear({ inputSize: width, outputSize: this.growthRate, weightInit, rng })));
    }
    this.linears = linears;
    this.norms = norms;
    this.#dropout = rate > 0 ? this.addModule('dropout', new Dropout({ rate, rng: rng.fork() })) : null;
  }

  /** `x: [..., inputSize]` -> `[..., inputSize + numLayers * growthRate]`. */
  apply(x: tf.Tensor): tf.Tensor {
    checkLastAxis(x, 'x', 'DenseBlock.apply', this.inputSize);
    return tf.tidy(() => {
      let features = x; // [..., in + l k]: [x_0, ..., x_{l-1}]
      this.linears.forEach((linear, l) => {
        const z = this.norms[l] ? this.norms[l].apply(features) : features; // [..., in + l k]
        let out = linear.apply(this.#act(z)); // [..., in + l k] x [in + l k, k] -> [..., k]
        if (this.#dropout) out = this.#dropout.apply(out);
        features = tf.concat([features, out], -1); // [..., in + (l + 1) k]
      });
      return features === x ? x.clone() : features;
    });
  }
}
