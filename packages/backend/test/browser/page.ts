/**
 * The page the browser test loads (bundled by esbuild): `window.runCase(prefer, threads)` starts a
 * runtime with those options, multiplies two fixed matrices on it and again on the CPU backend, and
 * returns the runtime and the largest difference.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRuntime, type BackendName, type CreateRuntimeOptions, type Runtime } from '../../src/index';

/** What one case reports back to the test. */
export interface CaseResult {
  runtime: Runtime;
  activeBackend: string;
  crossOriginIsolated: boolean;
  /** Largest |chosen − cpu| over the [32, 24] x [24, 16] product. */
  maxDiff: number;
  /** Largest |cpu| entry, to scale maxDiff. */
  maxAbs: number;
}

declare global {
  interface Window {
    runCase(
      prefer: BackendName[],
      threads?: CreateRuntimeOptions['threads'],
      wasmPaths?: CreateRuntimeOptions['wasmPaths'],
      softwareWebGpu?: CreateRuntimeOptions['softwareWebGpu'],
    ): Promise<CaseResult>;
  }
}

/** Deterministic values in [-1, 1]: sin of the index, scaled per matrix. */
function fixed(rows: number, cols: number, seed: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(seed + i * cols + j)));
}

async function product(): Promise<Float32Array> {
  // [32, 24] x [24, 16] -> [32, 16]
  const c = tf.tidy(() => tf.matMul(tf.tensor2d(fixed(32, 24, 1)), tf.tensor2d(fixed(24, 16, 2))));
  const values = (await c.data()) as Float32Array;
  c.dispose();
  return values;
}

window.runCase = async (prefer, threads, wasmPaths = '/wasm/', softwareWebGpu) => {
  const runtime = await createRuntime({ prefer, threads, wasmPaths, softwareWebGpu });
  const activeBackend = tf.getBackend();
  const chosen = await product();
  await tf.setBackend('cpu');
  const reference = await product();
  let maxDiff = 0;
  let maxAbs = 0;
  reference.forEach((r, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(r - (chosen[i] as number)));
    maxAbs = Math.max(maxAbs, Math.abs(r));
  });
  return { runtime, activeBackend, crossOriginIsolated: self.crossOriginIsolated, maxDiff, maxAbs };
};
