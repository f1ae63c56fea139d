import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './backend-name';
import { describeError } from './platform';
import type { RuntimeCapabilities } from './runtime';

/** What starting one backend gave: it is active now, or a one-line reason it is not. */
export type StartOutcome =
  | {
      ok: true;
      /** Why this backend is a good choice here (the detail of the "chosen" reason). */
      detail: string;
      /** Capabilities learnt while starting it. */
      found: Partial<RuntimeCapabilities>;
    }
  | {
      ok: false;
      /** Why it did not start. */
      reason: string;
      /** Capabilities learnt while trying. */
      found: Partial<RuntimeCapabilities>;
      /**
       * Set when the backend was not started because another backend, later in the order, is
       * likely better here (a software WebGPU adapter vs WASM): try it again after that one.
       */
      retryAfter?: BackendName;
    };

/**
 * `tf.setBackend(name)`, turning `false` and exceptions into a reason.
 *
 * @returns null when the backend is active, else why it is not.
 */
export async function activate(name: BackendName): Promise<string | null> {
  try {
    if (tf.findBackendFactory(name) === null) {
      return `tf.setBackend('${name}'): no such backend is registered`;
    }
    const started = await tf.setBackend(name);
    if (!started) return `tf.setBackend('${name}') returned false (its initialisation failed; see the warning above)`;
    return null;
  } catch (error) {
    return `tf.setBackend('${name}') threw: ${describeError(error)}`;
  }
}
