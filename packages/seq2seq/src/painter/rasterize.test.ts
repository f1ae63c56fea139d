/**
 * The stroke rasteriser on every backend: the plain-JS reference's coverage, a straight stroke
 * covering the pixels it should, gradients of all 8 stroke values against finite differences
 * (and finite ones at degenerate strokes), chunking, compositing, no leaks, and clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, ShapeError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { compositeStep, compositeStrokes } from './composite';
import { rasterizeStrokes } from './rasterize';
import { rasterizeStrokesReference } from './reference';

/** Two images of three strokes each: curves, a dot, a wide faint stroke, a cusp (P0 = P2). */
const STROKES = [
  [0.1, 0.2, 0.5, 0.9, 0.9, 0.3, 0.12, 1],
  [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, 0.5],
  [0.8, 0.1, 0.2, 0.4, 0.6, 0.9, 0.3, 0.7],
  [0.5, 0.1, 0.5, 0.9, 0.5, 0.1, 0.05, 1],
  [0, 0, 1, 1, 1, 0, 0.1, 0.9],
  [0.25, 0.75, 0.75, 0.75, 0.6, 0.2, 0.08, 0.3],
];

const VALUE_NAMES = ['x0', 'y0', 'x1', 'y1', 'x2', 'y2', 'width', 'ink'];
const SIZE = 10;
const SOFTNESS = 1;

/** Fixed pixel weights in [-1, 1] for `strokes` strokes: the loss is `sum(weights * canvas)`. */
function pixelWeights(images: number): Float64Array {
  return Float64Array.from({ length: images * SIZE * SIZE }, (_, i) => Math.sin(1 + 7.3 * i));
}

/** The loss in float64: strokes rendered by the reference, composited (screen), weighted. */
function referenceLoss(flat: number[], [images, n]: [number, number]): number {
  const coverage = rasterizeStrokesReference(flat, SIZE, { softness: SOFTNESS, checkValues: false });
  const weights = pixelWeights(images);
  let loss = 0;
  for (let b = 0; b < images; b++) {
    for (let p = 0; p < SIZE * SIZE; p++) {
      let blank = 1;
      for (let s = 0; s < n; s++) blank *= 1 - flat[(b * n + s) * 8 + 7]! * coverage[(b * n + s) * SIZE * SIZE + p]!;
      loss += weights[b * SIZE * SIZE + p]! * (1 - blank);
    }
  }
  return loss;
}

/** Central differences of {@link referenceLoss} in float64 (step 1e-6): one per stroke value. */
function numericGradient(strokes: number[][], shape: [number, number]): number[] {
  const flat = strokes.flat();
  return flat.map((_, i) => {
    const at = (d: number): number => referenceLoss(flat.map((v, j) => (j === i ? v + d : v)), shape);
    return (at(1e-6) - at(-1e-6)) / 2e-6;
  });
}

/** The same loss on the backend, differentiated by tfjs. */
async function analyticGradient(strokes: number[][], [images, n]: [number, number]): Promise<Float32Array> {
  const s = tf.variable(tf.tensor3d(strokes.flat(), [images, n, 8]));
  const weights = tf.tensor3d(Float32Array.from(pixelWeights(images)), [images, SIZE, SIZE]);
  const { value, grads } = tf.variableGrads(() => {
    const coverage = rasterizeStrokes(s, SIZE, { softness: SOFTNESS, checkValues: false }); // [images, n, H, W]
    const ink = tf.reshape(tf.slice(s, [0, 0, 7], [images, n, 1]), [images, n]) as tf.Tensor2D;
    return tf.sum(tf.mul(compositeStrokes(coverage, ink), weights)) as tf.Scalar;
  });
  const g = (await grads[s.name]!.data()) as Float32Array;
  tf.dispose([s, weights, value, grads]);
  return g;
}

