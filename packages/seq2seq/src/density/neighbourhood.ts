/**
 * A texture model: every pixel of a binary image predicted from its causal neighbourhood, the
 * pixels already drawn within `radius` rows above and columns either side, and those to its left
 * on its own row (zeros outside the image), through a small MLP:
 *
 *   n_i = [x_{y+dy, x+dx} for dy in -r..-1, dx in -r..r] ++ [x_{y, x+dx} for dx in -r..-1]
 *   p(x_i = 1 | x_<i) = sigmoid(w2 . tanh(W1 n_i + b1) + b2)
 *
 * The same conditional at every position (a stationary Markov random field drawn in raster
 * order, as in the texture models of Popat and Picard 1993 and, with an LSTM for the MLP, Theis
 * and Bethge 2015): trained on one image, it grows a texture of any size, pixel by pixel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, checkInt, glorotUniform, zeros } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';

/** Options of {@link CausalNeighbourhood}; every field has a default. */
export interface CausalNeighbourhoodConfig {
  /** Rows above and columns either side the neighbourhood reaches. Default 3 (24 pixels). */
  radius?: number;
  /** Units of the MLP's tanh layer. Default 16. */
  hiddenSize?: number;
  /** Seed of the initialisation. Default 1. */
  seed?: number;
}

/** A binary image: `bits[y * width + x]` is 0 or 1. */
export interface BinaryImage {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** The causal neighbourhood model; see the module comment. */
export class CausalNeighbourhood extends Module {
  readonly config: Required<CausalNeighbourhoodConfig>;
  /** The neighbourhood's offsets `[dy, dx]`, in feature order. */
  readonly offsets: ReadonlyArray<readonly [number, number]>;
  readonly w1: tf.Variable;
  readonly b1: tf.Variable;
  readonly w2: tf.Variable;
  readonly b2: tf.Variable;

  constructor(config: CausalNeighbourhoodConfig = {}) {
    super();
    this.config = {
      radius: checkInt(config.radius ?? 3, 'radius', 'CausalNeighbourhood', 1, 16),
      hiddenSize: checkInt(config.hiddenSize ?? 16, 'hiddenSize', 'CausalNeighbourhood', 1),
      seed: checkInt(config.seed ?? 1, 'seed', 'CausalNeighbourhood', 0),
    };
    const r = this.config.radius;
    const offsets: Array<[number, number]> = [];
    for (let dy = -r; dy < 0; dy++) for (let dx = -r; dx <= r; dx++) offsets.push([dy, dx]);
    for (let dx = -r; dx < 0; dx++) offsets.push([0, dx]);
    this.offsets = offsets;
    const rng = new Rng(this.config.seed);
    const h = this.config.hiddenSize;
    this.w1 = this.addParameter('w1', [offsets.length, h], glorotUniform(), rng);
    this.b1 = this.addParameter('b1', [h], zeros(), rng);
    this.w2 = this.addParameter('w2', [h, 1], glorotUniform(), rng);
    this.b2 = this.addParameter('b2', [1], zeros(), rng);
  }

  /** Pixels in a neighbourhood. */
  get inputSize(): number {
    return this.offsets.length;
  }

