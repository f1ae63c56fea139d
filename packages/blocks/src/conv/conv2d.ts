/**
 * 2-D convolution layer over NHWC images (LeCun et al. 1989; the layout of tfjs and TensorFlow):
 *
 *   y[b, p, q, o] = bias[o] + sum_{i, j, c} xpad[b, p s + i, q s + j, c] kernel[i, j, c, o]
 *
 * It trains on every backend: its gradient is computed by {@link conv2d} (im2col + matMul for the
 * kernel), not by tfjs's Conv2DBackpropFilter, which the WASM backend lacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, checkInt, zeros, type Initializer } from '@seq2seq/core';
import type { Block } from '../block';
import { conv2d } from './conv2d-op';
import { checkImage, checkPadding, size2D, type Padding, type Size2D, type windowGeometry } from './geometry';
import { heNormal } from './init';

/** Configuration of {@link Conv2D}. */
export interface Conv2DConfig {
  /** Input channels. Required. */
  inputSize: number;
  /** Output channels (number of filters). Required. */
  outputSize: number;
  /** Kernel height and width: a number for a square kernel, or `[height, width]`. Required. */
  kernelSize: Size2D;
  /** Step between windows, a number or `[height, width]`. Default `1`. */
  stride?: Size2D;
  /** `'same'` (output `ceil(in / stride)`) or `'valid'` (no padding). Default `'same'`. */
  padding?: Padding;
  /** Add a bias per output channel. Default `true` (set `false` before a batch norm). */
  bias?: boolean;
  /** Kernel initialiser over `[kh, kw, in, out]`. Default He normal, `N(0, 2 / (kh kw in))`. */
  weightInit?: Initializer;
  /** Bias initialiser. Default zeros. */
  biasInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** `[batch, H, W, inputSize]` -> `[batch, outH, outW, outputSize]` by a learned bank of filters. */
export class Conv2D extends Module implements Block {
  /** Input channels. */
  readonly inputSize: number;
  /** Output channels. */
  readonly outputSize: number;
  /** `[height, width]` of the kernel. */
  readonly kernelSize: readonly [number, number];
  /** `[height, width]` step between windows. */
  readonly stride: readonly [number, number];
  /** `'same'` or `'valid'` (see {@link windowGeometry}). */
  readonly padding: Padding;
  /** `[kh, kw, inputSize, outputSize]` (parameter name `kernel`) */
  readonly kernel: tf.Variable;
  /** `[outputSize]` (parameter name `bias`), or null without bias. */
  readonly bias: tf.Variable | null;

  constructor(config: Conv2DConfig) {
    super();
    const op = 'Conv2D';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize, outputSize, kernelSize } is required`);
    this.inputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.outputSize = checkInt(config.outputSize, 'outputSize', op, 1);
    this.kernelSize = size2D(config.kernelSize, 'kernelSize', op);
    this.stride = size2D(config.stride ?? 1, 'stride', op);
    this.padding = checkPadding(config.padding ?? 'same', op);
    const rng = config.rng ?? new Rng(0);
    this.kernel = this.addParameter('kernel', [...this.kernelSize, this.inputSize, this.outputSize], config.weightInit ?? heNormal(), rng);
    this.bias = config.bias === false ? null : this.addParameter('bias', [this.outputSize], config.biasInit ?? zeros(), rng);
  }

  /** `x: [batch, H, W, inputSize]` -> `[batch, outH, outW, outputSize]` (see {@link windowGeometry}). */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    checkImage(x, 'Conv2D.apply', this.inputSize, { size: this.kernelSize, padding: this.padding });
    return tf.tidy(() => {
      const y = conv2d(x, this.kernel as tf.Tensor4D, this.stride, this.padding); // [batch, outH, outW, out]
      return this.bias ? tf.add(y, this.bias) : y; // + [out]
    });
  }
}
