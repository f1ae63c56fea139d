/** A TensorFlow.js backend this package can start. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** Every backend this package knows, fastest first: the default preference order. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];

/** True when `value` names a backend this package can start. */
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}
