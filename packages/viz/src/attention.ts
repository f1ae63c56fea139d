/**
 * The attention matrix (Bahdanau et al. 2015, Figure 3): one row per target (output) token, one
 * column per source token, each cell shaded by the weight `alpha[target][source]`.
 *
 * Readable for long sentences: cells never shrink below `minCellSize`; a column label turns
 * vertical when it does not fit across its cell (the others stay upright), and every label is cut with an ellipsis at
 * `maxLabelWidth`; the DOM frame scrolls rather than squash. Labels are laid out from measured
 * widths (see text.ts) and their boxes never overlap.
 */
import { colorScale, hex, type ColorScale } from './color';
import { mount, titleOf, type Box, type Interactive } from './dom';
import { horizontalLegendHeight, horizontalLegendSvg, horizontalLegendWidth, legendSvg, legendWidth, uniqueId } from './legend';
import { VizError } from './errors';
import { el, escapeXml, svgRoot } from './svg';
import { measureText, truncateText } from './text';
import { labelledMatrix, type Matrix } from './validate';

/** The data of an attention picture. */
export interface AttentionData {
  /** `weights[t][s]`: how much target token `t` attends to source token `s`. `[targets, sources]`. */
  weights: Matrix;
  /** One label per source position (columns). */
  sourceTokens: readonly string[];
  /** One label per target position (rows). */
  targetTokens: readonly string[];
}

/** Options of the attention picture; every field has a default. */
export interface AttentionOptions {
  /** Label font size in pixels. Default 12. */
  fontSize?: number;
  /** DOM only: keep the row and column labels in view while the frame scrolls. Default true. */
  stickyLabels?: boolean;
  /** Smallest cell side in pixels; cells are never smaller. Default 22. */
  minCellSize?: number;
  /** Labels longer than this many pixels are cut with an ellipsis. Default 110. */
  maxLabelWidth?: number;
  /** Colour domain. Default `[0, 1]` when every weight is in [0, 1], else the weights' range. */
  domain?: readonly [number, number];
  /** Draw the colour legend. Default true. */
  legend?: boolean;
  /**
   * Where the legend goes: `'right'` of the matrix (a vertical bar), `'below'` it (a horizontal
   * bar), or `'auto'`: right, unless that makes the picture wider than `maxWidth` (a phone), then
   * below. Default `'auto'`.
   */
  legendPlacement?: 'right' | 'below' | 'auto';
  /**
   * Width available in pixels, for `legendPlacement: 'auto'`. Default unlimited (so the legend goes
   * right); {@link renderAttention} uses its element's width.
   */
  maxWidth?: number;
  /** Accessible name of the picture. Default "Attention weights: N target tokens by M source tokens". */
  label?: string;
}

/** One cell of the layout. */
export interface AttentionCell extends Box {
  row: number;
  col: number;
  weight: number;
  color: string;
}

/** A placed label; `box` is its axis-aligned extent (after rotation). */
export interface PlacedLabel {
  text: string;
  /** The full token (the text may be cut). */
  token: string;
  /** Anchor point of the text. */
  x: number;
  y: number;
  /** 0 or -90 degrees. */
  rotate: number;
  box: Box;
}

/** Where everything goes: computed once, used by the SVG, the DOM hit test and the tests. */
export interface AttentionLayout {
  width: number;
  height: number;
  cellSize: number;
  fontSize: number;
  grid: Box;
  rows: number;
  cols: number;
  cells: AttentionCell[];
  sourceLabels: PlacedLabel[];
  targetLabels: PlacedLabel[];
  scale: ColorScale;
  /** The legend's box, when drawn. */
  legend?: Box;
  /** Where the legend went: right of the matrix or below it. */
  legendPlacement: 'right' | 'below';
  label: string;
}

const GAP = 6;

/** The legend below the matrix: a bar as long as the matrix, 120 to 200 pixels, under its left edge. */
function horizontalBarWidth(grid: Box): number {
  return Math.max(120, Math.min(200, grid.width));
}

