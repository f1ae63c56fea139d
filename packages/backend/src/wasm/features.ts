import { isNode } from '../platform';

/**
 * A minimal module using a SIMD instruction (`i8x16.splat`), the same probe as
 * GoogleChromeLabs/wasm-feature-detect and tfjs-backend-wasm's `WASM_HAS_SIMD_SUPPORT`.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11,
]);

/** True when this engine validates WebAssembly SIMD code. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Whether WASM threads can run here, and if not, why. */
export interface ThreadSupport {
  available: boolean;
  why: string;
}

/**
 * WASM threads need SharedArrayBuffer, which browsers grant only to cross-origin isolated pages
 * (`Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`).
 * tfjs-backend-wasm 4.x never uses threads under Node.
 */
export function wasmThreadSupport(): ThreadSupport {
  if (isNode()) {
    return { available: false, why: 'tfjs-backend-wasm runs single-threaded under Node' };
  }
  // Browsers withhold SharedArrayBuffer from pages that are not isolated: name the cause, not the symptom.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (typeof SharedArrayBuffer === 'undefined' && isolated !== false) {
    return { available: false, why: 'SharedArrayBuffer is unavailable' };
  }
  if (isolated !== true) {
    return {
      available: false,
      why: 'the page is not cross-origin isolated (serve it with COOP: same-origin and COEP: require-corp)',
    };
  }
  return { available: true, why: 'the page is cross-origin isolated' };
}

/** Logical cores (`navigator.hardwareConcurrency`), at least 1. */
export function logicalCores(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/**
 * The most threads tfjs-backend-wasm 4.x will run: half the logical cores (it assumes two
 * hyper-threads per core), at least 1 and at most the 8 workers it pre-creates
 * (`init_with_threads_count` in its backend.cc caps any request to this).
 */
export function maxWasmThreads(cores = logicalCores()): number {
  return Math.min(8, Math.max(1, Math.floor(cores / 2)));
}
