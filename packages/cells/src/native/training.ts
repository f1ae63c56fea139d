/**
 * Training on the native kernels: the whole recurrence as ONE differentiable tfjs op whose forward
 * pass is one native call (saving each step's gate activations) and whose backward pass through
 * time is another (`native/recurrent.c`: `*_train_forward`, `*_train_backward`).
 *
 * The native backward produces the gradient of the projected inputs `dXP [time*batch, G*H]` and of
 * the initial states; the recurrent weights' gradients are then ONE tfjs matMul over all steps
 * (`dU = hp^T dXP`-like, with the previous states `hp [time*batch, H]` the forward saved), and the
 * input kernel's and bias's gradients flow through the input projection outside this op, as on
 * the per-step path (see `recurrence.ts`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { takeCols, takeRows } from '../ops';
import { recurrenceOp, type RecurrenceInputs } from '../recurrence';
import type { RecurrentActivation } from '../types';
import { gruTrainBackward, gruTrainForward, lstmTrainBackward, lstmTrainForward, nativeColSum, nativeLinear, packedPanelsSize, packPanels } from './kernels';

/** Which cell a native training run computes. */
export type NativeTrainingCell = { kind: 'gru'; resetAfter: boolean; activation: RecurrentActivation } | { kind: 'lstm' };

/**
 * The recurrence over `inp` as one differentiable op on the native kernels: returns the runner's
 * packed output `[(time + S) * batch, H]` (the outputs of every step, then the final states).
 * Inputs of the op (and gradients): `xP`, the weights (`[U]` or `[U, b_hh]`), the states, the mask.
 * Call only where `nativeTrainingAvailable()`.
 */
/** `a^T d` for `a [n, H]`, `d [n, N]`: one native call on `a^T` and `d` packed (29 GFLOP/s against XNNPACK's 24 at n 1280, H 256, N 768). */
function matMulTN(a: tf.Tensor2D, d: tf.Tensor2D): tf.Tensor2D {
  return nativeLinear(tf.transpose(a), packPanels(d), d.shape[1], null); // [H, n] x [n, N]
}

export function nativeTrainingRecurrence(cell: NativeTrainingCell, inp: RecurrenceInputs): tf.Tensor2D {
  const { time: T, batch: B, hidden: H, reverse } = inp;
  const lstm = cell.kind === 'lstm';
  const resetAfter = cell.kind === 'gru' && cell.resetAfter;
  const activation: RecurrentActivation = cell.kind === 'gru' ? cell.activation : 'tanh';
  const S = lstm ? 2 : 1;
  const nW = inp.weights.length;
  const hasMask = inp.mask != null;
  return recurrenceOp(inp, S, ({ xP, weights, states, mask, save }) => {
    const u = weights[0] as tf.Tensor2D; // [H, G*H]
    const packed = packPanels(u, lstm || resetAfter ? 0 : 2 * H);
    const seq = { xP, u: packed, mask, time: T, batch: B, hidden: H, reverse };
    const outs = lstm
      ? lstmTrainForward(seq, states[0]!, states[1]!) // [y, hp, cp, gates, tc]
      : gruTrainForward(seq, states[0]!, resetAfter ? weights[1]! : null, resetAfter, activation); // [y, hp, gates, aux]
    packed.dispose();
    save([...weights, ...outs.slice(1), ...(mask ? [mask] : [])]);
    return {
      value: outs[0]! as tf.Tensor2D, // [(time + S) * batch, H]
      gradFunc: (dy, saved) => {
        const w = saved.slice(0, nW);
        const s = saved.slice(nW) as tf.Tensor2D[];
        const m = hasMask ? s[s.length - 1]! : null;
        const args = { mask: m, time: T, batch: B, hidden: H, reverse };
        const U = w[0] as tf.Tensor2D; // [H, G*H]
        let grads: tf.Tensor[];
        if (lstm) {
          const [hp, cp, gates, tc] = s as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const uT = packPanels(tf.transpose(U)); // panels of [4H, H]
          const [dXP, dS] = lstmTrainBackward(args, dy, uT, { cp, gates, tc });
          const dU = matMulTN(hp, dXP!); // [H, T*B] x [T*B, 4H]
          grads = [dXP!, dU, takeRows(dS!, 0, B), takeRows(dS!, B, B)];
        } else if (resetAfter) {
          const [hp, gates, aux] = s as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const uT = packPanels(tf.transpose(U)); // panels of [3H, H]
          const [dXP, dh0, dHU] = gruTrainBackward(args, dy, uT, null, { hp, gates, aux }, true, activation);
          const dU = matMulTN(hp, dHU!); // [H, T*B] x [T*B, 3H]
          grads = [dXP!, dU, nativeColSum(dHU!), dh0!];
        } else {
          const [hp, gates, aux] = s as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const uT = packPanels(tf.transpose(takeCols(U, 0, 2 * H))); // panels of U_rz^T [2H, H]
          const unT = packPanels(tf.transpose(takeCols(U, 2 * H, H))); // panels of U_n^T [H, H]
          const [dXP, dh0] = gruTrainBackward(args, dy, uT, unT, { hp, gates, aux }, false, activation);
          const dPacked = packPanels(dXP!, 2 * H); // panels of dXP[:, :2H], then of dXP[:, 2H:]
          const dURZ = nativeLinear(tf.transpose(hp), dPacked, 2 * H, null); // [H, T*B] x [T*B, 2H]
          const dUN = nativeLinear(tf.transpose(aux), dPacked, H, null, packedPanelsSize(T * B, 2 * H)); // (r h)^T da_n: [H, T*B] x [T*B, H]
          grads = [dXP!, tf.concat([dURZ, dUN], 1), dh0!];
        }
        return grads;
      },
    };
  });
}