/** Checks the data and lays the picture out. */
export function layoutAttention(data: AttentionData, options: AttentionOptions = {}): AttentionLayout {
  const { weights, rows: targets, cols: sources } = labelledMatrix(data.weights, data.targetTokens, data.sourceTokens, { weights: 'weights', rows: 'targetTokens', cols: 'sourceTokens' });
  if (weights.length === 0 || sources.length === 0) {
    throw new VizError(`weights is empty (${weights.length} rows, ${sources.length} source tokens); expected at least one of each`);
  }
  const fontSize = options.fontSize ?? 12;
  const maxLabel = options.maxLabelWidth ?? 110;
  const cellSize = Math.max(options.minCellSize ?? 22, Math.ceil(fontSize * 1.6));
  const rows = targets.length;
  const cols = sources.length;

  const sourceTexts = sources.map((t) => truncateText(t, maxLabel, fontSize));
  const targetTexts = targets.map((t) => truncateText(t, maxLabel, fontSize));
  // Each column label that fits across its cell stands upright (single characters stay readable);
  // a longer one turns vertical.
  const sourceWidths = sourceTexts.map((t) => measureText(t, fontSize));
  const vertical = sourceWidths.map((w) => w > cellSize - 4);
  const headerHeight = Math.max(fontSize, ...sourceWidths.map((w, c) => (vertical[c] ? w : fontSize))) + GAP;
  const leftWidth = Math.max(0, ...targetTexts.map((t) => measureText(t, fontSize))) + GAP;
  const grid: Box = { x: Math.ceil(leftWidth) + 2, y: Math.ceil(headerHeight) + 2, width: cols * cellSize, height: rows * cellSize };

  const flat = weights.flat();
  const allUnit = flat.every((w) => w >= 0 && w <= 1);
  const scale = colorScale('sequential', flat, options.domain ?? (allUnit ? [0, 1] : undefined));

  const cells: AttentionCell[] = [];
  weights.forEach((row, r) =>
    row.forEach((weight, c) =>
      cells.push({ row: r, col: c, weight, x: grid.x + c * cellSize, y: grid.y + r * cellSize, width: cellSize, height: cellSize, color: hex(scale.color(weight)) }),
    ),
  );

  const sourceLabels = sourceTexts.map((text, c): PlacedLabel => {
    const w = sourceWidths[c]!;
    const cx = grid.x + (c + 0.5) * cellSize;
    const bottom = grid.y - GAP;
    return vertical[c]
      ? { text, token: sources[c]!, x: cx + fontSize * 0.35, y: bottom, rotate: -90, box: { x: cx - fontSize / 2, y: bottom - w, width: fontSize, height: w } }
      : { text, token: sources[c]!, x: cx, y: bottom, rotate: 0, box: { x: cx - w / 2, y: bottom - fontSize, width: w, height: fontSize } };
  });
  const targetLabels = targetTexts.map((text, r): PlacedLabel => {
    const w = measureText(text, fontSize);
    const cy = grid.y + (r + 0.5) * cellSize;
    const right = grid.x - GAP;
    return { text, token: targets[r]!, x: right, y: cy + fontSize * 0.35, rotate: 0, box: { x: right - w, y: cy - fontSize / 2, width: w, height: fontSize } };
  });

  const showLegend = options.legend ?? true;
  const placement = options.legendPlacement ?? 'auto';
  if (placement !== 'right' && placement !== 'below' && placement !== 'auto') {
    throw new VizError(`legendPlacement must be 'right', 'below' or 'auto', got ${JSON.stringify(placement)}`);
  }
  const right = { x: grid.x + grid.width + 14, y: grid.y, width: legendWidth(fontSize), height: Math.max(80, Math.min(200, grid.height)) };
  const maxWidth = options.maxWidth ?? Infinity;
  const legendPlacement = placement === 'below' || (placement === 'auto' && right.x + right.width + 4 > maxWidth) ? 'below' : 'right';
  const barWidth = horizontalBarWidth(grid);
  const below = { x: grid.x, y: grid.y + grid.height + fontSize, width: horizontalLegendWidth(barWidth, fontSize, 'weight'), height: horizontalLegendHeight(fontSize) };
  const legend = showLegend ? (legendPlacement === 'right' ? right : below) : undefined;
  const width = Math.max(grid.x + grid.width, legend ? legend.x + legend.width : 0) + 4;
  const height = Math.max(grid.y + grid.height, !legend ? 0 : legendPlacement === 'right' ? legend.y + legend.height + fontSize * 2 : legend.y + legend.height) + 4;
  const label = options.label ?? `Attention weights: ${rows} target tokens by ${cols} source tokens`;
  return { width, height, cellSize, fontSize, grid, rows, cols, cells, sourceLabels, targetLabels, scale, legend, legendPlacement, label };
}

