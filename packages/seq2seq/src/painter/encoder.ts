/**
 * What the painting policy sees at each step: the target and the canvas so far, as features.
 *
 *   conv:  x = [target; canvas; X; Y]            [batch, size, size, 4]   (X, Y in [-1, 1]: CoordConv,
 *          h = relu(conv_s2(... relu(conv_s2(x))))                         Liu et al. 2018, as Huang et al. 2019)
 *          f = relu(W flatten(h) + b)             [batch, featureSize]
 *   mlp:   f = relu(MLP([flatten(target); flatten(canvas)]))
 */
import * as tf from '@tensorflow/tfjs-core';
import { Linear, Module, type Rng } from '@seq2seq/core';
import { Conv2D, MLP } from '@seq2seq/blocks';
import type { ResolvedPainterConfig } from './config';

/** `[target, canvas]` -> `[batch, featureSize]` (see the module comment). */
export class PainterEncoder extends Module {
  readonly convs: Conv2D[] = [];
  readonly project: Linear | null = null;
  readonly mlp: MLP | null = null;
  /** Width of the output. */
  readonly featureSize: number;
  readonly #size: number;
  #coordinates: tf.Tensor4D | null = null;

  constructor(config: ResolvedPainterConfig, rng: Rng) {
    super();
    const c = config;
    this.#size = c.size;
    this.featureSize = c.featureSize;
    if (c.encoder === 'conv') {
      let channels = 4;
      let side = c.size;
      c.encoderSizes.forEach((out, i) => {
        this.convs.push(this.addModule(`conv${i}`, new Conv2D({ inputSize: channels, outputSize: out, kernelSize: 3, stride: 2, rng })));
        channels = out;
        side = Math.ceil(side / 2);
      });
      this.project = this.addModule('project', new Linear({ inputSize: side * side * channels, outputSize: c.featureSize, rng }));
    } else {
      this.mlp = this.addModule('mlp', new MLP({ inputSize: 2 * c.size * c.size, hiddenSizes: c.encoderSizes, outputSize: c.featureSize, activateOutput: true, rng }));
    }
  }

  /** `target, canvas: [batch, size, size]` -> `[batch, featureSize]`. */
  apply(target: tf.Tensor3D, canvas: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [batch, size] = target.shape;
      if (this.mlp) {
        const x = tf.concat([tf.reshape(target, [batch, size * size]), tf.reshape(canvas, [batch, size * size])], 1); // [B, 2 size^2]
        return this.mlp.apply(x) as tf.Tensor2D; // [B, F]
      }
      const xy = tf.tile(this.#coordinateChannels(), [batch, 1, 1, 1]); // [B, size, size, 2]
      let h: tf.Tensor4D = tf.concat([tf.expandDims(target, 3), tf.expandDims(canvas, 3), xy], 3) as tf.Tensor4D; // [B, size, size, 4]
      for (const conv of this.convs) h = tf.relu(conv.apply(h)); // [B, side/2, side/2, C]
      return tf.relu(this.project!.apply(tf.reshape(h, [batch, -1]))) as tf.Tensor2D; // [B, F]
    });
  }

  /** `[1, size, size, 2]`: each pixel centre's (x, y) in [-1, 1]. Kept for the module's life. */
  #coordinateChannels(): tf.Tensor4D {
    if (!this.#coordinates) {
      const n = this.#size;
      const xy = new Float32Array(n * n * 2);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          xy[(r * n + c) * 2] = ((c + 0.5) / n) * 2 - 1;
          xy[(r * n + c) * 2 + 1] = ((r + 0.5) / n) * 2 - 1;
        }
      }
      this.#coordinates = tf.keep(tf.tensor4d(xy, [1, n, n, 2]));
    }
    return this.#coordinates;
  }

  protected override disposeCaches(): void {
    this.#coordinates?.dispose();
    this.#coordinates = null;
  }
}
