/**
 * The rasteriser of ./rasterize.ts in plain JavaScript (float64, loops, no tfjs): the reference
 * the tfjs version is tested against, and a way to draw strokes where no backend runs.
 */
import { InputError } from '@seq2seq/core';
import { DISTANCE_DELTA, SEGMENT_EPS, STROKE_SIZE, bezierBasis, canvasSize, checkStrokeValues, type CanvasSize } from './rasterize';

/** Options of {@link rasterizeStrokesReference}: those of `rasterizeStrokes` that change the result. */
export interface RasterizeReferenceOptions {
  /** Points sampled along each curve. Default 8. */
  samples?: number;
  /** Edge softness in pixels. Default 0.5. */
  softness?: number;
  /** Check every stroke value lies in [0, 1]. Default true. */
  checkValues?: boolean;
}

/**
 * Coverage maps of `strokes` (flat, `count * 8` values, see `rasterizeStrokes`): `count * H * W`
 * values, stroke after stroke, row-major. The same math as `rasterizeStrokes`, one pixel at a time.
 */
export function rasterizeStrokesReference(strokes: ArrayLike<number>, size: CanvasSize, options: RasterizeReferenceOptions = {}): Float64Array {
  const op = 'rasterizeStrokesReference';
  if (strokes.length % STROKE_SIZE !== 0) throw new InputError(`${op}: expected 8 values per stroke, got ${strokes.length} values`);
  if (options.checkValues ?? true) checkStrokeValues(strokes, op);
  const [height, width] = canvasSize(size, op);
  const samples = options.samples ?? 8;
  const softness = options.softness ?? 0.5;
  const basis = bezierBasis(samples);
  const count = strokes.length / STROKE_SIZE;
  const out = new Float64Array(count * height * width);
  const px = new Float64Array(samples);
  const py = new Float64Array(samples);
  for (let s = 0; s < count; s++) {
    const v = (i: number): number => strokes[s * STROKE_SIZE + i]!;
    for (let k = 0; k < samples; k++) {
      const [b0, b1, b2] = [basis[k]!, basis[samples + k]!, basis[2 * samples + k]!];
      px[k] = (b0 * v(0) + b1 * v(2) + b2 * v(4)) * width;
      py[k] = (b0 * v(1) + b1 * v(3) + b2 * v(5)) * height;
    }
    const halfWidth = (v(6) * Math.min(height, width)) / 2;
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        const qx = j + 0.5;
        const qy = i + 0.5;
        let best = Infinity;
        for (let k = 0; k + 1 < samples; k++) {
          const abx = px[k + 1]! - px[k]!;
          const aby = py[k + 1]! - py[k]!;
          const u = Math.min(1, Math.max(0, ((qx - px[k]!) * abx + (qy - py[k]!) * aby) / (abx * abx + aby * aby + SEGMENT_EPS)));
          const dx = qx - px[k]! - u * abx;
          const dy = qy - py[k]! - u * aby;
          best = Math.min(best, dx * dx + dy * dy);
        }
        const z = (halfWidth - Math.sqrt(best + DISTANCE_DELTA)) / softness;
        out[(s * height + i) * width + j] = 1 / (1 + Math.exp(-z));
      }
    }
  }
  return out;
}