/** The cell at a point of the picture, or undefined. */
export function attentionCellAt(layout: AttentionLayout, x: number, y: number): AttentionCell | undefined {
  const c = Math.floor((x - layout.grid.x) / layout.cellSize);
  const r = Math.floor((y - layout.grid.y) / layout.cellSize);
  if (c < 0 || r < 0 || c >= layout.cols || r >= layout.rows) return undefined;
  return layout.cells[r * layout.cols + c];
}

/** What a cell says to a reader: source token, target token and weight. */
export function describeAttentionCell(layout: AttentionLayout, cell: AttentionCell): string {
  return `source “${layout.sourceLabels[cell.col]!.token}” → target “${layout.targetLabels[cell.row]!.token}”: weight ${cell.weight.toFixed(3)}`;
}

function labelSvg(l: PlacedLabel, anchor: string): string {
  return el(
    'text',
    { x: l.x, y: l.y, 'text-anchor': anchor, transform: l.rotate ? `rotate(${l.rotate} ${l.x} ${l.y})` : undefined },
    [l.text !== l.token ? titleOf(l.token) : '', escapeXml(l.text)],
  );
}

/** The picture of a layout as SVG markup. */
function renderLayout(layout: AttentionLayout): string {
  const cells = layout.cells.map((c) =>
    el('rect', { class: 'cell', x: c.x, y: c.y, width: c.width, height: c.height, fill: c.color, 'data-row': c.row, 'data-col': c.col }, titleOf(describeAttentionCell(layout, c))),
  );
  return svgRoot(layout.width, layout.height, layout.label, [
    el('g', { class: 'cells', stroke: '#fff', 'stroke-width': 0.5 }, cells),
    // Each label group has an opaque background, so that the DOM renderer can keep the labels in
    // view over the cells while the frame scrolls.
    el('g', { class: 'source-labels', 'font-size': layout.fontSize, fill: '#222' }, [
      el('rect', { class: 'label-background', x: 0, y: 0, width: layout.width, height: layout.grid.y, fill: '#fff' }),
      ...layout.sourceLabels.map((l) => labelSvg(l, l.rotate ? 'start' : 'middle')),
    ]),
    el('g', { class: 'target-labels', 'font-size': layout.fontSize, fill: '#222' }, [
      el('rect', { class: 'label-background', x: 0, y: 0, width: layout.grid.x, height: layout.height, fill: '#fff' }),
      ...layout.targetLabels.map((l) => labelSvg(l, 'end')),
    ]),
    // The corner above the row labels: hides row labels scrolled up into the column labels' band.
    el('rect', { class: 'label-corner', x: 0, y: 0, width: layout.grid.x, height: layout.grid.y, fill: '#fff' }),
    !layout.legend
      ? ''
      : layout.legendPlacement === 'right'
        ? legendSvg(layout.scale, layout.legend.x, layout.legend.y, layout.legend.height - layout.fontSize * 2, layout.fontSize, uniqueId('attention-legend'), 'weight')
        : horizontalLegendSvg(layout.scale, layout.legend.x, layout.legend.y, horizontalBarWidth(layout.grid), layout.fontSize, uniqueId('attention-legend'), 'weight'),
  ], 'seq2seq-viz seq2seq-viz-attention');
}

/**
 * The attention matrix as an SVG string (for READMEs, reports and files). Every cell has a
 * `<title>` naming its source token, target token and weight.
 */
