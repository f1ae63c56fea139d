/**
 * A differentiable rasteriser of quadratic Bezier strokes, the action space of the painting
 * agents of Huang et al. 2019 ("Learning to Paint", who render through a neural network trained
 * to imitate a renderer) and Mellor et al. 2019 ("Unsupervised doodling and painting with improved
 * SPIRAL", who render with a painting library and no gradient). Here the renderer itself is
 * differentiable, written with tfjs ops: autodiff differentiates all of it but the
 * nearest-segment distance, whose backward is written by hand (see `segmentDistance2`).
 *
 * A stroke is 8 numbers `(x0, y0, x1, y1, x2, y2, width, ink)`: control points in [0, 1] (x to the
 * right, y down, (0, 0) the top-left corner of the canvas), a width in [0, 1] as a fraction of the
 * canvas's shorter side, and an ink amount in [0, 1] (used by compositing, see ./composite.ts).
 * Everything below is in pixel units: `p = (x W, y H)`, `w = width min(H, W)`.
 *
 *   curve       B(t) = (1 - t)^2 P0 + 2 (1 - t) t P1 + t^2 P2,   t_k = k / (S - 1),  k = 0..S-1
 *   segments    a_k = B(t_k),  b_k = B(t_{k+1}),  k = 0..S-2 (a polyline through S samples)
 *   projection  u_k(q) = clamp(((q - a_k) . (b_k - a_k)) / (|b_k - a_k|^2 + eps), 0, 1)
 *   distance^2  d_k^2(q) = |q - a_k - u_k (b_k - a_k)|^2,   d^2(q) = min_k d_k^2(q)
 *   coverage    c(q) = sigmoid((w / 2 - sqrt(d^2(q) + delta)) / softness)
 *
 * for every pixel centre `q = (j + 1/2, i + 1/2)`. Degenerate cases keep finite gradients: a
 * zero-length segment has `u = 0 / eps = 0` and `d d^2 / d u = -2 (q - a - u (b - a)) . (b - a) =
 * 0`; `delta` keeps `d sqrt / d d^2` finite for a pixel centre exactly on the curve. The minimum
 * over segments has a hand-written gradient (see `segmentDistance2`) that goes to the first
 * segment attaining it (not to every tied one: at a polyline vertex two segments tie).
 *
 * Memory: the largest intermediates hold `strokes * H * W * (S - 1)` floats; strokes are rendered
 * in chunks of at most `maxElements` such floats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInt, checkNumber, checkTensor } from '@seq2seq/core';

/** Numbers per stroke: `x0, y0, x1, y1, x2, y2, width, ink`. */
export const STROKE_SIZE = 8;

/** Added to `|b - a|^2` before dividing (pixel units squared): zero-length segments stay finite. */
export const SEGMENT_EPS = 1e-6;

/** Added to `d^2` before the square root (pixel units squared: a distance floor of 1/100 pixel). */
export const DISTANCE_DELTA = 1e-4;

/** Options of {@link rasterizeStrokes}. */
export interface RasterizeOptions {
  /** Points sampled along each curve, `S >= 2` (the polyline has `S - 1` segments). Default 8. */
  samples?: number;
  /** Edge softness in pixels: the sigmoid's scale (smaller is sharper). Default 0.5. */
  softness?: number;
  /** Largest `strokes * H * W * (S - 1)` rendered at once (more is rendered in chunks). Default 2^22. */
  maxElements?: number;
  /**
   * Read the strokes back and check every value lies in [0, 1] (an {@link InputError} otherwise).
   * Costs a read from the backend; a model whose strokes come out of a sigmoid turns it off.
   * Default true.
   */
  checkValues?: boolean;
}

/** Canvas size: a side for a square, or `[height, width]`. */
export type CanvasSize = number | readonly [number, number];

/** `[height, width]` of a {@link CanvasSize}; throws an {@link InputError} for anything else. */
export function canvasSize(size: CanvasSize, op: string): [number, number] {
  if (typeof size === 'number') {
    const s = checkInt(size, 'size', op, 1);
    return [s, s];
  }
  if (!Array.isArray(size) || size.length !== 2) throw new InputError(`${op}: 'size' must be a side or [height, width], got ${JSON.stringify(size)}`);
  return [checkInt(size[0], 'size[0] (height)', op, 1), checkInt(size[1], 'size[1] (width)', op, 1)];
}

/** The Bezier weights `[(1 - t)^2, 2 (1 - t) t, t^2]` of `S` evenly spaced `t`, as `[3, S]`. */
export function bezierBasis(samples: number): Float32Array {
  const basis = new Float32Array(3 * samples);
  for (let k = 0; k < samples; k++) {
    const t = k / (samples - 1);
    basis[k] = (1 - t) * (1 - t);
    basis[samples + k] = 2 * (1 - t) * t;
    basis[2 * samples + k] = t * t;
  }
  return basis;
}

