/**
 * Gate traces over time: one row per gate (a GRU's update gate `z` and reset gate `r`, an
 * LSTM's `i`, `f`, `o`), one column per step, each cell shaded by the gate's value in [0, 1].
 *
 * With `blend`, three more rows show the lecture's reading of gating as soft branching: the
 * GRU's new state is the convex mix `h_t = z*h_{t-1} + (1-z)*h~_t` (Cho et al. 2014, eq. 7,
 * with `z` weighting the old state), an "if z then keep else overwrite" made differentiable,
 * as `r*5 + (1-r)*3` picks between 5 and 3. The rows are `h_{t-1}`, `h~_t` and the mix,
 * computed here from the given gate, on the diverging scale (tanh units are in [-1, 1]).
 */
import { colorScale, hex, type ColorScale } from './color';
import { mountPicture, titleOf, type Box, type Interactive, type PictureHandle } from './dom';
import { VizError } from './errors';
import { el, escapeXml, svgRoot } from './svg';
import { measureText, truncateText } from './text';
import { finiteValues, labelCount, type Numbers } from './validate';

/** Gate values per step, and optionally one unit's old and candidate state to blend. */
export interface GateTraceData {
  /** One label per step (the input token at that step). */
  steps: readonly string[];
  /** Gate name -> one value in [0, 1] per step, e.g. `{ z: [...], r: [...] }`; one row each. */
  gates: Readonly<Record<string, Numbers>>;
  /** Soft branching of one unit: `gate * previous + (1 - gate) * candidate`, per step. */
  blend?: {
    /** Which gate mixes (default `'z'`). */
    gate?: string;
    /** `h_{t-1}` of the unit, one per step. */
    previous: Numbers;
    /** `h~_t` of the unit, one per step. */
    candidate: Numbers;
  };
}

/** Options of the gate traces; every field has a default. */
export interface GateTraceOptions {
  /** Font size in pixels. Default 12. */
  fontSize?: number;
  /** Smallest cell side in pixels. Default 22. */
  minCellSize?: number;
  /** Step labels are cut at this many pixels. Default 80. */
  maxLabelWidth?: number;
  /** Accessible name. Default "Gate traces: <gates> over N steps". */
  label?: string;
}

/** One row of the picture. */
export interface GateRow {
  name: string;
  values: number[];
  scale: ColorScale;
  /** Set on the blended row: the formula it shows. */
  formula?: string;
}

/** Where everything goes. */
export interface GateTraceLayout {
  width: number;
  height: number;
  cellSize: number;
  fontSize: number;
  grid: Box;
  rows: GateRow[];
  steps: string[];
  cells: (Box & { row: number; col: number; value: number; color: string })[];
  stepLabels: { text: string; x: number; y: number; vertical: boolean; box: Box }[];
  label: string;
}

/** `gate * previous + (1 - gate) * candidate`, elementwise. */
export function softBranch(gate: readonly number[], previous: readonly number[], candidate: readonly number[]): number[] {
  return gate.map((z, t) => z * previous[t]! + (1 - z) * candidate[t]!);
}

