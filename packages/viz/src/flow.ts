/**
 * Lays tokens out as running text: left to right, wrapping at `width`, a line break after a
 * token that is (or ends in) a newline. Shared by coloured text and saliency, so both wrap alike.
 */
import type { Box } from './dom';

/** The font tokens are drawn in. */
export const MONOSPACE_FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, DejaVu Sans Mono, monospace';
/** Advance of one monospace character in em (Menlo, Consolas and DejaVu Sans Mono: 0.60-0.62). */
const MONOSPACE_ADVANCE = 0.62;

/** A placed token: its box, the text drawn (newline and tab made visible), its index. */
export interface FlowToken extends Box {
  index: number;
  token: string;
  shown: string;
  line: number;
}

/** Visible form of whitespace: a space stays a (wide enough) space, `\n` is `↵`, `\t` is `→`. */
export function visibleToken(token: string): string {
  return token.replace(/\n/g, '↵').replace(/\t/g, '→').replace(/\r/g, '');
}

/**
 * Places `tokens` from (x0, y0) in lines `lineHeight` apart (the token box is `fontSize * 1.4`
 * high, at the bottom of its line). `gap` pixels separate tokens (0 for characters).
 */
export function flowTokens(tokens: readonly string[], options: { x0: number; y0: number; width: number; fontSize: number; lineHeight: number; gap: number }): FlowToken[] {
  const { x0, y0, width, fontSize, lineHeight, gap } = options;
  // Tokens are drawn in a monospace font (MONOSPACE_FONT): every character is ~0.6 em.
  const boxHeight = fontSize * 1.4;
  const placed: FlowToken[] = [];
  let x = x0;
  let line = 0;
  tokens.forEach((token, index) => {
    const shown = visibleToken(token);
    const w = advance(token, fontSize);
    // Characters wrap at word starts: a word that fits on a line is not split.
    const wordStart = gap === 0 && index > 0 && /\s$/.test(tokens[index - 1]!) && !/^\s/.test(token);
    let run = w;
    if (wordStart) for (let j = index + 1; j < tokens.length && !/\s/.test(tokens[j]!); j++) run += advance(tokens[j]!, fontSize);
    if (x > x0 && (x + w > x0 + width || (run <= width && x + run > x0 + width))) {
      line += 1;
      x = x0;
    }
    placed.push({ index, token, shown, line, x, y: y0 + line * lineHeight + (lineHeight - boxHeight), width: w, height: boxHeight });
    x += w + gap;
    if (token.endsWith('\n')) {
      line += 1;
      x = x0;
    }
  });
  return placed;
}

/** Width of a token's box. */
function advance(token: string, fontSize: number): number {
  return Math.max(1, [...visibleToken(token)].length) * MONOSPACE_ADVANCE * fontSize + 2;
}

/** The index of the token box containing (x, y), or -1. */
export function tokenAt(tokens: readonly FlowToken[], x: number, y: number): number {
  const hit = tokens.find((t) => x >= t.x && x < t.x + t.width && y >= t.y && y < t.y + t.height);
  return hit ? hit.index : -1;
}
