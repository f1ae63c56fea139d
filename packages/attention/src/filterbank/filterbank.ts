/**
 * The Gaussian filterbank of DRAW (Gregor et al. 2015, "DRAW: A Recurrent Neural Network For
 * Image Generation", sec. 3.2, eqs. 19-26): an N x N grid of Gaussian filters over a B x A image
 * (height B, width A), placed by five numbers a network computes from its decoder state.
 *
 *   (g~X, g~Y, log sigma^2, log delta~, log gamma) = W h^dec                        (eq. 21)
 *   gX = (A + 1)/2 (g~X + 1),   gY = (B + 1)/2 (g~Y + 1)                           (eqs. 22-23)
 *   delta = (max(A, B) - 1)/(N - 1) delta~                                          (eq. 24)
 *   muX_i = gX + (i - N/2 - 0.5) delta,   muY_j = gY + (j - N/2 - 0.5) delta        (eqs. 19-20)
 *   F_X[i, a] = exp(-(a - muX_i)^2 / 2 sigma^2) / Z_X,  F_Y[j, b] likewise          (eqs. 25-26)
 *
 * with i, j = 1..N and the paper's pixel coordinates a = 1..A, b = 1..B, so that g~ = 0 is the
 * centre of the image and g~ = -1, +1 its edges. `Z_X = sum_a exp(...)` normalises each filter over
 * the image axis; it is guarded by `epsilon` (a filter whose Gaussian lies wholly off the image
 * then reads about zero instead of dividing by zero). For N = 1 the stride is
 * `(max(A, B) - 1) delta~` (it places no second filter).
 *
 * The centres reported in {@link Filterbank} are in 0-based pixel coordinates (0 = the centre of
 * the first column), what a page drawing the window over the image needs: `centreX = gX - 1`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt, checkNumber, checkTensor, InputError } from '@seq2seq/core';
import { tidy } from '../tidy';

/** Size of the image and of the grid of a {@link filterbank}. */
export interface FilterbankConfig {
  /** Image width A (columns). Required. */
  width: number;
  /** Image height B (rows). Required. */
  height: number;
  /** Filters per side N (the glimpse is N x N). Required. */
  size: number;
  /** Added to each filter's normaliser `Z` (eqs. 25-26). Default 1e-8. */
  epsilon?: number;
}

/**
 * The filters and the window they form, for a batch. Every tensor is the caller's (dispose them,
 * e.g. with `tf.dispose(bank)`).
 */
export interface Filterbank {
  /** `F_X` `[batch, N, width]`: each row a Gaussian over the columns, summing to one. */
  fX: tf.Tensor3D;
  /** `F_Y` `[batch, N, height]`: each row a Gaussian over the rows, summing to one. */
  fY: tf.Tensor3D;
  /** Grid centre column `gX - 1` `[batch]` (0-based pixel coordinates). */
  centreX: tf.Tensor1D;
  /** Grid centre row `gY - 1` `[batch]` (0-based pixel coordinates). */
  centreY: tf.Tensor1D;
  /** Distance between neighbouring filters, delta, in pixels `[batch]`. */
  stride: tf.Tensor1D;
  /** Variance sigma^2 of every filter, in pixels^2 `[batch]`. */
  variance: tf.Tensor1D;
  /** Intensity gamma `[batch]` (a read is scaled by it, a write by its inverse). */
  intensity: tf.Tensor1D;
  /** Filters per side N. */
  size: number;
}

/**
 * The filterbank of eqs. 19-26 from the five attention parameters of each row,
 * `params [batch, 5]` = (g~X, g~Y, log sigma^2, log delta~, log gamma) (a linear map of the
 * decoder state, eq. 21). Differentiable in `params`.
 */
export function filterbank(params: tf.Tensor2D, config: FilterbankConfig): Filterbank {
  const op = 'filterbank';
  const { width, height, size, epsilon } = checkFilterbankConfig(config, op);
  checkTensor(params, 'params', op, ['batch', 5]);
  const [batch] = params.shape;
  return tidy(() => {
    const [gxT, gyT, logVariance, logStride, logIntensity] = tf.split(params, 5, 1) as tf.Tensor2D[]; // 5 x [batch, 1]
    const centreX = tf.sub(tf.mul(tf.add(gxT!, 1), (width + 1) / 2), 1); // gX - 1: [batch, 1]
    const centreY = tf.sub(tf.mul(tf.add(gyT!, 1), (height + 1) / 2), 1); // gY - 1: [batch, 1]
    const stride = tf.mul(tf.exp(logStride!), (Math.max(width, height) - 1) / Math.max(size - 1, 1)); // [batch, 1]
    const variance = tf.exp(logVariance!); // [batch, 1]
    const intensity = tf.exp(logIntensity!); // [batch, 1]
    // i - N/2 - 0.5 for i = 1..N, i.e. i0 - (N - 1)/2 for i0 = 0..N-1.
    const offsets = tf.tensor1d(Array.from({ length: size }, (_, i) => i - (size - 1) / 2)); // [N]
    const twoVar = tf.reshape(tf.mul(variance, 2), [batch, 1, 1]); // [batch, 1, 1]
    const bank = (centre: tf.Tensor2D, pixels: number): tf.Tensor3D => {
      const mu = tf.add(centre, tf.mul(stride, offsets)); // [batch, 1] + [batch, 1] x [N] -> [batch, N]
      const coords = tf.range(0, pixels, 1, 'float32'); // [pixels], 0-based
      const d = tf.sub(coords, tf.expandDims(mu, 2)); // [pixels] - [batch, N, 1] -> [batch, N, pixels]
      const g = tf.exp(tf.neg(tf.div(tf.square(d), twoVar))); // [batch, N, pixels]
      return tf.div(g, tf.add(tf.sum(g, 2, true), epsilon)) as tf.Tensor3D; // / (Z + eps): [batch, N, pixels]
    };
    const flat = (t: tf.Tensor2D) => tf.reshape(t, [batch]) as tf.Tensor1D;
    return {
      fX: bank(centreX as tf.Tensor2D, width), // [batch, N, A]
      fY: bank(centreY as tf.Tensor2D, height), // [batch, N, B]
      centreX: flat(centreX as tf.Tensor2D),
      centreY: flat(centreY as tf.Tensor2D),
      stride: flat(stride as tf.Tensor2D),
      variance: flat(variance),
      intensity: flat(intensity),
      size,
    };
  });
}

