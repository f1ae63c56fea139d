import { adapterName } from './webgpu/adapter';
import type { Runtime } from './runtime';

/**
 * The runtime as a few lines of plain text, for a CLI or a log:
 *
 * ```text
 * backend: wasm
 *   simd: true
 *   threads: false (1 thread)
 *   webgpu: false
 *   adapter: none
 * reasons:
 *   - wasm chosen (first preference): SIMD binary ...
 * ```
 */
export function formatRuntimeReport(runtime: Runtime): string {
  const { capabilities: c } = runtime;
  const threads = `${c.threads} (${c.threadCount} thread${c.threadCount === 1 ? '' : 's'})`;
  return [
    `backend: ${runtime.backend}`,
    `  simd: ${c.simd}`,
    `  threads: ${threads}`,
    `  webgpu: ${c.webgpu}`,
    `  adapter: ${c.adapter ? adapterName(c.adapter) : 'none'}`,
    'reasons:',
    ...runtime.reasons.map((reason) => `  - ${reason}`),
  ].join('\n');
}
