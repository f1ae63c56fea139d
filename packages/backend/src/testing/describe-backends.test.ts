import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_TOLERANCE, describeBackends, expectClose, expectNoTensorLeak } from './index';

const seen: string[] = [];

describeBackends('describeBackends', ({ backend, tolerance }) => {
  it('makes its backend active', () => {
    seen.push(backend);
    expect(tf.getBackend()).toBe(backend);
    expect(tolerance).toBe(BACKEND_TOLERANCE[backend]);
  });

  it('computes a matMul that agrees with the reference', async () => {
    // numpy: np.array([[1, 2, 3], [4, 5, 6]]) @ np.array([[0.5], [-1], [2]]) -> [[4.5], [9.0]]
    const product = tf.matMul(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor2d([[0.5], [-1], [2]]));
    await expectClose(product, [[4.5], [9]], tolerance);
    product.dispose();
  });

  it('leaks no tensors in tf.tidy', async () => {
    const x = tf.ones([4, 4]);
    await expectNoTensorLeak(() => tf.tidy(() => tf.relu(tf.matMul(x, x))), { iterations: 2 });
    x.dispose();
  });
});

describe('describeBackends coverage', () => {
  it('ran on cpu and wasm at least (webgpu where it starts)', () => {
    const wanted = process.env.SEQ2SEQ_TEST_BACKENDS;
    if (!wanted) expect(seen.slice(0, 2)).toEqual(['cpu', 'wasm']);
  });
});
