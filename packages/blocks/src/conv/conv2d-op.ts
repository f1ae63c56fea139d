/**
 * 2-D convolution whose gradient runs on every backend, WASM included, and runs fast there.
 *
 * Forward, with xpad the input padded by TensorFlow's rule (geometry.ts):
 *
 *   y[b, p, q, o] = sum_{i, j, c} xpad[b, p s_h + i, q s_w + j, c] W[i, j, c, o]
 *
 * Backward, for dy = dL/dy `[batch, outH, outW, out]`, both gradients are again convolutions, so
 * they run on XNNPACK's fast forward convolution (`tf.conv2d`) rather than on tfjs's gradient
 * kernels: the WASM backend has no Conv2DBackpropFilter at all, and its Conv2DBackpropInput is a
 * plain loop.
 *
 *   dL/dW[i, j, c, o] = sum_{b, p, q} xpad[b, p s_h + i, q s_w + j, c] dy[b, p, q, o]
 *     = conv2d(xpad^T, dy^T, dilation s)   with xpad^T `[in, Hp, Wp, batch]` (channels as the
 *       batch, the batch as the channels) and dy^T `[outH, outW, batch, out]` as the filter;
 *       the first kh x kw outputs, transposed back to `[kh, kw, in, out]`.
 *
 *   dL/dx = conv2d(pad(dy), rot180(W)^T)   (stride 1: a full correlation with the kernel flipped in
 *       both spatial axes and its in/out axes swapped; with stride s, one such correlation per
 *       output phase with every s-th kernel tap, interleaved: see conv2dInputGradient).
 *
 * Measured on WASM (one thread; `pnpm bench -- --rows kernels`, CPU time on a shared machine),
 * x [32, 48, 160, 32], 3x3 kernel 32 -> 32, same padding: dL/dW 374 ms (stride 1) / 131 ms
 * (stride 2) this way against 452 / 3167 ms for im2col + matMul with tfjs's slice / stridedSlice
 * (the strided slice is the slow part); dL/dx 195 / 98 ms against 2208 / 604 ms for WASM's
 * Conv2DBackpropInput. (Dilating dy with zeros instead of splitting by phase took 1046 ms at
 * stride 2, on a busier machine, against 351 ms at stride 1.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { windowGeometry, type Padding } from './geometry';

/**
 * `dL/dW` of a convolution: `x: [batch, H, W, in]`, `dy: [batch, outH, outW, out]` ->
 * `[kh, kw, in, out]` (see the module comment).
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernelShape: readonly [number, number, number, number],
  strides: readonly [number, number],
  padding: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = x.shape;
    const [kh, kw] = kernelShape;
    const g = windowGeometry(height, width, [kh, kw], strides, padding);
    const xp = g.padTop + g.padBottom + g.padLeft + g.padRight > 0 ? tf.pad(x, [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]]) : x; // [B, Hp, Wp, in]
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [in, Hp, Wp, B]
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [outH, outW, B, out]
    let dw = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', strides as [number, number]); // [in, Hp - (outH-1) s_h, Wp - (outW-1) s_w, out]
    if (dw.shape[1] !== kh || dw.shape[2] !== kw) dw = tf.slice(dw, [0, 0, 0, 0], [dw.shape[0], kh, kw, dw.shape[3]]); // [in, kh, kw, out]
    return tf.transpose(dw, [1, 2, 0, 3]) as tf.Tensor4D; // [kh, kw, in, out]
  });
}

/** One output phase of {@link conv2dInputGradient} along one axis (see there). */
interface Phase {
  /** Kernel positions, in the (flipped) order the phase's correlation reads them. */
  taps: number[];
  /** Zeros before and after dy along this axis (negative: rows cut off). */
  before: number;
  after: number;
}

/**
 * Phase r' of an axis: the input positions h = s a + r'. In padded coordinates m = h + padBefore,
 * with r = m mod s and m = s (a + shift) + r, the positions i = r + s t (t = 0 .. k_r - 1) of the
 * kernel read m from output p = a + shift - t, so dx[s a + r'] = sum_t dy[a + shift - t] W[r + s t]:
 * a correlation of dy, padded by k_r - 1 - shift before, with the flipped taps.
 */
function phase(k: number, s: number, padBefore: number, outSize: number, rows: number, rPrime: number): Phase {
  const r = (rPrime + padBefore) % s;
  const shift = Math.floor((rPrime + padBefore) / s);
  const taps: number[] = [];
  for (let i = r; i < k; i += s) taps.unshift(i);
  const before = taps.length - 1 - shift;
  return { taps, before, after: rows + taps.length - 1 - before - outSize };
}

