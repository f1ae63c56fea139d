/**
 * @seq2seq/backend: choose the TensorFlow.js backend (WebGPU, WASM with SIMD and threads, or
 * CPU) for this environment, and say why. Importing this module registers nothing; backends are
 * imported when `createRuntime` tries them.
 */
export { createRuntime } from './create-runtime';
export { formatRuntimeReport } from './format-runtime-report';
export { BACKEND_NAMES, isBackendName, type BackendName } from './backend-name';
export { BACKEND_ENV_VAR } from './preference';
export { BackendConfigError, NoBackendStartedError, WasmFilesNotFoundError } from './errors';
export type { AdapterSummary, CreateRuntimeOptions, Runtime, RuntimeCapabilities, WasmPaths } from './runtime';
