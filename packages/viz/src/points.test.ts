// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { layoutPointSet, pointSetSvg, renderPointSet } from './points';
import { parseSvg, placeAt, pointer } from './test-helpers';

const points: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.4]];
const tour = [0, 4, 1, 2, 3];
// The pointer's distribution at each step: peaked on the point it chooses next.
const probabilities = tour.map((next) => points.map((_, i) => (i === next ? 0.8 : 0.05)));

describe('point sets', () => {
  it('keeps the aspect ratio and puts y up', () => {
    const l = layoutPointSet({ points: [[0, 0], [2, 0], [2, 1]] }, { size: 200 });
    const [a, b, c] = l.points;
    expect(b!.x - a!.x).toBeCloseTo(2 * (b!.y - c!.y));
    expect(c!.y).toBeLessThan(b!.y);
  });

  it('draws the whole tour closed, or its first k points at step k with the step distribution', () => {
    const whole = layoutPointSet({ points, answer: { kind: 'tour', indices: tour }, probabilities });
    expect(whole.shapes).toEqual([{ points: tour, closed: true }]);
    const at2 = layoutPointSet({ points, answer: { kind: 'tour', indices: tour }, probabilities }, { step: 2 });
    expect(at2.shapes).toEqual([{ points: [0, 4], closed: false }]);
    expect(at2.points.filter((p) => p.chosen).map((p) => p.index)).toEqual([0, 4]);
    expect(at2.points.map((p) => p.probability)).toEqual(probabilities[2]);
    // The likeliest point has the largest circle.
    const largest = at2.points.reduce((a, b) => (b.r > a.r ? b : a));
    expect(largest.index).toBe(tour[2]);
  });

  it('triangles and hull as index lists', () => {
    const tri = layoutPointSet({ points, answer: { kind: 'triangles', indices: [[0, 1, 4], [1, 2, 4]] } });
    expect(tri.shapes).toEqual([{ points: [0, 1, 4], closed: true }, { points: [1, 2, 4], closed: true }]);
    const svg = parseSvg(pointSetSvg({ points, answer: { kind: 'hull', indices: [0, 1, 2, 3] } }));
    expect(svg.querySelectorAll('polygon.answer')).toHaveLength(1);
    expect(svg.querySelector('polygon.answer')!.getAttribute('points')!.split(' ')).toHaveLength(4);
    expect(svg.querySelectorAll('circle.point')).toHaveLength(5);
    expect(svg.getAttribute('aria-label')).toBe('5 points with a hull');
  });

  it('DOM: a slider steps through decoding; tap names the point and its probability', () => {
    const host = document.createElement('div');
    const handle = renderPointSet(host, { points, answer: { kind: 'tour', indices: tour }, probabilities }, { step: 0 });
    const svg = handle.svg;
    handle.setStep(3);
    expect(handle.svg).toBe(svg);
    expect(host.querySelector('polyline.answer')!.getAttribute('points')!.split(' ')).toHaveLength(3);
    expect(svg.getAttribute('aria-label')).toBe('5 points with a tour, decoding step 3 of 5');
    placeAt(svg, { left: 0, top: 0, width: handle.layout.size, height: handle.layout.size });
    placeAt(handle.frame, { left: 0, top: 0, width: handle.layout.size, height: handle.layout.size });
    const p = handle.layout.points[2]!;
    pointer(svg, 'pointerdown', p.x + 3, p.y + 3, 'touch');
    expect(host.querySelector('[role=status]')!.textContent).toBe('point 2 at (1, 1), probability 0.800');
    handle.setStep(undefined);
    expect(host.querySelector('polygon.answer')).not.toBeNull();
    handle.dispose();
  });

  it('says what was wrong', () => {
    expect(() => layoutPointSet({ points: [] })).toThrow(VizError);
    expect(() => layoutPointSet({ points: [[0, 0, 1] as unknown as [number, number]] })).toThrow('points[0] has 3 coordinates; expected [x, y]');
    expect(() => layoutPointSet({ points, answer: { kind: 'tour', indices: [0, 9] } })).toThrow('answer.indices[1] is 9; expected a point index in 0..4');
    expect(() => layoutPointSet({ points, probabilities: [[0.5, 0.5]] })).toThrow('probabilities[0] has 2 values; expected 5 (one per point)');
    expect(() => layoutPointSet({ points, probabilities }, { step: 9 })).toThrow('step is 9; expected an integer in 0..5');
  });
});