/** Throws an {@link InputError} naming the first stroke value outside [0, 1]. */
export function checkStrokeValues(values: ArrayLike<number>, op: string): void {
  const names = ['x0', 'y0', 'x1', 'y1', 'x2', 'y2', 'width', 'ink'];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      const stroke = Math.floor(i / STROKE_SIZE);
      throw new InputError(`${op}: every stroke value must be in [0, 1], got ${names[i % STROKE_SIZE]} = ${v} in stroke ${stroke} (flat index ${i})`);
    }
  }
}

/**
 * `d^2(q) = min_k |q - a_k - u_k (b_k - a_k)|^2` for every pixel centre q: segment starts
 * `ax, ay` and directions `abx, aby` (`b - a`), each `[N, 1, 1, K]`, to `[N, H, W]`.
 *
 * Backward, by the envelope theorem: `u_k` minimises `|q - a_k - u ab_k|^2` over [0, 1], so
 * `d d_k^2 / d u_k = 0` where `u_k` is inside (0, 1), and `u_k` is constant where clamped; with
 * `r = q - a - u ab` of the nearest segment k* (the first if several tie):
 *
 *   d d^2 / d a_k* = -2 r,     d d^2 / d ab_k* = -2 u r,     0 for every other segment.
 *
 * This is the gradient of the exact distance (`eps = 0`); the forward's `eps` moves it by
 * O(eps / |ab|^2), below float32 precision for any segment longer than a thousandth of a pixel,
 * and a zero-length segment has `ab = 0`, hence `r = q - a` exactly as with `eps = 0`. Written by
 * hand, the backward is about 4x cheaper than tfjs's autodiff of the forward ops, which also
 * sums tied segments' gradients twice (WASM, 32 x 8 strokes on 28x28, forward + backward: 65 ms
 * of CPU time against 139).
 */
