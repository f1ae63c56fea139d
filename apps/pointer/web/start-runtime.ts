/**
 * The worker's TensorFlow.js backend: `createRuntime` from `@seq2seq/backend` (the user names a
 * wish, the library detects what starts and says why), then a check that WebGPU, when chosen,
 * reads back correctly; where it does not, the next preferred backend takes over and the reasons
 * say why. (The same as the translation page's worker.)
 */
import { createRuntime, type BackendName, type Runtime } from '@seq2seq/backend';
import { gpuReadsWork } from './gpu-read-check';

/** Starts the first backend of `prefer` that starts and, for WebGPU, reads back right. */
export async function startRuntime(prefer: BackendName[], wasmPaths: string): Promise<Runtime> {
  const runtime = await createRuntime({ prefer, wasmPaths });
  const rest = prefer.slice(prefer.indexOf('webgpu') + 1);
  if (runtime.backend !== 'webgpu' || rest.length === 0 || (await gpuReadsWork())) return runtime;
  const next = await createRuntime({ prefer: rest, wasmPaths });
  return {
    ...next,
    capabilities: { ...next.capabilities, webgpu: runtime.capabilities.webgpu, adapter: runtime.capabilities.adapter },
    reasons: [
      ...runtime.reasons.slice(0, -1),
      `webgpu skipped: it started (${runtime.reasons.at(-1)?.replace(/^webgpu chosen \([^)]*\): /, '')}), but reads from the GPU ` +
        '(which the decoder does at every step) return wrong values in this browser',
      ...next.reasons.map((reason) => reason.replace(' (first preference)', ' (next preference)')),
    ],
  };
}
