/**
 * Draws an instance on a square canvas: the unit square with y pointing up (so a
 * counter-clockwise hull turns counter-clockwise on screen), the reference answer dashed in
 * orange under the model's answer in blue, and the points with their indices on top. Delaunay
 * triangles of the answer that are not in the reference are filled red.
 */
import type { Point } from '@seq2seq/datasets';
import type { PageTask } from './tasks';

/** What to draw. */
export interface Scene {
  task: PageTask;
  points: readonly Point[];
  /** The model's answer in input indices (hull, flattened triangles, tour), or null. */
  answer: readonly number[] | null;
  /** The reference in the same form, or null to leave it out. */
  reference: readonly number[] | null;
  /** The answer is the first steps of one (the pointing animation): a hull or tour is drawn open. */
  partial?: boolean;
}

/** Colours of the two answers; the page's legend uses the same. */
export const COLOURS = { answer: '#1f5fbf', reference: '#e07b00', wrong: '#c62828', point: '#1d2433', grid: '#eceff3' } as const;

/** CSS pixels between the canvas edge and the unit square, so points on the border stay visible. */
const PAD = 24;

/** Canvas pixels of the unit square's side, and where it starts. */
function frame(canvas: HTMLCanvasElement): { side: number; pad: number; scale: number } {
  const scale = canvas.width / canvas.clientWidth || 1;
  return { side: canvas.width - 2 * PAD * scale, pad: PAD * scale, scale };
}

/** The unit-square point under a mouse event's `offsetX`/`offsetY`, or null outside the square. */
export function pointAt(canvas: HTMLCanvasElement, offsetX: number, offsetY: number): Point | null {
  const { side, pad, scale } = frame(canvas);
  const x = (offsetX * scale - pad) / side;
  const y = 1 - (offsetY * scale - pad) / side;
  return x >= 0 && x <= 1 && y >= 0 && y <= 1 ? [x, y] : null;
}

/** Sizes the canvas to `cssSize` CSS pixels at the screen's resolution. */
export function sizeCanvas(canvas: HTMLCanvasElement, cssSize: number): void {
  const ratio = Math.min(2, window.devicePixelRatio || 1);
  canvas.style.width = canvas.style.height = `${cssSize}px`;
  canvas.width = canvas.height = Math.round(cssSize * ratio);
}

/** Canvas pixels of a unit-square point, and the canvas pixels per CSS pixel. */
export function canvasPosition(canvas: HTMLCanvasElement, [x, y]: Point): { x: number; y: number; scale: number } {
  const { side, pad, scale } = frame(canvas);
  return { x: pad + x * side, y: pad + (1 - y) * side, scale };
}

/** Draws `scene`, replacing what the canvas held. */
export function drawScene(canvas: HTMLCanvasElement, scene: Scene): void {
  const ctx = canvas.getContext('2d')!;
  const { side, pad, scale } = frame(canvas);
  const at = (i: number): [number, number] => {
    const [x, y] = scene.points[i]!;
    return [pad + x * side, pad + (1 - y) * side];
  };
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(pad, pad, side, side);
  ctx.strokeStyle = COLOURS.grid;
  ctx.lineWidth = scale;
  for (let k = 1; k < 10; k++) {
    const v = pad + (k / 10) * side;
    line(ctx, [v, pad], [v, pad + side]);
    line(ctx, [pad, v], [pad + side, v]);
  }
  ctx.strokeStyle = '#b9c0cc';
  ctx.strokeRect(pad, pad, side, side);

  if (scene.reference) drawAnswer(ctx, scene.task, scene.reference, at, { colour: COLOURS.reference, width: 3 * scale, dash: [7 * scale, 5 * scale], fill: false });
  if (scene.answer) {
    const truth = scene.task === 'delaunay' && scene.reference ? new Set(triangles(scene.reference).map(key)) : null;
    drawAnswer(ctx, scene.task, scene.answer, at, { colour: COLOURS.answer, width: 2 * scale, dash: [], fill: !scene.partial, truth, open: scene.partial });
  }

  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  scene.points.forEach((_, i) => {
    const [x, y] = at(i);
    ctx.fillStyle = COLOURS.point;
    ctx.beginPath();
    ctx.arc(x, y, (i === 0 && scene.task === 'tsp' ? 5 : 3.5) * scale, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#5c6578';
    ctx.fillText(String(i), x + 5 * scale, y - 3 * scale);
  });
}

interface Pen {
  colour: string;
  width: number;
  dash: number[];
  /** Fill the hull and the triangles lightly (the answer), or only stroke them (the reference). */
  fill: boolean;
  /** Delaunay: keys of the reference triangles; answer triangles outside it are drawn as wrong. */
  truth?: Set<string> | null;
  /** Leave a hull or tour open (an answer still being written). */
  open?: boolean;
}

/** One answer: a closed polygon (hull), triangles (Delaunay) or a closed tour with its direction. */
function drawAnswer(ctx: CanvasRenderingContext2D, task: PageTask, output: readonly number[], at: (i: number) => [number, number], pen: Pen): void {
  ctx.lineWidth = pen.width;
  ctx.setLineDash(pen.dash);
  ctx.strokeStyle = ctx.fillStyle = pen.colour;
  ctx.lineJoin = 'round';
  if (task === 'delaunay') {
    for (const t of triangles(output)) {
      const wrong = pen.truth ? !pen.truth.has(key(t)) : false;
      ctx.beginPath();
      t.forEach((i, k) => (k ? ctx.lineTo(...at(i)) : ctx.moveTo(...at(i))));
      ctx.closePath();
      if (pen.fill) {
        ctx.globalAlpha = 0.12;
        ctx.fillStyle = wrong ? COLOURS.wrong : pen.colour;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.fillStyle = pen.colour;
      }
      ctx.stroke();
    }
  } else if (output.length >= 2) {
    ctx.beginPath();
    output.forEach((i, k) => (k ? ctx.lineTo(...at(i)) : ctx.moveTo(...at(i))));
    if (!pen.open) ctx.closePath();
    if (task === 'hull' && pen.fill) {
      ctx.globalAlpha = 0.08;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.stroke();
    if (task === 'tsp') arrow(ctx, at(output[0]!), at(output[1]!), pen.width * 3);
  }
  ctx.setLineDash([]);
}

/** An arrowhead halfway along a -> b. */
function arrow(ctx: CanvasRenderingContext2D, a: [number, number], b: [number, number], size: number): void {
  const angle = Math.atan2(b[1] - a[1], b[0] - a[0]);
  const [mx, my] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  ctx.beginPath();
  ctx.moveTo(mx + size * Math.cos(angle), my + size * Math.sin(angle));
  ctx.lineTo(mx + size * Math.cos(angle + 2.5), my + size * Math.sin(angle + 2.5));
  ctx.lineTo(mx + size * Math.cos(angle - 2.5), my + size * Math.sin(angle - 2.5));
  ctx.closePath();
  ctx.fill();
}

function line(ctx: CanvasRenderingContext2D, a: [number, number], b: [number, number]): void {
  ctx.beginPath();
  ctx.moveTo(...a);
  ctx.lineTo(...b);
  ctx.stroke();
}

/** `[i1, j1, k1, i2, ...]` -> `[[i1, j1, k1], ...]` (a trailing partial group is dropped). */
function triangles(flat: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let s = 0; s + 3 <= flat.length; s += 3) out.push(flat.slice(s, s + 3));
  return out;
}

/** A triangle's vertex set as a string. */
const key = (t: readonly number[]): string => [...t].sort((a, b) => a - b).join(',');
