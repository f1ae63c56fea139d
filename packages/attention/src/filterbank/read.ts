/**
 * DRAW's read with attention (Gregor et al. 2015, eq. 27): two N x N glimpses through the same
 * filterbank, of the image and of the error image, scaled by the intensity:
 *
 *   read(x, x^, h^dec) = gamma [F_Y x F_X^T, F_Y x^ F_X^T]
 *
 * `F_Y x F_X^T`: `[N, B] x [B, A] x [A, N] -> [N, N]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkTensor } from '@seq2seq/core';
import { tidy } from '../tidy';
import { productNN, productNT } from './products';
import { checkBank, type Filterbank } from './filterbank';

/**
 * Reads `x` and `xHat` (each `[batch, height, width]`) through `bank` (from `filterbank`):
 * returns `[batch, 2 N^2]`, the image's glimpse row by row, then the error image's, times gamma.
 */
export function filterbankRead(x: tf.Tensor3D, xHat: tf.Tensor3D, bank: Filterbank): tf.Tensor2D {
  const op = 'filterbankRead';
  const dims = new Map<string, number>();
  checkBank(bank, op, dims);
  checkTensor(x, 'x', op, ['batch', 'height', 'width'], dims);
  checkTensor(xHat, 'xHat', op, ['batch', 'height', 'width'], dims);
  const batch = x.shape[0];
  const n = bank.fX.shape[1];
  return tidy(() => {
    const glimpse = (image: tf.Tensor3D) => tf.reshape(productNN(bank.fY, productNT(image, bank.fX)), [batch, n * n]); // [b, N, B] x ([b, B, A] x [b, A, N]) -> [b, N*N]
    const both = tf.concat([glimpse(x), glimpse(xHat)], 1); // [batch, 2 N^2]
    return tf.mul(both, tf.expandDims(bank.intensity, 1)) as tf.Tensor2D; // gamma: [batch, 1]
  });
}
