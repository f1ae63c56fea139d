import type { BackendName } from './backend-name';
import { startCpu } from './cpu/start-cpu';
import type { CreateRuntimeOptions } from './runtime';
import type { StartOutcome } from './start-outcome';
import { startWasm } from './wasm/start-wasm';
import { startWebGpu } from './webgpu/start-webgpu';

/**
 * Imports, configures and activates one backend (`tf.setBackend`).
 *
 * @throws BackendConfigError (e.g. WasmFilesNotFoundError) for bad options; a backend that
 *   merely fails to start is reported in the outcome instead.
 */
export function startBackend(name: BackendName, options: CreateRuntimeOptions = {}): Promise<StartOutcome> {
  switch (name) {
    case 'webgpu':
      return startWebGpu();
    case 'wasm':
      return startWasm(options);
    case 'cpu':
      return startCpu();
  }
}