function segmentDistance2(height: number, width: number): (ax: tf.Tensor4D, ay: tf.Tensor4D, abx: tf.Tensor4D, aby: tf.Tensor4D) => tf.Tensor3D {
  return tf.customGrad(((ax: tf.Tensor4D, ay: tf.Tensor4D, abx: tf.Tensor4D, aby: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const gx = tf.reshape(tf.add(tf.range(0, width, 1, 'float32'), 0.5), [1, 1, width, 1]); // [1, 1, W, 1]
    const gy = tf.reshape(tf.add(tf.range(0, height, 1, 'float32'), 0.5), [1, height, 1, 1]); // [1, H, 1, 1]
    const qx = tf.sub(gx, ax); // [N, 1, W, K]: q - a, x
    const qy = tf.sub(gy, ay); // [N, H, 1, K]: q - a, y
    const len2 = tf.add(tf.add(tf.square(abx), tf.square(aby)), SEGMENT_EPS); // [N, 1, 1, K]
    const u = tf.clipByValue(tf.div(tf.add(tf.mul(qx, abx), tf.mul(qy, aby)), len2), 0, 1); // [N, H, W, K]
    const rx = tf.sub(qx, tf.mul(u, abx)); // [N, H, W, K]
    const ry = tf.sub(qy, tf.mul(u, aby)); // [N, H, W, K]
    const d2 = tf.add(tf.square(rx), tf.square(ry)); // [N, H, W, K]
    const nearest = tf.argMin(d2, 3); // [N, H, W] int32
    save([u, rx, ry, nearest]);
    return {
      value: tf.min(d2, 3), // [N, H, W]
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
        const [su, srx, sry, sNearest] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor3D];
        const k = su.shape[3];
        const g = tf.mul(tf.cast(tf.oneHot(sNearest, k), 'float32'), tf.mul(tf.expandDims(dy, 3), -2)); // [N, H, W, K]: -2 dy at k*
        const gr = [tf.mul(g, srx), tf.mul(g, sry)]; // [N, H, W, K] each
        const total = (t: tf.Tensor): tf.Tensor4D => tf.sum(t, [1, 2], true) as tf.Tensor4D; // [N, 1, 1, K]
        return [total(gr[0]!), total(gr[1]!), total(tf.mul(gr[0]!, su)), total(tf.mul(gr[1]!, su))];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (ax: tf.Tensor4D, ay: tf.Tensor4D, abx: tf.Tensor4D, aby: tf.Tensor4D) => tf.Tensor3D;
}

/**
 * Coverage of `N` strokes: `[N, 8]` -> `[N, H, W]`, each value in (0, 1). The math of the module
 * comment, for one chunk.
 */
function coverageOf(strokes: tf.Tensor2D, height: number, width: number, basis: tf.Tensor2D, softness: number): tf.Tensor3D {
  return tf.tidy(() => {
    const n = strokes.shape[0];
    const samples = basis.shape[1];
    const k = samples - 1;
    const scale = tf.tensor1d([width, height, width, height, width, height]);
    const control = tf.mul(tf.slice(strokes, [0, 0], [n, 6]), scale); // [N, 6] in pixels
    // [N, 3, 2] -> [N, 2, 3]: rows (x0 x1 x2), (y0 y1 y2)
    const byAxis = tf.reshape(tf.transpose(tf.reshape(control, [n, 3, 2]), [0, 2, 1]), [n * 2, 3]); // [N*2, 3]
    const points = tf.reshape(tf.matMul(byAxis, basis), [n, 2, samples]); // [N, 2, S]: B(t_k)
    const a = tf.slice(points, [0, 0, 0], [n, 2, k]); // [N, 2, K]
    const ab = tf.sub(tf.slice(points, [0, 0, 1], [n, 2, k]), a); // [N, 2, K]: b - a
    const ax = tf.reshape(tf.slice(a, [0, 0, 0], [n, 1, k]), [n, 1, 1, k]) as tf.Tensor4D; // [N, 1, 1, K]
    const ay = tf.reshape(tf.slice(a, [0, 1, 0], [n, 1, k]), [n, 1, 1, k]) as tf.Tensor4D; // [N, 1, 1, K]
    const abx = tf.reshape(tf.slice(ab, [0, 0, 0], [n, 1, k]), [n, 1, 1, k]) as tf.Tensor4D; // [N, 1, 1, K]
    const aby = tf.reshape(tf.slice(ab, [0, 1, 0], [n, 1, k]), [n, 1, 1, k]) as tf.Tensor4D; // [N, 1, 1, K]
    const d2 = segmentDistance2(height, width)(ax, ay, abx, aby); // [N, H, W]
    const distance = tf.sqrt(tf.add(d2, DISTANCE_DELTA)); // [N, H, W]
    const halfWidth = tf.reshape(tf.mul(tf.slice(strokes, [0, 6], [n, 1]), Math.min(height, width) / 2), [n, 1, 1]); // [N, 1, 1]
    return tf.sigmoid(tf.div(tf.sub(halfWidth, distance), softness)) as tf.Tensor3D; // [N, H, W]
  });
}

/**
 * Renders strokes `[batch, n, 8]` (see the module comment) into coverage maps `[batch, n, H, W]`,
 * each value in (0, 1): how much of pixel `(i, j)` stroke `s` covers. Differentiable with respect
 * to every stroke value. Combine the maps into a canvas with `compositeStrokes` (./composite.ts).
 *
 * @example
 * const strokes = tf.tensor3d([[[0.2, 0.5, 0.5, 0.5, 0.8, 0.5, 0.1, 1]]]); // a horizontal line
 * const coverage = rasterizeStrokes(strokes, 28); // [1, 1, 28, 28]
 * @throws ShapeError if `strokes` is not a float32 `[batch, n, 8]` tensor.
 * @throws InputError for a bad size or option, or (with `checkValues`) a stroke value outside [0, 1].
 */
export function rasterizeStrokes(strokes: tf.Tensor3D, size: CanvasSize, options: RasterizeOptions = {}): tf.Tensor4D {
  const op = 'rasterizeStrokes';
  checkTensor(strokes, 'strokes', op, ['batch', 'n', STROKE_SIZE]);
  const [height, width] = canvasSize(size, op);
  const samples = checkInt(options.samples ?? 8, 'samples', op, 2);
  const softness = checkNumber(options.softness ?? 0.5, 'softness', op, 1e-6);
  const maxElements = checkInt(options.maxElements ?? 2 ** 22, 'maxElements', op, 1);
  if (options.checkValues ?? true) checkStrokeValues(strokes.dataSync(), op);
  const [batch, n] = strokes.shape;
  const rows = batch * n;
  if (rows === 0) return tf.zeros([batch, n, height, width]);
  return tf.tidy(() => {
    const basis = tf.tensor2d(bezierBasis(samples), [3, samples]); // [3, S]
    const flat = tf.reshape(strokes, [rows, STROKE_SIZE]) as tf.Tensor2D; // [B*n, 8]
    const chunk = Math.max(1, Math.floor(maxElements / (height * width * (samples - 1))));
    const parts: tf.Tensor3D[] = [];
    for (let start = 0; start < rows; start += chunk) {
      const size = Math.min(chunk, rows - start);
      const part = start === 0 && size === rows ? flat : (tf.slice(flat, [start, 0], [size, STROKE_SIZE]) as tf.Tensor2D);
      parts.push(coverageOf(part, height, width, basis, softness)); // [chunk, H, W]
    }
    const all = parts.length === 1 ? parts[0]! : tf.concat(parts, 0); // [B*n, H, W]
    return tf.reshape(all, [batch, n, height, width]) as tf.Tensor4D;
  });
}
