/**
 * The bench page's worker: starts tfjs-backend-wasm with the binary and thread count the page
 * asks for, reports how it really started (XNNPACK's thread count, Emscripten's pthread workers,
 * shared memory, whether the native kernels run), then times the cases.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { loadNativeKernels, nativeKernelsAvailable } from '../../src/index';
import { timeCase } from './cases';
import type { BenchMessage, BenchRequest, StartReport } from './protocol';

const THREADS_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';
const send = (message: BenchMessage): void => (self as unknown as Worker).postMessage(message);

/** Why threads cannot run in this worker, or '' when they can. */
function threadBlocker(): string {
  if (!self.crossOriginIsolated) {
    return 'the page is not cross-origin isolated (no COOP: same-origin / COEP: require-corp headers), so there is no SharedArrayBuffer';
  }
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is unavailable although the page is cross-origin isolated';
  return '';
}

/** The parts of tfjs's `BackendWasm` read here. */
interface WasmBackendLike {
  wasm: {
    PThread?: { runningWorkers: unknown[]; unusedWorkers: unknown[] };
    HEAPU8: Uint8Array;
  };
}

async function start(request: BenchRequest): Promise<StartReport> {
  const blocker = request.binary === 'threaded-simd' ? threadBlocker() : '';
  // tfjs-backend-wasm runs at most half of `navigator.hardwareConcurrency` threads (its
  // Emscripten build reads it when the backend starts): on a 2-core machine, one.
  if (request.cores > 0) Object.defineProperty(navigator, 'hardwareConcurrency', { value: request.cores, configurable: true });
  wasm.setWasmPaths(request.wasmPaths);
  if (request.binary === 'threaded-simd' && !blocker) wasm.setThreadsCount(request.threads);
  else tf.env().set(THREADS_FLAG, false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start');
  await tf.ready();
  await loadNativeKernels();
  const threaded = (await tf.env().getAsync(THREADS_FLAG)) === true;
  const backend = tf.backend() as unknown as WasmBackendLike;
  const threads = wasm.getThreadsCount();
  const capped = `tfjs-backend-wasm started ${threads} of ${request.threads} threads: it runs at most half the ${navigator.hardwareConcurrency} logical cores`;
  const fallback =
    blocker ||
    (request.binary === 'threaded-simd' && !threaded ? 'tfjs found no WebAssembly threads support' : '') ||
    (request.binary === 'threaded-simd' && threads < request.threads ? capped : '');
  return {
    isolated: self.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
    binary: threaded ? 'threaded-simd' : 'simd',
    threads,
    runningWorkers: backend.wasm.PThread?.runningWorkers.length ?? 0,
    unusedWorkers: backend.wasm.PThread?.unusedWorkers.length ?? 0,
    sharedMemory: typeof SharedArrayBuffer !== 'undefined' && backend.wasm.HEAPU8.buffer instanceof SharedArrayBuffer,
    nativeKernels: nativeKernelsAvailable(),
    fallback,
  };
}

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  const request = event.data;
  try {
    send({ type: 'started', report: await start(request) });
    for (const name of request.cases) send({ type: 'case', name, ms: await timeCase(name, request.repScale) });
    send({ type: 'done' });
  } catch (error) {
    send({ type: 'error', message: (error as Error).message ?? String(error) });
  }
};
