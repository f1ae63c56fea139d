/**
 * DRAW's write with attention (Gregor et al. 2015, eq. 29): an N x N patch `w_t` (a linear map of
 * the decoder state) spread over the image through the transposed filterbank, scaled by 1/gamma:
 *
 *   write(h^dec) = 1/gamma F_Y^T w F_X
 *
 * `F_Y^T w F_X`: `[B, N] x [N, N] x [N, A] -> [B, A]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkTensor } from '@seq2seq/core';
import { tidy } from '../tidy';
import { productNN, productTN } from './products';
import { checkBank, type Filterbank } from './filterbank';

/** Writes the patches `w` `[batch, N, N]` through `bank` (from `filterbank`): returns `[batch, height, width]`. */
export function filterbankWrite(w: tf.Tensor3D, bank: Filterbank): tf.Tensor3D {
  const op = 'filterbankWrite';
  const dims = new Map<string, number>();
  checkBank(bank, op, dims);
  checkTensor(w, 'w', op, ['batch', 'N', 'N'], dims);
  return tidy(() => {
    const image = productTN(bank.fY, productNN(w, bank.fX)); // [b, B, N] x ([b, N, N] x [b, N, A]) -> [b, B, A]
    const scale = tf.reshape(tf.reciprocal(bank.intensity), [-1, 1, 1]); // 1/gamma: [batch, 1, 1]
    return tf.mul(image, scale) as tf.Tensor3D;
  });
}
