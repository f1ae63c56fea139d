/**
 * Attention as a terminal heatmap: one row per output token, one column per source token,
 * shaded by weight (the picture of Bahdanau et al. 2015, Figure 3, in characters).
 */

const SHADES = [' ', '░', '▒', '▓', '█'];

/** Renders `weights[outputStep][sourceToken]` with row and column labels. */
export function formatHeatmap(weights: readonly (readonly number[])[], sourceTokens: readonly string[], outputTokens: readonly string[], color = false): string {
  const cols = sourceTokens.length;
  const colWidth = 3;
  const rowLabelWidth = Math.min(16, Math.max(4, ...outputTokens.map((t) => t.length)));
  const lines: string[] = [];
  // Column labels, written vertically-ish: index header then a legend below.
  lines.push(`${' '.repeat(rowLabelWidth)} ${sourceTokens.map((_, i) => String(i).padStart(colWidth - 1).padEnd(colWidth)).join('')}`);
  weights.forEach((row, r) => {
    // Shade relative to the row's largest weight, so a flat (uncertain) row is visibly flat.
    const max = Math.max(1e-9, ...row.slice(0, cols));
    const label = (outputTokens[r] ?? '').slice(0, rowLabelWidth).padStart(rowLabelWidth);
    const cells = Array.from({ length: cols }, (_, c) => {
      const w = (row[c] ?? 0) / max;
      if (color) {
        const level = Math.round(232 + w * 23); // grey ramp 232..255
        return `\x1b[48;5;${level}m${' '.repeat(colWidth)}\x1b[0m`;
      }
      const shade = SHADES[Math.min(SHADES.length - 1, Math.round(w * (SHADES.length - 1)))]!;
      return shade.repeat(colWidth - 1) + ' ';
    });
    lines.push(`${label} ${cells.join('')}`);
  });
  lines.push('');
  lines.push(sourceTokens.map((t, i) => `${i}=${t}`).join('  '));
  return lines.join('\n');
}
