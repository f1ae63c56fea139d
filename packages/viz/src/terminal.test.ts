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

  it('cuts long row labels and checks shapes', () => {
    const text = attentionToTerminal({ ...data, targetTokens: ['x', 'a-very-long-target-token'] }, { maxLabelLength: 6 });
    expect(text.split('\n')[2]!.startsWith('a-very ')).toBe(true);
    expect(() => attentionToTerminal({ ...data, sourceTokens: ['a'] })).toThrow(VizError);
    expect(() => attentionToTerminal({ ...data, targetTokens: ['x'] })).toThrow('targetTokens has 1 labels; expected 2');
    expect(() => attentionToTerminal(data, { cellWidth: 1 })).toThrow('cellWidth must be an integer >= 2; got 1');
  });
});
