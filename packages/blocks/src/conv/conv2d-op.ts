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
 *   dL/dx = conv2d(pad(dilate_s(dy)), rot180(W)^T)   (a full correlation: dy with s - 1 zeros
 *       between neighbours, padded by k - 1 - padBefore before and the rest after, with the
 *       kernel flipped in both spatial axes and its in/out axes swapped).
 *
 * Measured on WASM (one thread), x [32, 48, 160, 32], 3x3 kernel 32 -> 32, same padding
 * (bench/README-numbers in the package README): dL/dW 831 ms (stride 1) / 678 ms (stride 2) this
 * way against 1641 / 16806 ms for im2col + matMul with tfjs's slice / stridedSlice; dL/dx 351 /
 * 1046 ms against 5891 / 2529 ms for WASM's Conv2DBackpropInput.
 */
import * as tf from '@tensorflow/tfjs-core';
import { windowGeometry, type Padding } from './geometry';

/**
 * `x: [B, H, W, C]` with `s_h - 1` zero rows after every row and `s_w - 1` zero columns after every
 * column -> `[B, H s_h, W s_w, C]` (the last zeros are kept: cropping them with a slice costs more
 * on WASM than padding them, measured 435 ms for a [32, 48, 160, 32] slice).
 */
function dilate(x: tf.Tensor4D, [sh, sw]: readonly [number, number]): tf.Tensor4D {
  const [batch, h, w, c] = x.shape;
  let d: tf.Tensor4D = x;
  if (sh > 1) d = tf.reshape(tf.pad(tf.reshape(d, [batch, h, 1, w * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]), [batch, h * sh, w, c]); // [B, h sh, w, C]
  if (sw > 1) d = tf.reshape(tf.pad(tf.reshape(d, [batch * h * sh, w, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]), [batch, h * sh, w * sw, c]); // [B, h sh, w sw, C]
  return d;
}

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

/**
 * `dL/dx` of a convolution: `dy: [batch, outH, outW, out]`, `kernel: [kh, kw, in, out]` ->
 * `[batch, H, W, in]` for an input of shape `xShape` (see the module comment).
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  xShape: readonly [number, number, number, number],
  strides: readonly [number, number],
  padding: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = xShape;
    const [kh, kw] = kernel.shape;
    const g = windowGeometry(height, width, [kh, kw], strides, padding);
    let d = dilate(dy, strides); // [B, outH s_h, outW s_w, out]
    const top = kh - 1 - g.padTop;
    const left = kw - 1 - g.padLeft;
    let bottom = height + kh - 1 - top - d.shape[1];
    let right = width + kw - 1 - left - d.shape[2];
    if (bottom < 0 || right < 0) {
      d = tf.slice(d, [0, 0, 0, 0], [d.shape[0], d.shape[1] + Math.min(bottom, 0), d.shape[2] + Math.min(right, 0), d.shape[3]]); // drop trailing zeros that would fall outside
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const padded = tf.pad(d, [[0, 0], [top, bottom], [left, right], [0, 0]]); // [B, H + kh - 1, W + kw - 1, out]
    const flipped = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, out, in]
    return tf.conv2d(padded, flipped, 1, 'valid'); // [B, H, W, in]
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
