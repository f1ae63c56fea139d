/**
 * A recurrent image density (RIDE; Theis and Bethge 2015, "Generative image modeling using
 * spatial LSTMs") over images of K intensity levels. By the chain rule in raster order,
 *
 *     log p(x) = sum_{i,j} log p(x_ij | x_<ij)
 *     p(x_ij | x_<ij) = softmax(readout(h_ij))[x_ij]
 *
 * where h_ij is the top layer of a spatial LSTM (`@seq2seq/cells`'s `SpatialLstm`) whose input at
 * (i, j) is the causal neighbourhood of (i, j) (`neighbourhood.ts`): pixels that all come before
 * (i, j), and states from (i - 1, j) and (i, j - 1), whose own inputs come before them. So the
 * log-likelihood is exact, and one forward pass gives every conditional at once. The paper's
 * output is a mixture of conditional Gaussian scale mixtures over real intensities; here it is a
 * categorical over the K levels (a tanh layer of `readoutSize` units, then K logits; tanh rather than ReLU keeps
 * the loss smooth for gradient checks).
 *
 * Training runs the grid diagonal by diagonal: the inputs and targets are laid out on the host in
 * the LSTM's diagonal-major order, so no tensor is reordered. Sampling runs in raster order,
 * pixel by pixel (`sample.ts`), and may grow images larger than the training patches (textures).
 */
import * as tf from '@tensorflow/tfjs-core';
import { SpatialLstm, diagonalPositions, linear } from '@seq2seq/cells';
import { InputError, Linear, Module, Rng, checkTensor } from '@seq2seq/core';
import { resolveRecurrentImageDensityConfig, type RecurrentImageDensityConfig, type ResolvedRecurrentImageDensityConfig } from './config';
import { checkLevelImages, type LevelImages } from './images';
import { causalOffsets, neighbourhoods } from './neighbourhood';
import { runImageSampler, runImageSamplerAsync, imageSampleProgram, type ImageSampleOptions } from './sample';

/** A density model of images over K intensity levels; see the module comment. */
export class RecurrentImageDensity extends Module {
  /** The resolved config (saved in checkpoints). */
  readonly config: ResolvedRecurrentImageDensityConfig;
  /** The spatial LSTM over the grid of neighbourhoods. */
  readonly lstm: SpatialLstm;
  /** Hidden layer of the readout (tanh), or null for a linear readout. */
  readonly readoutHidden: Linear | null;
  /** The K logits of each pixel's conditional. */
  readonly output: Linear;
  /** The causal neighbourhood's offsets `[di, dj]`. */
  readonly offsets: ReadonlyArray<readonly [number, number]>;

  constructor(config: RecurrentImageDensityConfig = {}) {
    super();
    this.config = resolveRecurrentImageDensityConfig(config);
    const { radius, hiddenSize, numLayers, readoutSize, levels, seed } = this.config;
    const rng = new Rng(seed);
    this.offsets = causalOffsets(radius);
    this.lstm = this.addModule('lstm', new SpatialLstm({ inputSize: this.inputSize, hiddenSize, numLayers, rng }));
    this.readoutHidden = readoutSize > 0 ? this.addModule('readout', new Linear({ inputSize: hiddenSize, outputSize: readoutSize, rng })) : null;
    this.output = this.addModule('output', new Linear({ inputSize: readoutSize > 0 ? readoutSize : hiddenSize, outputSize: levels, rng }));
  }

  /** Features of one position: value and inside-flag of each neighbourhood pixel (`2 N`). */
  get inputSize(): number {
    return 2 * this.offsets.length;
  }

  /** `h: [n, hiddenSize]` -> the K logits of each row's conditional `[n, levels]`. */
  readout(h: tf.Tensor2D): tf.Tensor2D {
    checkTensor(h, 'h', 'RecurrentImageDensity.readout', [null, this.config.hiddenSize]);
    // The layers' weights through `linear` (native products on WASM, explicit transposes in the
    // gradient) and tanh as 2 sigmoid(2x) - 1 on WASM (its Tanh is a scalar loop): with
    // `Linear.apply` and `tf.tanh`, six BatchMatMul and one Tanh kernel took 0.3-0.4 s of a
    // 28x28 training step at batch 32 (`bench/spatial.ts --profile`, loaded machine).
    return tf.tidy(() => {
      const r = this.readoutHidden;
      const hidden = r ? tanh(linear(h, r.kernel as tf.Tensor2D, r.bias as tf.Tensor1D | null)) : h; // [n, readoutSize]
      return linear(hidden, this.output.kernel as tf.Tensor2D, this.output.bias as tf.Tensor1D | null); // [n, K]
    });
  }

