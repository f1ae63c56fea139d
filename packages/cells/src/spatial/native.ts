/**
 * One spatial LSTM layer over a whole grid as ONE differentiable tfjs op on the native kernels
 * (`native/recurrent.c`: `spatial_lstm_forward`, `spatial_lstm_backward`). The equations are in
 * `spatial-lstm.ts`; with `xP = x W + b` (one tfjs product outside this op, it has no recurrence):
 *
 *     z = xP + [h_up, h_left] U        c = f_up c_up + f_left c_left + i g        h = o tanh(c)
 *
 * Forward: one call runs every anti-diagonal (the product `[n, 2H] x [2H, 5H]`, the gates and the
 * state update) and saves the neighbours' states `hp = [h_up, h_left]`, `cp = [c_up, c_left]`,
 * the gate activations and `tanh(c)`. Backward: one call runs the diagonals in reverse and gives
 * `dZ`, the gradient of the pre-activations, which is the gradient of `xP`, and the recurrent
 * kernel's, `dU = hp^T dZ` `[2H, 5H]`, summed diagonal by diagonal in the same call while both
 * blocks are in cache (rather than transposing and packing `hp` and `dZ` of the whole grid).
 *
 * The tfjs path (`SpatialLstm`'s per-diagonal steps) runs about 110 kernels per diagonal and
 * layer; this runs 2 per layer and direction plus the products outside (see the README's Speed).
 */
import * as tf from '@tensorflow/tfjs-core';
import { recordingGradients } from '../ops';
import { packPanels, spatialLstmBackward, spatialLstmForward, type NativeGridArgs } from '../native/kernels';

/**
 * The layer's `h` `[height*width*batch, H]` (diagonal-major) from `xP` `[height*width*batch, 5H]`
 * and the recurrent kernel `u` `[2H, 5H]`; differentiable in both. Call only where the native
 * kernels are available (`nativeKernelsAvailable()`, or `nativeTrainingAvailable()` when training).
 */
export function nativeSpatialLayer(xP: tf.Tensor2D, u: tf.Tensor2D, grid: NativeGridArgs): tf.Tensor2D {
  if (!recordingGradients()) {
    // Inference: nothing saved for backward (h and c only, a sixth of the memory).
    return tf.tidy(() => spatialLstmForward(xP, packPanels(u), grid, false)[0]!); // [R, H]
  }
  const op = tf.customGrad(((xi: tf.Tensor2D, ui: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const packed = packPanels(ui); // panels of [2H, 5H]
    const [h, c, hp, cp, gates, tc] = spatialLstmForward(xi, packed, grid) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    tf.dispose([packed, c]);
    save([ui, hp, cp, gates, tc]);
    return {
      value: h, // [R, H]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [su, shp, scp, sgates, stc] = saved as tf.Tensor2D[];
        const uT = packPanels(tf.transpose(su!)); // panels of U^T [5H, 2H]
        return spatialLstmBackward(dy as tf.Tensor2D, uT, { hp: shp!, cp: scp!, gates: sgates!, tc: stc! }, grid); // dxP = dZ [R, 5H], dU = hp^T dZ [2H, 5H]
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(xP, u) as tf.Tensor2D;
}
