import * as tf from '@tensorflow/tfjs-core';
import { activate, type StartOutcome } from '../start-outcome';
import type { CreateRuntimeOptions } from '../runtime';
import { logicalCores, maxWasmThreads, wasmSimdSupported, wasmThreadSupport, type ThreadSupport } from './features';
import { locateWasmFiles, wasmBinaryFor } from './wasm-files';

/** The tfjs flag that decides between the threaded and single-threaded WASM binary. */
const THREADS_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';

/** Whether to load the threaded binary, with how many threads, and why. */
export interface ThreadPlan {
  use: boolean;
  count: number;
  why: string;
}

/**
 * The WASM thread plan for these options. A plan of one thread loads the single-threaded SIMD
 * binary rather than starting tfjs's eight pre-created workers for nothing.
 */
export function planThreads(
  option: CreateRuntimeOptions['threads'],
  cores = logicalCores(),
  support: ThreadSupport = wasmThreadSupport(),
): ThreadPlan {
  if (option === false) return { use: false, count: 1, why: 'threads: false was requested' };
  if (!support.available) return { use: false, count: 1, why: `single-threaded: ${support.why}` };
  if (typeof option === 'number' && (!Number.isInteger(option) || option < 1)) {
    return { use: false, count: 1, why: `threads: ${option} is not a positive integer, so single-threaded` };
  }
  const cap = maxWasmThreads(cores);
  const count = Math.min(typeof option === 'number' ? option : cap, cap);
  const limit = `tfjs-backend-wasm runs at most half the ${cores} logical cores, max 8`;
  if (count <= 1) return { use: false, count: 1, why: `single-threaded: ${option === 1 ? '1 thread requested' : limit}` };
  if (typeof option !== 'number') return { use: true, count, why: `${limit}; ${support.why}` };
  return { use: true, count, why: option > cap ? `${option} requested; ${limit}` : 'as requested' };
}

/**
 * Starts the WASM backend: SIMD binary where supported, threads where the page allows them.
 *
 * @throws WasmFilesNotFoundError when the binary is not where `wasmPaths` (or the installed
 *   package) says.
 */
export async function startWasm(options: CreateRuntimeOptions): Promise<StartOutcome> {
  const simd = wasmSimdSupported();
  const plan = planThreads(options.threads);
  const threads = plan.use && simd;
  const files = await locateWasmFiles(options.wasmPaths, wasmBinaryFor(simd, threads));

  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const found = { simd, threads, threadCount: plan.count };
  try {
    if (files.paths !== undefined) wasm.setWasmPaths(files.paths);
    if (threads) wasm.setThreadsCount(plan.count);
    else tf.env().set(THREADS_FLAG, false);
  } catch (error) {
    // setWasmPaths refuses once a WASM initialisation has failed in this page or process.
    return { ok: false, reason: `configuring tfjs-backend-wasm failed: ${(error as Error).message}`, found };
  }

  const failed = await activate('wasm');
  if (failed) return { ok: false, reason: `${failed}; binary ${files.binary}`, found };

  const usesThreads = (await tf.env().getAsync(THREADS_FLAG)) === true && simd;
  const threadCount = wasm.getThreadsCount();
  const kind = simd ? (usesThreads ? 'threaded SIMD' : 'SIMD') : 'plain (no SIMD)';
  const single = plan.use ? 'single-threaded: tfjs-backend-wasm has no threaded binary without SIMD' : plan.why;
  const pool = usesThreads ? `${threadCount} thread${threadCount === 1 ? '' : 's'} (${plan.why})` : single;
  return {
    ok: true,
    detail: `${kind} binary ${files.binary}; ${pool}`,
    found: { simd, threads: usesThreads, threadCount },
  };
}
