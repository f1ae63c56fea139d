/**
 * What the pointer looked at, step by step: the network's distribution over the points at each
 * decoding step k, given the answer's first k outputs (Vinyals et al. 2015, eq. 3:
 * `p(C_k | C_1..C_{k-1}, P) = softmax(u^k)` over the input positions). One teacher-forced pass
 * over the final answer (`PointerNetwork.forward`) gives every step at once, with the same output
 * rules as decoding (points already used get probability 0). For a greedy answer the chosen point
 * is the most probable one at every step; for beam search, samples, symmetries or 2-opt it is the
 * answer the page shows, and the distribution is the network's view of that answer's prefix.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Point } from '@seq2seq/datasets';
import { pointerInputs, type PointerNetwork } from '@seq2seq/seq2seq';
import type { PointingStep } from './protocol';

/** The pointer's distribution at every step of `output` (input indices) on `points`. */
export async function pointingSteps(net: PointerNetwork, points: readonly Point[], output: readonly number[]): Promise<PointingStep[]> {
  if (output.length === 0) return [];
  const targets = net.toPositions([output]);
  const wasTraining = net.training;
  net.eval();
  let probs: tf.Tensor3D;
  try {
    probs = tf.tidy(() => tf.exp(net.forward(pointerInputs([points]), targets))); // [1, T, S]
  } finally {
    net.train(wasTraining);
  }
  const [, time, positions] = probs.shape;
  const host = await probs.data();
  probs.dispose();
  const offset = net.offset;
  return Array.from({ length: time }, (_, t) => {
    const row = host.subarray(t * positions, (t + 1) * positions);
    return {
      probs: Array.from(row.subarray(offset)),
      end: offset ? row[0]! : 0,
      chosen: targets.positions[t]! - offset,
    };
  });
}
