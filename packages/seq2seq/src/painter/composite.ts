/**
 * Compositing stroke coverage maps (./rasterize.ts) into a canvas with values in [0, 1]
 * (0 = blank, 1 = full ink: white strokes on black, as MNIST digits are):
 *
 *   screen   C_s = 1 - (1 - C_{s-1}) (1 - ink_s c_s)     so  C_n = 1 - (1 - C_0) prod_s (1 - ink_s c_s)
 *   over     C_s = (1 - c_s) C_{s-1} + c_s ink_s          (ink is the paint's gray level: 0 erases)
 *
 * `screen` only ever adds ink (order does not matter); `over` paints one stroke on top of the
 * last, as a painter does, and can cover ink with black.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkTensor } from '@seq2seq/core';

/** How a stroke's ink meets the canvas (see the module comment). */
export type Compositing = 'screen' | 'over';

const MODES: readonly Compositing[] = ['screen', 'over'];

/** Checks a compositing mode; throws an {@link InputError} naming the choices. */
export function checkCompositing(mode: unknown, op: string): Compositing {
  if (!MODES.includes(mode as Compositing)) throw new InputError(`${op}: 'compositing' must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  return mode as Compositing;
}

/**
 * One stroke onto a canvas: `canvas [batch, H, W]`, `coverage [batch, H, W]`, `ink [batch]` ->
 * the new canvas `[batch, H, W]`. The caller keeps ownership of the arguments.
 */
export function compositeStep(canvas: tf.Tensor3D, coverage: tf.Tensor3D, ink: tf.Tensor1D, mode: Compositing = 'screen'): tf.Tensor3D {
  const op = 'compositeStep';
  const dims = new Map<string, number>();
  checkTensor(canvas, 'canvas', op, ['batch', 'height', 'width'], dims);
  checkTensor(coverage, 'coverage', op, ['batch', 'height', 'width'], dims);
  checkTensor(ink, 'ink', op, ['batch'], dims);
  checkCompositing(mode, op);
  return tf.tidy(() => {
    const a = tf.reshape(ink, [-1, 1, 1]); // [batch, 1, 1]
    if (mode === 'screen') return tf.sub(1, tf.mul(tf.sub(1, canvas), tf.sub(1, tf.mul(a, coverage)))) as tf.Tensor3D; // [batch, H, W]
    return tf.add(tf.mul(tf.sub(1, coverage), canvas), tf.mul(coverage, a)) as tf.Tensor3D; // [batch, H, W]
  });
}

/**
 * Every stroke of `coverage [batch, n, H, W]` with its `ink [batch, n]`, in order, onto `canvas`
 * (default blank): the final canvas `[batch, H, W]`.
 */
export function compositeStrokes(coverage: tf.Tensor4D, ink: tf.Tensor2D, options: { mode?: Compositing; canvas?: tf.Tensor3D } = {}): tf.Tensor3D {
  const op = 'compositeStrokes';
  const dims = new Map<string, number>();
  checkTensor(coverage, 'coverage', op, ['batch', 'n', 'height', 'width'], dims);
  checkTensor(ink, 'ink', op, ['batch', 'n'], dims);
  const mode = checkCompositing(options.mode ?? 'screen', op);
  const [batch, n, height, width] = coverage.shape;
  if (options.canvas) checkTensor(options.canvas, 'canvas', op, [batch, height, width]);
  return tf.tidy(() => {
    let canvas = options.canvas ?? (tf.zeros([batch, height, width]) as tf.Tensor3D);
    if (mode === 'screen') {
      const blank = tf.prod(tf.sub(1, tf.mul(tf.reshape(ink, [batch, n, 1, 1]), coverage)), 1); // [batch, H, W]: prod_s (1 - ink_s c_s)
      return tf.sub(1, tf.mul(tf.sub(1, canvas), blank)) as tf.Tensor3D; // [batch, H, W]
    }
    const maps = tf.unstack(coverage, 1) as tf.Tensor3D[]; // n x [batch, H, W]
    const inks = tf.unstack(ink, 1) as tf.Tensor1D[]; // n x [batch]
    for (let s = 0; s < n; s++) canvas = compositeStep(canvas, maps[s]!, inks[s]!, 'over');
    return canvas;
  });
}
