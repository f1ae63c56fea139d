/**
 * Paintings read back to JavaScript, one object per image, for drawing them stroke by stroke (a
 * page, a terminal, PNG files): {@link readPaintings} and, where a synchronous read stalls the
 * device (WebGPU), {@link readPaintingsAsync}.
 */
import type { ImageSourceBatch } from '../image/batch';
import { STROKE_SIZE } from './rasterize';
import type { Painter, Painting } from './model';

/** One image's painting. */
export interface PaintedImage {
  /** One stroke per step: `[x0, y0, x1, y1, x2, y2, width, ink]`, all in [0, 1] (see `rasterizeStrokes`). */
  strokes: number[][];
  /** The canvas after each step, `size * size` values in [0, 1], row-major; the last is the painting. */
  canvases: Float32Array[];
  /** Side of the canvas in pixels. */
  size: number;
}

function split(strokes: Float32Array, canvases: Float32Array, batch: number, steps: number, size: number): PaintedImage[] {
  const area = size * size;
  return Array.from({ length: batch }, (_, b) => ({
    strokes: Array.from({ length: steps }, (_, t) => Array.from(strokes.subarray((b * steps + t) * STROKE_SIZE, (b * steps + t + 1) * STROKE_SIZE))),
    canvases: Array.from({ length: steps }, (_, t) => canvases.slice((b * steps + t) * area, (b * steps + t + 1) * area)),
    size,
  }));
}

function shape(painting: Painting): [number, number, number] {
  const [batch, steps, size] = painting.canvases.shape;
  return [batch, steps, size];
}

/** Paints `images` with `model` and reads every step back (synchronously). */
export function readPaintings(model: Painter, images: ImageSourceBatch): PaintedImage[] {
  const painting = model.paint(images);
  try {
    return split(painting.strokes.dataSync() as Float32Array, painting.canvases.dataSync() as Float32Array, ...shape(painting));
  } finally {
    painting.dispose();
  }
}

/** {@link readPaintings}, awaiting the reads. */
export async function readPaintingsAsync(model: Painter, images: ImageSourceBatch): Promise<PaintedImage[]> {
  const painting = model.paint(images);
  try {
    const [strokes, canvases] = await Promise.all([painting.strokes.data(), painting.canvases.data()]);
    return split(strokes as Float32Array, canvases as Float32Array, ...shape(painting));
  } finally {
    painting.dispose();
  }
}
