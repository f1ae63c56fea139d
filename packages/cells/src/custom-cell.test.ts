/**
 * The README's "Add a cell type" example: a cell written outside the package from the exported
 * `CellBase` and `StepKernel` runs in the fused sequence runner, its hand-written backward pass
 * agrees with finite differences, and `dispose()` frees its cached transpose too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, importReadmeExample } from '@seq2seq/backend/testing';
import { Rng } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { runSequence, type CellBase, type CellConfig } from './index';

it('the README\'s custom cell runs, its gradients are right, dispose frees everything', async () => {
  const { lines, module } = await importReadmeExample(new URL('../README.md', import.meta.url), { index: 2 });
  expect(lines).toEqual(['output [2, 5, 4], state.h [2, 4], dx [2, 5, 3]']);
  const LeakyCell = module.LeakyCell as new (config: CellConfig & { leak: number }) => CellBase<unknown>;

  const before = tf.memory().numTensors;
  const cell = new LeakyCell({ inputSize: 3, hiddenSize: 4, leak: 0.3, rng: new Rng(2) });
  const x0 = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 3);
  const x = tf.variable(x0);
  const w = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 4);
  const loss = (): tf.Scalar => tf.tidy(() => {
    const r = runSequence(cell, x as unknown as tf.Tensor3D, { lengths: [5, 2] });
    return tf.add(tf.sum(tf.mul(r.output, w)), tf.sum(tf.square(r.state.h))) as tf.Scalar;
  });
  await checkGradients(loss, { x, kernel: cell.kernel, recurrentKernel: cell.recurrentKernel, bias: cell.bias }, { samples: 4 });

  // leak = 1 is the tanh Elman cell: the first step from a zero state is tanh(x W + b).
  const full = new LeakyCell({ inputSize: 3, hiddenSize: 4, leak: 1, rng: new Rng(2) });
  const first = tf.tidy(() => runSequence(full, tf.slice(x, [0, 0, 0], [2, 1, 3]) as tf.Tensor3D).output.reshape([2, 4]));
  const expected = tf.tidy(() => tf.tanh(tf.add(tf.matMul(tf.reshape(tf.slice(x, [0, 0, 0], [2, 1, 3]), [2, 3]), full.kernel), full.bias)));
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(first, expected))));
  expect((await diff.data())[0]).toBeLessThan(1e-5);

  tf.dispose([x0, x, w, first, expected, diff]);
  cell.dispose();
  full.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
