// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { gateTracesSvg, layoutGateTraces, renderGateTraces, softBranch } from './gates';
import { overlappingPairs, parseSvg, placeAt, pointer } from './test-helpers';

const steps = ['t', 'h', 'e', ' ', 'c', 'a', 't'];
const z = [0.9, 0.8, 0.2, 0.95, 0.1, 0.5, 0.7];
const r = [0.1, 0.3, 0.6, 0.2, 0.9, 0.4, 0.5];
const previous = [0, 0.3, -0.5, 0.8, 0.1, -0.2, 0.6];
const candidate = [0.5, -0.4, 0.9, -0.9, 0.7, 0.3, -0.1];

describe('gate traces', () => {
  it('soft branching is the convex mix z*h + (1-z)*h~ (r*5 + (1-r)*3 picks between 5 and 3)', () => {
    expect(softBranch([1, 0, 0.5], [5, 5, 5], [3, 3, 3])).toEqual([5, 3, 4]);
    const mixed = softBranch(z, previous, candidate);
    mixed.forEach((m, t) => expect(m).toBeCloseTo(z[t]! * previous[t]! + (1 - z[t]!) * candidate[t]!));
  });

  it('one row per gate, one cell per step; with blend three more rows, the last the mix', () => {
    const plain = layoutGateTraces({ steps, gates: { z, r } });
    expect(plain.rows.map((row) => row.name)).toEqual(['z', 'r']);
    expect(plain.cells).toHaveLength(2 * steps.length);
    const l = layoutGateTraces({ steps, gates: { z, r }, blend: { previous, candidate } });
    expect(l.rows.map((row) => row.name)).toEqual(['z', 'r', 'h(t-1)', 'h~(t)', 'z*h + (1-z)*h~']);
    expect(l.cells).toHaveLength(5 * steps.length);
    expect(l.rows[4]!.values).toEqual(softBranch(z, previous, candidate));
    expect(overlappingPairs(l.stepLabels.map((s) => s.box))).toEqual([]);
  });

  it('SVG names each cell with the gate (or the formula), the step and its token', () => {
    const svg = parseSvg(gateTracesSvg({ steps, gates: { z, r }, blend: { previous, candidate } }));
    const cells = svg.querySelectorAll('rect.cell');
    expect(cells).toHaveLength(35);
    expect(cells[2]!.querySelector('title')!.textContent).toBe('z at step 2 (“e”): 0.200');
    expect(cells[4 * 7 + 3]!.querySelector('title')!.textContent).toBe(`z*h(t-1) + (1-z)*h~(t) at step 3 (“ ”): ${(0.95 * 0.8 + 0.05 * -0.9).toFixed(3)}`);
    expect(svg.getAttribute('aria-label')).toBe('Gate traces: z, r over 7 steps, with the soft-branching mix');
  });

  it('DOM: hover names gate and step', () => {
    const host = document.createElement('div');
    const handle = renderGateTraces(host, { steps, gates: { z, r } });
    const l = layoutGateTraces({ steps, gates: { z, r } });
    placeAt(handle.svg, { left: 0, top: 0, width: l.width, height: l.height });
    placeAt(handle.frame, { left: 0, top: 0, width: l.width, height: l.height });
    const cell = l.cells[1 * steps.length + 4]!;
    pointer(handle.svg, 'pointermove', cell.x + cell.width - 1, cell.y + cell.height - 1);
    expect(host.querySelector('[role=status]')!.textContent).toBe('r at step 4 (“c”): 0.900');
    handle.dispose();
  });

  it('says what was wrong', () => {
    expect(() => layoutGateTraces({ steps, gates: {} })).toThrow(VizError);
    expect(() => layoutGateTraces({ steps, gates: { z: z.slice(1) } })).toThrow('steps has 7 labels; expected 6 (one per value of gates.z)');
    expect(() => layoutGateTraces({ steps, gates: { z: z.map((v) => v * 2) } })).toThrow("gates.z[0] is 1.8; a gate's value is in [0, 1]");
    expect(() => layoutGateTraces({ steps, gates: { r }, blend: { previous, candidate } })).toThrow("blend.gate is 'z' but gates has only 'r'");
  });
});
