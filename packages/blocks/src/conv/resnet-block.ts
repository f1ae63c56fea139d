/**
 * The basic residual block of ResNet-18/34 (He, Zhang, Ren and Sun 2016, "Deep residual learning
 * for image recognition", fig. 2 and eq. 1-2), in its convolutional form:
 *
 *   f(x) = norm2(conv2_3x3(relu(norm1(conv1_3x3,stride(x)))))
 *   s(x) = x                                  when stride = 1 and inputSize = outputSize
 *        = normS(convS_1x1,stride(x))         otherwise (projection shortcut, option B)
 *   y    = relu(s(x) + f(x))
 *
 * The convolutions have no bias when a normalisation follows them (it would be cancelled by the
 * mean subtraction). Names: `conv1`, `norm1`, `conv2`, `norm2`, `shortcut`, `shortcutNorm`
 * (PyTorch's torchvision: conv1, bn1, conv2, bn2, downsample.0, downsample.1).
 *
 * With `antialias` (Zhang 2019), a strided block samples only after a low-pass filter
 * ({@link blurPool2d}): `conv1` runs at stride 1 and `blurPool2d(relu(norm1(conv1(x))), stride)`
 * follows it, and the shortcut is `normS(convS_1x1(blurPool2d(x, stride)))`. The weights are the
 * same as without it (a trained block can be switched), the cost of `conv1` is stride^2 times.
 *
 * Porting note: 'same' padding follows TensorFlow, so with stride 2 the windows start one pixel
 * later than torchvision's `padding=1` (see geometry.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, checkInt, checkOneOf } from '@seq2seq/core';
import type { Block } from '../block';
import type { BatchNorm2D } from './batch-norm';
import { blurPool2d } from './blur-pool';
import { Conv2D } from './conv2d';
import { checkImage } from './geometry';
import type { GroupNorm } from './group-norm';
import { makeConvNorm, type ConvNorm } from './norm';

/** Configuration of {@link ResNetBlock}. */
export interface ResNetBlockConfig {
  /** Input channels. Required. */
  inputSize: number;
  /** Output channels. Default `inputSize`. */
  outputSize?: number;
  /** Stride of the first 3x3 convolution (and of the shortcut): 2 halves height and width. Default `1`. */
  stride?: number;
  /** Normalisation after each convolution. Default `'batch'`. */
  norm?: ConvNorm;
  /** With `stride` > 1: blur before sampling (BlurPool, see the module comment). Default `false`. */
  antialias?: boolean;
  /** Groups of each group norm (must divide `outputSize`). Default the largest divisor of `outputSize` up to 32. */
  numGroups?: number;
  /** Random source for the kernels (He normal). Default `new Rng(0)`. */
  rng?: Rng;
}

/** `y = relu(s(x) + f(x))` with two 3x3 convolutions in `f` (see the module comment). */
export class ResNetBlock extends Module implements Block {
  /** Input channels. */
  readonly inputSize: number;
  /** Output channels. */
  readonly outputSize: number;
  /** Stride of the block (of `conv1` and of the shortcut, or of their blur pools with `antialias`). */
  readonly stride: number;
  /** Whether the block blurs before it samples (only matters with `stride` > 1). */
  readonly antialias: boolean;
  /** First 3x3 convolution `[3, 3, inputSize, outputSize]`, strided. */
  readonly conv1: Conv2D;
  /** Norm after `conv1`, or null for `'none'`. */
  readonly norm1: BatchNorm2D | GroupNorm | null;
  /** Second 3x3 convolution `[3, 3, outputSize, outputSize]`. */
  readonly conv2: Conv2D;
  /** Norm after `conv2`, or null for `'none'`. */
  readonly norm2: BatchNorm2D | GroupNorm | null;
  /** The 1x1 projection when the shape changes, else null (identity). */
  readonly shortcut: Conv2D | null;
  /** Norm after the projection, or null. */
  readonly shortcutNorm: BatchNorm2D | GroupNorm | null;

  constructor(config: ResNetBlockConfig) {
    super();
    const op = 'ResNetBlock';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize } is required`);
    this.inputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.outputSize = checkInt(config.outputSize ?? this.inputSize, 'outputSize', op, 1);
    this.stride = checkInt(config.stride ?? 1, 'stride', op, 1);
    const norm = checkOneOf(config.norm ?? 'batch', ['batch', 'group', 'none'] as const, 'norm', op);
    if (config.antialias !== undefined && typeof config.antialias !== 'boolean') throw new InputError(`${op}: 'antialias' must be a boolean, got ${JSON.stringify(config.antialias)}`);
    this.antialias = config.antialias === true;
    if (config.numGroups !== undefined) {
      const g = checkInt(config.numGroups, 'numGroups', op, 1);
      if (this.outputSize % g !== 0) throw new InputError(`${op}: 'numGroups' must divide 'outputSize' (${this.outputSize}), got ${g}`);
    }
    const rng = config.rng ?? new Rng(0);
    const bias = norm === 'none';
    const out = this.outputSize;
    const convStride = this.#blurs ? 1 : this.stride;
    this.conv1 = this.addModule('conv1', new Conv2D({ inputSize: this.inputSize, outputSize: out, kernelSize: 3, stride: convStride, bias, rng }));
    this.norm1 = this.#addNorm('norm1', makeConvNorm(norm, out, config.numGroups));
    this.conv2 = this.addModule('conv2', new Conv2D({ inputSize: out, outputSize: out, kernelSize: 3, bias, rng }));
    this.norm2 = this.#addNorm('norm2', makeConvNorm(norm, out, config.numGroups));
    const project = this.stride !== 1 || this.inputSize !== out;
    this.shortcut = project ? this.addModule('shortcut', new Conv2D({ inputSize: this.inputSize, outputSize: out, kernelSize: 1, stride: convStride, bias, rng })) : null;
    this.shortcutNorm = project ? this.#addNorm('shortcutNorm', makeConvNorm(norm, out, config.numGroups)) : null;
  }

  /** Whether `apply` blur-pools (antialias with a stride). */
  get #blurs(): boolean {
    return this.antialias && this.stride > 1;
  }

  #addNorm<N extends Module>(name: string, norm: N | null): N | null {
    return norm ? this.addModule(name, norm) : null;
  }

  /** `x: [batch, H, W, inputSize]` -> `[batch, ceil(H / stride), ceil(W / stride), outputSize]`. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    checkImage(x, 'ResNetBlock.apply', this.inputSize);
    return tf.tidy(() => {
      const normed = (n: BatchNorm2D | GroupNorm | null, t: tf.Tensor4D): tf.Tensor4D => (n ? n.apply(t) : t);
      const blurs = this.#blurs;
      const h1 = tf.relu(normed(this.norm1, this.conv1.apply(x))); // [batch, H/s, W/s, out] ([batch, H, W, out] when it blurs)
      const h = blurs ? blurPool2d(h1, this.stride) : h1; // [batch, H/s, W/s, out]
      const f = normed(this.norm2, this.conv2.apply(h)); // [batch, H/s, W/s, out]
      const projected = blurs ? blurPool2d(x, this.stride) : x; // [batch, H/s, W/s, in] when it blurs
      const s = this.shortcut ? normed(this.shortcutNorm, this.shortcut.apply(projected)) : x; // [batch, H/s, W/s, out]
      return tf.relu(tf.add(s, f)) as tf.Tensor4D; // [batch, H/s, W/s, out]
    });
  }
}
