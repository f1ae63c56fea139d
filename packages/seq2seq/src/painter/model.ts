/**
 * Painting with strokes: a recurrent policy that reproduces a target image one quadratic Bezier
 * stroke at a time. The policy sees the target and the canvas so far, as the actor of Huang et
 * al. 2019 ("Learning to Paint") does, and is an LSTM, as the agents of SPIRAL (Ganin et al.
 * 2018; Mellor et al. 2019, "Unsupervised doodling and painting with improved SPIRAL") are; where
 * they learn by reinforcement (DDPG, A2C), this one trains end to end on the reconstruction
 * loss, because its renderer (./rasterize.ts) is differentiable:
 *
 *   C_0 = 0,  s_0 = 0
 *   f_t = Enc([x; C_{t-1}])                                   [batch, featureSize]   (./encoder.ts)
 *   h_t = LSTM([f_t; s_{t-1}], h_{t-1})                       [batch, hiddenSize]
 *   z_t = sigmoid(W h_t + b)                                   [batch, 8]
 *   s_t = (z_1..z_6, w_min + (w_max - w_min) z_7, z_8)        (x0 y0 x1 y1 x2 y2 in [0, 1], width, ink)
 *   C_t = composite(C_{t-1}, raster(s_t), ink_t)               [batch, size, size]   (./composite.ts)
 *   L   = (l(x, C_T) + w sum_{t<T} l(x, C_t)) / (1 + w (T - 1))
 *   l(x, C) = mean_pixels -[x log(C + e) + (1 - x) log(1 - C + e)]   (bce, e = 1e-6)  or  mean (C - x)^2  (mse)
 */
import * as tf from '@tensorflow/tfjs-core';
import { LSTMCell, type CellState } from '@seq2seq/cells';
import { InputError, Linear, Module, Rng } from '@seq2seq/core';
import type { ImageSourceBatch } from '../image/batch';
import { compositeStep } from './composite';
import { resolvePainterConfig, type PainterConfig, type ResolvedPainterConfig } from './config';
import { PainterEncoder } from './encoder';
import { STROKE_SIZE, rasterizeStrokes } from './rasterize';

/** What {@link Painter.paint} returns. Holds tensors: call `dispose()` when done (twice is harmless). */
export interface Painting {
  /** `[batch, steps, 8]`: each step's stroke `(x0, y0, x1, y1, x2, y2, width, ink)`, all in [0, 1]. */
  strokes: tf.Tensor3D;
  /** `[batch, steps, size, size]`: the canvas after each stroke (the last is the painting), in [0, 1]. */
  canvases: tf.Tensor4D;
  /** Frees `strokes` and `canvases`. */
  dispose(): void;
}

/** Small constant inside the BCE's logarithms (canvas values reach 0 and 1). */
const LOG_EPS = 1e-6;

/**
 * Paints target images with a sequence of strokes: see the module comment.
 *
 * @example
 * const painter = new Painter({ size: 28, steps: 8, seed: 1 });
 * const loss = painter.loss(images); // an ImageSourceBatch of 28x28 gray images in [0, 1]
 * const painting = painter.paint(images); // strokes [batch, 8, 8], canvases [batch, 8, 28, 28]
 * painting.dispose();
 */
export class Painter extends Module {
  readonly config: ResolvedPainterConfig;
  readonly encoder: PainterEncoder;
  readonly policy: LSTMCell;
  readonly head: Linear;

  constructor(config: PainterConfig = {}) {
    super();
    const c = (this.config = resolvePainterConfig(config));
    const rng = new Rng(c.seed);
    this.encoder = this.addModule('encoder', new PainterEncoder(c, rng));
    this.policy = this.addModule('policy', new LSTMCell({ inputSize: c.featureSize + STROKE_SIZE, hiddenSize: c.hiddenSize, rng }));
    this.head = this.addModule('head', new Linear({ inputSize: c.hiddenSize, outputSize: STROKE_SIZE, rng }));
  }

