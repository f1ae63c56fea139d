import { describe, expect, it } from 'vitest';
import { colorScale, divergingColor, hex, luminance, sequentialColor, textColorOn } from './color';
import { VizError } from './errors';

/** Largest luminance change from rounding each channel to 8 bits (near white). */
const ROUNDING = 0.004;
const samples = (n: number, from: number, to: number) => Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);

describe('colour scales', () => {
  it('sequential: luminance falls strictly from 0 to 1, light to dark', () => {
    const lum = samples(50, 0, 1).map((t) => luminance(sequentialColor(t)));
    lum.slice(1).forEach((l, i) => expect(l).toBeLessThan(lum[i]!));
    // Finely sampled, it never rises by more than 8-bit rounding of the channels.
    const fine = samples(1000, 0, 1).map((t) => luminance(sequentialColor(t)));
    fine.slice(1).forEach((l, i) => expect(l).toBeLessThanOrEqual(fine[i]! + ROUNDING));
    expect(lum[0]).toBeGreaterThan(0.9);
    expect(lum[lum.length - 1]).toBeLessThan(0.05);
  });

  it('diverging: luminance falls strictly with |v| on both sides of the neutral 0', () => {
    const right = samples(30, 0, 1).map((v) => luminance(divergingColor(v)));
    const left = samples(30, 0, -1).map((v) => luminance(divergingColor(v)));
    for (const side of [right, left]) side.slice(1).forEach((l, i) => expect(l).toBeLessThan(side[i]!));
    for (const end of [1, -1]) {
      const fine = samples(1000, 0, end).map((v) => luminance(divergingColor(v)));
      fine.slice(1).forEach((l, i) => expect(l).toBeLessThanOrEqual(fine[i]! + ROUNDING));
    }
    expect(luminance(divergingColor(0))).toBeGreaterThan(0.9);
    // Blue below zero, red above.
    const [r1, , b1] = divergingColor(-0.8);
    const [r2, , b2] = divergingColor(0.8);
    expect(b1).toBeGreaterThan(r1);
    expect(r2).toBeGreaterThan(b2);
  });

  it('clamps outside the domain and formats hex', () => {
    expect(sequentialColor(-3)).toEqual(sequentialColor(0));
    expect(divergingColor(7)).toEqual(divergingColor(1));
    expect(hex([8, 48, 255])).toBe('#0830ff');
    expect(textColorOn(sequentialColor(1))).toBe('#ffffff');
    expect(textColorOn(sequentialColor(0))).toBe('#111111');
  });

  it('colorScale: diverging is symmetric about 0, sequential starts at min(0, values)', () => {
    const d = colorScale('diverging', [-0.2, 3]);
    expect(d.domain).toEqual([-3, 3]);
    expect(d.color(0)).toEqual(divergingColor(0));
    expect(d.color(-3)).toEqual(divergingColor(-1));
    const s = colorScale('sequential', [2, 5]);
    expect(s.domain).toEqual([0, 5]);
    expect(s.color(5)).toEqual(sequentialColor(1));
    expect(() => colorScale('sequential', [], [1, 1])).toThrow(VizError);
    expect(() => colorScale('sequential', [], [2, 1])).toThrow('domain must be [low, high] with high > low; got [2, 1]');
  });
});
