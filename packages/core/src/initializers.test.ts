import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { glorotUniform, orthogonal, uniform } from './initializers';
import { Rng } from './rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function gram(w: tf.Tensor2D, rowsOrthonormal: boolean): number[][] {
  const g = rowsOrthonormal ? tf.matMul(w, tf.transpose(w)) : tf.matMul(tf.transpose(w), w);
  return g.arraySync() as number[][];
}

describe('initializers', () => {
  it.each([
    [64, 64],
    [32, 96],
    [96, 32],
  ])('orthogonal [%i, %i] has orthonormal rows or columns', (rows, cols) => {
    const w = orthogonal()([rows, cols], new Rng(0)) as tf.Tensor2D;
    const g = gram(w, rows <= cols);
    for (let i = 0; i < g.length; i++) {
      for (let j = 0; j < g.length; j++) expect(g[i]![j]!).toBeCloseTo(i === j ? 1 : 0, 4);
    }
  });

  it('orthogonal gives a wide recurrent kernel [H, 3H] orthonormal rows', () => {
    const w = orthogonal()([128, 384], new Rng(0)) as tf.Tensor2D;
    const g = gram(w, true);
    expect(Math.max(...g.flatMap((row, i) => row.map((v, j) => Math.abs(v - (i === j ? 1 : 0)))))).toBeLessThan(1e-4);
  });

  it('glorotUniform and uniform respect their limits and are reproducible', () => {
    const limit = Math.sqrt(6 / (100 + 300));
    const a = glorotUniform()([100, 300], new Rng(5)).dataSync();
    const b = glorotUniform()([100, 300], new Rng(5)).dataSync();
    expect(a).toEqual(b);
    expect(Math.max(...a)).toBeLessThanOrEqual(limit);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...a)).toBeGreaterThan(limit * 0.95);
    const u = uniform(0.08)([1000], new Rng(1)).dataSync();
    expect(Math.max(...u)).toBeLessThanOrEqual(0.08);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-0.08);
  });
});
