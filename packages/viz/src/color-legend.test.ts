// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { colorScale, hex } from './color';
import { colorLegendSvg } from './color-legend';
import { VizError } from './errors';
import { parseSvg } from './test-helpers';

describe('a colour legend on its own', () => {
  it('draws the scale as a bar with round ticks, its caption and an accessible name', () => {
    const svg = parseSvg(colorLegendSvg(colorScale('sequential', [], [0, 1]), { caption: 'weight', height: 100 }));
    expect(svg.getAttribute('aria-label')).toBe('Colour legend: weight from 0 (lightest) to 1 (darkest)');
    const ticks = Array.from(svg.querySelectorAll('.legend g text')).map((t) => t.textContent);
    expect(ticks).toEqual(['0', '0.5', '1']);
    // The bar's gradient runs from the darkest colour at the top to the lightest at the bottom.
    const stops = Array.from(svg.querySelectorAll('stop')).map((s) => s.getAttribute('stop-color'));
    const scale = colorScale('sequential', [], [0, 1]);
    expect(stops).toHaveLength(11);
    expect([stops[0], stops[10]]).toEqual([hex(scale.color(1)), hex(scale.color(0))]);
    expect(svg.textContent).toContain('weight');
    // The picture holds bar, ticks and caption: the bar's bottom is inside it.
    const bar = svg.querySelector('.legend rect')!;
    expect(Number(bar.getAttribute('y')) + Number(bar.getAttribute('height'))).toBeLessThanOrEqual(Number(svg.getAttribute('height')));
  });

  it('says what was wrong', () => {
    expect(() => colorLegendSvg(colorScale('sequential', [], [0, 1]), { height: 5 })).toThrow(VizError);
  });
});
