// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { layoutSaliency, renderSaliency, saliencySvg } from './saliency';
import { overlappingPairs, parseSvg, placeAt, pointer } from './test-helpers';

const tokens = [...'the cat sat on the mat'];
const contributions = tokens.map((_, i) => (i === 4 ? 2 : 0.1 * (i % 3)) + 0.05);
const data = { tokens, contributions, target: 12, prediction: 'n' };

describe('saliency', () => {
  it('bars grow with the contribution up to the target; later positions have none', () => {
    const l = layoutSaliency(data);
    expect(l.tokens).toHaveLength(tokens.length);
    const heights = l.tokens.map((t) => t.bar?.height ?? null);
    expect(Math.max(...(heights.slice(0, 13) as number[]))).toBe(heights[4]);
    expect(heights[4]).toBe(18);
    expect(heights.slice(13).every((h) => h === null)).toBe(true);
    const shares = l.tokens.slice(0, 13).reduce((a, t) => a + t.share, 0);
    expect(shares).toBeCloseTo(1);
    expect(overlappingPairs(l.tokens)).toEqual([]);
  });

  it('SVG: the predicted position is marked, each token titled', () => {
    const svg = parseSvg(saliencySvg(data));
    expect(svg.querySelectorAll('g.token')).toHaveLength(tokens.length);
    expect(svg.querySelectorAll('rect.bar')).toHaveLength(13);
    expect(svg.querySelector('g.target title')!.textContent).toMatch(/^“o” \(position 12, the predicted position\): contribution/);
    expect(svg.querySelector('.target-mark')).not.toBeNull();
    expect(svg.textContent).toContain('▲ predicted: “n”');
    expect(svg.getAttribute('aria-label')).toBe('Contribution of each input to the prediction at position 12 (“n”)');
  });

  it('the mark stays inside the picture when the target is at the right edge', () => {
    const svg = parseSvg(saliencySvg({ ...data, target: tokens.length - 1, prediction: 'a long prediction' }, { width: 200 }));
    const mark = Array.from(svg.querySelectorAll('text')).find((t) => t.textContent!.startsWith('▲'))!;
    expect(mark.getAttribute('text-anchor')).toBe('end');
    expect(Number(mark.getAttribute('x'))).toBeLessThanOrEqual(Number(svg.getAttribute('width')));
  });

  it('DOM: hovering a bar names its token', () => {
    const host = document.createElement('div');
    const handle = renderSaliency(host, data);
    const l = layoutSaliency(data);
    placeAt(handle.svg, { left: 0, top: 0, width: l.width, height: l.height });
    placeAt(handle.frame, { left: 0, top: 0, width: l.width, height: l.height });
    const bar = l.tokens[4]!.bar!;
    pointer(handle.svg, 'pointerdown', bar.x + 1, bar.y + 2, 'touch');
    expect(host.querySelector('[role=status]')!.textContent).toBe(`“c” (position 4): contribution 2.05, ${((2.05 / l.tokens.slice(0, 13).reduce((a, t) => a + t.contribution, 0)) * 100).toFixed(1)}% of the total`);
    handle.dispose();
  });

  it('says what was wrong', () => {
    expect(() => layoutSaliency({ ...data, target: 40 })).toThrow(VizError);
    expect(() => layoutSaliency({ ...data, target: 40 })).toThrow(`target is 40; expected a token index in 0..${tokens.length - 1}`);
    expect(() => layoutSaliency({ ...data, contributions: [-1, ...contributions.slice(1)] })).toThrow('contributions[0] is -1; expected magnitudes >= 0');
    expect(() => layoutSaliency({ ...data, tokens: tokens.slice(1) })).toThrow(`tokens has ${tokens.length - 1} labels; expected ${tokens.length}`);
  });
});
