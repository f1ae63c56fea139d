/**
 * Whether reads from the WebGPU backend return the right numbers here.
 *
 * The translator reads every decoding step back with awaited `data()` (`translateAsync`), which
 * maps a staging buffer. Some adapters still get it wrong (synchronous reads, which go through a
 * WebGPU canvas, come back as zeros on headless Chromium's SwiftShader, for one), so one small
 * product on the GPU, read back, tells a working adapter from a broken one before the model runs.
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
