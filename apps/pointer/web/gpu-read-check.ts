/**
 * Whether reads from the WebGPU backend return the right numbers here: a pre-flight before the
 * model runs.
 *
 * The solver reads every decoding step back with awaited `data()` (`solvePointSetsAsync` of `@seq2seq/seq2seq`). An
 * adapter whose reads come back wrong would not fail, it would point at garbage: headless
 * Chromium's SwiftShader does exactly that for synchronous reads (zeros, no error). One small
 * product on the GPU, read back the way the decoder reads, catches such an adapter so the worker
 * can fall back to WASM and say why.
 */
import * as tf from '@tensorflow/tfjs-core';

/** True when an awaited read on the active backend returns a GPU result correctly. */
export async function gpuReadsWork(): Promise<boolean> {
  // [8, 8] x [8, 8] of ones -> every entry 8. MatMul always runs on the GPU (no CPU hand-off).
  const product = tf.tidy(() => tf.matMul(tf.ones([8, 8]), tf.ones([8, 8])));
  try {
    return (await product.data()).every((value) => value === 8);
  } catch {
    return false;
  } finally {
    product.dispose();
  }
}