/** Options of {@link coveringWindow}. */
export interface CoveringWindowOptions {
  /**
   * `'read'` (default): intensity gamma 1, so a glimpse's values are weighted means of pixels.
   * `'write'`: gamma chosen so that a write `1/gamma F_Y^T w F_X` with patch value 1 adds 1 at its
   * filter's centre pixel (gamma = the product of the two normalised filters' peaks, about
   * `1 / (2 pi sigma^2)`). At gamma 1 a wide write is that much fainter (about 1/50 for a 5 x 5
   * grid over 28 x 28), and the model needs thousands of steps to learn a log gamma of -4.
   */
  kind?: 'read' | 'write';
}

/**
 * Values of the five window parameters `(g~X, g~Y, log sigma^2, log delta~, log gamma)` that make a
 * window covering the whole image: centred, its N grid points at the centres of N equal cells of
 * the longer side (stride `max(A, B) / N`), each filter's standard deviation half a stride,
 * intensity 1 (a read window) or unit write gain (`{ kind: 'write' }`). A glimpse through it is a
 * blurred look at all of the image. Use it as the initial bias of the linear map that emits the
 * parameters: with all five at 0 (the paper's formulas at zero) the grid spans edge to edge with
 * sigma 1, so a 2 x 2 glimpse reads four single corner pixels, which on MNIST are always blank,
 * and neither reads nor learns where to look.
 */
export function coveringWindow(config: FilterbankConfig, options: CoveringWindowOptions = {}): Float32Array {
  const { width, height, size } = checkFilterbankConfig(config, 'coveringWindow');
  const kind = options.kind ?? 'read';
  if (kind !== 'read' && kind !== 'write') throw new InputError(`coveringWindow: 'kind' must be 'read' or 'write', got ${String(kind)}`);
  const side = Math.max(width, height);
  const stride = side / size;
  const unit = (side - 1) / Math.max(size - 1, 1); // the stride at log delta~ = 0
  const variance = (stride / 2) ** 2;
  // The peak of a normalised filter centred on the middle of an axis of `pixels` (eqs. 25-26).
  const peak = (pixels: number): number => {
    const centre = (pixels - 1) / 2; // 0-based
    let z = 0;
    for (let a = 0; a < pixels; a++) z += Math.exp(-((a - centre) ** 2) / (2 * variance));
    return Math.exp(-((Math.round(centre) - centre) ** 2) / (2 * variance)) / z;
  };
  const logIntensity = kind === 'write' ? Math.log(peak(width) * peak(height)) : 0;
  return Float32Array.from([0, 0, Math.log(variance), Math.log(stride / unit), logIntensity]);
}

/** Checks a {@link FilterbankConfig}; returns it with the default epsilon filled in. */
export function checkFilterbankConfig(config: FilterbankConfig, op: string): Required<FilterbankConfig> {
  if (config == null || typeof config !== 'object') throw new InputError(`${op}: expected a config { width, height, size }, got ${String(config)}`);
  return {
    width: checkInt(config.width, 'width', op, 1),
    height: checkInt(config.height, 'height', op, 1),
    size: checkInt(config.size, 'size', op, 1),
    epsilon: checkNumber(config.epsilon ?? 1e-8, 'epsilon', op, 0),
  };
}

/** Validates a {@link Filterbank} against an image `[batch, height, width]`; binds `batch`, `N`. */
export function checkBank(bank: Filterbank, op: string, dims: Map<string, number>): void {
  if (bank == null || typeof bank !== 'object') throw new InputError(`${op}: expected a Filterbank { fX, fY, intensity, ... } from filterbank(), got ${String(bank)}`);
  checkTensor(bank.fX, 'bank.fX', op, ['batch', 'N', 'width'], dims);
  checkTensor(bank.fY, 'bank.fY', op, ['batch', 'N', 'height'], dims);
  checkTensor(bank.intensity, 'bank.intensity', op, ['batch'], dims);
}
