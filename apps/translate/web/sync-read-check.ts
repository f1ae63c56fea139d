/**
 * Whether synchronous reads from the WebGPU backend return the right numbers here.
 *
 * The decoders read every step's choice back to JavaScript with `dataSync`. tfjs-backend-webgpu
 * does that by copying the buffer into a WebGPU canvas and reading it through a 2D canvas; where
 * the browser cannot composite WebGPU canvases (headless Chromium on SwiftShader, for one) the
 * copy comes back as zeros without an error, and the model would write `<pad>` forever. One
 * small product on the GPU, read synchronously, tells the two cases apart.
 */
import * as tf from '@tensorflow/tfjs-core';

/** True when `dataSync` on the active backend returns a GPU result correctly. */
export function syncReadsWork(): boolean {
  // [8, 8] x [8, 8] of ones -> every entry 8. MatMul always runs on the GPU (no CPU hand-off).
  const product = tf.tidy(() => tf.matMul(tf.ones([8, 8]), tf.ones([8, 8])));
  try {
    return product.dataSync().every((value) => value === 8);
  } catch {
    return false;
  } finally {
    product.dispose();
  }
}