export function attentionSvg(data: AttentionData, options: AttentionOptions = {}): string {
  return renderLayout(layoutAttention(data, options));
}

/** `scrolled()` is how far the frame has scrolled, in picture units: its labels cover the cells there. */
function interactive(layout: AttentionLayout, scrolled: () => { dx: number; dy: number } = () => ({ dx: 0, dy: 0 })): Interactive {
  return {
    svg: renderLayout(layout),
    count: layout.cells.length,
    columns: layout.cols,
    hitTest: (x, y) => {
      const { dx, dy } = scrolled();
      if (x < dx + layout.grid.x || y < dy + layout.grid.y) return -1; // on a label kept in view
      const cell = attentionCellAt(layout, x, y);
      return cell ? cell.row * layout.cols + cell.col : -1;
    },
    describe: (i) => describeAttentionCell(layout, layout.cells[i]!),
    box: (i) => layout.cells[i]!,
  };
}

/** What {@link renderAttention} returns. */
export interface AttentionHandle {
  /** The scrolling frame added to the element. */
  readonly frame: HTMLDivElement;
  /** The `<svg>` picture (kept across updates). */
  readonly svg: SVGSVGElement;
  /** The current layout (cells, label boxes). */
  readonly layout: AttentionLayout;
  /** The cell under a client (viewport) point, as hover and tap find it. */
  cellAtClientPoint(clientX: number, clientY: number): AttentionCell | undefined;
  /** Selects cell (row, col) as hover or keyboard would, returning its description. */
  select(row: number, col: number): string;
  /** Draws new data (and options) into the same element. */
  update(data: AttentionData, options?: AttentionOptions): void;
  /** Removes the picture and its listeners. */
  dispose(): void;
}

/**
 * Draws the attention matrix into `element` (browser): an SVG in a frame that scrolls when the
 * matrix is larger than the element. Hover, tap and the arrow keys (after focusing the picture
 * with Tab) name the cell: source token, target token, weight.
 */
export function renderAttention(element: HTMLElement, data: AttentionData, options: AttentionOptions = {}): AttentionHandle {
  let opts = options;
  // 'auto' legend placement fits the element's width unless the caller gave one.
  const fitted = (o: AttentionOptions): AttentionOptions => (o.maxWidth === undefined && element.clientWidth > 0 ? { ...o, maxWidth: element.clientWidth } : o);
  let layout = layoutAttention(data, fitted(opts));
  let offset = { dx: 0, dy: 0 };
  const scrolled = () => offset;
  const mounted = mount(element, interactive(layout, scrolled), 'seq2seq-viz-attention-frame');
  const { frame, svg } = mounted;
  // Sticky labels: move the label groups by the frame's scroll offset (in picture units).
  const stick = (): void => {
    const rect = svg.getBoundingClientRect();
    const scale = rect.width > 0 ? rect.width / layout.width : 1;
    offset = (opts.stickyLabels ?? true) ? { dx: frame.scrollLeft / scale, dy: frame.scrollTop / scale } : { dx: 0, dy: 0 };
    svg.querySelector('.target-labels')?.setAttribute('transform', `translate(${offset.dx} 0)`);
    svg.querySelector('.source-labels')?.setAttribute('transform', `translate(0 ${offset.dy})`);
    svg.querySelector('.label-corner')?.setAttribute('transform', `translate(${offset.dx} ${offset.dy})`);
  };
  frame.addEventListener('scroll', stick, { passive: true });
  return {
    frame,
    svg,
    get layout() {
      return layout;
    },
    cellAtClientPoint: (x, y) => layout.cells[mounted.itemAtClientPoint(x, y)],
    select: (row, col) => (row >= 0 && row < layout.rows && col >= 0 && col < layout.cols ? mounted.select(row * layout.cols + col) : mounted.select(-1)),
    update(next, nextOptions) {
      opts = nextOptions ?? opts;
      layout = layoutAttention(next, fitted(opts));
      mounted.replace(interactive(layout, scrolled));
      stick();
    },
    dispose: () => {
      frame.removeEventListener('scroll', stick);
      mounted.dispose();
    },
  };
}
