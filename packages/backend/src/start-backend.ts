import type { BackendName } from './backend-name';
import { startCpu } from './cpu/start-cpu';
import type { CreateRuntimeOptions } from './runtime';
import type { StartOutcome } from './start-outcome';
import { startWasm } from './wasm/start-wasm';
import { startWebGpu } from './webgpu/start-webgpu';

/**
 * Imports, configures and activates one backend (`tf.setBackend`). `later` are the backends still
 * to be tried after this one: WebGPU on a software adapter defers to WASM when WASM is among them
 * (unless `options.softwareWebGpu` is `'as-listed'`).
 *
 * @throws BackendConfigError (e.g. WasmFilesNotFoundError) for bad options; a backend that
 *   merely fails to start is reported in the outcome instead.
 */
export function startBackend(
  name: BackendName,
  options: CreateRuntimeOptions = {},
  later: readonly BackendName[] = [],
): Promise<StartOutcome> {
  switch (name) {
    case 'webgpu': {
      const belowWasm = (options.softwareWebGpu ?? 'below-wasm') === 'below-wasm' && later.includes('wasm');
      return startWebGpu({ softwareRanksBelowWasm: belowWasm });
    }
    case 'wasm':
      return startWasm(options);
    case 'cpu':
      return startCpu();
  }
}
