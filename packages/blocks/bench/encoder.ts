/**
 * The benchmark's model: a ResNet-style image encoder (He et al. 2016) as the `vision` models use
 * it, built from this package's blocks:
 *
 *   x [batch, 48, 160, 1]
 *   stem: conv 3x3, 32 - batch norm - relu             -> [batch, 48, 160, 32]
 *   ResNetBlock 32 -> 32, stride 2                     -> [batch, 24, 80, 32]
 *   ResNetBlock 32 -> 64, stride 2                     -> [batch, 12, 40, 64]
 *   ResNetBlock 64 -> 128, stride 2                    -> [batch, 6, 20, 128]
 *
 * `forward(x, 'ours')` runs the blocks as they are (our im2col kernel gradient, which trains on
 * WASM); `forward(x, 'tfjs')` runs the same weights through `tf.conv2d` directly, so autodiff uses
 * tfjs's own Conv2DBackpropInput / Conv2DBackpropFilter (the CPU backend has both).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import { BatchNorm2D, Conv2D, ResNetBlock } from '../src/index';

export const HEIGHT = 48;
export const WIDTH = 160;
export const WIDTHS = [32, 64, 128] as const;

/** Which convolution gradient a forward pass uses. */
export type ConvGradient = 'ours' | 'tfjs';

export class Encoder {
  readonly stem: Conv2D;
  readonly stemNorm: BatchNorm2D;
  readonly blocks: ResNetBlock[];

  constructor(seed = 0) {
    const rng = new Rng(seed);
    this.stem = new Conv2D({ inputSize: 1, outputSize: WIDTHS[0], kernelSize: 3, bias: false, rng });
    this.stemNorm = new BatchNorm2D({ inputSize: WIDTHS[0] });
    let width: number = WIDTHS[0];
    this.blocks = WIDTHS.map((out) => {
      const block = new ResNetBlock({ inputSize: width, outputSize: out, stride: 2, rng });
      width = out;
      return block;
    });
  }

  trainableVariables(): tf.Variable[] {
    return [this.stem, this.stemNorm, ...this.blocks].flatMap((m) => m.trainableVariables());
  }

  /** `x: [batch, 48, 160, 1]` -> `[batch, 6, 20, 128]`. */
  forward(x: tf.Tensor4D, gradient: ConvGradient): tf.Tensor4D {
    const conv = (c: Conv2D, t: tf.Tensor4D): tf.Tensor4D => (gradient === 'ours' ? c.apply(t) : tf.conv2d(t, c.kernel as tf.Tensor4D, c.stride as [number, number], c.padding));
    let h = tf.relu(this.stemNorm.apply(conv(this.stem, x))); // [batch, 48, 160, 32]
    for (const b of this.blocks) {
      if (gradient === 'ours') {
        h = b.apply(h);
        continue;
      }
      const f = b.norm2!.apply(conv(b.conv2, tf.relu(b.norm1!.apply(conv(b.conv1, h)))));
      const s = b.shortcut ? b.shortcutNorm!.apply(conv(b.shortcut, h)) : h;
      h = tf.relu(tf.add(f, s)) as tf.Tensor4D;
    }
    return h;
  }

  dispose(): void {
    for (const m of [this.stem, this.stemNorm, ...this.blocks]) m.dispose();
  }
}

/** Multiply-add FLOPs of the convolutions of one forward pass (2 per multiply-add). */
export function forwardFlops(batch: number): number {
  let flops = 2 * batch * HEIGHT * WIDTH * 9 * 1 * WIDTHS[0];
  let h = HEIGHT;
  let w = WIDTH;
  let cin: number = WIDTHS[0];
  for (const out of WIDTHS) {
    h = Math.ceil(h / 2);
    w = Math.ceil(w / 2);
    const positions = batch * h * w;
    flops += 2 * positions * 9 * cin * out + 2 * positions * 9 * out * out + 2 * positions * cin * out;
    cin = out;
  }
  return flops;
}
