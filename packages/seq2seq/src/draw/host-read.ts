/**
 * A {@link DrawSequence} read back to JavaScript arrays, for a page or a terminal that draws the
 * canvas step by step with the attention boxes over it. `readDrawSequence` reads synchronously
 * (CPU, WASM); `readDrawSequenceAsync` awaits the reads (needed on WebGPU).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DrawSequence, DrawWindows } from './model';

/** One attention window of one image at one step. */
export interface DrawWindow {
  /** Grid centre column, 0-based pixel coordinates. */
  centreX: number;
  /** Grid centre row, 0-based pixel coordinates. */
  centreY: number;
  /** Distance between neighbouring filters, in pixels. */
  stride: number;
  /** Filter variance sigma^2, in pixels^2. */
  variance: number;
  /** Intensity gamma. */
  intensity: number;
  /** Filters per side N. */
  size: number;
  /**
   * The box through the outermost filter centres, `centre +- stride (N - 1) / 2` on each axis
   * (0-based pixel coordinates; a page draws it over the image).
   */
  box: { left: number; top: number; right: number; bottom: number };
}

/** Every step of a drawing as host arrays. */
export interface DrawFrames {
  steps: number;
  /** Images drawn. */
  batch: number;
  width: number;
  height: number;
  /** `canvases[t]` is `sigmoid(c_t)` of every image, `batch * height * width` values row-major. */
  canvases: Float32Array[];
  /** `read[t][image]`, or null (no attention, or a sample). */
  read: DrawWindow[][] | null;
  /** `write[t][image]`, or null (no attention). */
  write: DrawWindow[][] | null;
}

/** Reads `seq` back synchronously (CPU, WASM). */
export function readDrawSequence(seq: DrawSequence): DrawFrames {
  const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
  return frames(seq, read(seq.canvases), hostWindows(seq.read, read), hostWindows(seq.write, read));
}

/** Reads `seq` back, awaiting each read (any backend). */
export async function readDrawSequenceAsync(seq: DrawSequence): Promise<DrawFrames> {
  const read = async (t: tf.Tensor) => (await t.data()) as Float32Array;
  const field = async (w: DrawWindows | null) => (w ? { w, values: await Promise.all([w.centreX, w.centreY, w.stride, w.variance, w.intensity].map(read)) } : null);
  const [canvases, r, w] = await Promise.all([read(seq.canvases), field(seq.read), field(seq.write)]);
  return frames(seq, canvases, r && toWindows(r.w, r.values), w && toWindows(w.w, w.values));
}

function hostWindows(w: DrawWindows | null, read: (t: tf.Tensor) => Float32Array): DrawWindow[][] | null {
  return w ? toWindows(w, [w.centreX, w.centreY, w.stride, w.variance, w.intensity].map(read)) : null;
}

function toWindows(w: DrawWindows, [cx, cy, stride, variance, intensity]: Float32Array[]): DrawWindow[][] {
  const [steps, batch] = w.centreX.shape;
  const half = (w.size - 1) / 2;
  return Array.from({ length: steps }, (_, t) =>
    Array.from({ length: batch }, (_, b) => {
      const k = t * batch + b;
      const [x, y, s] = [cx![k]!, cy![k]!, stride![k]!];
      return { centreX: x, centreY: y, stride: s, variance: variance![k]!, intensity: intensity![k]!, size: w.size, box: { left: x - half * s, top: y - half * s, right: x + half * s, bottom: y + half * s } };
    }),
  );
}

function frames(seq: DrawSequence, canvases: Float32Array, read: DrawWindow[][] | null, write: DrawWindow[][] | null): DrawFrames {
  const [steps, batch, height, width] = seq.canvases.shape;
  const per = batch * height * width;
  return {
    steps,
    batch,
    width,
    height,
    canvases: Array.from({ length: steps }, (_, t) => canvases.slice(t * per, (t + 1) * per)),
    read,
    write,
  };
}
