import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from './expect-close';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('expectClose', () => {
  it('accepts values within tol (absolute near zero, relative for large values)', async () => {
    await expectClose([0, 1000], [5e-6, 1000.005], 1e-5);
    await expectClose(tf.tensor1d([1, 2]), tf.tensor1d([1, 2.00001]), 1e-5);
  });

  it('treats NaN as equal to NaN and infinities exactly', async () => {
    await expectClose([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity]);
    await expect(expectClose([Infinity], [1e300])).rejects.toThrow(/1 of 1 elements differ/);
  });

  it('reports the first mismatches and the largest difference', async () => {
    await expect(expectClose([1, 2, 3], [1, 2.5, 4], 1e-3)).rejects.toThrow(
      /2 of 3 elements differ by more than tol=0.001 \(largest difference 1\):\n {2}\[1\] 2 vs expected 2.5\n {2}\[2\] 3 vs expected 4/,
    );
  });

  it('compares shapes when both sides have one', async () => {
    await expect(expectClose(tf.zeros([2, 3]), [[0, 0], [0, 0], [0, 0]])).rejects.toThrow(
      /shape \[2, 3\] differs from expected \[3, 2\]/,
    );
    await expectClose(tf.zeros([2, 3]), [0, 0, 0, 0, 0, 0]);
  });

  it('compares element counts otherwise', async () => {
    await expect(expectClose([1, 2], new Float32Array([1, 2, 3]))).rejects.toThrow(/2 elements differ from the 3 expected/);
  });

  it('compares a scalar tensor with a number', async () => {
    await expectClose(tf.scalar(0.1 + 0.2), 0.3);
  });
});
