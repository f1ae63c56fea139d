/**
 * Max and average pooling over NHWC images: each output pixel is the maximum (or mean) of its
 * `poolSize` window, per channel. The forward passes are tfjs's; the gradients are written out
 * in pool-op.ts (tfjs 4.22's own pooling gradients are wrong in some cases). Average pooling with 'same' padding averages the
 * pixels inside the image only (TensorFlow's rule; PyTorch's `count_include_pad=False`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module } from '@seq2seq/core';
import type { Block } from '../block';
import { avgPool, maxPool } from './pool-op';
import { checkImage, checkPadding, size2D, type Padding, type Size2D, type windowGeometry } from './geometry';

/** Configuration of {@link MaxPool2D} and {@link AvgPool2D}. */
export interface Pool2DConfig {
  /** Window height and width, a number or `[height, width]`. Required. */
  poolSize: Size2D;
  /** Step between windows. Default `poolSize` (windows tile the image). */
  stride?: Size2D;
  /** `'valid'` (no padding) or `'same'` (output `ceil(in / stride)`). Default `'valid'`. */
  padding?: Padding;
}

/** What max and average pooling share: the window, its stride and padding, and input checks. */
abstract class Pool2D extends Module implements Block {
  /** `[height, width]` of the window. */
  readonly poolSize: readonly [number, number];
  /** `[height, width]` step between windows. */
  readonly stride: readonly [number, number];
  /** `'valid'` or `'same'` (see {@link windowGeometry}). */
  readonly padding: Padding;

  constructor(config: Pool2DConfig, protected readonly opName: string) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError(`${opName}: a config object { poolSize } is required`);
    this.poolSize = size2D(config.poolSize, 'poolSize', opName);
    this.stride = size2D(config.stride ?? this.poolSize, 'stride', opName);
    this.padding = checkPadding(config.padding ?? 'valid', opName);
  }

  /** `x: [batch, H, W, C]` -> `[batch, outH, outW, C]`. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    checkImage(x, `${this.opName}.apply`, undefined, { size: this.poolSize, padding: this.padding });
    return this.pool(x);
  }

  /** The pooling itself, on a checked input. */
  protected abstract pool(x: tf.Tensor4D): tf.Tensor4D;
}

/** Maximum over each window, per channel (Ranzato et al. 2007; Krizhevsky et al. 2012). */
export class MaxPool2D extends Pool2D {
  constructor(config: Pool2DConfig) {
    super(config, 'MaxPool2D');
  }

  protected pool(x: tf.Tensor4D): tf.Tensor4D {
    return maxPool(x, this.poolSize, this.stride, this.padding); // [batch, outH, outW, C]
  }
}

/** Mean over each window, per channel (LeCun et al. 1989's subsampling, without its weights). */
export class AvgPool2D extends Pool2D {
  constructor(config: Pool2DConfig) {
    super(config, 'AvgPool2D');
  }

  protected pool(x: tf.Tensor4D): tf.Tensor4D {
    return avgPool(x, this.poolSize, this.stride, this.padding); // [batch, outH, outW, C]
  }
}
