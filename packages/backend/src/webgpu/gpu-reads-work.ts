/**
 * Whether reads from the active WebGPU backend return the right numbers: a pre-flight run when
 * WebGPU starts.
 *
 * Decoders read every step back to JavaScript. An adapter whose reads come back wrong does not
 * fail, it silently computes garbage: headless Chromium's SwiftShader returns zeros for
 * synchronous reads, and a broken driver may do the same for any read. One small product on the
 * GPU, read back with an awaited `data()`, catches such an adapter, so that `createRuntime` skips
 * it and says why.
 */
import * as tf from '@tensorflow/tfjs-core';

/** True when an awaited read of a GPU result on the active backend returns it correctly. */
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
