import type { BackendName } from './backend-name';

/**
 * Where the WASM binaries of `@tensorflow/tfjs-backend-wasm` are served from: a folder or URL
 * prefix ending in `/`, or a map from each binary's file name (`tfjs-backend-wasm.wasm`,
 * `tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`) to its path or URL.
 */
export type WasmPaths = string | Record<string, string>;

/** Options of {@link createRuntime}. */
export interface CreateRuntimeOptions {
  /**
   * Backends to try, in order; the first that starts wins. Default `['webgpu', 'wasm', 'cpu']`.
   * In Node the environment variable `SEQ2SEQ_BACKEND=webgpu|wasm|cpu` replaces this list.
   */
  prefer?: readonly BackendName[];
  /**
   * WASM threads. `true` (default): use them where the page is cross-origin isolated; `false`:
   * never; a number: use exactly that many. Node always runs single-threaded (tfjs-backend-wasm
   * 4.x has no threads there).
   */
  threads?: number | boolean;
  /**
   * Where the WASM binaries are. Default in Node: the `dist` folder of the installed
   * `@tensorflow/tfjs-backend-wasm`; in the browser: beside the bundled script (tfjs's default),
   * which bundlers rarely get right, so pass the URL your bundler serves them at.
   */
  wasmPaths?: WasmPaths;
  /**
   * Where a software or fallback WebGPU adapter (SwiftShader, WARP, llvmpipe: the GPU emulated on
   * the CPU, measured 50-100x slower than WASM in headless Chromium) ranks. `'below-wasm'`
   * (default): it is tried after WASM when WASM comes later in `prefer`, and `reasons` says so;
   * `'as-listed'`: it keeps its place in `prefer` (the caller insists). A `prefer` without WASM
   * after WebGPU (e.g. `['webgpu']` or `SEQ2SEQ_BACKEND=webgpu`) uses it where it is.
   */
  softwareWebGpu?: 'below-wasm' | 'as-listed';
}

/** What one WebGPU adapter says about itself (`GPUAdapter.info`). */
export interface AdapterSummary {
  /** GPU vendor, e.g. `'google'`, `'nvidia'`; may be empty where the browser hides it. */
  vendor: string;
  /** GPU family, e.g. `'swiftshader'`, `'turing'`. */
  architecture: string;
  /** Device identifier; often empty. */
  device: string;
  /** Human-readable description; often empty. */
  description: string;
  /** True for a software or otherwise limited adapter (SwiftShader, WARP). */
  isFallbackAdapter: boolean;
}

/** What this environment can do, as found while choosing the backend. */
export interface RuntimeCapabilities {
  /** WebAssembly SIMD is supported (the WASM backend then loads its SIMD binary). */
  simd: boolean;
  /** The WASM backend runs (or would run) multi-threaded. */
  threads: boolean;
  /** Threads the WASM backend uses (1 when single-threaded; the planned count if WASM was not started). */
  threadCount: number;
  /** A WebGPU adapter was found. False also when WebGPU was not tried. */
  webgpu: boolean;
  /** The WebGPU adapter, or null when there is none (or WebGPU was not tried). */
  adapter: AdapterSummary | null;
}

/** The outcome of {@link createRuntime}: the active TensorFlow.js backend and why. */
export interface Runtime {
  /** The backend now active in TensorFlow.js (`tf.getBackend()`). */
  backend: BackendName;
  /** What the environment supports. */
  capabilities: RuntimeCapabilities;
  /** Why each backend before the chosen one was skipped, then why the chosen one was chosen. */
  reasons: string[];
}
