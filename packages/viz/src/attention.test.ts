// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { attentionCellAt, attentionSvg, layoutAttention, renderAttention } from './attention';
import { VizError } from './errors';
import { measureText } from './text';
import { diagonalAttention, LONG_SOURCE, LONG_TARGET, overlappingPairs, overlaps, parseSvg, placeAt, pointer } from './test-helpers';

const small = { weights: [[0.9, 0.1, 0], [0.2, 0.7, 0.1]], sourceTokens: ['a', 'b', '<eos>'], targetTokens: ['x', 'y'] };
const long = { weights: diagonalAttention(LONG_TARGET.length, LONG_SOURCE.length), sourceTokens: LONG_SOURCE, targetTokens: LONG_TARGET };

describe('layoutAttention', () => {
  it('has one cell per (target, source) pair, on a grid of equal cells no smaller than the minimum', () => {
    const l = layoutAttention(long, { minCellSize: 20 });
    expect(l.cells).toHaveLength(LONG_TARGET.length * LONG_SOURCE.length);
    expect(l.cellSize).toBeGreaterThanOrEqual(20);
    const last = l.cells[l.cells.length - 1]!;
    expect([last.row, last.col]).toEqual([LONG_TARGET.length - 1, LONG_SOURCE.length - 1]);
    expect(last.x).toBeCloseTo(l.grid.x + (LONG_SOURCE.length - 1) * l.cellSize);
    expect(l.width).toBeGreaterThanOrEqual(l.grid.x + LONG_SOURCE.length * 20);
  });

  it('keeps labels of a long sentence apart: no two label boxes overlap, none overlaps the grid', () => {
    for (const options of [{}, { fontSize: 16, minCellSize: 18 }, { maxLabelWidth: 300 }]) {
      const l = layoutAttention(long, options);
      // Long words do not fit across a cell and turn vertical; a word that fits stays upright.
      expect(l.sourceLabels.find((s) => s.token === 'antidisestablishmentarianism')!.rotate).toBe(-90);
      for (const s of l.sourceLabels) expect(s.rotate === 0).toBe(measureText(s.text, l.fontSize) <= l.cellSize - 4);
      expect(overlappingPairs(l.sourceLabels.map((s) => s.box))).toEqual([]);
      expect(overlappingPairs(l.targetLabels.map((s) => s.box))).toEqual([]);
      for (const label of [...l.sourceLabels, ...l.targetLabels]) {
        expect(overlaps(label.box, l.grid)).toBe(false);
        expect(label.box.x).toBeGreaterThanOrEqual(0);
        expect(label.box.y).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('cuts labels longer than maxLabelWidth with an ellipsis and keeps the full token', () => {
    const l = layoutAttention(long, { maxLabelWidth: 60 });
    const cut = l.sourceLabels.find((s) => s.token === 'antidisestablishmentarianism')!;
    expect(cut.text.endsWith('…')).toBe(true);
    expect(measureText(cut.text, l.fontSize)).toBeLessThanOrEqual(60);
    expect(attentionSvg(long, { maxLabelWidth: 60 })).toContain('<title>antidisestablishmentarianism</title>');
  });

  it('keeps single characters upright beside a vertical <eos> (a character-level model)', () => {
    const l = layoutAttention({ weights: [[0.5, 0.25, 0.25]], sourceTokens: ['J', 'a', '<eos>'], targetTokens: ['2'] });
    expect(l.sourceLabels.map((s) => s.rotate)).toEqual([0, 0, -90]);
    expect(overlappingPairs(l.sourceLabels.map((s) => s.box))).toEqual([]);
    const svg = parseSvg(attentionSvg({ weights: [[0.5, 0.25, 0.25]], sourceTokens: ['J', 'a', '<eos>'], targetTokens: ['2'] }));
    expect(Array.from(svg.querySelectorAll('.source-labels text')).map((t) => t.getAttribute('text-anchor'))).toEqual(['middle', 'middle', 'start']);
  });

  it('writes short column labels across, centred on their columns', () => {
    const l = layoutAttention({ ...small, sourceTokens: ['a', 'b', 'c'] });
    expect(l.sourceLabels.map((s) => s.rotate)).toEqual([0, 0, 0]);
    l.sourceLabels.forEach((s, c) => expect(s.x).toBeCloseTo(l.grid.x + (c + 0.5) * l.cellSize));
    expect(overlappingPairs(l.sourceLabels.map((s) => s.box))).toEqual([]);
  });

  it('maps every point of a cell, edges included, to that cell', () => {
    const l = layoutAttention(long);
    for (const cell of [l.cells[0]!, l.cells[l.cells.length - 1]!, l.cells[5 * l.cols + 7]!]) {
      expect(attentionCellAt(l, cell.x + 0.01, cell.y + 0.01)).toBe(cell);
      expect(attentionCellAt(l, cell.x + cell.width - 0.01, cell.y + cell.height - 0.01)).toBe(cell);
    }
    expect(attentionCellAt(l, l.grid.x - 1, l.grid.y + 1)).toBeUndefined();
    expect(attentionCellAt(l, l.grid.x + l.grid.width + 1, l.grid.y + 1)).toBeUndefined();
  });

  it('says what was wrong with bad input', () => {
    expect(() => layoutAttention({ ...small, weights: [[0.5, 0.5, 0], [1, 0]] })).toThrow(VizError);
    expect(() => layoutAttention({ ...small, weights: [[0.5, 0.5, 0], [1, 0]] })).toThrow('weights is ragged: row 1 has 2 values, expected 3');
    expect(() => layoutAttention({ ...small, targetTokens: ['x'] })).toThrow('targetTokens has 1 labels; expected 2 (one per row of weights)');
    expect(() => layoutAttention({ ...small, sourceTokens: ['a', 'b'] })).toThrow('sourceTokens has 2 labels; expected 3 (one per column of weights)');
    expect(() => layoutAttention({ ...small, weights: [[0.5, NaN, 0], [1, 0, 0]] })).toThrow('weights[0][1] is NaN; expected a finite number');
    expect(() => layoutAttention({ weights: [], sourceTokens: [], targetTokens: [] })).toThrow(/weights is empty/);
  });

  it('accepts typed-array rows', () => {
    const l = layoutAttention({ ...small, weights: small.weights.map((r) => Float32Array.from(r)) });
    expect(l.cells[1]!.weight).toBeCloseTo(0.1);
  });
});

describe('legend placement', () => {
  const wide = { weights: [Array.from({ length: 12 }, (_, i) => i / 12)], sourceTokens: Array.from({ length: 12 }, (_, i) => `w${i}`), targetTokens: ['t'] };
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('puts the legend right of the matrix when there is room, and below it when maxWidth is too narrow for that', () => {
    const roomy = layoutAttention(wide);
    expect(roomy.legendPlacement).toBe('right');
    expect(roomy.legend!.x).toBeGreaterThan(roomy.grid.x + roomy.grid.width);
    const narrow = layoutAttention(wide, { maxWidth: roomy.width - 1 });
    expect(narrow.legendPlacement).toBe('below');
    expect(narrow.legend!.y).toBeGreaterThan(narrow.grid.y + narrow.grid.height);
    expect(narrow.width).toBeLessThan(roomy.width);
    expect(narrow.width).toBe(Math.max(narrow.grid.x + narrow.grid.width, narrow.legend!.x + narrow.legend!.width) + 4);
    expect(narrow.height).toBeGreaterThanOrEqual(narrow.legend!.y + narrow.legend!.height);
    for (const l of [roomy, narrow]) {
      expect(overlaps(l.legend!, l.grid)).toBe(false);
      for (const label of [...l.sourceLabels, ...l.targetLabels]) expect(overlaps(l.legend!, label.box)).toBe(false);
    }
    expect(layoutAttention(wide, { maxWidth: roomy.width }).legendPlacement).toBe('right');
    expect(layoutAttention(wide, { legendPlacement: 'right', maxWidth: 10 }).legendPlacement).toBe('right');
    expect(layoutAttention(wide, { legendPlacement: 'below' }).legendPlacement).toBe('below');
  });

  it('draws the horizontal legend low values first, with ticks from the domain', () => {
    const svg = parseSvg(attentionSvg(wide, { legendPlacement: 'below' }));
    const legend = svg.querySelector('.legend')!;
    expect(legend.classList.contains('legend-horizontal')).toBe(true);
    const ticks = Array.from(legend.querySelectorAll(':scope > g > text'), (t) => ({ x: Number(t.getAttribute('x')), v: Number(t.textContent) }));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]!.v).toBeGreaterThan(ticks[i - 1]!.v);
      expect(ticks[i]!.x).toBeGreaterThan(ticks[i - 1]!.x);
    }
  });

  it('refuses an unknown placement with what it expected', () => {
    expect(() => layoutAttention(wide, { legendPlacement: 'left' as never })).toThrow(/legendPlacement must be 'right', 'below' or 'auto', got "left"/);
  });
});

describe('attentionSvg', () => {
  it('draws rows x cols cells, each titled with its tokens and weight, and an accessible name', () => {
    const svg = parseSvg(attentionSvg(small));
    const cells = svg.querySelectorAll('rect.cell');
    expect(cells).toHaveLength(6);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Attention weights: 2 target tokens by 3 source tokens');
    expect(svg.querySelector('title')!.textContent).toBe('Attention weights: 2 target tokens by 3 source tokens');
    expect(cells[5]!.querySelector('title')!.textContent).toBe('source “<eos>” → target “y”: weight 0.100');
    expect(svg.querySelector('.legend')).not.toBeNull();
  });

  it('shades heavier weights darker', () => {
    const svg = parseSvg(attentionSvg(small));
    const fills = Array.from(svg.querySelectorAll('rect.cell')).map((c) => c.getAttribute('fill')!);
    const lum = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).reduce((a, b) => a + b, 0);
    expect(lum(fills[0]!)).toBeLessThan(lum(fills[1]!)); // 0.9 darker than 0.1
    expect(lum(fills[1]!)).toBeLessThan(lum(fills[2]!)); // 0.1 darker than 0
  });
});

