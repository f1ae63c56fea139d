/**
 * The attention matrix on a canvas: one row per output token, one column per source token, each
 * cell shaded by its weight (the picture of Bahdanau et al. 2015, "Neural Machine Translation by
 * Jointly Learning to Align and Translate", Figure 3). Weights are drawn as they are (every row
 * sums to 1), so a row spread over many words looks pale: the model was unsure where to look.
 */

/** What {@link drawAttention} draws. */
export interface AttentionPicture {
  /** `[outputStep][sourceToken]` weights in [0, 1]. */
  weights: readonly (readonly number[])[];
  /** Column labels: the source tokens, then `<eos>`. */
  sourceLabels: readonly string[];
  /** Row labels: the output tokens, then `<eos>`. */
  outputLabels: readonly string[];
}

/** Where the cells are, in CSS pixels, for hit-testing. */
export interface AttentionLayout {
  left: number;
  top: number;
  cell: number;
  rows: number;
  cols: number;
}

const FONT = '13px system-ui, sans-serif';
const TEXT = '#222';
const GRID = '#d8dce3';
/** Height of one line of label text. */
const LINE = 16;
/** Angle of column labels too long for their cell. */
const SLANT = Math.PI / 3;

/** A label as it should read on screen: a space is shown as `␣`, long tokens are shortened. */
export function displayToken(token: string): string {
  if (token === ' ') return '␣';
  return token.length > 14 ? `${token.slice(0, 13)}…` : token;
}

/** White (0) to deep blue (1). */
export function shade(weight: number): string {
  const w = Math.min(1, Math.max(0, weight));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * w);
  return `rgb(${mix(255, 8)}, ${mix(255, 48)}, ${mix(255, 107)})`;
}

/**
 * Sizes the canvas to fit the matrix (cells between 16 and 40 CSS pixels, as wide as
 * `maxWidth` allows), draws it at the device's pixel ratio, and returns the layout.
 */
export function drawAttention(canvas: HTMLCanvasElement, picture: AttentionPicture, maxWidth: number): AttentionLayout {
  const rows = picture.weights.length;
  const cols = picture.sourceLabels.length;
  const measure = canvas.getContext('2d')!;
  measure.font = FONT;
  const widest = (labels: readonly string[]) => Math.max(0, ...labels.map((l) => measure.measureText(displayToken(l)).width));
  const left = Math.ceil(widest(picture.outputLabels)) + 12;
  const cell = Math.max(16, Math.min(40, Math.floor((maxWidth - left - 8) / Math.max(1, cols))));
  // A column label that fits its cell stands upright; a longer one is slanted at 60 degrees,
  // so its height is most of its length.
  const columnLabels = picture.sourceLabels.map((label) => {
    const text = displayToken(label);
    const width = measure.measureText(text).width;
    return { text, upright: width <= cell - 4, height: width <= cell - 4 ? LINE : width * Math.sin(SLANT) };
  });
  const top = Math.ceil(Math.max(LINE, ...columnLabels.map((l) => l.height))) + 10;
  const width = left + cols * cell + 24;
  const height = top + rows * cell + 4;

  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = FONT;
  g.fillStyle = TEXT;

  // Cells: [rows, cols], the weight as colour.
  for (let r = 0; r < rows; r++) {
    const row = picture.weights[r]!;
    for (let c = 0; c < cols; c++) {
      g.fillStyle = shade(row[c] ?? 0);
      g.fillRect(left + c * cell, top + r * cell, cell, cell);
    }
  }
  g.strokeStyle = GRID;
  g.lineWidth = 1;
  g.strokeRect(left + 0.5, top + 0.5, cols * cell - 1, rows * cell - 1);

  // Row labels (output tokens), right-aligned against the matrix.
  g.fillStyle = TEXT;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  picture.outputLabels.forEach((label, r) => g.fillText(displayToken(label), left - 6, top + r * cell + cell / 2));

  // Column labels (source tokens) above their column.
  g.textBaseline = 'alphabetic';
  columnLabels.forEach((label, c) => {
    const x = left + c * cell + cell / 2;
    if (label.upright) {
      g.textAlign = 'center';
      g.fillText(label.text, x, top - 6);
      return;
    }
    g.save();
    g.textAlign = 'left';
    g.translate(x - 4, top - 6);
    g.rotate(-SLANT);
    g.fillText(label.text, 0, 0);
    g.restore();
  });
  return { left, top, cell, rows, cols };
}

/** The cell under a point (CSS pixels relative to the canvas), or null. */
export function cellAt(layout: AttentionLayout, x: number, y: number): { row: number; col: number } | null {
  const col = Math.floor((x - layout.left) / layout.cell);
  const row = Math.floor((y - layout.top) / layout.cell);
  if (col < 0 || row < 0 || col >= layout.cols || row >= layout.rows) return null;
  return { row, col };
}
