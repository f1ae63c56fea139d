import { BackendConfigError } from './errors';
import { isNode } from './platform';
import { BACKEND_ENV_VAR, resolvePreference } from './preference';
import type { CreateRuntimeOptions, Runtime } from './runtime';
import { selectBackend } from './select-backend';
import { startBackend } from './start-backend';
import { planThreads } from './wasm/start-wasm';
import { wasmSimdSupported } from './wasm/features';

/**
 * Chooses and activates a TensorFlow.js backend: tries `prefer` in order (default WebGPU, WASM,
 * CPU) and keeps the first that starts, falling through when a backend is missing or
 * `tf.setBackend` fails. Backends are imported on demand, so only the tried ones load.
 *
 * In Node, `SEQ2SEQ_BACKEND=webgpu|wasm|cpu` replaces the list; WASM loads the SIMD binary from
 * the installed `@tensorflow/tfjs-backend-wasm` (no network); WebGPU runs on Dawn (the optional
 * `webgpu` package) where a Vulkan driver exists (e.g. `VK_ICD_FILENAMES` naming Chromium's
 * SwiftShader driver). In the browser, WASM loads from `wasmPaths`, uses threads when the page is
 * cross-origin isolated, and WebGPU is used when `navigator.gpu.requestAdapter()` gives an adapter
 * whose results read back correctly (one small product is checked). A software WebGPU adapter
 * (SwiftShader and other CPU emulations, 50-100x slower than WASM) is tried after WASM unless
 * `softwareWebGpu: 'as-listed'`; `reasons` then says "webgpu ranked below wasm" and why.
 *
 * @example
 * ```ts
 * const runtime = await createRuntime({ prefer: ['wasm', 'cpu'] });
 * console.log(formatRuntimeReport(runtime)); // backend: wasm, simd: true, ...
 * ```
 * @throws BackendConfigError for an unknown backend name, an empty list, a bad `softwareWebGpu`
 *   or a bad `SEQ2SEQ_BACKEND`; WasmFilesNotFoundError when the WASM binary is missing;
 *   NoBackendStartedError when no preferred backend starts.
 */
export async function createRuntime(options: CreateRuntimeOptions = {}): Promise<Runtime> {
  checkSoftwareWebGpu(options.softwareWebGpu);
  const envValue = isNode() ? process.env[BACKEND_ENV_VAR] : undefined;
  const preference = resolvePreference(options.prefer, envValue);
  const selection = await selectBackend(preference.order, (name, later) => startBackend(name, options, later));

  const plan = planThreads(options.threads);
  const simd = selection.found.simd ?? wasmSimdSupported();
  return {
    backend: selection.backend,
    capabilities: {
      simd,
      threads: selection.found.threads ?? (plan.use && simd),
      threadCount: selection.found.threadCount ?? plan.count,
      webgpu: selection.found.webgpu ?? false,
      adapter: selection.found.adapter ?? null,
    },
    reasons: preference.note ? [preference.note, ...selection.reasons] : selection.reasons,
  };
}

function checkSoftwareWebGpu(value: unknown): void {
  if (value === undefined || value === 'below-wasm' || value === 'as-listed') return;
  throw new BackendConfigError(
    `createRuntime({ softwareWebGpu }): softwareWebGpu is ${JSON.stringify(value)}; expected 'below-wasm' or 'as-listed'.`,
  );
}
