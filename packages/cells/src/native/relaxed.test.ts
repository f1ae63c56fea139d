/**
 * The two builds of the native kernels: where the engine accepts relaxed SIMD (this package's
 * tests run Node with --experimental-wasm-relaxed-simd, as Chromium and Node 22 run by default),
 * the relaxed build is the one chosen, and it agrees with the SIMD build: inference, training
 * gradients (GRU and LSTM, masked, both directions), the output layer's log-softmax and the
 * spatial LSTM, within float32 rounding of a fused multiply-add; choosing a build takes effect at
 * once; no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { DerivedWeights, GRUCell, LSTMCell, RNN, linearLogSoftmax, nativeKernelBuild, relaxedSimdSupported, setNativeKernelBuild, type NativeKernelBuildChoice } from '../index';
import { SpatialLstm } from '../spatial/spatial-lstm';

const withBuild = <T>(build: NativeKernelBuildChoice, fn: () => T): T => {
  const prev = setNativeKernelBuild(build);
  try {
    return fn();
  } finally {
    setNativeKernelBuild(prev);
  }
};

/** Runs `fn` under each build and returns the values of its tensors, disposed. */
async function underBoth(fn: () => tf.Tensor[]): Promise<{ simd: Float32Array[]; relaxed: Float32Array[]; builds: string[] }> {
  const builds: string[] = [];
  const run = async (build: NativeKernelBuildChoice) => {
    const out = withBuild(build, () => {
      const t = fn();
      builds.push(String(nativeKernelBuild()));
      return t;
    });
    const values = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(out);
    return values;
  };
  return { simd: await run('simd'), relaxed: await run('relaxed-simd'), builds };
}

describeBackends('native kernel builds', ({ backend }) => {
  const wasm = backend === 'wasm';

  it('chooses relaxed SIMD where the engine accepts it; setNativeKernelBuild checks its argument', () => {
    expect(() => setNativeKernelBuild('avx' as never)).toThrow("setNativeKernelBuild: expected 'auto', 'simd' or 'relaxed-simd', got avx");
    if (!relaxedSimdSupported()) {
      expect(() => setNativeKernelBuild('relaxed-simd')).toThrow(/does not accept relaxed SIMD/);
      return;
    }
    if (!wasm) return;
    const rnn = new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 8, rng: new Rng(1) });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
    tf.dispose(rnn.apply(x) as unknown as tf.TensorContainer);
    expect(nativeKernelBuild()).toBe('relaxed-simd');
    withBuild('simd', () => {
      tf.dispose(rnn.apply(x) as unknown as tf.TensorContainer);
      expect(nativeKernelBuild()).toBe('simd');
    });
    tf.dispose(rnn.apply(x) as unknown as tf.TensorContainer);
    expect(nativeKernelBuild()).toBe('relaxed-simd');
    tf.dispose(x);
    rnn.dispose();
  });

  it.skipIf(!relaxedSimdSupported())('agree on GRU and LSTM inference and training gradients (masked, bidirectional, 2 layers)', async () => {
    for (const cell of ['gru', 'lstm'] as const) {
      const rnn = new RNN({ cell, inputSize: 7, hiddenSize: 37, numLayers: 2, bidirectional: true, rng: new Rng(3) });
      const x = tf.tensor3d(new Rng(4).normalArray(6 * 9 * 7), [6, 9, 7]);
      const lengths = [9, 1, 5, 9, 3, 7];
      const wOut = tf.tensor3d(new Rng(5).normalArray(6 * 9 * 74), [6, 9, 74]);
      const result = await underBoth(() => {
        const out = rnn.apply(x, { lengths });
        const { grads, value } = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.mul(rnn.apply(x, { lengths }).output, wOut)) as tf.Scalar), rnn.parameters());
        const all = [out.output, value, ...rnn.parameters().map((p) => grads[p.name]!)];
        tf.dispose(out.state as unknown as tf.TensorContainer);
        return all;
      });
      if (wasm) expect(result.builds).toEqual(['simd', 'relaxed-simd']);
      for (const [i, v] of result.simd.entries()) await expectClose(result.relaxed[i]!, v, 2e-4);
      tf.dispose([x, wOut]);
      rnn.dispose();
    }
  });

  it.skipIf(!relaxedSimdSupported())('agree on the output layer log-softmax and the spatial LSTM, and leak nothing', async () => {
    const rng = new Rng(7);
    const x = tf.tensor2d(rng.normalArray(5 * 64), [5, 64]);
    const w = tf.tensor2d(rng.normalArray(64 * 301, 0, 0.2), [64, 301]);
    const b = tf.tensor1d(rng.normalArray(301));
    const cache = new DerivedWeights();
    const soft = await underBoth(() => {
      cache.dispose();
      return [linearLogSoftmax(x, w, b, { cache })];
    });
    await expectClose(soft.relaxed[0]!, soft.simd[0]!, 1e-5);
    const spatial = new SpatialLstm({ inputSize: 2, hiddenSize: 12, rng: new Rng(8) });
    const grid = tf.tensor4d(rng.normalArray(2 * 5 * 6 * 2), [2, 5, 6, 2]);
    const grid2 = await underBoth(() => {
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.square(spatial.apply(grid))) as tf.Scalar), spatial.parameters());
      return [value, ...spatial.parameters().map((p) => grads[p.name]!)];
    });
    for (const [i, v] of grid2.simd.entries()) await expectClose(grid2.relaxed[i]!, v, 2e-4);
    await expectNoTensorLeak(() => {
      withBuild('relaxed-simd', () => tf.dispose(linearLogSoftmax(x, w, b, { cache })));
      withBuild('simd', () => tf.dispose(linearLogSoftmax(x, w, b, { cache })));
    });
    cache.dispose();
    spatial.dispose();
    tf.dispose([x, w, b, grid]);
  });
});
