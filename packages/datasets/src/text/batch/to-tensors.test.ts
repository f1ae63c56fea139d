import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { collate } from './batch';
import { batchToTensors } from './to-tensors';

describe('batchToTensors', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives int32 ids and lengths and float32 masks of the batch shape', () => {
    const batch = collate([
      { source: [4, 5], target: [1, 6, 2] },
      { source: [7], target: [1, 2] },
    ]);
    const before = tf.memory().numTensors;
    const t = batchToTensors(batch);
    expect(t.source.shape).toEqual([2, 2]);
    expect(t.source.dtype).toBe('int32');
    expect(t.source.arraySync()).toEqual([[4, 5], [7, 0]]);
    expect(t.sourceLengths.arraySync()).toEqual([2, 1]);
    expect(t.sourceMask.dtype).toBe('float32');
    expect(t.sourceMask.arraySync()).toEqual([[1, 1], [1, 0]]);
    expect(t.target.arraySync()).toEqual([[1, 6, 2], [1, 2, 0]]);
    expect(t.targetLengths.arraySync()).toEqual([3, 2]);
    expect(t.targetMask.arraySync()).toEqual([[1, 1, 1], [1, 1, 0]]);
    tf.dispose(t);
    expect(tf.memory().numTensors).toBe(before);
  });
});
