/**
 * The DRAW filterbank on every backend: the filters and the window against the paper's equations
 * written out on the host (1-based pixel coordinates, as in the paper), an exact patch read back
 * through sharp filters, write as the transpose of read, gradients against finite differences (to
 * the images, the patch and the five attention parameters), no leaks, clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core'; // registers the gradients
import { InputError, Rng, ShapeError } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { coveringWindow, filterbank, filterbankRead, filterbankWrite } from '../index';

/** F_X (or F_Y) of one row from eqs. 19-26, with the paper's a = 1..A. */
function refFilters(p: number[], A: number, B: number, N: number, axis: 'x' | 'y'): number[][] {
  const [gxT, gyT, logVar, logDelta] = p as [number, number, number, number];
  const g = axis === 'x' ? ((A + 1) / 2) * (gxT + 1) : ((B + 1) / 2) * (gyT + 1);
  const delta = ((Math.max(A, B) - 1) / (N - 1)) * Math.exp(logDelta);
  const variance = Math.exp(logVar);
  const pixels = axis === 'x' ? A : B;
  const rows: number[][] = [];
  for (let i = 1; i <= N; i++) {
    const mu = g + (i - N / 2 - 0.5) * delta;
    const row = Array.from({ length: pixels }, (_, a0) => Math.exp(-((a0 + 1 - mu) ** 2) / (2 * variance)));
    const z = row.reduce((s, v) => s + v, 0);
    rows.push(row.map((v) => v / (z + 1e-8)));
  }
  return rows;
}

const matmul = (a: number[][], b: number[][]): number[][] => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (a: number[][]): number[][] => a[0]!.map((_, j) => a.map((r) => r[j]!));

