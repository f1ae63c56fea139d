import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { attentionToTerminal } from './terminal';

const data = { weights: [[0.8, 0.2, 0], [0.25, 0.5, 0.25]], sourceTokens: ['a', 'b', '<eos>'], targetTokens: ['x', 'why'] };

describe('attentionToTerminal', () => {
  it('draws a header, one line per target token with one cell per source token, and a key', () => {
    const lines = attentionToTerminal(data).split('\n');
    expect(lines).toHaveLength(1 + 2 + 2);
    expect(lines[0]!.trim().split(/\s+/)).toEqual(['0', '1', '2']);
    expect(lines[1]).toBe('   x ██ ░░    ');
    // Row-normalised: the row's largest weight (0.5) is full.
    expect(lines[2]).toBe(' why ▒▒ ██ ▒▒ ');
    expect(lines[4]).toBe('0=a  1=b  2=<eos>');
  });

  it('shades against [0, 1] without row normalisation, and in grey backgrounds with color', () => {
    expect(attentionToTerminal(data, { normalizeRows: false }).split('\n')[2]).toBe(' why ░░ ▒▒ ░░ ');
    const colored = attentionToTerminal(data, { color: true }).split('\n')[1]!;
    expect(colored.match(/\x1b\[48;5;(\d+)m/g)).toEqual(['\x1b[48;5;255m', '\x1b[48;5;238m', '\x1b[48;5;232m']);
  });

  it('fits a long sentence into the terminal width: 2-character columns, the key wrapped', () => {
    const n = 30;
    const sourceTokens = Array.from({ length: n }, (_, i) => `tok${i}`);
    const weights = Array.from({ length: 3 }, (_, r) => Array.from({ length: n }, (_, c) => (c === 10 * r ? 0.9 : 0.1 / n)));
    const lines = attentionToTerminal({ weights, sourceTokens, targetTokens: ['a', 'b', 'c'] }, { width: 80 }).split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[1]).toBe(`   a ${'█ '}${'  '.repeat(n - 1)}`);
    expect(lines[3]!.indexOf('█')).toBe(5 + 20 * 2);
    // Every column number that is drawn sits above its column.
    expect(lines[0]!.indexOf('20')).toBe(5 + 20 * 2);
    const key = lines.slice(5).join('  ');
    expect(key).toBe(sourceTokens.map((t, i) => `${i}=${t}`).join('  '));
    expect(lines.length).toBeGreaterThan(6);
    // Without a width, or when 3-character columns fit, nothing changes.
    expect(attentionToTerminal({ weights, sourceTokens, targetTokens: ['a', 'b', 'c'] }).split('\n')[1]).toBe(`   a ${'██ '}${'   '.repeat(n - 1)}`);
    expect(() => attentionToTerminal(data, { width: 0 })).toThrow('width must be a positive number of characters; got 0');
  });

  it('cuts long row labels and checks shapes', () => {
    const text = attentionToTerminal({ ...data, targetTokens: ['x', 'a-very-long-target-token'] }, { maxLabelLength: 6 });
    expect(text.split('\n')[2]!.startsWith('a-very ')).toBe(true);
    expect(() => attentionToTerminal({ ...data, sourceTokens: ['a'] })).toThrow(VizError);
    expect(() => attentionToTerminal({ ...data, targetTokens: ['x'] })).toThrow('targetTokens has 1 labels; expected 2');
    expect(() => attentionToTerminal(data, { cellWidth: 1 })).toThrow('cellWidth must be an integer >= 2; got 1');
  });
});
