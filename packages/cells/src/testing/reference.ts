/**
 * Naive reference implementations, written straight from the equations with one tfjs op per term
 * and a per-step loop over a batch-major input, differentiated by tfjs autodiff. Tests compare
 * the fused runner and its hand-written backward pass against these. Not part of the public API.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentActivation, CellType } from '../types';

/** Parameters in the fused layout (`[in, G*H]`, `[H, G*H]`, `[G*H]`). */
export interface RefParams {
  kernel: tf.Tensor;
  recurrentKernel: tf.Tensor;
  bias: tf.Tensor;
  recurrentBias?: tf.Tensor | null;
}

/** Options of the reference cell. */
export interface RefOptions {
  cell: CellType;
  resetAfter?: boolean;
  activation?: RecurrentActivation;
}

const phi = (a: RecurrentActivation | undefined, x: tf.Tensor): tf.Tensor => {
  switch (a ?? 'tanh') {
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
};

/** Gate block `g` of a fused `[rows, G*H]` matrix or `[G*H]` vector. */
const block = (w: tf.Tensor, g: number, h: number): tf.Tensor =>
  w.rank === 1 ? tf.slice(w, [g * h], [h]) : tf.slice(w, [0, g * h], [w.shape[0]!, h]);

/** One step of the reference cell: `x: [batch, in]`, state `h` (and `c`) -> new `[h, c?]`. */
export function refStep(o: RefOptions, p: RefParams, x: tf.Tensor, h: tf.Tensor, c?: tf.Tensor): tf.Tensor[] {
  const H = h.shape[1]!;
  const W = (g: number) => block(p.kernel, g, H);
  const U = (g: number) => block(p.recurrentKernel, g, H);
  const b = (g: number) => block(p.bias, g, H);
  const lin = (g: number, hh: tf.Tensor) => tf.add(tf.add(tf.matMul(x, W(g)), tf.matMul(hh, U(g))), b(g));
  switch (o.cell) {
    case 'rnn':
      return [phi(o.activation, lin(0, h))];
    case 'gru': {
      if (o.resetAfter) {
        const bh = (g: number) => block(p.recurrentBias!, g, H);
        const sum = (g: number) => tf.add(tf.add(tf.matMul(x, W(g)), b(g)), tf.add(tf.matMul(h, U(g)), bh(g)));
        const r = tf.sigmoid(sum(0));
        const z = tf.sigmoid(sum(1));
        const n = phi(o.activation, tf.add(tf.add(tf.matMul(x, W(2)), b(2)), tf.mul(r, tf.add(tf.matMul(h, U(2)), bh(2)))));
        return [tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h))];
      }
      const r = tf.sigmoid(lin(0, h));
      const z = tf.sigmoid(lin(1, h));
      const n = phi(o.activation, lin(2, tf.mul(r, h)));
      return [tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n))];
    }
    case 'lstm': {
      const i = tf.sigmoid(lin(0, h));
      const f = tf.sigmoid(lin(1, h));
      const g = tf.tanh(lin(2, h));
      const oo = tf.sigmoid(lin(3, h));
      const cNew = tf.add(tf.mul(f, c!), tf.mul(i, g));
      return [tf.mul(oo, tf.tanh(cNew)), cNew];
    }
  }
}

/**
 * The reference sequence: batch-major `x: [batch, time, in]`, per-step slicing, masks applied as
 * `h_t = m h' + (1 - m) h_{t-1}`, `y_t = m h'`. Returns outputs `[batch, time, H]` and `[h, c?]`.
 */
export function refSequence(
  o: RefOptions,
  p: RefParams,
  x: tf.Tensor,
  init: tf.Tensor[],
  mask: tf.Tensor | null,
  reverse = false,
): { output: tf.Tensor; state: tf.Tensor[] } {
  const [B, T] = x.shape as [number, number, number];
  let state = init;
  const outs: tf.Tensor[] = new Array<tf.Tensor>(T);
  for (let i = 0; i < T; i++) {
    const t = reverse ? T - 1 - i : i;
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [B, 1, x.shape[2]!]), [B, x.shape[2]!]);
    const next = refStep(o, p, xt, state[0]!, state[1]);
    if (mask) {
      const m = tf.reshape(tf.slice(mask, [0, t], [B, 1]), [B, 1]);
      state = next.map((s, j) => tf.add(tf.mul(m, s), tf.mul(tf.sub(1, m), state[j]!)));
      outs[t] = tf.mul(m, next[0]!);
    } else {
      state = next;
      outs[t] = next[0]!;
    }
  }
  return { output: tf.stack(outs, 1), state };
}
