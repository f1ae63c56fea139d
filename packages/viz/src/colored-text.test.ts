// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { coloredTextSvg, coloredTextToTerminal, layoutColoredText, renderColoredText } from './colored-text';
import { divergingColor, hex, sequentialColor } from './color';
import { VizError } from './errors';
import { overlappingPairs, parseSvg, placeAt, pointer } from './test-helpers';

// A "quote unit": +1 inside quotes, -1 outside (Karpathy et al. 2015, Figure 3).
const text = 'He said "stop" and left.\nThen "go" again.';
const chars = [...text];
let inside = false;
const quote = chars.map((c) => {
  if (c === '"') inside = !inside;
  return inside ? 0.9 : -0.7;
});

describe('coloured text', () => {
  it('gives each character a box coloured on the diverging scale, boxes apart, wrapped at newlines', () => {
    const l = layoutColoredText({ tokens: chars, values: quote });
    expect(l.tokens).toHaveLength(chars.length);
    expect(l.tokens[0]!.color).toBe(hex(divergingColor(-0.7)));
    expect(l.tokens[9]!.color).toBe(hex(divergingColor(0.9)));
    expect(overlappingPairs(l.tokens)).toEqual([]);
    const newline = chars.indexOf('\n');
    expect(l.tokens[newline]!.shown).toBe('↵');
    expect(l.tokens[newline + 1]!.line).toBe(l.tokens[newline]!.line + 1);
    expect(l.tokens[newline + 1]!.x).toBe(l.tokens[0]!.x);
  });

  it('wraps characters at word starts, never inside a word that fits on a line', () => {
    const sentence = [...'the quick brown fox jumps over the lazy dog and keeps running far away'];
    const l = layoutColoredText({ tokens: sentence, values: sentence.map(() => 0.5) }, { width: 120 });
    const breaks = l.tokens.filter((t, i) => i > 0 && t.line !== l.tokens[i - 1]!.line).map((t) => t.index);
    expect(breaks.length).toBeGreaterThan(3);
    for (const i of breaks) expect(sentence[i - 1] === ' ' || sentence[i] === ' ').toBe(true);
    expect(Math.max(...l.tokens.map((t) => t.x + t.width))).toBeLessThanOrEqual(4 + 120);
  });

  it('wraps long text at the width', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    const l = layoutColoredText({ tokens: words, values: words.map((_, i) => i / 60) }, { width: 200, scale: 'sequential' });
    expect(Math.max(...l.tokens.map((t) => t.x + t.width))).toBeLessThanOrEqual(4 + 200);
    expect(l.tokens[59]!.line).toBeGreaterThan(5);
    expect(overlappingPairs(l.tokens)).toEqual([]);
    expect(l.tokens[59]!.color).toBe(hex(sequentialColor(59 / 60 / (59 / 60))));
  });

  it('SVG: one titled group per token, an accessible name, a legend', () => {
    const svg = parseSvg(coloredTextSvg({ tokens: chars, values: quote }));
    const groups = svg.querySelectorAll('g.token');
    expect(groups).toHaveLength(chars.length);
    expect(groups[9]!.querySelector('title')!.textContent).toBe('“s” (position 9): 0.900');
    expect(svg.getAttribute('aria-label')).toBe(`Text coloured by value, ${chars.length} tokens`);
    expect(svg.querySelector('.legend')).not.toBeNull();
  });

  it('DOM: hover names the character and its value', () => {
    const host = document.createElement('div');
    const handle = renderColoredText(host, { tokens: chars, values: quote });
    const l = layoutColoredText({ tokens: chars, values: quote });
    placeAt(handle.svg, { left: 0, top: 0, width: l.width, height: l.height });
    placeAt(handle.frame, { left: 0, top: 0, width: l.width, height: l.height });
    const t = l.tokens[10]!;
    pointer(handle.svg, 'pointermove', t.x + t.width / 2, t.y + t.height / 2);
    expect(host.querySelector('[role=status]')!.textContent).toBe('“t” (position 10): 0.900');
    handle.dispose();
  });

  it('terminal: 24-bit backgrounds, text and newlines kept', () => {
    const out = coloredTextToTerminal({ tokens: chars, values: quote });
    expect(out.replace(/\x1b\[[\d;]*m/g, '')).toBe(text);
    const [r, g, b] = divergingColor(0.9);
    expect(out).toContain(`\x1b[48;2;${r};${g};${b}m`);
  });

  it('says what was wrong', () => {
    expect(() => layoutColoredText({ tokens: ['a', 'b'], values: [1] })).toThrow(VizError);
    expect(() => layoutColoredText({ tokens: ['a', 'b'], values: [1] })).toThrow('tokens has 2 labels; expected 1 (one per value)');
    expect(() => layoutColoredText({ tokens: ['a'], values: [NaN] })).toThrow('values[0] is NaN; expected a finite number');
  });
});
