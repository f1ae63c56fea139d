import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { BackendName } from '../backend-name';
import { startBackend } from '../start-backend';
import type { StartOutcome } from '../start-outcome';
import { testBackendsFromEnv, TEST_BACKENDS_ENV_VAR } from './test-backends';
import { BACKEND_TOLERANCE } from './tolerance';
import { webgpuMayStart } from './webgpu-may-start';

/** What a suite passed to {@link describeBackends} learns about the backend it runs on. */
export interface BackendTestContext {
  /** The backend active while the suite's tests run. */
  backend: BackendName;
  /** Default absolute/relative tolerance for float32 results on this backend. */
  tolerance: number;
}

/** One start per backend per test process: backends are global to TensorFlow.js. */
const started = new Map<BackendName, Promise<StartOutcome>>();

function startOnce(backend: BackendName): Promise<StartOutcome> {
  let outcome = started.get(backend);
  if (!outcome) {
    outcome = startBackend(backend);
    started.set(backend, outcome);
  }
  return outcome;
}

/**
 * Runs the vitest suite `fn` once per available backend, like tfjs's `describeWithFlags`: CPU,
 * WASM, and WebGPU where it starts (in Node: where Dawn finds a Vulkan driver, e.g. with
 * `VK_ICD_FILENAMES` naming Chromium's SwiftShader driver). Each run is its own
 * `describe(`${name} [${backend}]`)` whose `beforeAll` makes that backend active (and
 * `afterAll` restores the previous one). `SEQ2SEQ_TEST_BACKENDS=cpu,wasm` narrows the list.
 * Where a GPU stack exists but WebGPU still does not start (or it was named in
 * `SEQ2SEQ_TEST_BACKENDS`), its suite shows one skipped test giving the reason.
 *
 * Read results with `await tensor.data()` (or {@link expectClose}): WebGPU in Node cannot read
 * synchronously (`dataSync` needs `OffscreenCanvas`).
 *
 * @example
 * ```ts
 * describeBackends('matMul', ({ backend, tolerance }) => {
 *   it('multiplies', async () => {
 *     await expectClose(tf.matMul([[1, 2]], [[3], [4]]), [[11]], tolerance);
 *   });
 * });
 * ```
 */
export function describeBackends(name: string, fn: (context: BackendTestContext) => void): void {
  const wanted = testBackendsFromEnv(process.env[TEST_BACKENDS_ENV_VAR]);
  for (const backend of wanted.backends) {
    // WebGPU is optional: without any GPU stack it gets no suite unless asked for by name.
    if (backend === 'webgpu' && !wanted.explicit && !webgpuMayStart()) continue;
    describe(`${name} [${backend}]`, async () => {
      if (backend === 'webgpu') {
        // Find out at collection time whether it really starts; if not, say why.
        const outcome = await startOnce(backend);
        if (!outcome.ok) {
          it.skip(`webgpu did not start: ${outcome.reason}`, () => {});
          return;
        }
      }
      let previous: string | null = null;
      beforeAll(async () => {
        // Quiet test logs: PROD only silences tfjs's console notices (such as the tfjs-node
        // suggestion on first use of the CPU backend); IS_TEST would also turn on tfjs's own
        // kernel leak checks.
        tf.env().set('PROD', true);
        previous = tf.getBackend() ?? null;
        const outcome = await startOnce(backend);
        if (!outcome.ok) throw new Error(`describeBackends: ${backend} did not start: ${outcome.reason}`);
        if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
          throw new Error(`describeBackends: tf.setBackend('${backend}') returned false`);
        }
      });
      afterAll(async () => {
        if (previous && previous !== backend) await tf.setBackend(previous);
      });
      fn({ backend, tolerance: BACKEND_TOLERANCE[backend] });
    });
  }
}