describeBackends('rasterizeStrokes', ({ tolerance }) => {
  it('matches the plain-JS reference (square and non-square canvases, several sample counts)', async () => {
    const strokes = tf.tensor3d(STROKES.flat(), [2, 3, 8]);
    for (const [size, samples, softness] of [[12, 8, 0.5], [[9, 14], 5, 1], [7, 2, 0.3]] as const) {
      const coverage = rasterizeStrokes(strokes, size, { samples, softness });
      const [h, w] = typeof size === 'number' ? [size, size] : size;
      expect(coverage.shape).toEqual([2, 3, h, w]);
      await expectClose(coverage, rasterizeStrokesReference(STROKES.flat(), size, { samples, softness }), Math.max(tolerance, 2e-5));
      coverage.dispose();
    }
    strokes.dispose();
  });

  it('covers the pixels of a straight stroke and leaves the others blank', async () => {
    // From (2, 5) to (8, 5) pixels on a 10x10 canvas, 2 pixels wide, sharp edges.
    const strokes = tf.tensor3d([[[0.2, 0.55, 0.5, 0.55, 0.8, 0.55, 0.2, 1]]]);
    const coverage = await rasterizeStrokes(strokes, 10, { softness: 0.02 }).data();
    const at = (row: number, col: number): number => coverage[row * 10 + col]!;
    for (let col = 2; col < 8; col++) {
      expect(at(5, col), `pixel (5, ${col}) on the line`).toBeGreaterThan(0.99);
      expect(at(4, col), `pixel (4, ${col}), 1 pixel above`).toBeGreaterThan(0.4); // exactly at the edge: 1/2
      expect(at(2, col), `pixel (2, ${col}), 3 pixels above`).toBeLessThan(1e-6);
      expect(at(8, col), `pixel (8, ${col}), 3 pixels below`).toBeLessThan(1e-6);
    }
    expect(at(5, 0)).toBeLessThan(1e-6); // 1.5 pixels before the start
    expect(at(5, 9)).toBeLessThan(1e-6); // 1.5 pixels after the end
    strokes.dispose();
  });

  it('renders in chunks exactly as at once', async () => {
    const strokes = tf.tensor3d(STROKES.flat(), [2, 3, 8]);
    const whole = rasterizeStrokes(strokes, 11);
    const chunked = rasterizeStrokes(strokes, 11, { maxElements: 11 * 11 * 7 * 2 }); // 2 strokes a chunk
    await expectClose(chunked, await whole.data(), 1e-6);
    tf.dispose([strokes, whole, chunked]);
  });

  it('has the gradients of finite differences for all 8 stroke values (composited, so ink counts)', async () => {
    // Curves only: a dot or a cusp retraced over itself is a kink for one control point alone
    // (moving it one way or the other changes which branch is nearer), see the next test.
    const strokes = [STROKES[0]!, STROKES[2]!, [0.52, 0.13, 0.43, 0.91, 0.67, 0.24, 0.05, 1], STROKES[4]!, STROKES[5]!, [0.9, 0.8, 0.1, 0.7, 0.4, 0.1, 0.15, 0.6]];
    const g = await analyticGradient(strokes, [2, 3]);
    const numeric = numericGradient(strokes, [2, 3]);
    numeric.forEach((n, i) => expect(Math.abs(n - g[i]!) / Math.max(1, Math.abs(n)), `d loss / d ${VALUE_NAMES[i % 8]} of stroke ${Math.floor(i / 8)}: analytic ${g[i]}, numeric ${n}`).toBeLessThan(2e-3));
  });

  it('has the gradients of the shared float32 check at a smooth softness', async () => {
    const weights = tf.randomUniform([1, 2, 10, 10], -1, 1, 'float32', 3);
    const strokes = tf.variable(tf.tensor3d([...STROKES[0]!, ...STROKES[5]!], [1, 2, 8]));
    const loss = () => tf.sum(tf.mul(compositeStrokes(rasterizeStrokes(strokes, 10, { softness: 3, checkValues: false }), tf.reshape(tf.slice(strokes, [0, 0, 7], [1, 2, 1]), [1, 2]) as tf.Tensor2D), weights)) as tf.Scalar;
    await checkGradients(loss, { strokes }, { samples: 16, eps: 2e-3, tol: 5e-2, seed: 1 });
    tf.dispose([weights, strokes]);
  });

  it('has finite, correct gradients at degenerate strokes (a dot, a cusp, a pixel centre on a sample)', async () => {
    // A dot: every segment has zero length. A cusp (P0 = P2, 8 samples): the middle segment has
    // zero length. The last stroke's start is exactly a pixel centre ((2.5, 3.5) on 10x10).
    const degenerate = [
      [0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.3, 1],
      [0.2, 0.5, 0.8, 0.6, 0.2, 0.5, 0.1, 0.8],
      [0.25, 0.35, 0.6, 0.35, 0.6, 0.8, 0.1, 0.9],
    ];
    const g = await analyticGradient(degenerate, [1, 3]);
    for (const x of g) expect(Number.isFinite(x)).toBe(true);
    const numeric = (direction: number[]): number => {
      const f = (s: number): number => referenceLoss(degenerate.flat().map((v, i) => v + s * direction[i]!), [1, 3]);
      return (f(1e-6) - f(-1e-6)) / 2e-6;
    };
    const check = (direction: number[], what: string): void => {
      const n = numeric(direction);
      const a = direction.reduce((s, d, i) => s + d * g[i]!, 0);
      expect(Math.abs(n - a) / Math.max(1, Math.abs(n)), `${what}: analytic ${a}, numeric ${n}`).toBeLessThan(2e-3);
    };
    const unit = (i: number): number[] => degenerate.flat().map((_, j) => (j === i ? 1 : 0));
    // Where the loss is smooth, finite differences must agree: width and ink of every stroke,
    // every value of the pixel-centre stroke, and the dot and the cusp moved as a whole (all
    // three control points together). One control point of the dot or the cusp alone is a kink:
    // the derivatives from either side differ, and no gradient is right for both.
    for (const s of [0, 1, 2]) for (const i of [6, 7]) check(unit(s * 8 + i), `${VALUE_NAMES[i]} of stroke ${s}`);
    for (let i = 16; i < 24; i++) check(unit(i), `${VALUE_NAMES[i % 8]} of stroke 2`);
    for (const s of [0, 1]) {
      check(degenerate.flat().map((_, j) => (j >= s * 8 && j < s * 8 + 6 && j % 2 === 0 ? 1 : 0)), `stroke ${s} moved right`);
      check(degenerate.flat().map((_, j) => (j >= s * 8 && j < s * 8 + 6 && j % 2 === 1 ? 1 : 0)), `stroke ${s} moved down`);
    }
  });

  it('composites strokes: screen adds ink, over paints on top', async () => {
    const coverage = tf.tensor4d([0.5, 1, 0.5, 0, 1, 0.5, 0, 0.5], [1, 2, 2, 2]); // 2 strokes on 2x2
    const ink = tf.tensor2d([[1, 0.5]]);
    const screen = compositeStrokes(coverage, ink); // 1 - (1 - c1)(1 - 0.5 c2)
    await expectClose(screen, [1 - 0.5 * 0.5, 1 - 0 * 0.75, 1 - 0.5 * 1, 1 - 1 * 0.75], tolerance);
    const over = compositeStrokes(coverage, ink, { mode: 'over', canvas: tf.fill([1, 2, 2], 0.2) as tf.Tensor3D });
    // C1 = (1 - c1) 0.2 + c1, then C2 = (1 - c2) C1 + 0.5 c2
    const c1 = [0.6, 1, 0.6, 0.2];
    const c2 = [1, 0.5, 0, 0.5];
    await expectClose(over, c1.map((c, i) => (1 - c2[i]!) * c + 0.5 * c2[i]!), tolerance);
    const step = compositeStep(tf.zeros([1, 2, 2]) as tf.Tensor3D, tf.ones([1, 2, 2]) as tf.Tensor3D, tf.tensor1d([0.25]));
    await expectClose(step, [0.25, 0.25, 0.25, 0.25], tolerance);
    tf.dispose([coverage, ink, screen, over, step]);
  });

  it('leaks no tensors, forward or backward', async () => {
    const strokes = tf.variable(tf.tensor3d(STROKES.flat(), [2, 3, 8]));
    await expectNoTensorLeak(() => rasterizeStrokes(strokes, 8, { maxElements: 8 * 8 * 7 }));
    await expectNoTensorLeak(() => tf.variableGrads(() => tf.sum(compositeStrokes(rasterizeStrokes(strokes, 8), tf.ones([2, 3]) as tf.Tensor2D, { mode: 'over' })) as tf.Scalar));
    strokes.dispose();
  });

  it('rejects bad shapes, values out of [0, 1] and bad options, saying what it expected', () => {
    const ok = tf.tensor3d([[[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.1, 1]]]);
    expect(() => rasterizeStrokes(tf.zeros([1, 7]) as never, 8)).toThrow(ShapeError);
    expect(() => rasterizeStrokes(tf.zeros([1, 2, 7]) as tf.Tensor3D, 8)).toThrow(/'strokes' must have shape \[batch=1, n=2, 8\], got \[1, 2, 7\]/);
    const out = tf.tensor3d([[[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.1, 1], [0.1, 1.2, 0.3, 0.4, 0.5, 0.6, 0.1, 1]]]);
    expect(() => rasterizeStrokes(out, 8)).toThrow(InputError);
    expect(() => rasterizeStrokes(out, 8)).toThrow(/every stroke value must be in \[0, 1\], got y0 = 1.2\d* in stroke 1/);
    const negativeWidth = tf.tensor3d([[[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, -0.1, 1]]]);
    expect(() => rasterizeStrokes(negativeWidth, 8)).toThrow(/got width = -0.1\d* in stroke 0/);
    expect(() => rasterizeStrokes(ok, 0)).toThrow(/'size' must be an integer >= 1, got number 0/);
    expect(() => rasterizeStrokes(ok, [8] as never)).toThrow(/'size' must be a side or \[height, width\]/);
    expect(() => rasterizeStrokes(ok, 8, { samples: 1 })).toThrow(/'samples' must be an integer >= 2, got number 1/);
    expect(() => rasterizeStrokes(ok, 8, { softness: 0 })).toThrow(/'softness' must be a finite number/);
    expect(() => compositeStrokes(tf.zeros([1, 2, 4, 4]) as tf.Tensor4D, tf.zeros([1, 3]) as tf.Tensor2D)).toThrow(/'ink' must have shape \[batch=1, n=2\]/);
    expect(() => compositeStrokes(tf.zeros([1, 2, 4, 4]) as tf.Tensor4D, tf.zeros([1, 2]) as tf.Tensor2D, { mode: 'add' as never })).toThrow(/'compositing' must be one of screen, over, got "add"/);
    tf.dispose([ok, out, negativeWidth]);
  });
});
