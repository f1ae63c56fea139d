/**
 * `paint --pool`'s measure of how close paintings come: checked on painters whose canvases are
 * known (the targets themselves, a uniform gray, the inverted targets).
 */
import { describe, expect, it } from 'vitest';
import { poolImages } from './data';
import type { DrawModel } from './models/registry';
import { paintPool } from './paint';

/** A stand-in painter whose final canvas is `canvas(target)`. */
const painter = (canvas: (target: Float32Array) => Float32Array): DrawModel => ({
  kind: 'painter',
  width: 28,
  height: 28,
  sampleSteps: 1,
  paint: (targets) => canvas(targets),
  dispose: () => {},
});

describe('paintPool', () => {
  it('scores a perfect painting at zero loss and full ink overlap', () => {
    const s = paintPool(painter((t) => t.slice()), 'test', 30);
    expect(s.images).toBe(30);
    expect(s.bcePerPixel).toBeCloseTo(0, 5);
    expect(s.msePerPixel).toBe(0);
    expect(s.inkIoU).toBe(1);
  });

  it('scores a uniform gray at log 2 nats and a quarter squared error, with no ink', () => {
    const s = paintPool(painter((t) => new Float32Array(t.length).fill(0.5)), 'test', 7);
    expect(s.bcePerPixel).toBeCloseTo(Math.log(2), 5);
    expect(s.msePerPixel).toBeCloseTo(0.25, 6);
    expect(s.inkIoU).toBe(0);
  });

  it('measures the inverted targets: mse 1, IoU 0, and paints every image of the pool once', () => {
    let seen = 0;
    const s = paintPool(
      painter((t) => {
        seen += t.length / 784;
        return t.map((x) => 1 - x);
      }),
      'test',
      250,
    );
    expect(seen).toBe(250);
    expect(s.msePerPixel).toBe(1);
    expect(s.inkIoU).toBe(0);
    expect(s.bcePerPixel).toBeCloseTo(-Math.log(1e-6), 3);
    expect(paintPool(painter((t) => t.slice()), 'test', undefined).images).toBe(poolImages('test').indices.length);
  });
});