/** Pads (or, for negative amounts, crops) `x` along axes 1 and 2. */
function padOrCrop(x: tf.Tensor4D, [top, bottom]: readonly [number, number], [left, right]: readonly [number, number]): tf.Tensor4D {
  let t = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [b, h, w, c] = t.shape;
    const r0 = Math.max(-top, 0);
    const c0 = Math.max(-left, 0);
    t = tf.slice(t, [0, r0, c0, 0], [b, h - r0 - Math.max(-bottom, 0), w - c0 - Math.max(-right, 0), c]);
  }
  const pads: Array<[number, number]> = [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]];
  return pads.some(([a, b]) => a + b > 0) ? tf.pad(t, pads) : t;
}

/**
 * `dL/dx` of a convolution: `dy: [batch, outH, outW, out]`, `kernel: [kh, kw, in, out]` ->
 * `[batch, H, W, in]` for an input of shape `xShape`.
 *
 * With stride 1 this is one correlation of the padded dy with the flipped kernel (in and out
 * swapped). With stride s it is split by output phase (Dumoulin and Visin 2016, "A guide to
 * convolution arithmetic", transposed convolutions): the input pixels h = s a + r' (one phase per
 * r' < s, per axis) are a stride-1 correlation of dy with the kernel taps r, r + s, ... (see
 * {@link phase}), and the s_h s_w phases are interleaved. This does exactly the multiply-adds of
 * the gradient, where dilating dy with zeros first would do s_h s_w times as many (see the
 * measurements in the module comment).
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  xShape: readonly [number, number, number, number],
  strides: readonly [number, number],
  padding: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, inC] = xShape;
    const [kh, kw] = kernel.shape;
    const [sh, sw] = strides;
    const [, outH, outW] = dy.shape;
    const g = windowGeometry(height, width, [kh, kw], strides, padding);
    const rows = Math.ceil(height / sh); // per phase (the last phases may have one row too many: cropped below)
    const cols = Math.ceil(width / sw);
    const swapped = tf.transpose(kernel, [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, out, in]
    const rowsOfPhases: tf.Tensor4D[] = [];
    for (let r = 0; r < sh; r++) {
      const pr = phase(kh, sh, g.padTop, outH, rows, r);
      const phases: tf.Tensor4D[] = [];
      for (let q = 0; q < sw; q++) {
        const pq = phase(kw, sw, g.padLeft, outW, cols, q);
        if (pr.taps.length === 0 || pq.taps.length === 0) {
          phases.push(tf.zeros([batch * rows, cols, 1, inC]));
          continue;
        }
        const sub = tf.gather(tf.gather(swapped, pr.taps, 0), pq.taps, 1) as tf.Tensor4D; // [k_r, k_q, out, in], flipped
        const z = tf.conv2d(padOrCrop(dy, [pr.before, pr.after], [pq.before, pq.after]), sub, 1, 'valid'); // [B, rows, cols, in]
        phases.push(tf.reshape(z, [batch * rows, cols, 1, inC]));
      }
      const row = phases.length === 1 ? phases[0]! : tf.concat(phases, 2); // [B rows, cols, sw, in]
      rowsOfPhases.push(tf.reshape(row, [batch, rows, 1, cols * sw * inC]));
    }
    const all = rowsOfPhases.length === 1 ? rowsOfPhases[0]! : tf.concat(rowsOfPhases, 2); // [B, rows, sh, cols sw in]
    const dx = tf.reshape(all, [batch, rows * sh, cols * sw, inC]); // [B, rows sh, cols sw, in]
    return (rows * sh === height && cols * sw === width ? dx : tf.slice(dx, [0, 0, 0, 0], [batch, height, width, inC])) as tf.Tensor4D;
  });
}

/**
 * `x: [batch, H, W, in]` * `kernel: [kh, kw, in, out]` -> `[batch, outH, outW, out]`, with the
 * backend-independent gradients of the module comment.
 */
export function conv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, strides: readonly [number, number], padding: Padding): tf.Tensor4D {
  const op = tf.customGrad(((xIn: tf.Tensor4D, w: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([xIn, w]);
    return {
      value: tf.conv2d(xIn, w, strides as [number, number], padding), // [batch, outH, outW, out]
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [
          conv2dInputGradient(dy, sw, sx.shape, strides, padding), // [batch, H, W, in]
          conv2dFilterGradient(sx, dy, sw.shape, strides, padding), // [kh, kw, in, out]
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, kernel) as tf.Tensor4D;
}
