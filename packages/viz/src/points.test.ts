// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { layoutPointSet, pointSetDataAt, pointSetSvg, renderPointSet } from './points';
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
    expect(host.querySelector('[role=status]')!.textContent).toBe('point 2 at (1, 1), probability 0.800, taken at this step');
    handle.setStep(undefined);
    expect(host.querySelector('polygon.answer')).not.toBeNull();
    handle.dispose();
  });

  it('rings the point taken at the step, and draws a triangulation one triangle per three steps', () => {
    const at2 = layoutPointSet({ points, answer: { kind: 'tour', indices: tour }, probabilities }, { step: 2 });
    expect(at2.points.filter((p) => p.taken).map((p) => p.index)).toEqual([tour[2]]);
    const svg = parseSvg(pointSetSvg({ points, answer: { kind: 'tour', indices: tour }, probabilities }, { step: 2 }));
    expect(svg.querySelectorAll('circle.taken-ring')).toHaveLength(1);
    expect(svg.querySelector(`circle.point[data-index="${tour[2]}"] title`)!.textContent).toMatch(/taken at this step$/);
    const tris = { kind: 'triangles', indices: [[0, 1, 4], [1, 2, 4]] } as const;
    const flat = tris.indices.flat();
    const triProbabilities = flat.map((next) => points.map((_, i) => (i === next ? 0.8 : 0.05)));
    const at4 = layoutPointSet({ points, answer: tris, probabilities: triProbabilities }, { step: 4 });
    expect(at4.shapes).toEqual([{ points: [0, 1, 4], closed: true }]);
    expect(at4.points.filter((p) => p.chosen).map((p) => p.index).sort()).toEqual([0, 1, 4]);
    expect(at4.points.find((p) => p.taken)!.index).toBe(2);
    expect(layoutPointSet({ points, answer: tris, probabilities: triProbabilities }, { step: 6 }).shapes).toHaveLength(2);
  });

  it('marks where a tour starts and its direction; a hull has neither', () => {
    const svg = parseSvg(pointSetSvg({ points, answer: { kind: 'tour', indices: tour } }));
    const l = layoutPointSet({ points, answer: { kind: 'tour', indices: tour } });
    const start = svg.querySelector('circle.start')!;
    expect([Number(start.getAttribute('cx')), Number(start.getAttribute('cy'))]).toEqual([l.points[tour[0]!]!.x, l.points[tour[0]!]!.y].map((v) => Math.round(v * 100) / 100));
    // The arrowhead's tip points from the first city towards the second.
    const [a, b] = [l.points[tour[0]!]!, l.points[tour[1]!]!];
    const tip = svg.querySelector('polygon.direction')!.getAttribute('points')!.split(' ')[0]!.split(',').map(Number);
    const mid = [(a.x + b.x) / 2, (a.y + b.y) / 2];
    expect((tip[0]! - mid[0]!) * (b.x - a.x) + (tip[1]! - mid[1]!) * (b.y - a.y)).toBeGreaterThan(0);
    const hull = parseSvg(pointSetSvg({ points, answer: { kind: 'hull', indices: [0, 1, 2, 3] } }));
    expect(hull.querySelector('.direction > *')).toBeNull();
  });

  it('draws a reference dashed under the answer and marks triangles that are not in it', () => {
    const l = layoutPointSet({ points, answer: { kind: 'triangles', indices: [[0, 1, 4], [1, 2, 3]] }, reference: { kind: 'triangles', indices: [[4, 1, 0], [1, 2, 4]] } });
    expect(l.shapes.map((s) => s.wrong)).toEqual([false, true]);
    expect(l.referenceShapes).toHaveLength(2);
    const svg = parseSvg(pointSetSvg({ points, answer: { kind: 'hull', indices: [0, 1, 2] }, reference: { kind: 'hull', indices: [0, 1, 2, 3] } }));
    const ref = svg.querySelector('polygon.reference')!;
    expect(ref.getAttribute('stroke-dasharray')).toBe('7 5');
    expect(ref.getAttribute('points')!.split(' ')).toHaveLength(4);
    // Drawn first, so under the answer.
    expect(svg.querySelector('g.references')!.compareDocumentPosition(svg.querySelector('g.answers')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('fixed bounds map picture points back to data, with grid lines and index labels', () => {
    const l = layoutPointSet({ points: [[0.2, 0.3]] }, { size: 200, padding: 20, bounds: [0, 0, 1, 1], gridLines: 10, indexLabels: true });
    expect(l.region).toEqual({ x: 20, y: 20, width: 160, height: 160 });
    expect(l.points[0]!.x).toBeCloseTo(20 + 0.2 * 160);
    expect(l.points[0]!.y).toBeCloseTo(20 + 0.7 * 160);
    const back = pointSetDataAt(l, l.points[0]!.x, l.points[0]!.y)!;
    expect(back[0]).toBeCloseTo(0.2);
    expect(back[1]).toBeCloseTo(0.3);
    expect(pointSetDataAt(l, 10, 100)).toBeUndefined();
    // An empty board to click points into.
    expect(layoutPointSet({ points: [] }, { bounds: [0, 0, 1, 1] }).points).toEqual([]);
    expect(l.grid.xs).toHaveLength(9);
    const svg = parseSvg(pointSetSvg({ points: [[0.2, 0.3], [0.5, 0.5]] }, { bounds: [0, 0, 1, 1], indexLabels: true }));
    expect(Array.from(svg.querySelectorAll('.index-labels text')).map((t) => t.textContent)).toEqual(['0', '1']);
    // The DOM handle maps a client point through the drawn size (here drawn at half size).
    const host = document.createElement('div');
    const handle = renderPointSet(host, { points: [[0.2, 0.3]] }, { size: 200, padding: 20, bounds: [0, 0, 1, 1] });
    placeAt(handle.svg, { left: 100, top: 50, width: 100, height: 100 });
    const [x, y] = handle.dataAtClientPoint(100 + (20 + 0.25 * 160) / 2, 50 + (20 + 0.25 * 160) / 2)!;
    expect(x).toBeCloseTo(0.25);
    expect(y).toBeCloseTo(0.75);
    handle.dispose();
  });

  it('says what was wrong', () => {
    expect(() => layoutPointSet({ points }, { bounds: [0, 0, -1, 1] })).toThrow('bounds is [0, 0, -1, 1]; expected finite [xMin, yMin, xMax, yMax]');
    expect(() => layoutPointSet({ points, reference: { kind: 'hull', indices: [0, 7] } })).toThrow('reference.indices[1] is 7; expected a point index in 0..4');
    expect(() => layoutPointSet({ points: [] })).toThrow(VizError);
    expect(() => layoutPointSet({ points: [[0, 0, 1] as unknown as [number, number]] })).toThrow('points[0] has 3 coordinates; expected [x, y]');
    expect(() => layoutPointSet({ points, answer: { kind: 'tour', indices: [0, 9] } })).toThrow('answer.indices[1] is 9; expected a point index in 0..4');
    expect(() => layoutPointSet({ points, probabilities: [[0.5, 0.5]] })).toThrow('probabilities[0] has 2 values; expected 5 (one per point)');
    expect(() => layoutPointSet({ points, probabilities }, { step: 9 })).toThrow('step is 9; expected an integer in 0..5');
  });
});