  /** The neighbourhood of every pixel of `image` in raster order, `[width * height, inputSize]` (host). */
  features(image: BinaryImage): Float32Array {
    const { width, height, bits } = image;
    if (!(bits instanceof Uint8Array) || bits.length !== width * height) throw new InputError(`CausalNeighbourhood.features: expected ${width}x${height} = ${width * height} bits, got ${bits?.length}`);
    const f = this.inputSize;
    const out = new Float32Array(width * height * f);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const row = (y * width + x) * f;
        this.offsets.forEach(([dy, dx], k) => {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && xx >= 0 && xx < width) out[row + k] = bits[yy * width + xx]!;
        });
      }
    }
    return out;
  }

  /** Logits of the pixels given their neighbourhoods: `[n, inputSize]` -> `[n]`. */
  logits(neighbourhoods: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const hidden = tf.tanh(tf.add(tf.matMul(neighbourhoods, this.w1), this.b1)); // [n, inputSize] x [inputSize, hidden] -> [n, hidden]
      return tf.reshape(tf.add(tf.matMul(hidden, this.w2), this.b2), [-1]) as tf.Tensor1D; // [n, hidden] x [hidden, 1] -> [n]
    });
  }

  /** Mean nats per pixel of `targets` (`[n]`, 0/1) given their neighbourhoods (`[n, inputSize]`). */
  loss(neighbourhoods: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
    return tf.tidy(() => {
      const l = this.logits(neighbourhoods); // [n]
      return tf.mean(tf.sub(tf.softplus(l), tf.mul(targets, l))) as tf.Scalar; // -log p = softplus(l) - x l
    });
  }

  /**
   * Grows a `width x height` texture pixel by pixel in raster order (on the host, from the
   * weights); `onRow` sees every finished row.
   */
  grow(width: number, height: number, rng: Rng, onRow?: (row: number, bits: Uint8Array) => void): Uint8Array {
    checkInt(width, 'width', 'CausalNeighbourhood.grow', 1);
    checkInt(height, 'height', 'CausalNeighbourhood.grow', 1);
    const [w1, b1, w2, b2] = [this.w1, this.b1, this.w2, this.b2].map((v) => v.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const h = this.config.hiddenSize;
    const bits = new Uint8Array(width * height);
    const n = new Float32Array(this.inputSize);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        this.offsets.forEach(([dy, dx], k) => {
          const yy = y + dy;
          const xx = x + dx;
          n[k] = yy >= 0 && xx >= 0 && xx < width ? bits[yy * width + xx]! : 0;
        });
        let logit = b2[0]!;
        for (let j = 0; j < h; j++) {
          let a = b1[j]!;
          for (let k = 0; k < n.length; k++) if (n[k]) a += w1[k * h + j]!;
          logit += Math.tanh(a) * w2[j]!;
        }
        bits[y * width + x] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      }
      onRow?.(y, bits);
    }
    return bits;
  }
}

/** A batch of pixels: their neighbourhoods and values. */
export interface NeighbourhoodBatch {
  features: Float32Array;
  targets: Float32Array;
  count: number;
}

/** Options of {@link causalNeighbourhoodTask}. */
export interface CausalNeighbourhoodTaskConfig {
  /** The image to learn the texture of. Required. */
  image: BinaryImage;
  /** Pixels per batch (drawn at random positions). Default 256. */
  batchSize?: number;
  /** Batches per epoch. Default 50. */
  batchesPerEpoch?: number;
  /** Seed of the positions: epoch e uses `new Rng(seed + e)`. Default 1. */
  seed?: number;
}

/** The model and one image as a {@link TrainingTask}: mean nats per pixel of random pixels. */
export function causalNeighbourhoodTask(model: CausalNeighbourhood, config: CausalNeighbourhoodTaskConfig): TrainingTask<NeighbourhoodBatch> {
  const features = model.features(config.image);
  const { bits } = config.image;
  const f = model.inputSize;
  const batchSize = checkInt(config.batchSize ?? 256, 'batchSize', 'causalNeighbourhoodTask', 1);
  const perEpoch = checkInt(config.batchesPerEpoch ?? 50, 'batchesPerEpoch', 'causalNeighbourhoodTask', 1);
  const seed = checkInt(config.seed ?? 1, 'seed', 'causalNeighbourhoodTask', 0);
  return {
    model,
    loss: (batch) =>
      tf.tidy(() => model.loss(tf.tensor2d(batch.features, [batch.count, f]), tf.tensor1d(batch.targets))),
    tokens: (batch) => batch.count,
    trainBatches: (epoch) => {
      const rng = new Rng(seed + epoch);
      return Array.from({ length: perEpoch }, () => {
        const out: NeighbourhoodBatch = { features: new Float32Array(batchSize * f), targets: new Float32Array(batchSize), count: batchSize };
        for (let i = 0; i < batchSize; i++) {
          const p = rng.int(bits.length);
          out.features.set(features.subarray(p * f, (p + 1) * f), i * f);
          out.targets[i] = bits[p]!;
        }
        return out;
      });
    },
  };
}
