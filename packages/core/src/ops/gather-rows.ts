/**
 * Row lookup `y[..., :] = table[ids[...], :]` (an embedding lookup) whose gradient works on every
 * backend, WASM included.
 *
 * tfjs differentiates `tf.gather` with `UnsortedSegmentSum`, a kernel the WASM backend does not
 * have (tensorflow/tfjs #8082), so an embedding built on plain `gather` cannot train there. Here
 * the forward pass is `gather` and the backward pass is written by hand (`tf.customGrad`):
 *
 *   dTable = sum over n of onehot(ids[n]) dy[n]      (rows of dy added into the rows they came from)
 *
 * computed with `scatterND`, which adds the updates of repeated indices, and which CPU, WASM and
 * WebGPU all implement. Measured on WASM (Node 20, SIMD, one thread, a shared 2-core machine) for
 * vocab 8000, N = 64 * 20 ids, dim 256 (`src/embedding-bench.ts`; fastest / median of three runs
 * under varying load):
 *
 *   scatterND(ids [N, 1], dy [N, D], [V, D])                1.3-2 ms / 5-11 ms     <- used here
 *   transpose(oneHot(ids)) [V, N] x dy [N, D] (matMul)      200-860 ms / 220-1300 ms
 *   matMul(oneHot(ids), dy, transposeA = true)              5.5-6.7 s / 7-8.5 s
 *   (the forward gather, with a [V, D] zeros table          25 ms / 33-43 ms)
 *
 * The one-hot products do V * N * D multiply-adds (2.6 GFLOP here) to add N rows; the scatter
 * does N * D additions and allocates no [N, V] one-hot matrix.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Embedding } from '../embedding';
import { checkInt, checkTensor } from '../validate';

/**
 * Gathers rows of `table` ([rows, dim]) by `ids` (int32, any shape `[...]`), giving
 * `[..., dim]`. Differentiable with respect to `table` on every backend. When `paddingIdx` is
 * given, lookups of that row receive no gradient (its row of `dTable` is zero).
 *
 * Ids are not range-checked here (that would need a device read): the CPU and WASM kernels throw
 * on an out-of-range id, WebGL and WebGPU return zeros. {@link Embedding} checks ids that come
 * from the host.
 */
export function gatherRows(table: tf.Tensor, ids: tf.Tensor, paddingIdx?: number): tf.Tensor {
  checkTensor(table, 'table', 'gatherRows', ['rows', 'dim']);
  checkTensor(ids, 'ids', 'gatherRows', anyShape(ids), new Map(), 'int32');
  const [rows, dim] = table.shape as [number, number];
  if (paddingIdx !== undefined) checkInt(paddingIdx, 'paddingIdx', 'gatherRows', 0, rows - 1);
  const outShape = [...ids.shape, dim];
  // tfjs types the arguments of a customGrad function as one union: [table, save].
  const lookup = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const t = args[0] as tf.Tensor; // [rows, dim]
    const save = args[1] as tf.GradSaveFunc;
    const flatIds = tf.reshape(ids, [-1]); // [N]
    save([flatIds]);
    const value = tf.reshape(tf.gather(t, flatIds), outShape); // [N, dim] -> [..., dim]
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const savedIds = saved[0]!; // [N]
      let rowsOfDy = tf.reshape(dy, [-1, dim]); // [N, dim]
      if (paddingIdx !== undefined) {
        const keep = tf.cast(tf.notEqual(savedIds, paddingIdx), dy.dtype); // [N]
        rowsOfDy = tf.mul(rowsOfDy, tf.expandDims(keep, 1)); // [N, dim] * [N, 1]
      }
      // scatterND adds rows with the same id: [N, 1] indices, [N, dim] updates -> [rows, dim]
      return tf.scatterND(tf.expandDims(savedIds, 1), rowsOfDy, [rows, dim]);
    };
    return { value, gradFunc };
  });
  return lookup(table);
}

/** An expected shape that accepts any shape of `x` (its rank, every dimension free). */
function anyShape(x: unknown): null[] | ['...'] {
  const shape = (x as { shape?: unknown } | null)?.shape;
  return Array.isArray(shape) ? shape.map(() => null) : ['...'];
}
