import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as backend from './index';

describe('@seq2seq/backend entry', () => {
  it('registers no backend when imported (sideEffects: false)', () => {
    expect(typeof backend.createRuntime).toBe('function');
    for (const name of ['cpu', 'wasm', 'webgpu']) expect(tf.findBackendFactory(name)).toBeNull();
  });
});
