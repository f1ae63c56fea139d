/**
 * `GRUCell.gateValues`: the gates it reports are the ones the step uses. With them, the step's
 * new state is rebuilt by hand from the lecture's equations, for both reset conventions.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { GRUCell } from './gru';

describeBackends('GRUCell.gateValues', ({ tolerance }) => {
  for (const resetAfter of [false, true]) {
    it(`gives the r and z of the step (resetAfter ${resetAfter})`, async () => {
      const rng = new Rng(5);
      const cell = new GRUCell({ inputSize: 3, hiddenSize: 4, resetAfter, rng });
      const x = tf.tensor2d(rng.normalArray(2 * 3), [2, 3]);
      const h = tf.tensor2d(rng.uniformArray(2 * 4, -0.9, 0.9), [2, 4]);
      const { r, z } = cell.gateValues(x, { h });
      expect(r.shape).toEqual([2, 4]);
      const next = cell.step(x, { h });
      const H = 4;
      const expected = tf.tidy(() => {
        const cols = (t: tf.Tensor, k: number) => tf.slice(t, [0, k * H], [2, H]);
        const xW = tf.add(tf.matMul(x, cell.kernel), cell.bias); // [2, 3H]
        const uN = tf.slice(cell.recurrentKernel, [0, 2 * H], [H, H]); // [H, H]
        const n = resetAfter
          ? tf.tanh(tf.add(cols(xW, 2), tf.mul(r, tf.add(tf.matMul(h, uN), tf.slice(cell.recurrentBias!, [2 * H], [H])))))
          : tf.tanh(tf.add(cols(xW, 2), tf.matMul(tf.mul(r, h), uN)));
        return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n)); // h' = z h + (1 - z) n
      });
      await expectClose(next.h, await expected.array(), tolerance);
      await expectNoTensorLeak(() => cell.gateValues(x, { h }));
      tf.dispose([x, h, r, z, next.h, expected]);
      cell.dispose();
    });
  }
});