/** Checks the data and lays the picture out. */
export function layoutGateTraces(data: GateTraceData, options: GateTraceOptions = {}): GateTraceLayout {
  const names = Object.keys(data.gates);
  if (names.length === 0) throw new VizError('gates is empty; expected at least one gate, e.g. { z: [...], r: [...] }');
  const steps = data.steps.map(String);
  const unit = colorScale('sequential', [], [0, 1]);
  const signed = colorScale('diverging', [], [-1, 1]);
  const rows: GateRow[] = names.map((name) => {
    const values = finiteValues(data.gates[name]!, `gates.${name}`);
    labelCount(steps, values.length, 'steps', `value of gates.${name}`);
    const bad = values.findIndex((v) => v < 0 || v > 1);
    if (bad >= 0) throw new VizError(`gates.${name}[${bad}] is ${values[bad]}; a gate's value is in [0, 1]`);
    return { name, values, scale: unit };
  });
  if (data.blend) {
    const gate = data.blend.gate ?? 'z';
    const z = rows.find((r) => r.name === gate);
    if (!z) throw new VizError(`blend.gate is '${gate}' but gates has only ${names.map((n) => `'${n}'`).join(', ')}`);
    const previous = finiteValues(data.blend.previous, 'blend.previous');
    const candidate = finiteValues(data.blend.candidate, 'blend.candidate');
    labelCount(steps, previous.length, 'steps', 'value of blend.previous');
    labelCount(steps, candidate.length, 'steps', 'value of blend.candidate');
    const m = Math.max(1, ...previous.map(Math.abs), ...candidate.map(Math.abs));
    const scale = m > 1 ? colorScale('diverging', [], [-m, m]) : signed;
    rows.push({ name: 'h(t-1)', values: previous, scale });
    rows.push({ name: 'h~(t)', values: candidate, scale });
    rows.push({ name: `${gate}*h + (1-${gate})*h~`, values: softBranch(z.values, previous, candidate), scale, formula: `${gate}*h(t-1) + (1-${gate})*h~(t)` });
  }
  const fontSize = options.fontSize ?? 12;
  const cellSize = Math.max(options.minCellSize ?? 22, Math.ceil(fontSize * 1.6));
  const texts = steps.map((s) => truncateText(s === ' ' ? '␣' : s.replace(/\n/g, '↵'), options.maxLabelWidth ?? 80, fontSize));
  const widest = Math.max(0, ...texts.map((t) => measureText(t, fontSize)));
  const vertical = widest > cellSize - 4;
  const left = Math.ceil(Math.max(...rows.map((r) => measureText(r.name, fontSize))) + 10);
  const grid: Box = { x: left, y: 6, width: steps.length * cellSize, height: rows.length * cellSize };
  const cells = rows.flatMap((r, i) =>
    r.values.map((value, col) => ({ row: i, col, value, color: hex(r.scale.color(value)), x: grid.x + col * cellSize, y: grid.y + i * cellSize, width: cellSize, height: cellSize })),
  );
  const top = grid.y + grid.height + 6;
  const stepLabels = texts.map((text, c) => {
    const w = measureText(text, fontSize);
    const cx = grid.x + (c + 0.5) * cellSize;
    return vertical
      ? { text, x: cx + fontSize * 0.35, y: top, vertical, box: { x: cx - fontSize / 2, y: top, width: fontSize, height: w } }
      : { text, x: cx, y: top + fontSize, vertical, box: { x: cx - w / 2, y: top, width: w, height: fontSize } };
  });
  const width = grid.x + grid.width + 8;
  const height = top + (vertical ? widest : fontSize) + 8;
  const label = options.label ?? `Gate traces: ${names.join(', ')} over ${steps.length} steps${data.blend ? ', with the soft-branching mix' : ''}`;
  return { width, height, cellSize, fontSize, grid, rows, steps, cells, stepLabels, label };
}

function describe(l: GateTraceLayout, i: number): string {
  const c = l.cells[i]!;
  const row = l.rows[c.row]!;
  return `${row.formula ?? row.name} at step ${c.col} (“${l.steps[c.col]}”): ${c.value.toFixed(3)}`;
}

function renderLayout(l: GateTraceLayout): string {
  return svgRoot(l.width, l.height, l.label, [
    el('g', { class: 'cells', stroke: '#fff', 'stroke-width': 0.5 }, l.cells.map((c, i) => el('rect', { class: 'cell', x: c.x, y: c.y, width: c.width, height: c.height, fill: c.color }, titleOf(describe(l, i))))),
    el('g', { class: 'row-labels', 'font-size': l.fontSize, fill: '#222' }, l.rows.map((r, i) => el('text', { x: l.grid.x - 6, y: l.grid.y + (i + 0.5) * l.cellSize + l.fontSize * 0.35, 'text-anchor': 'end' }, escapeXml(r.name)))),
    el('g', { class: 'step-labels', 'font-size': l.fontSize, fill: '#222' }, l.stepLabels.map((s) =>
      el('text', { x: s.x, y: s.y, 'text-anchor': s.vertical ? 'end' : 'middle', transform: s.vertical ? `rotate(-90 ${s.x} ${s.y})` : undefined }, escapeXml(s.text)),
    )),
  ], 'seq2seq-viz seq2seq-viz-gates');
}

/** Gate traces as an SVG string. */
export function gateTracesSvg(data: GateTraceData, options: GateTraceOptions = {}): string {
  return renderLayout(layoutGateTraces(data, options));
}

function interactive(l: GateTraceLayout): Interactive {
  return {
    svg: renderLayout(l),
    count: l.cells.length,
    columns: l.steps.length,
    hitTest: (x, y) => {
      const c = Math.floor((x - l.grid.x) / l.cellSize);
      const r = Math.floor((y - l.grid.y) / l.cellSize);
      return c >= 0 && r >= 0 && c < l.steps.length && r < l.rows.length ? r * l.steps.length + c : -1;
    },
    describe: (i) => describe(l, i),
    box: (i) => l.cells[i]!,
  };
}

/** Draws gate traces into `element`; hover, tap or the arrow keys name gate, step and value. */
export function renderGateTraces(element: HTMLElement, data: GateTraceData, options: GateTraceOptions = {}): PictureHandle<GateTraceData, GateTraceOptions> {
  return mountPicture(element, data, options, (d, o) => interactive(layoutGateTraces(d, o)), 'seq2seq-viz-gates-frame');
}
