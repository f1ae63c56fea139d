/**
 * 2-D convolution whose gradient runs on every backend, WASM included.
 *
 *   y[b, p, q, o] = sum_{i, j, c} xpad[b, p s_h + i, q s_w + j, c] W[i, j, c, o]
 *
 * Forward: `tf.conv2d` (XNNPACK on WASM). Backward, for dy = dL/dy `[batch, outH, outW, out]`:
 *
 *   dL/dx = conv2dTranspose(dy, W)                       (Conv2DBackpropInput, which WASM has)
 *   dL/dW[i, j, c, o] = sum_{b, p, q} xpad[b, p s_h + i, q s_w + j, c] dy[b, p, q, o]
 *                     = tap_{ij}(x)^T dy                 (im2col, one tap at a time)
 *
 * where tap_{ij}(x) `[in, batch * outH * outW]` is the input pixel under kernel position (i, j)
 * for every output position. tfjs's own gradient of Conv2D needs the Conv2DBackpropFilter kernel,
 * which tfjs-backend-wasm 4.22 does not register; the im2col form needs only transpose, pad,
 * strided slice, reshape and matMul. Taps are multiplied one at a time rather than concatenated
 * into one `[kh kw in, N]` matrix: the full im2col matrix of a 32-channel 48x160 batch of 32
 * would take 280 MB, one tap 31 MB.
 */
import * as tf from '@tensorflow/tfjs-core';
import { windowGeometry, type Padding } from './geometry';

/**
 * `dL/dW` of a convolution by im2col: `x: [batch, H, W, in]`, `dy: [batch, outH, outW, out]` ->
 * `[kh, kw, in, out]`.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernelShape: readonly [number, number, number, number],
  strides: readonly [number, number],
  padding: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, inC] = x.shape;
    const [kh, kw, , outC] = kernelShape;
    const [sh, sw] = strides;
    const g = windowGeometry(height, width, [kh, kw], strides, padding);
    const n = batch * g.outHeight * g.outWidth;
    let xc: tf.Tensor4D = tf.transpose(x, [3, 0, 1, 2]); // [in, batch, H, W]
    if (g.padTop + g.padBottom + g.padLeft + g.padRight > 0) {
      xc = tf.pad(xc, [[0, 0], [0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight]]); // [in, batch, H + pad, W + pad]
    }
    const dy2 = tf.reshape(dy, [n, outC]) as tf.Tensor2D; // [N, out]
    const taps: tf.Tensor2D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const end = [inC, batch, i + (g.outHeight - 1) * sh + 1, j + (g.outWidth - 1) * sw + 1];
        const tap =
          sh === 1 && sw === 1
            ? tf.slice(xc, [0, 0, i, j], [inC, batch, g.outHeight, g.outWidth])
            : tf.stridedSlice(xc, [0, 0, i, j], end, [1, 1, sh, sw]); // [in, batch, outH, outW]
        taps.push(tf.matMul(tf.reshape(tap, [inC, n]) as tf.Tensor2D, dy2)); // [in, N] x [N, out] -> [in, out]
      }
    }
    return tf.reshape(tf.stack(taps), [kh, kw, inC, outC]) as tf.Tensor4D; // [kh kw, in, out] -> [kh, kw, in, out]
  });
}

/**
 * `x: [batch, H, W, in]` * `kernel: [kh, kw, in, out]` -> `[batch, outH, outW, out]`, with the
 * backend-independent gradient of the module comment.
 */
export function conv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, strides: readonly [number, number], padding: Padding): tf.Tensor4D {
  const op = tf.customGrad(((xIn: tf.Tensor4D, w: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([xIn, w]);
    return {
      value: tf.conv2d(xIn, w, strides as [number, number], padding), // [batch, outH, outW, out]
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [
          tf.conv2dTranspose(dy, sw, sx.shape, strides as [number, number], padding), // [batch, H, W, in]
          conv2dFilterGradient(sx, dy, sw.shape, strides, padding), // [kh, kw, in, out]
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, kernel) as tf.Tensor4D;
}
