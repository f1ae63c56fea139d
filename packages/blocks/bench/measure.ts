/** Timing shared by the bench rows: CPU time is the robust figure on a shared machine, wall time is reported beside it. */
import type * as tf from '@tensorflow/tfjs-core';

/** Min CPU time and min wall time (ms) of `reps` calls after one warm-up call. */
export function measure(fn: () => void, reps: number): { ms: number; wallMs: number } {
  fn();
  let ms = Infinity;
  let wallMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c0);
    ms = Math.min(ms, (d.user + d.system) / 1000);
    wallMs = Math.min(wallMs, performance.now() - w0);
  }
  return { ms, wallMs };
}

/** Min CPU ms of `reps` calls of `f` (after one warm-up), reading the result back and disposing it each time. */
export function tensorCpuMs(f: () => tf.Tensor, reps: number): number {
  return measure(() => {
    const r = f();
    r.dataSync();
    r.dispose();
  }, reps).ms;
}
