/**
 * Programs that read tensors back to the host, written once as generators and driven
 * synchronously ({@link runHostProgram}, `dataSync`: CPU and WASM) or asynchronously
 * ({@link runHostProgramAsync}, `await data()`: needed on WebGPU). The program yields one tensor,
 * gets its values back, and the driver disposes the tensor.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A program that yields tensors to read and returns a result. */
export type HostProgram<T> = Generator<tf.Tensor, T, Float32Array>;

/** Runs `program` with synchronous reads. */
export function runHostProgram<T>(program: HostProgram<T>): T {
  let next = program.next(undefined as unknown as Float32Array);
  while (!next.done) {
    const t = next.value;
    let values: Float32Array;
    try {
      values = Float32Array.from(t.dataSync());
    } catch (error) {
      t.dispose();
      next = program.throw(error);
      continue;
    }
    t.dispose();
    next = program.next(values);
  }
  return next.value;
}

/** Runs `program` with asynchronous reads. */
export async function runHostProgramAsync<T>(program: HostProgram<T>): Promise<T> {
  let next = program.next(undefined as unknown as Float32Array);
  while (!next.done) {
    const t = next.value;
    let values: Float32Array;
    try {
      values = Float32Array.from(await t.data());
    } catch (error) {
      t.dispose();
      next = program.throw(error);
      continue;
    }
    t.dispose();
    next = program.next(values);
  }
  return next.value;
}
