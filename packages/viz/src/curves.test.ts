// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { curvesSvg, layoutCurves, renderCurves } from './curves';
import { VizError } from './errors';
import { parseSvg, placeAt, pointer } from './test-helpers';

const train = Array.from({ length: 40 }, (_, i) => 3 * Math.exp(-i / 10) + 0.2);
const valid = Array.from({ length: 8 }, (_, i) => 3 * Math.exp(-(i * 5) / 10) + 0.35);
const series = [
  { name: 'train', y: train },
  { name: 'validation', y: valid, x: valid.map((_, i) => i * 5), dashed: true },
];

/** The points of an SVG path `d` made of M and L commands. */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('layoutCurves', () => {
  it('gives each series a path with one point per datum, inside the plot, in x order', () => {
    const l = layoutCurves(series);
    expect(l.curves.map((c) => pathPoints(c.d).length)).toEqual([40, 8]);
    for (const c of l.curves) {
      for (const [x, y] of pathPoints(c.d)) {
        expect(x).toBeGreaterThanOrEqual(l.plot.x - 0.01);
        expect(x).toBeLessThanOrEqual(l.plot.x + l.plot.width + 0.01);
        expect(y).toBeGreaterThanOrEqual(l.plot.y - 0.01);
        expect(y).toBeLessThanOrEqual(l.plot.y + l.plot.height + 0.01);
      }
    }
    // The validation point at x = 35 sits where the training point at x = 35 does, horizontally.
    expect(l.curves[1]!.points[7]!.x).toBeCloseTo(l.curves[0]!.points[35]!.x);
    // Lower loss is lower on the picture (larger y).
    expect(l.curves[0]!.points[39]!.y).toBeGreaterThan(l.curves[0]!.points[0]!.y);
    expect(l.curves[0]!.color).not.toBe(l.curves[1]!.color);
  });

  it('puts round ticks on both axes, covering the data', () => {
    const l = layoutCurves(series);
    // Data from 0.2 to 3.2: the axis widens to the round ticks around it.
    expect(l.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4]);
    expect(l.yTicks[0]!.position).toBeCloseTo(l.plot.y + l.plot.height);
    expect(l.yTicks[4]!.position).toBeCloseTo(l.plot.y);
    expect(l.xTicks[0]!.value).toBe(0);
    expect(l.xTicks.every((t) => Number.isInteger(t.value / 5))).toBe(true);
    l.yTicks.slice(1).forEach((t, i) => expect(t.position).toBeLessThan(l.yTicks[i]!.position));
  });

  it('log scale: powers of ten, equal spacing per decade; rejects non-positive values clearly', () => {
    const l = layoutCurves([{ name: 'loss', y: [100, 10, 1, 0.1] }], { logY: true });
    expect(l.yTicks.map((t) => t.value)).toEqual([0.1, 1, 10, 100]);
    const ys = l.curves[0]!.points.map((p) => p.y);
    expect(ys[1]! - ys[0]!).toBeCloseTo(ys[2]! - ys[1]!);
    // A range within two decades gets 1-2-5 ticks and ends on round values, not whole decades.
    expect(layoutCurves([{ name: 'loss', y: [5.1, 2, 0.7] }], { logY: true }).yTicks.map((t) => t.value)).toEqual([0.5, 1, 2, 5, 10]);
    expect(() => layoutCurves([{ name: 'loss', y: [1, 0.5, 0] }], { logY: true })).toThrow(VizError);
    expect(() => layoutCurves([{ name: 'loss', y: [1, -0.5] }], { logY: true })).toThrow('series "loss" point 1 has y = -0.5; a log-scale axis needs every y > 0');
    expect(() => layoutCurves([{ name: 'loss', y: [1, 0.5, 0] }])).not.toThrow();
  });

  it('rejects mismatched x and y, and non-finite values', () => {
    expect(() => layoutCurves([{ name: 'a', y: [1, 2], x: [0] }])).toThrow('series "a" has 1 x values and 2 y values; expected one x per y');
    expect(() => layoutCurves([{ name: 'a', y: [1, Infinity] }])).toThrow('series "a" point 1 is (1, Infinity); expected finite numbers');
  });
});

describe('curvesSvg', () => {
  it('draws one path and one legend entry per series, with an accessible name', () => {
    const svg = parseSvg(curvesSvg(series, { logY: true, yLabel: 'cross-entropy' }));
    const paths = svg.querySelectorAll('path.curve');
    expect(paths).toHaveLength(2);
    expect(pathPoints(paths[0]!.getAttribute('d')!)).toHaveLength(40);
    expect(paths[1]!.getAttribute('stroke-dasharray')).toBe('6 4');
    expect(svg.getAttribute('aria-label')).toBe('Learning curves: train, validation (log scale)');
    expect(Array.from(svg.querySelectorAll('.legend text')).map((t) => t.textContent)).toEqual(['train', 'validation']);
  });
});

describe('renderCurves', () => {
  it('appends points live into the same <svg>, and names the nearest point on hover', () => {
    const host = document.createElement('div');
    const handle = renderCurves(host, [{ name: 'train', y: [2.5, 2.1] }]);
    const svg = handle.svg;
    for (let i = 2; i < 10; i++) handle.append('train', 2.5 / (1 + i));
    handle.append('run 2', [3, 2.8, 2.2], [0, 4, 8]);
    expect(handle.svg).toBe(svg);
    expect(host.querySelectorAll('svg')).toHaveLength(1);
    const paths = host.querySelectorAll('path.curve');
    expect(pathPoints(paths[0]!.getAttribute('d')!)).toHaveLength(10);
    expect(pathPoints(paths[1]!.getAttribute('d')!)).toHaveLength(3);
    expect(handle.layout.curves[1]!.data.map((p) => p.x)).toEqual([0, 4, 8]);

    placeAt(svg, { left: 0, top: 0, width: handle.layout.width, height: handle.layout.height });
    placeAt(handle.frame, { left: 0, top: 0, width: handle.layout.width, height: handle.layout.height });
    const p = handle.layout.curves[1]!.points[1]!;
    pointer(svg, 'pointermove', p.x + 2, p.y - 1);
    expect(host.querySelector('[role=status]')!.textContent).toBe('run 2: step 4, loss 2.8');
    handle.dispose();
  });

  it('undoes an append that breaks the log scale, and says why', () => {
    const host = document.createElement('div');
    const handle = renderCurves(host, [{ name: 'train', y: [2, 1] }], { logY: true });
    expect(() => handle.append('train', 0)).toThrow(/log-scale axis needs every y > 0/);
    expect(handle.layout.curves[0]!.data).toHaveLength(2);
    handle.append('train', 0.5);
    expect(handle.layout.curves[0]!.data).toHaveLength(3);
    handle.dispose();
  });
});