describeBackends('filterbank', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  it('places the grid and the Gaussians as eqs. 19-26 say, each filter summing to one', async () => {
    const [A, B, N] = [9, 7, 4];
    const rows = [
      [0, 0, 0, 0, 0],
      [0.3, -0.5, 0.7, -0.4, 0.2],
      [-0.8, 0.6, -0.3, 0.1, -0.5],
    ];
    const params = tf.tensor2d(rows);
    const bank = filterbank(params, { width: A, height: B, size: N });
    expect(bank.fX.shape).toEqual([3, N, A]);
    expect(bank.fY.shape).toEqual([3, N, B]);
    await expectClose(bank.fX, rows.map((p) => refFilters(p, A, B, N, 'x')), tol);
    await expectClose(bank.fY, rows.map((p) => refFilters(p, A, B, N, 'y')), tol);
    // Each filter sums to Z / (Z + eps): one, except for a Gaussian wholly off the image (row 2's last).
    await expectClose(tf.sum(bank.fX, 2), rows.map((p) => refFilters(p, A, B, N, 'x').map((r) => r.reduce((s, v) => s + v, 0))), tol);
    await expectClose(tf.sum(tf.slice(bank.fX, [0, 0, 0], [2, N, A]), 2), [Array(N).fill(1), Array(N).fill(1)], tol);
    // The window: g~ = 0 is the image's centre (0-based (A - 1)/2), delta~ = 1 spans the image.
    await expectClose(bank.centreX, rows.map((p) => ((A + 1) / 2) * (p[0]! + 1) - 1), tol);
    await expectClose(bank.centreY, rows.map((p) => ((B + 1) / 2) * (p[1]! + 1) - 1), tol);
    await expectClose(bank.stride, rows.map((p) => ((A - 1) / (N - 1)) * Math.exp(p[3]!)), tol);
    await expectClose(bank.variance, rows.map((p) => Math.exp(p[2]!)), tol);
    await expectClose(bank.intensity, rows.map((p) => Math.exp(p[4]!)), tol);
    expect((await bank.centreX.data())[0]).toBeCloseTo((A - 1) / 2, 5);
    expect(bank.size).toBe(N);
    tf.dispose([params, bank as unknown as tf.TensorContainer]);
  });

  it('reads back the exact patch through sharp filters of stride 1, and writes it back in place', async () => {
    const [A, B, N] = [7, 7, 3];
    const rng = new Rng(3);
    const pixels = rng.uniformArray(2 * B * A, 0, 1);
    const x = tf.tensor3d(pixels, [2, B, A]);
    const xHat = tf.tensor3d(pixels.map((v) => 1 - v), [2, B, A]);
    // Row 0: centred (g~ = 0 -> pixel 3), stride 1; row 1: centred on column 2, row 4, intensity 2.
    // delta = (A - 1)/(N - 1) delta~ = 3 delta~, so delta~ = 1/3 gives stride 1; sigma^2 = 1e-4.
    const sharp = Math.log(1e-4);
    const unit = Math.log(1 / 3);
    const gAt = (pixel0: number, size: number) => (2 * (pixel0 + 1)) / (size + 1) - 1; // g~ putting gX - 1 at pixel0
    const params = tf.tensor2d([
      [0, 0, sharp, unit, 0],
      [gAt(2, A), gAt(4, B), sharp, unit, Math.log(2)],
    ]);
    const bank = filterbank(params, { width: A, height: B, size: N });
    const glimpse = filterbankRead(x, xHat, bank);
    expect(glimpse.shape).toEqual([2, 2 * N * N]);
    const at = (b: number, r: number, c: number) => pixels[b * A * B + r * A + c]!;
    const expected = [
      [0, 2, 2, 1], // image, top row, left column, gamma
      [1, 3, 1, 2],
    ].map(([b, top, left, gamma]) => {
      const patch: number[] = [];
      const error: number[] = [];
      for (let r = 0; r < N; r++) {
        for (let c = 0; c < N; c++) {
          patch.push(gamma! * at(b!, top! + r, left! + c));
          error.push(gamma! * (1 - at(b!, top! + r, left! + c)));
        }
      }
      return [...patch, ...error];
    });
    await expectClose(glimpse, expected, tol);
    // Writing the glimpse back (1/gamma) puts the patch where it was read, zeros elsewhere.
    const w = tf.reshape(tf.slice(glimpse, [0, 0], [2, N * N]), [2, N, N]) as tf.Tensor3D;
    const canvas = filterbankWrite(w, bank);
    const want = [0, 1].map((b) => {
      const [top, left] = b === 0 ? [2, 2] : [3, 1];
      return Array.from({ length: B }, (_, r) => Array.from({ length: A }, (_, c) => (r >= top && r < top + N && c >= left && c < left + N ? at(b, r, c) : 0)));
    });
    await expectClose(canvas, want, tol);
    tf.dispose([x, xHat, params, bank as unknown as tf.TensorContainer, glimpse, w, canvas]);
  });

  it('read is gamma F_Y x F_X^T and write is 1/gamma F_Y^T w F_X (against the host equations)', async () => {
    const [A, B, N] = [6, 5, 2];
    const rng = new Rng(5);
    const p = [0.2, -0.3, 0.4, -0.2, 0.3];
    const params = tf.tensor2d([p]);
    const bank = filterbank(params, { width: A, height: B, size: N });
    const img = Array.from({ length: B }, () => Array.from(rng.uniformArray(A, 0, 1)));
    const err = Array.from({ length: B }, () => Array.from(rng.uniformArray(A, -1, 1)));
    const patch = Array.from({ length: N }, () => Array.from(rng.uniformArray(N, -1, 1)));
    const fx = refFilters(p, A, B, N, 'x');
    const fy = refFilters(p, A, B, N, 'y');
    const gamma = Math.exp(p[4]!);
    const readRef = [...matmul(matmul(fy, img), transpose(fx)).flat(), ...matmul(matmul(fy, err), transpose(fx)).flat()].map((v) => gamma * v);
    const writeRef = matmul(matmul(transpose(fy), patch), fx).map((r) => r.map((v) => v / gamma));
    const x = tf.tensor3d([img]);
    const xHat = tf.tensor3d([err]);
    const w = tf.tensor3d([patch]);
    const r = filterbankRead(x, xHat, bank);
    const wr = filterbankWrite(w, bank);
    await expectClose(r, [readRef], tol);
    await expectClose(wr, [writeRef], tol);
    tf.dispose([params, bank as unknown as tf.TensorContainer, x, xHat, w, r, wr]);
  });

  it('has gradients that match finite differences, to the images, the patch and the five parameters', async () => {
    const [A, B, N] = [6, 5, 3];
    const rng = new Rng(7);
    const v = (shape: number[], lo = -1, hi = 1) => tf.variable(tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), lo, hi), shape));
    // Moderate widths (sigma^2 around e^1) keep the loss smooth at the finite-difference step.
    const params = tf.variable(tf.tensor2d([
      [0.1, -0.2, 1.0, -0.1, 0.2],
      [-0.3, 0.25, 0.8, 0.15, -0.1],
    ]));
    const x = v([2, B, A], 0, 1);
    const xHat = v([2, B, A]);
    const w = v([2, N, N]);
    const readWeights = tf.tensor(rng.uniformArray(2 * 2 * N * N, -1, 1), [2, 2 * N * N]);
    const writeWeights = tf.tensor(rng.uniformArray(2 * B * A, -1, 1), [2, B, A]);
    const config = { width: A, height: B, size: N };
    const readLoss = () =>
      tf.tidy(() => {
        const bank = filterbank(params as tf.Variable<tf.Rank.R2>, config);
        return tf.sum(tf.mul(filterbankRead(x as tf.Tensor3D, xHat as tf.Tensor3D, bank), readWeights)) as tf.Scalar;
      });
    const writeLoss = () =>
      tf.tidy(() => {
        const bank = filterbank(params as tf.Variable<tf.Rank.R2>, config);
        return tf.sum(tf.mul(filterbankWrite(w as tf.Tensor3D, bank), writeWeights)) as tf.Scalar;
      });
    await checkGradients(readLoss, { params, x, xHat }, { samples: 10, eps: 1e-2 });
    await checkGradients(writeLoss, { params, w }, { samples: 10, eps: 1e-2 });
    tf.dispose([params, x, xHat, w, readWeights, writeWeights]);
  });

  it('leaks no tensors, forward or backward', async () => {
    const params = tf.tensor2d([[0.1, 0.2, 0.3, 0.4, 0.5]]);
    const x = tf.ones([1, 4, 5]) as tf.Tensor3D;
    const w = tf.ones([1, 2, 2]) as tf.Tensor3D;
    const config = { width: 5, height: 4, size: 2 };
    await expectNoTensorLeak(() => {
      const bank = filterbank(params, config);
      const out = [filterbankRead(x, x, bank), filterbankWrite(w, bank)];
      tf.dispose(bank as unknown as tf.TensorContainer);
      return out;
    });
    await expectNoTensorLeak(() =>
      tf.grads((p: tf.Tensor, image: tf.Tensor) => {
        const bank = filterbank(p as tf.Tensor2D, config);
        return tf.add(tf.sum(filterbankRead(image as tf.Tensor3D, image as tf.Tensor3D, bank)), tf.sum(filterbankWrite(w, bank)));
      })([params, x]),
    );
    tf.dispose([params, x, w]);
  });

  it('starts a covering window at the cell centres with sigma half a stride (coveringWindow)', async () => {
    for (const [width, height, size] of [[28, 28, 2], [28, 28, 5], [20, 12, 4], [9, 9, 1]] as const) {
      const params = tf.tensor2d(Array.from(coveringWindow({ width, height, size })), [1, 5]);
      const bank = filterbank(params, { width, height, size });
      const stride = Math.max(width, height) / size;
      expect((await bank.centreX.data())[0]).toBeCloseTo((width - 1) / 2, 4);
      expect((await bank.centreY.data())[0]).toBeCloseTo((height - 1) / 2, 4);
      if (size > 1) expect((await bank.stride.data())[0]).toBeCloseTo(stride, 4);
      expect((await bank.variance.data())[0]).toBeCloseTo((stride / 2) ** 2, 3);
      expect((await bank.intensity.data())[0]).toBeCloseTo(1, 5);
      // The first filter of F_X peaks at the centre of the first cell of the longer side, centred on the image.
      const fX = (await bank.fX.array())[0]!;
      const peak = fX[0]!.indexOf(Math.max(...fX[0]!));
      expect(Math.abs(peak - ((width - 1) / 2 - (Math.max(width, height) - stride) / 2))).toBeLessThanOrEqual(0.5 + 1e-6);
      tf.dispose([params, bank.fX, bank.fY, bank.centreX, bank.centreY, bank.stride, bank.variance, bank.intensity]);
    }
    expect(() => coveringWindow({ width: 0, height: 28, size: 2 })).toThrow(/width/);
  });

  it('gives a covering write window unit gain: a patch value of 1 adds 1 at its filter centre', async () => {
    for (const [width, height, size] of [[28, 28, 5], [28, 28, 3], [21, 21, 7]] as const) {
      const read = coveringWindow({ width, height, size });
      const write = coveringWindow({ width, height, size }, { kind: 'write' });
      expect(Array.from(write.slice(0, 4))).toEqual(Array.from(read.slice(0, 4))); // the same place and filters
      const params = tf.tensor2d(Array.from(write), [1, 5]);
      const bank = filterbank(params, { width, height, size });
      const middle = (size - 1) / 2;
      const patch = tf.tensor3d(Array.from({ length: size * size }, (_, k) => (k === middle * size + middle ? 1 : 0)), [1, size, size]);
      const canvas = filterbankWrite(patch, bank); // [1, height, width]
      expect(Math.max(...(await canvas.data()))).toBeCloseTo(1, 4);
      // At intensity 1 (the read window's) the same write peaks at about 1 / (2 pi sigma^2).
      const sigma = Math.max(width, height) / size / 2;
      expect(Math.exp(write[4]!)).toBeCloseTo(1 / (2 * Math.PI * sigma * sigma), 2);
      tf.dispose([params, patch, canvas, bank as unknown as tf.TensorContainer]);
    }
    expect(() => coveringWindow({ width: 28, height: 28, size: 5 }, { kind: 'paint' as never })).toThrow("coveringWindow: 'kind' must be 'read' or 'write', got paint");
  });

  it('says what it expected for wrong shapes and configs', () => {
    const params = tf.zeros([2, 5]) as tf.Tensor2D;
    const config = { width: 5, height: 4, size: 3 };
    expect(() => filterbank(tf.zeros([2, 4]) as tf.Tensor2D, config)).toThrow(ShapeError);
    expect(() => filterbank(tf.zeros([2, 4]) as tf.Tensor2D, config)).toThrow("filterbank: argument 'params' must have shape [batch=2, 5], got [2, 4]");
    expect(() => filterbank(params, { ...config, size: 0 })).toThrow(InputError);
    expect(() => filterbank(params, { ...config, size: 0 })).toThrow("filterbank: 'size' must be an integer >= 1, got number 0");
    const bank = filterbank(params, config);
    const x = tf.zeros([2, 4, 5]) as tf.Tensor3D;
    expect(() => filterbankRead(tf.zeros([2, 5, 4]) as tf.Tensor3D, x, bank)).toThrow("filterbankRead: argument 'x' must have shape [batch=2, height=4, width=5], got [2, 5, 4]");
    expect(() => filterbankRead(x, tf.zeros([1, 4, 5]) as tf.Tensor3D, bank)).toThrow("filterbankRead: argument 'xHat' must have shape [batch=2, height=4, width=5], got [1, 4, 5]");
    expect(() => filterbankWrite(tf.zeros([2, 2, 2]) as tf.Tensor3D, bank)).toThrow("filterbankWrite: argument 'w' must have shape [batch=2, N=3, N=3], got [2, 2, 2]");
    tf.dispose([params, x, bank as unknown as tf.TensorContainer]);
  });
});
