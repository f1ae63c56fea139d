import type { BackendName } from '../backend-name';

/**
 * Default comparison tolerance per backend, for float32 results of small ops: CPU computes in
 * float32 in JavaScript; WASM (XNNPACK) reorders sums and uses fused multiply-adds; WebGPU
 * shaders may use fast, lower-precision math.
 */
export const BACKEND_TOLERANCE: Readonly<Record<BackendName, number>> = {
  cpu: 1e-5,
  wasm: 1e-4,
  webgpu: 1e-3,
};
