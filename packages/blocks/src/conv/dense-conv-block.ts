/**
 * Dense block of DenseNet (Huang, Liu, van der Maaten and Weinberger 2017, "Densely connected
 * convolutional networks", eq. 2 and section 3) in its convolutional form: layer l sees the
 * channel-wise concatenation of the block input and every earlier layer's output,
 *
 *   x_l = H_l([x_0, x_1, ..., x_{l-1}]),   H_l(z) = conv_3x3(relu(norm(z)))   (k = growthRate maps)
 *
 * and the block returns `[x_0, x_1, ..., x_L]`, with `inputSize + numLayers * growthRate`
 * channels and the input's height and width. Names: `norm0`, `conv0`, `norm1`, `conv1`, ...
 * The convolutions have no bias unless `norm` is `'none'` (torchvision's DenseNet has none).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, checkInt, checkOneOf } from '@seq2seq/core';
import type { Block } from '../block';
import type { BatchNorm2D } from './batch-norm';
import { Conv2D } from './conv2d';
import { checkImage } from './geometry';
import type { GroupNorm } from './group-norm';
import { makeConvNorm, type ConvNorm } from './norm';

/** Configuration of {@link DenseConvBlock}. */
export interface DenseConvBlockConfig {
  /** Channels of the block input. Required. */
  inputSize: number;
  /** Channels added by each layer (`k` in the paper). Required. */
  growthRate: number;
  /** Number of layers `L`. Required. */
  numLayers: number;
  /** Normalisation before each activation. Default `'batch'`. */
  norm?: ConvNorm;
  /** Random source for the kernels (He normal). Default `new Rng(0)`. */
  rng?: Rng;
}

/** Each layer's input is the concatenation of the block input and all earlier layers' outputs. */
export class DenseConvBlock extends Module implements Block {
  /** Input channels. */
  readonly inputSize: number;
  /** `inputSize + numLayers * growthRate` */
  readonly outputSize: number;
  /** Channels added by each layer. */
  readonly growthRate: number;
  /** Number of layers. */
  readonly numLayers: number;
  /** Layer l's 3x3 convolution `[3, 3, inputSize + l * growthRate, growthRate]`. */
  readonly convs: readonly Conv2D[];
  /** Layer l's normalisation over `inputSize + l * growthRate` channels (empty for `'none'`; group norm: largest divisor up to 32 groups). */
  readonly norms: ReadonlyArray<BatchNorm2D | GroupNorm>;

  constructor(config: DenseConvBlockConfig) {
    super();
    const op = 'DenseConvBlock';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize, growthRate, numLayers } is required`);
    this.inputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.growthRate = checkInt(config.growthRate, 'growthRate', op, 1);
    this.numLayers = checkInt(config.numLayers, 'numLayers', op, 1);
    this.outputSize = this.inputSize + this.numLayers * this.growthRate;
    const norm = checkOneOf(config.norm ?? 'batch', ['batch', 'group', 'none'] as const, 'norm', op);
    const rng = config.rng ?? new Rng(0);
    const convs: Conv2D[] = [];
    const norms: Array<BatchNorm2D | GroupNorm> = [];
    for (let l = 0; l < this.numLayers; l++) {
      const width = this.inputSize + l * this.growthRate;
      const n = makeConvNorm(norm, width);
      if (n) norms.push(this.addModule(`norm${l}`, n));
      convs.push(this.addModule(`conv${l}`, new Conv2D({ inputSize: width, outputSize: this.growthRate, kernelSize: 3, bias: norm === 'none', rng })));
    }
    this.convs = convs;
    this.norms = norms;
  }

  /** `x: [batch, H, W, inputSize]` -> `[batch, H, W, inputSize + numLayers * growthRate]`. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    checkImage(x, 'DenseConvBlock.apply', this.inputSize);
    return tf.tidy(() => {
      let features: tf.Tensor4D = x; // [batch, H, W, in + l k]: [x_0, ..., x_{l-1}]
      this.convs.forEach((conv, l) => {
        const z = this.norms[l] ? this.norms[l].apply(features) : features; // [batch, H, W, in + l k]
        const out = conv.apply(tf.relu(z)); // [batch, H, W, k]
        features = tf.concat([features, out], 3); // [batch, H, W, in + (l + 1) k]
      });
      return features;
    });
  }
}
