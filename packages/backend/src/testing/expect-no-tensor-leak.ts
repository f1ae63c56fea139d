import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link expectNoTensorLeak}. */
export interface NoLeakOptions {
  /** Calls after the warm-up call, each of which must leave the tensor count unchanged. Default 3. */
  iterations?: number;
}

/**
 * Asserts that `fn` leaves no tensors behind: after one warm-up call (which may create lasting
 * state such as variables or caches), each of `iterations` further calls must leave
 * `tf.memory().numTensors` where the warm-up left it. Tensors that `fn` returns (a tensor, or an
 * array or object of tensors) are disposed after each call, so `fn` may return its output.
 *
 * @example
 * ```ts
 * await expectNoTensorLeak(() => cell.step(x, h), { iterations: 5 });
 * ```
 * @throws Error giving the call and how many tensors it leaked.
 */
export async function expectNoTensorLeak(
  fn: () => unknown,
  { iterations = 3 }: NoLeakOptions = {},
): Promise<void> {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`expectNoTensorLeak: iterations must be a positive integer, got ${iterations}`);
  }
  await callAndDispose(fn);
  const steady = tf.memory().numTensors;
  for (let i = 1; i <= iterations; i++) {
    await callAndDispose(fn);
    const now = tf.memory().numTensors;
    if (now !== steady) {
      throw new Error(
        `expectNoTensorLeak: call ${i + 1} (after the warm-up) changed tf.memory().numTensors from ` +
          `${steady} to ${now} (${now > steady ? `${now - steady} leaked` : `${steady - now} freed`})`,
      );
    }
  }
}

async function callAndDispose(fn: () => unknown): Promise<void> {
  const result = await fn();
  tf.dispose(result as tf.TensorContainer);
}
