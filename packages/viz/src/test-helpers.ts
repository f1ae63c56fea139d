/** Helpers the tests share (not exported from the package). */
import type { Box } from './dom';

/** True when two boxes overlap by more than `tolerance` pixels in both directions. */
export function overlaps(a: Box, b: Box, tolerance = 0.01): boolean {
  return a.x + a.width - tolerance > b.x && b.x + b.width - tolerance > a.x && a.y + a.height - tolerance > b.y && b.y + b.height - tolerance > a.y;
}

/** Every pair of boxes that overlaps, as index pairs. */
export function overlappingPairs(boxes: readonly Box[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) pairs.push([i, j]);
  return pairs;
}

/** Parses an SVG string with the test's DOM (happy-dom). */
export function parseSvg(svg: string): SVGSVGElement {
  const holder = document.createElement('div');
  holder.innerHTML = svg;
  return holder.querySelector('svg') as SVGSVGElement;
}

/** Makes `element` report `rect` from getBoundingClientRect (happy-dom does no layout). */
export function placeAt(element: Element, rect: { left: number; top: number; width: number; height: number }): void {
  element.getBoundingClientRect = () => ({ ...rect, x: rect.left, y: rect.top, right: rect.left + rect.width, bottom: rect.top + rect.height, toJSON: () => rect }) as DOMRect;
}

/** Dispatches a pointer event of `type` at a client point. */
export function pointer(target: Element, type: string, clientX: number, clientY: number, pointerType = 'mouse'): void {
  target.dispatchEvent(new PointerEvent(type, { clientX, clientY, pointerType, bubbles: true }));
}

/** A long sentence pair to stress label layout (tokens of mixed length, one very long). */
export const LONG_SOURCE = 'the agreement on the european economic area was signed in august 1992 by representatives of the member states , antidisestablishmentarianism notwithstanding .'.split(' ');
export const LONG_TARGET = "l' accord sur la zone économique européenne a été signé en août 1992 par les représentants des états membres , nonobstant l' anticonstitutionnellement .".split(' ');

/** A seeded attention matrix, each row a softmax peaked near the diagonal. */
export function diagonalAttention(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => {
    const scores = Array.from({ length: cols }, (_, c) => -Math.abs(c - (r * cols) / rows) + 0.1 * Math.sin(r * 7 + c * 3));
    const max = Math.max(...scores);
    const e = scores.map((s) => Math.exp(2 * (s - max)));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  });
}
