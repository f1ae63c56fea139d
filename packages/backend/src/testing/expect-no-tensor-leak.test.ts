import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from './expect-no-tensor-leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('expectNoTensorLeak', () => {
  it('passes for tidy code and disposes what fn returns', async () => {
    const x = tf.ones([3]);
    await expectNoTensorLeak(() => tf.tidy(() => tf.add(tf.mul(x, 2), 1)));
    await expectNoTensorLeak(async () => [tf.square(x), { y: tf.neg(x) }], { iterations: 5 });
    x.dispose();
  });

  it('allows lasting state created by the warm-up call', async () => {
    let cache: tf.Tensor | null = null;
    await expectNoTensorLeak(() => {
      cache ??= tf.zeros([2]);
      return null;
    });
    cache!.dispose();
  });

  it('fails with the number of leaked tensors', async () => {
    const kept: tf.Tensor[] = [];
    await expect(
      expectNoTensorLeak(() => {
        kept.push(tf.ones([2]), tf.ones([2]));
      }),
    ).rejects.toThrow(/call 2 \(after the warm-up\) changed tf.memory\(\).numTensors from \d+ to \d+ \(2 leaked\)/);
    tf.dispose(kept);
  });

  it('rejects a bad iteration count', async () => {
    await expect(expectNoTensorLeak(() => null, { iterations: 0 })).rejects.toThrow(/positive integer/);
  });
});
