/**
 * Backend choice for every command: `--backend wasm|webgpu|cpu`, else the runtime's own order
 * (WASM then CPU in Node). Says on stderr which backend runs and why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime, isBackendName, type BackendName, type Runtime } from '@seq2seq/backend';
import { UsageError } from './args';

/** Starts TensorFlow.js on the requested backend and reports it on stderr. */
export async function startRuntime(backend: string | undefined, quiet = false): Promise<Runtime> {
  let prefer: BackendName[] = ['wasm', 'cpu'];
  if (backend !== undefined) {
    if (!isBackendName(backend)) throw new UsageError(`--backend must be one of webgpu, wasm, cpu; got '${backend}'`);
    prefer = [backend];
  }
  // A command-line tool: no tfjs console banners (PROD silences tfjs's warnings, e.g. the one
  // suggesting tfjs-node on first use of the CPU backend).
  tf.env().set('PROD', true);
  const runtime = await createRuntime({ prefer });
  if (!quiet) {
    const why = runtime.reasons.at(-1) ?? '';
    process.stderr.write(`backend: ${runtime.backend} (simd: ${runtime.capabilities.simd}, threads: ${runtime.capabilities.threadCount})${why ? ` - ${why}` : ''}\n`);
  }
  return runtime;
}


