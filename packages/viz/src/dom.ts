/**
 * What every DOM renderer shares: an SVG picture inside a scrolling frame, a tooltip that names
 * the item under the pointer (mouse, pen or touch: `pointermove` and `pointerdown`), and keyboard
 * navigation (the picture is focusable; arrow keys move between items, Escape clears). Hit tests
 * use the picture's own layout, not the element under the pointer, so the answer is right at
 * every edge and at every zoom.
 */
import { escapeXml } from './svg';

/** A rectangle in picture (viewBox) coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a picture tells the frame about its items. */
export interface Interactive {
  /** The SVG markup. */
  svg: string;
  /** How many items can be pointed at. */
  count: number;
  /** Items per row, for up/down arrows (1 for a list). */
  columns: number;
  /** The item at a point in picture coordinates, or -1. */
  hitTest(x: number, y: number): number;
  /** The accessible description of item `i` (also the tooltip). */
  describe(i: number): string;
  /** Where item `i` is, to outline it. */
  box(i: number): Box;
}

/** The handle a DOM renderer returns. */
export interface Mounted {
  /** The scrolling frame added to the caller's element. */
  readonly frame: HTMLDivElement;
  /** The picture; the same element across updates. */
  readonly svg: SVGSVGElement;
  /** The item selected by pointer or keyboard, or -1. */
  readonly selected: number;
  /** Selects item `i` (-1 clears), shows its tooltip and returns its description. */
  select(i: number): string;
  /** Maps a client (viewport) point to the item there, or -1. */
  itemAtClientPoint(clientX: number, clientY: number): number;
  /** Replaces the picture in place (the `<svg>` element is kept). */
  replace(next: Interactive): void;
  /** Removes the frame and its listeners. */
  dispose(): void;
}

/** What the DOM renderers of this package return. */
export interface PictureHandle<Data, Options> {
  readonly frame: HTMLDivElement;
  readonly svg: SVGSVGElement;
  /** Selects item `i` (-1 clears) as hover or the keyboard would; returns its description. */
  select(i: number): string;
  /** The item under a client (viewport) point, or -1. */
  itemAtClientPoint(clientX: number, clientY: number): number;
  update(data: Data, options?: Options): void;
  dispose(): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Mounts `picture` into `element` and wires pointer, touch and keyboard. */
export function mount(element: HTMLElement, picture: Interactive, className: string): Mounted {
  const doc = element.ownerDocument;
  const frame = doc.createElement('div');
  frame.className = `seq2seq-viz-frame ${className}`;
  // The picture keeps its size (cells never squash); the frame scrolls instead.
  frame.style.cssText = 'position:relative;overflow:auto;max-width:100%;min-width:0;-webkit-overflow-scrolling:touch;';
  const holder = doc.createElement('div');
  holder.innerHTML = picture.svg;
  const svg = holder.querySelector('svg') as SVGSVGElement;
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight ArrowUp ArrowDown Home End Escape');
  svg.style.display = 'block';
  svg.style.touchAction = 'pan-x pan-y';
  frame.appendChild(svg);
  const tooltip = doc.createElement('div');
  tooltip.className = 'seq2seq-viz-tooltip';
  tooltip.setAttribute('role', 'status');
  tooltip.setAttribute('aria-live', 'polite');
  tooltip.style.cssText =
    'position:absolute;pointer-events:none;background:rgba(20,20,20,.88);color:#fff;font:12px/1.3 system-ui,sans-serif;padding:3px 6px;border-radius:4px;width:max-content;white-space:normal;overflow-wrap:anywhere;display:none;z-index:1;';
  frame.appendChild(tooltip);
  element.appendChild(frame);

  let current = picture;
  let selected = -1;
  let outline: SVGRectElement | null = null;

  function viewBoxSize(): { width: number; height: number } {
    const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(/\s+/).map(Number);
    return { width: w ?? 0, height: h ?? 0 };
  }

  function itemAtClientPoint(clientX: number, clientY: number): number {
    const rect = svg.getBoundingClientRect();
    const view = viewBoxSize();
    // The picture may be drawn scaled (CSS width); map back to viewBox units.
    const sx = rect.width > 0 ? view.width / rect.width : 1;
    const sy = rect.height > 0 ? view.height / rect.height : 1;
    return current.hitTest((clientX - rect.left) * sx, (clientY - rect.top) * sy);
  }

  function select(i: number, at?: { clientX: number; clientY: number }): string {
    selected = i >= 0 && i < current.count ? i : -1;
    outline?.remove();
    outline = null;
    if (selected < 0) {
      tooltip.style.display = 'none';
      tooltip.textContent = '';
      svg.removeAttribute('aria-activedescendant');
      return '';
    }
    const description = current.describe(selected);
    const b = current.box(selected);
    outline = doc.createElementNS(SVG_NS, 'rect') as SVGRectElement;
    outline.setAttribute('class', 'seq2seq-viz-outline');
    for (const [k, v] of Object.entries({ x: b.x, y: b.y, width: b.width, height: b.height })) outline.setAttribute(k, String(v));
    outline.setAttribute('fill', 'none');
    outline.setAttribute('stroke', '#e6550d');
    outline.setAttribute('stroke-width', '2');
    outline.setAttribute('pointer-events', 'none');
    svg.appendChild(outline);
    tooltip.textContent = description;
    // Never wider than the visible frame (a phone): the text wraps instead of being cut.
    if (frame.clientWidth > 0) tooltip.style.maxWidth = `${Math.max(80, frame.clientWidth - 8)}px`;
    tooltip.style.display = 'block';
    const frameRect = frame.getBoundingClientRect();
    const svgRect = svg.getBoundingClientRect();
    const view = viewBoxSize();
    const scale = svgRect.width > 0 && view.width > 0 ? svgRect.width / view.width : 1;
    const left = at ? at.clientX - frameRect.left + frame.scrollLeft : (svgRect.left - frameRect.left) + (b.x + b.width) * scale + frame.scrollLeft;
    const top = at ? at.clientY - frameRect.top + frame.scrollTop : (svgRect.top - frameRect.top) + (b.y + b.height) * scale + frame.scrollTop;
    // Beside the pointer, flipped to its left (or above) where it would leave the visible frame.
    const w = tooltip.offsetWidth;
    const h = tooltip.offsetHeight;
    const right = frame.scrollLeft + frame.clientWidth;
    const bottom = frame.scrollTop + frame.clientHeight;
    const x = frame.clientWidth > 0 && left + 12 + w > right ? left - 12 - w : left + 12;
    const y = frame.clientHeight > 0 && top + 12 + h > bottom ? top - 12 - h : top + 12;
    tooltip.style.left = `${Math.max(frame.scrollLeft, frame.clientWidth > 0 ? Math.min(x, right - w - 4) : x)}px`;
    tooltip.style.top = `${Math.max(frame.scrollTop, y)}px`;
    return description;
  }

  const onPointer = (event: PointerEvent): void => {
    const i = itemAtClientPoint(event.clientX, event.clientY);
    if (i !== selected || i >= 0) select(i, event);
  };
  const onLeave = (event: PointerEvent): void => {
    // A tap's tooltip stays until the next tap; a mouse leaving clears it.
    if (event.pointerType === 'mouse') select(-1);
  };
  const onKey = (event: KeyboardEvent): void => {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -current.columns, ArrowDown: current.columns, Home: -Infinity, End: Infinity };
    if (event.key === 'Escape') {
      select(-1);
      return;
    }
    const delta = step[event.key];
    if (delta === undefined || current.count === 0) return;
    event.preventDefault();
    const from = selected < 0 ? 0 : selected;
    const next = delta === -Infinity ? 0 : delta === Infinity ? current.count - 1 : selected < 0 ? 0 : from + delta;
    if (next >= 0 && next < current.count) select(next);
  };
  svg.addEventListener('pointermove', onPointer as EventListener);
  svg.addEventListener('pointerdown', onPointer as EventListener);
  svg.addEventListener('pointerleave', onLeave as EventListener);
  svg.addEventListener('keydown', onKey as EventListener);

