/**
 * Decoders as generators, so one implementation runs synchronously and asynchronously.
 *
 * A decoder yields the tensors of a step it needs on the host and receives their values back.
 * {@link runDecoder} reads them with `dataSync` (fine on CPU and WASM); {@link runDecoderAsync}
 * awaits `data()`, which WebGPU needs: a synchronous read there blocks the page, and on some
 * adapters it returns stale zeros. The driver disposes what it reads.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** What a decoder step asks to read: `[rows, vocab]` log-probabilities and optional `[rows, sourceTime]` attention. */
export interface StepRead {
  logProbs: tf.Tensor2D;
  attention?: tf.Tensor2D;
}

/** The host values of a {@link StepRead}. */
export interface HostStep {
  /** `[rows * vocab]`, row-major. */
  logProbs: Float32Array;
  vocab: number;
  /** `[rows * sourceTime]`, row-major. */
  attention?: Float32Array;
  sourceTime: number;
}

/** A decoder: yields steps to read, returns its result. */
export type DecoderProgram<T> = Generator<StepRead, T, HostStep>;

/** Row `r` of a host attention matrix as a plain array (empty without attention). */
export function attentionRow(step: HostStep, r: number): number[] {
  return step.attention ? Array.from(step.attention.subarray(r * step.sourceTime, (r + 1) * step.sourceTime)) : [];
}

function shapeOf(read: StepRead): { vocab: number; sourceTime: number } {
  return { vocab: read.logProbs.shape[1], sourceTime: read.attention?.shape[1] ?? 0 };
}

function disposeRead(read: StepRead): void {
  read.logProbs.dispose();
  read.attention?.dispose();
}

/** Runs a decoder program with synchronous reads. */
export function runDecoder<T>(program: DecoderProgram<T>): T {
  let next = program.next(undefined as unknown as HostStep);
  while (!next.done) {
    const read = next.value;
    let host: HostStep;
    try {
      host = { logProbs: read.logProbs.dataSync() as Float32Array, attention: read.attention?.dataSync() as Float32Array | undefined, ...shapeOf(read) };
    } catch (error) {
      disposeRead(read);
      next = program.throw(error); // lets the program free its state, then rethrows
      continue;
    }
    disposeRead(read);
    next = program.next(host);
  }
  return next.value;
}

/** Runs a decoder program with asynchronous reads (required for WebGPU). */
export async function runDecoderAsync<T>(program: DecoderProgram<T>): Promise<T> {
  let next = program.next(undefined as unknown as HostStep);
  while (!next.done) {
    const read = next.value;
    let host: HostStep;
    try {
      const [logProbs, attention] = await Promise.all([read.logProbs.data(), read.attention?.data()]);
      host = { logProbs: logProbs as Float32Array, attention: attention as Float32Array | undefined, ...shapeOf(read) };
    } catch (error) {
      disposeRead(read);
      next = program.throw(error);
      continue;
    }
    disposeRead(read);
    next = program.next(host);
  }
  return next.value;
}
