/**
 * The two halves of the convolution gradient on WASM, each beside the alternative it replaced, at
 * the encoder's first stage (x [32, 48, 160, 32], 3x3 kernel 32 -> 32, 'same', stride 1 and 2):
 *
 * - dL/dW: ours (a forward convolution with batch and channels swapped) vs im2col + matMul
 *   (one tap at a time, tfjs slice / stridedSlice, then [in, N] x [N, out]);
 * - dL/dx: ours (phase-split forward convolutions) vs WASM's own Conv2DBackpropInput
 *   (`tf.conv2dTranspose`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient, conv2dInputGradient, windowGeometry } from '../src/index';
import { tensorCpuMs as time } from './measure';

/** dL/dW by im2col + matMul, tap by tap (the first implementation, kept here as the baseline). */
function im2colFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, s: number): tf.Tensor {
  return tf.tidy(() => {
    const [batch, height, width, inC] = x.shape;
    const outC = dy.shape[3];
    const g = windowGeometry(height, width, [k, k], [s, s], 'same');
    const n = batch * g.outHeight * g.outWidth;
    const xc = tf.pad(tf.transpose(x, [3, 0, 1, 2]), [[0, 0], [0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight]]); // [in, B, Hp, Wp]
    const dy2 = tf.reshape(dy, [n, outC]) as tf.Tensor2D;
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const tap = s === 1
          ? tf.slice(xc, [0, 0, i, j], [inC, batch, g.outHeight, g.outWidth])
          : tf.stridedSlice(xc, [0, 0, i, j], [inC, batch, i + (g.outHeight - 1) * s + 1, j + (g.outWidth - 1) * s + 1], [1, 1, s, s]);
        taps.push(tf.matMul(tf.reshape(tap, [inC, n]) as tf.Tensor2D, dy2));
      }
    }
    return tf.stack(taps);
  });
}

/** Prints one JSON line per (gradient, stride): ours and the baseline, in CPU ms. */
export function kernelRows(print: (row: Record<string, unknown>) => void, reps: number): void {
  const batch = 32;
  const x = tf.randomNormal([batch, 48, 160, 32], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 32, 32], 0, 1, 'float32', 2) as tf.Tensor4D;
  for (const s of [1, 2]) {
    const dy = tf.randomNormal([batch, 48 / s, 160 / s, 32], 0, 1, 'float32', 3) as tf.Tensor4D;
    const dw = time(() => conv2dFilterGradient(x, dy, w.shape, [s, s], 'same'), reps);
    const dwBase = time(() => im2colFilterGradient(x, dy, 3, s), reps);
    print({ case: `conv-grad-kernel-s${s}`, backend: tf.getBackend(), ms: dw, peer: 'im2col-matmul', peerMs: dwBase, ratio: dwBase / dw });
    const dx = time(() => conv2dInputGradient(dy, w, x.shape, [s, s], 'same'), reps);
    const dxBase = time(() => tf.conv2dTranspose(dy, w, x.shape, s, 'same'), reps);
    print({ case: `conv-grad-input-s${s}`, backend: tf.getBackend(), ms: dx, peer: 'Conv2DBackpropInput', peerMs: dxBase, ratio: dxBase / dx });
    dy.dispose();
  }
  tf.dispose([x, w]);
}
