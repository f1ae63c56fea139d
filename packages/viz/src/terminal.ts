/**
 * The attention matrix in a terminal: one row per target token, one column per source token,
 * shaded with block characters (or, with `color`, a 24-step grey background ramp), the picture
 * of Bahdanau et al. 2015, Figure 3, in characters. Columns are numbered; a key below maps the
 * numbers to source tokens, so long tokens never break the grid.
 */
import type { AttentionData } from './attention';
import { VizError } from './errors';
import { labelledMatrix } from './validate';

/** Options of {@link attentionToTerminal}; every field has a default. */
export interface TerminalAttentionOptions {
  /** ANSI 256-colour grey backgrounds instead of block characters. Default false. */
  color?: boolean;
  /**
   * Shade each row relative to its largest weight, so a flat (uncertain) row is visibly flat and
   * a peaked one shows its peak. Default true; false shades against `[0, 1]`.
   */
  normalizeRows?: boolean;
  /** Characters per column (at least 2). Default 3, or 2 when 3 would not fit in `width`. */
  cellWidth?: number;
  /**
   * Terminal width in characters (e.g. `process.stdout.columns`): columns narrow to 2 characters
   * when the matrix would not fit, and the key below wraps. Default: no limit.
   */
  width?: number;
  /** Row labels are cut to this many characters. Default 16. */
  maxLabelLength?: number;
}

/** Block characters from empty to full. */
export const TERMINAL_SHADES = [' ', '░', '▒', '▓', '█'] as const;

/** The attention matrix as terminal text (lines joined with `\n`, no trailing newline). */
export function attentionToTerminal(data: AttentionData, options: TerminalAttentionOptions = {}): string {
  const { weights, rows: targets, cols: sources } = labelledMatrix(data.weights, data.targetTokens, data.sourceTokens, { weights: 'weights', rows: 'targetTokens', cols: 'sourceTokens' });
  const cols = sources.length;
  const labelWidth = Math.min(options.maxLabelLength ?? 16, Math.max(4, ...targets.map((t) => [...t].length)));
  const width = options.width ?? Infinity;
  if (!(width > 0)) throw new VizError(`width must be a positive number of characters; got ${options.width}`);
  const cellWidth = options.cellWidth ?? (labelWidth + 1 + cols * 3 > width ? 2 : 3);
  if (!Number.isInteger(cellWidth) || cellWidth < 2) throw new VizError(`cellWidth must be an integer >= 2; got ${cellWidth}`);
  const lines: string[] = [];
  // Column numbers; with 2-character columns only every other number fits, so the rest are dots.
  const header = sources.map((_, i) => {
    const n = String(i);
    if (n.length < cellWidth) return n.padStart(cellWidth - 1).padEnd(cellWidth);
    return i % 2 === 0 ? n.padEnd(cellWidth * 2).slice(0, cellWidth) : ' '.repeat(cellWidth);
  });
  lines.push(`${' '.repeat(labelWidth)} ${header.join('')}`);
  weights.forEach((row, r) => {
    const max = options.normalizeRows === false ? 1 : Math.max(1e-9, ...row);
    const label = [...targets[r]!].slice(0, labelWidth).join('').padStart(labelWidth);
    const cells = Array.from({ length: cols }, (_, c) => {
      const w = Math.min(1, Math.max(0, row[c]! / max));
      if (options.color) {
        const level = Math.round(232 + w * 23); // grey ramp 232 (dark) .. 255 (light)
        return `\x1b[48;5;${level}m${' '.repeat(cellWidth)}\x1b[0m`;
      }
      const shade = TERMINAL_SHADES[Math.min(TERMINAL_SHADES.length - 1, Math.round(w * (TERMINAL_SHADES.length - 1)))]!;
      return shade.repeat(cellWidth - 1) + ' ';
    });
    lines.push(`${label} ${cells.join('')}`);
  });
  lines.push('');
  // The key, wrapped at the width.
  let key = '';
  for (const entry of sources.map((t, i) => `${i}=${t}`)) {
    if (key && key.length + 2 + entry.length > width) {
      lines.push(key);
      key = entry;
    } else key = key ? `${key}  ${entry}` : entry;
  }
  lines.push(key);
  return lines.join('\n');
}
