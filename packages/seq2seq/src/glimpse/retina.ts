/**
 * The retina of Ba, Mnih and Kavukcuoglu (2014, "Multiple Object Recognition with Visual
 * Attention", sec. 3): patches of the image at one location and several scales, the finest
 * sharpest. Each patch is an N x N grid of DRAW's Gaussian filters (`filterbank` of
 * `@seq2seq/attention`) centred on the location, with a stride of `scale` pixels and sigma half a
 * stride, so the coarse patches average their pixels instead of aliasing them.
 *
 *   patch_k = F_Y^(k) x F_X^(k)^T        [N, H] x [H, W] x [W, N] -> [N, N]
 *
 * Locations are in the filterbank's coordinates: (0, 0) is the image's centre, -1 and +1 its edges.
 */
import * as tf from '@tensorflow/tfjs-core';
import { filterbank } from '@seq2seq/attention';

/** What the retina needs of a {@link GlimpseReaderConfig}. */
export interface RetinaConfig {
  height: number;
  width: number;
  /** Filters per side N. */
  glimpseSize: number;
  /** Stride of each scale's filters, in pixels. */
  scales: readonly number[];
}

/** The five filterbank parameters (eq. 21 of DRAW) of a patch of `scale` pixels' stride, less the location. */
function scaleParams(config: RetinaConfig, scale: number): [logVariance: number, logDelta: number] {
  const n = config.glimpseSize;
  const longer = Math.max(config.width, config.height);
  // delta = (max(A, B) - 1) / (N - 1) * delta~, sigma = delta / 2.
  return [Math.log((scale / 2) ** 2), Math.log((scale * (n - 1)) / (longer - 1))];
}

/**
 * Reads `images` (`[batch, height, width]`, gray) at `locations` (`[batch, 2]`: x, y in [-1, 1]):
 * returns `[batch, scales * N * N]`, the scales' patches one after the other, each row by row.
 */
export function retina(images: tf.Tensor3D, locations: tf.Tensor2D, config: RetinaConfig): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, height, width] = images.shape;
    const n = config.glimpseSize;
    const scales = config.scales.length;
    // Every window in one filterbank, rows image-major: row b*S + k is image b at scale k.
    const perScale = config.scales.map((scale) => scaleParams(config, scale));
    const fixed = tf.tensor2d(Array.from({ length: batch }, () => perScale).flat(2), [batch * scales, 2]);
    const where = tf.reshape(tf.tile(tf.expandDims(locations, 1), [1, scales, 1]), [batch * scales, 2]); // [B*S, 2]
    const params = tf.concat([where, fixed, tf.zeros([batch * scales, 1])], 1) as tf.Tensor2D; // (g~X, g~Y, log sigma^2, log delta~, log gamma = 0)
    const bank = filterbank(params, { width, height, size: n });
    // x F_X^T for every scale at once (the image is not copied per scale): [B, H, W] x [B, W, S*N] -> [B, H, S*N].
    const columns = tf.matMul(images, tf.reshape(bank.fX, [batch, scales * n, width]), false, true);
    const perWindow = tf.reshape(tf.transpose(tf.reshape(columns, [batch, height, scales, n]), [0, 2, 1, 3]), [batch * scales, height, n]); // [B*S, H, N]
    const patches = tf.matMul(bank.fY, perWindow); // [B*S, N, H] x [B*S, H, N] -> [B*S, N, N]
    return tf.reshape(patches, [batch, scales * n * n]) as tf.Tensor2D; // [B, S*N*N], scale k's patch at k*N*N
  });
}

/** A glimpse's windows in pixels, for drawing: the centre (0-based) and each scale's width across. */
export interface GlimpseWindow {
  /** Centre column, 0-based pixels. */
  x: number;
  /** Centre row, 0-based pixels. */
  y: number;
  /** Side of each scale's patch in pixels (`N * scale`), finest first. */
  sizes: number[];
}

/** Where a location (x, y in [-1, 1]) lies in the image, as {@link retina} reads it. */
export function glimpseWindow(location: readonly [number, number], config: RetinaConfig): GlimpseWindow {
  return {
    x: ((config.width + 1) / 2) * (location[0] + 1) - 1,
    y: ((config.height + 1) / 2) * (location[1] + 1) - 1,
    sizes: config.scales.map((s) => s * config.glimpseSize),
  };
}
