/** Messages between the bench page (main.ts) and its worker (worker.ts). */
import type { CaseName } from './case-names';

/** Which tfjs WASM binary the page asks for. */
export type BinaryKind = 'simd' | 'threaded-simd';

/** What the page asks the worker to run. */
export interface BenchRequest {
  /** `'simd'`: the single-threaded SIMD binary; `'threaded-simd'`: the threaded one. */
  binary: BinaryKind;
  /** Threads for the threaded binary (`setThreadsCount` before the backend starts). */
  threads: number;
  /**
   * When above 0, the worker's `navigator.hardwareConcurrency` is set to this before the backend
   * starts (tfjs runs at most half of it), so that a 2-core machine can run 2 threads.
   */
  cores: number;
  /** URL prefix of the WASM binaries. */
  wasmPaths: string;
  /** Cases to time; empty: only start the backend and report. */
  cases: CaseName[];
  /** Repetitions per case, as a multiple of each case's default. */
  repScale: number;
}

/** How the WASM backend started, as the worker sees it. */
export interface StartReport {
  /** The worker's `crossOriginIsolated`. */
  isolated: boolean;
  /** `SharedArrayBuffer` exists in the worker. */
  sharedArrayBuffer: boolean;
  /** tfjs detected WebAssembly SIMD. */
  simd: boolean;
  /** The binary that loaded. */
  binary: BinaryKind;
  /** XNNPACK's thread count (tfjs `getThreadsCount()`, the caller included). */
  threads: number;
  /** Emscripten pthread workers running (XNNPACK's pool threads besides the caller). */
  runningWorkers: number;
  /** Emscripten pthread workers created but idle. */
  unusedWorkers: number;
  /** The WASM heap is a SharedArrayBuffer (only in the threaded build). */
  sharedMemory: boolean;
  /** This package's native whole-sequence kernels will run (they step aside on the threaded build). */
  nativeKernels: boolean;
  /** Why the page runs fewer threads than asked for (single-threaded, or capped); empty otherwise. */
  fallback: string;
}

/** Worker -> page. */
export type BenchMessage =
  | { type: 'started'; report: StartReport }
  | { type: 'case'; name: CaseName; ms: number }
  | { type: 'done' }
  | { type: 'error'; message: string };
