import { describe, expect, it } from 'vitest';
import { formatGap } from '../web/score';

describe('formatGap', () => {
  it('signs real gaps and never shows -0.0%', () => {
    expect(formatGap(0.123)).toBe('+12.3%');
    expect(formatGap(-0.004)).toBe('-0.4%');
    expect(formatGap(0)).toBe('0.0%');
    expect(formatGap(-1e-12)).toBe('0.0%');
    expect(formatGap(-0.0004)).toBe('0.0%');
    expect(formatGap(0.0004)).toBe('0.0%');
  });
});
