import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is reproducible from a seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform floats in [0, 1) with the right mean and normals with the right moments', () => {
    const rng = new Rng(1);
    const u = rng.uniformArray(20000);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((s, x) => s + x, 0) / u.length).toBeCloseTo(0.5, 1);
    const n = rng.normalArray(20000, 0, 2);
    const mean = n.reduce((s, x) => s + x, 0) / n.length;
    const variance = n.reduce((s, x) => s + (x - mean) ** 2, 0) / n.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(variance).toBeGreaterThan(3.8);
    expect(variance).toBeLessThan(4.2);
  });

  it('shuffles into a permutation and forks independent streams', () => {
    const rng = new Rng(7);
    const p = rng.permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const f1 = new Rng(7).fork();
    const f2 = new Rng(7).fork();
    expect(f1.next()).toBe(f2.next());
  });

  it('never returns a tf seed of 0 and restores its state', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 1000; i++) expect(rng.tfSeed()).toBeGreaterThan(0);
    const state = rng.getState();
    const x = rng.next();
    rng.setState(state);
    expect(rng.next()).toBe(x);
    expect(() => rng.setState([1, 2])).toThrow(/4 unsigned 32-bit integers/);
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
  });
});