  /** Checks a host image batch (size, one channel, values in [0, 1]); returns it as `[batch, size, size]`. */
  #targets(images: ImageSourceBatch, op: string): tf.Tensor3D {
    if (images == null || typeof images !== 'object' || images.shape == null || !(images.pixels instanceof Float32Array)) {
      throw new InputError(`${op}: expected an image batch { pixels: Float32Array, shape: { batch, height, width, channels } }, got ${String(images)}`);
    }
    const { batch, height, width, channels } = images.shape;
    const n = this.config.size;
    if (height !== n || width !== n || channels !== 1) {
      throw new InputError(`${op}: the painter paints ${n}x${n} images with 1 channel (width x height), got ${width}x${height} with ${channels} channel(s)`);
    }
    if (!Number.isInteger(batch) || batch < 1) throw new InputError(`${op}: 'shape.batch' must be an integer >= 1, got ${String(batch)}`);
    if (images.pixels.length !== batch * n * n) throw new InputError(`${op}: 'pixels' must hold batch*height*width = ${batch * n * n} values, got ${images.pixels.length}`);
    for (let i = 0; i < images.pixels.length; i++) {
      const v = images.pixels[i]!;
      if (!(v >= 0 && v <= 1)) throw new InputError(`${op}: pixel values must be in [0, 1], got ${v} at index ${i} (image ${Math.floor(i / (n * n))})`);
    }
    return tf.tensor3d(images.pixels, [batch, n, n]);
  }

  /** Runs the policy over `target [B, size, size]`: every step's stroke `[B, 8]` and canvas `[B, size, size]`. */
  #run(target: tf.Tensor3D): { strokes: tf.Tensor2D[]; canvases: tf.Tensor3D[] } {
    const c = this.config;
    const batch = target.shape[0];
    let canvas = tf.zeros([batch, c.size, c.size]) as tf.Tensor3D; // C_0: blank
    let stroke = tf.zeros([batch, STROKE_SIZE]) as tf.Tensor2D; // s_0
    let state: CellState = this.policy.initialState(batch);
    const strokes: tf.Tensor2D[] = [];
    const canvases: tf.Tensor3D[] = [];
    const widthScale = tf.tensor1d([1, 1, 1, 1, 1, 1, c.maxWidth - c.minWidth, 1]); // [8]
    const widthShift = tf.tensor1d([0, 0, 0, 0, 0, 0, c.minWidth, 0]); // [8]
    for (let t = 0; t < c.steps; t++) {
      const features = this.encoder.apply(target, canvas); // [B, F]
      state = this.policy.step(tf.concat([features, stroke], 1) as tf.Tensor2D, state); // [B, H]
      stroke = tf.add(tf.mul(tf.sigmoid(this.head.apply(state.h)), widthScale), widthShift) as tf.Tensor2D; // [B, 8]
      const coverage = rasterizeStrokes(tf.expandDims(stroke, 1) as tf.Tensor3D, c.size, { samples: c.samples, softness: c.softness, checkValues: false }); // [B, 1, size, size]
      const ink = tf.reshape(tf.slice(stroke, [0, 7], [batch, 1]), [batch]) as tf.Tensor1D; // [B]
      canvas = compositeStep(canvas, tf.squeeze(coverage, [1]) as tf.Tensor3D, ink, c.compositing); // [B, size, size]
      strokes.push(stroke);
      canvases.push(canvas);
    }
    return { strokes, canvases };
  }

  /**
   * Paints `images` (28x28 by default, one channel, values in [0, 1]): each step's stroke and the
   * canvas after it. The caller disposes the result.
   */
  paint(images: ImageSourceBatch): Painting {
    const target = this.#targets(images, 'Painter.paint');
    const out = tf.tidy(() => {
      const { strokes, canvases } = this.#run(target);
      return { strokes: tf.stack(strokes, 1) as tf.Tensor3D, canvases: tf.stack(canvases, 1) as tf.Tensor4D }; // [B, T, 8], [B, T, size, size]
    });
    target.dispose();
    let disposed = false;
    return {
      ...out,
      dispose() {
        if (disposed) return;
        disposed = true;
        tf.dispose([out.strokes, out.canvases]);
      },
    };
  }

  /** The reconstruction loss of `canvas` against `target` (both `[B, size, size]`), a mean over pixels. */
  #pixelLoss(target: tf.Tensor3D, canvas: tf.Tensor3D): tf.Scalar {
    if (this.config.loss === 'mse') return tf.mean(tf.squaredDifference(canvas, target));
    const inked = tf.mul(target, tf.log(tf.add(canvas, LOG_EPS))); // [B, size, size]
    const blank = tf.mul(tf.sub(1, target), tf.log(tf.add(tf.sub(1, canvas), LOG_EPS))); // [B, size, size]
    return tf.neg(tf.mean(tf.add(inked, blank))) as tf.Scalar;
  }

  /** The training loss of the module comment on a host image batch, as a scalar. */
  loss(images: ImageSourceBatch): tf.Scalar {
    const target = this.#targets(images, 'Painter.loss');
    try {
      return tf.tidy(() => {
        const { canvases } = this.#run(target);
        const w = this.config.stepLossWeight;
        const steps = canvases.length;
        let total = this.#pixelLoss(target, canvases[steps - 1]!);
        if (w > 0 && steps > 1) {
          const earlier = tf.addN(canvases.slice(0, -1).map((c) => this.#pixelLoss(target, c)));
          total = tf.div(tf.add(total, tf.mul(earlier, w)), 1 + w * (steps - 1));
        }
        return total;
      });
    } finally {
      target.dispose();
    }
  }

  /** The reconstruction loss of the final canvas alone (no step weighting), for reporting. */
  reconstructionLoss(images: ImageSourceBatch): tf.Scalar {
    const target = this.#targets(images, 'Painter.reconstructionLoss');
    try {
      return tf.tidy(() => this.#pixelLoss(target, this.#run(target).canvases.at(-1)!));
    } finally {
      target.dispose();
    }
  }
}