  /**
   * Exact negative log-likelihood of each image, in nats: `-log p(x)` as a `[count]` tensor.
   * Throws an {@link InputError} for images whose pixels are not integer levels in [0, K).
   */
  negativeLogLikelihood(images: LevelImages): tf.Tensor1D {
    const op = 'RecurrentImageDensity.negativeLogLikelihood';
    checkLevelImages(images, this.config.levels, op);
    const { count: B, height, width } = images;
    const K = this.config.levels;
    const positions = diagonalPositions(height, width);
    const x = neighbourhoods(images, positions, this.config.radius, K); // [HW B, 2N], diagonal-major
    const targets = new Float32Array(positions.length * B * K); // one-hot, same order
    positions.forEach(([i, j], k) => {
      for (let n = 0; n < B; n++) targets[(k * B + n) * K + images.levels[(n * height + i) * width + j]!] = 1;
    });
    return tf.tidy(() => {
      const h = this.lstm.applyDiagonalMajor(tf.tensor2d(x, [positions.length * B, this.inputSize]), { batch: B, height, width }); // [HW B, H]
      const logp = tf.logSoftmax(this.readout(h)); // [HW B, K]
      const picked = tf.sum(tf.mul(logp, tf.tensor2d(targets, [positions.length * B, K])), 1); // [HW B]: log p(x_ij | x_<ij)
      return tf.neg(tf.sum(tf.reshape(picked, [positions.length, B]), 0)) as tf.Tensor1D; // [B]
    });
  }

  /** Training loss: the mean negative log-likelihood, nats per image (a scalar). */
  loss(images: LevelImages): tf.Scalar {
    return tf.tidy(() => tf.mean(this.negativeLogLikelihood(images)) as tf.Scalar);
  }

  /**
   * The logits of every pixel's conditional, `[count, height, width, K]`, computed over the grid
   * in image order (the LSTM's `apply`). Row (n, i, j) depends only on pixels before (i, j).
   */
  logits(images: LevelImages): tf.Tensor4D {
    checkLevelImages(images, this.config.levels, 'RecurrentImageDensity.logits');
    const { count: B, height, width } = images;
    const positions: Array<[number, number]> = [];
    for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) positions.push([i, j]);
    const x = neighbourhoods(images, positions, this.config.radius, this.config.levels); // [(i, j, n), 2N]
    return tf.tidy(() => {
      const grid = tf.transpose(tf.reshape(tf.tensor2d(x, [positions.length * B, this.inputSize]), [height, width, B, this.inputSize]), [2, 0, 1, 3]); // [B, Hh, W, 2N]
      const h = this.lstm.apply(grid as tf.Tensor4D); // [B, Hh, W, H]
      const logits = this.readout(tf.reshape(h, [-1, this.config.hiddenSize]) as tf.Tensor2D); // [B Hh W, K]
      return tf.reshape(logits, [B, height, width, this.config.levels]) as tf.Tensor4D;
    });
  }

  /**
   * Draws `count` images of `height x width` pixels, pixel by pixel in raster order, each level
   * from its conditional with `rng`. The size may exceed the training images' (texture growth).
   * `onRow(row, images)` is called after each finished row with the images drawn so far.
   * Reads back with `dataSync`; see {@link RecurrentImageDensity.sampleAsync} for WebGPU.
   */
  sample(count: number, height: number, width: number, rng: Rng, onRow?: ImageSampleOptions['onRow']): LevelImages {
    return runImageSampler(imageSampleProgram(this, checkSampleArgs(count, height, width, rng), rng, { onRow }));
  }

  /** {@link RecurrentImageDensity.sample} reading back with `await data()`. */
  async sampleAsync(count: number, height: number, width: number, rng: Rng, onRow?: ImageSampleOptions['onRow']): Promise<LevelImages> {
    return runImageSamplerAsync(imageSampleProgram(this, checkSampleArgs(count, height, width, rng), rng, { onRow }));
  }
}

/** `tanh(x)`, as `2 sigmoid(2x) - 1` on WASM, whose Tanh kernel is a scalar libm loop. */
function tanh(x: tf.Tensor2D): tf.Tensor2D {
  return tf.getBackend() === 'wasm' ? tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1) : tf.tanh(x);
}

function checkSampleArgs(count: number, height: number, width: number, rng: Rng): { count: number; height: number; width: number } {
  for (const [name, v] of [['count', count], ['height', height], ['width', width]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(`RecurrentImageDensity.sample: '${name}' must be an integer >= 1, got ${String(v)}`);
  }
  if (!(rng instanceof Rng)) throw new InputError('RecurrentImageDensity.sample: expected an Rng (from @seq2seq/core) to draw with');
  return { count, height, width };
}