describe('renderAttention', () => {
  it('names the cell under the pointer, the bottom-right one included, when the picture is drawn scaled', () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const handle = renderAttention(host, long);
    const { layout } = handle;
    // Drawn at half size at (40, 100) on the screen.
    placeAt(handle.svg, { left: 40, top: 100, width: layout.width / 2, height: layout.height / 2 });
    placeAt(handle.frame, { left: 40, top: 100, width: 300, height: 300 });
    const last = layout.cells[layout.cells.length - 1]!;
    const at = (x: number, y: number) => [40 + x / 2, 100 + y / 2] as const;
    const [cx, cy] = at(last.x + last.width - 1, last.y + last.height - 1);
    expect(handle.cellAtClientPoint(cx, cy)).toBe(last);
    pointer(handle.svg, 'pointermove', cx, cy);
    const tooltip = host.querySelector('[role=status]')!;
    expect(tooltip.textContent).toBe(`source “.” → target “.”: weight ${last.weight.toFixed(3)}`);
    // A tap (touch) on cell (3, 10) names it; the tooltip stays after the finger lifts.
    const cell = layout.cells[3 * layout.cols + 10]!;
    const [tx, ty] = at(cell.x + cell.width / 2, cell.y + cell.height / 2);
    pointer(handle.svg, 'pointerdown', tx, ty, 'touch');
    expect(tooltip.textContent).toBe(`source “${LONG_SOURCE[10]}” → target “${LONG_TARGET[3]}”: weight ${cell.weight.toFixed(3)}`);
    pointer(handle.svg, 'pointerleave', tx, ty, 'touch');
    expect(tooltip.textContent).not.toBe('');
    pointer(handle.svg, 'pointerleave', tx, ty, 'mouse');
    expect(tooltip.textContent).toBe('');
    handle.dispose();
    host.remove();
  });

  it('is focusable and moves between cells with the arrow keys', () => {
    const host = document.createElement('div');
    const handle = renderAttention(host, small);
    expect(handle.svg.getAttribute('tabindex')).toBe('0');
    expect(handle.frame.style.overflow).toBe('auto');
    const key = (k: string) => handle.svg.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('ArrowRight'); // first key selects the first cell
    key('ArrowRight');
    key('ArrowDown');
    const tooltip = host.querySelector('[role=status]')!;
    expect(tooltip.textContent).toBe('source “b” → target “y”: weight 0.700');
    expect(handle.svg.querySelector('.seq2seq-viz-outline')).not.toBeNull();
    key('Escape');
    expect(tooltip.textContent).toBe('');
    handle.dispose();
  });

  it('updates in place and removes itself on dispose', () => {
    const host = document.createElement('div');
    const handle = renderAttention(host, small);
    const svg = handle.svg;
    handle.update(long);
    expect(handle.svg).toBe(svg);
    expect(host.querySelectorAll('rect.cell')).toHaveLength(LONG_SOURCE.length * LONG_TARGET.length);
    expect(svg.getAttribute('aria-label')).toContain(`${LONG_TARGET.length} target tokens by ${LONG_SOURCE.length} source tokens`);
    expect(handle.select(1, 2)).toBe(`source “${LONG_SOURCE[2]}” → target “${LONG_TARGET[1]}”: weight ${long.weights[1]![2]!.toFixed(3)}`);
    handle.dispose();
    expect(host.children).toHaveLength(0);
  });
});