  return {
    frame,
    svg,
    get selected() {
      return selected;
    },
    select: (i) => select(i),
    itemAtClientPoint,
    replace(next) {
      const keep = selected;
      current = next;
      outline = null;
      holder.innerHTML = next.svg;
      const fresh = holder.querySelector('svg') as SVGSVGElement;
      for (const name of ['width', 'height', 'viewBox', 'aria-label']) {
        const value = fresh.getAttribute(name);
        if (value !== null) svg.setAttribute(name, value);
      }
      svg.replaceChildren(...Array.from(fresh.childNodes));
      holder.innerHTML = '';
      select(keep < next.count ? keep : -1);
    },
    dispose() {
      svg.removeEventListener('pointermove', onPointer as EventListener);
      svg.removeEventListener('pointerdown', onPointer as EventListener);
      svg.removeEventListener('pointerleave', onLeave as EventListener);
      svg.removeEventListener('keydown', onKey as EventListener);
      frame.remove();
    },
  };
}

/** Text for a `<title>` child. */
export function titleOf(text: string): string {
  return `<title>${escapeXml(text)}</title>`;
}

/**
 * Mounts the picture that `build` makes of `data` and `options`, and returns the standard handle:
 * `update` rebuilds the picture from new data (and, if given, new options) in the same frame.
 */
export function mountPicture<Data, Options>(
  element: HTMLElement,
  data: Data,
  options: Options,
  build: (data: Data, options: Options) => Interactive,
  className: string,
): PictureHandle<Data, Options> {
  let opts = options;
  const mounted = mount(element, build(data, opts), className);
  return {
    frame: mounted.frame,
    svg: mounted.svg,
    select: (i) => mounted.select(i),
    itemAtClientPoint: (x, y) => mounted.itemAtClientPoint(x, y),
    update(next, nextOptions) {
      opts = nextOptions ?? opts;
      mounted.replace(build(next, opts));
    },
    dispose: () => mounted.dispose(),
  };
}
