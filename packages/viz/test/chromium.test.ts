/**
 * The DOM renderers in a real browser (Debian's Chromium through Playwright), where layout,
 * scrolling, CSS scaling, touch and focus are real: the attention map of a long sentence pair
 * on a phone-sized page (390x844) scrolls inside its frame and never makes the page scroll
 * sideways; hover at the bottom-right cell, drawn at half size, names that cell; a tap names a
 * cell on a touch screen; Tab focuses the picture and the arrow keys walk the cells; curves
 * append live. The package's sources are bundled with esbuild into the page.
 *
 * Without Chromium this file is skipped locally but fails under CI=true. Set
 * SEQ2SEQ_WEB_SCREENSHOTS=DIR to keep screenshots.
 */
import { describeWithChromium, launchChromium } from '@seq2seq/backend/testing';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LONG_SOURCE, LONG_TARGET, diagonalAttention } from '../src/test-helpers';

const screenshots = process.env.SEQ2SEQ_WEB_SCREENSHOTS;

describeWithChromium('@seq2seq/viz in Chromium', () => {
  let bundle: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const out = await build({ entryPoints: [new URL('../src/index.ts', import.meta.url).pathname], bundle: true, format: 'iife', globalName: 'viz', write: false, target: 'es2022' });
    bundle = out.outputFiles[0]!.text;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh page of the given size (and touch support) with the bundle loaded and no errors. */
  async function page(viewport: { width: number; height: number }, hasTouch = false): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.context.browser()?.newContext({ viewport, hasTouch }) ?? browser.context;
    const p = await context.newPage();
    await p.setViewportSize(viewport);
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.setContent(`<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:12px;font:14px system-ui"><h1>viz</h1><div id="host" style="max-width:100%"></div></body></html>`);
    await p.addScriptTag({ content: bundle });
    return { page: p, errors };
  }

  const data = { weights: diagonalAttention(LONG_TARGET.length, LONG_SOURCE.length), sourceTokens: LONG_SOURCE, targetTokens: LONG_TARGET };

  it('a long attention map on a 390 px phone: the frame scrolls, the page does not; a tap names the cell', async () => {
    const { page: p, errors } = await page({ width: 390, height: 844 }, true);
    await p.evaluate((d) => {
      (window as unknown as { handle: unknown }).handle = (window as any).viz.renderAttention(document.getElementById('host'), d);
    }, data);
    const sizes = await p.evaluate(() => {
      const frame = document.querySelector('.seq2seq-viz-frame') as HTMLElement;
      return { page: document.documentElement.scrollWidth, frame: frame.clientWidth, content: frame.scrollWidth };
    });
    expect(sizes.page).toBeLessThanOrEqual(390);
    expect(sizes.frame).toBeLessThanOrEqual(390);
    expect(sizes.content).toBeGreaterThan(sizes.frame); // the matrix is wider than the phone: it scrolls
    // Scroll the frame to its far right and tap the last column of row 5.
    const target = await p.evaluate(() => {
      const frame = document.querySelector('.seq2seq-viz-frame') as HTMLElement;
      frame.scrollLeft = frame.scrollWidth;
      const cells = document.querySelectorAll('rect.cell');
      const cols = Number(cells[cells.length - 1]!.getAttribute('data-col')) + 1;
      const r = cells[5 * cols + cols - 1]!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await p.touchscreen.tap(target.x, target.y);
    const text = await p.textContent('[role=status]');
    expect(text).toBe(`source “${LONG_SOURCE[LONG_SOURCE.length - 1]}” → target “${LONG_TARGET[5]}”: weight ${data.weights[5]![LONG_SOURCE.length - 1]!.toFixed(3)}`);
    // The tooltip is inside the visible part of the frame (flipped left of the finger at the edge).
    const fits = await p.evaluate(() => {
      const tip = document.querySelector('[role=status]')!.getBoundingClientRect();
      const frame = document.querySelector('.seq2seq-viz-frame')!.getBoundingClientRect();
      return { left: tip.left >= frame.left - 0.5, right: tip.right <= frame.right + 0.5 };
    });
    expect(fits).toEqual({ left: true, right: true });
    // Scrolled to the far right, the row labels stay in view at the frame's left edge, over the
    // cells; a tap on a label names no cell.
    const label = await p.evaluate(() => {
      const frame = document.querySelector('.seq2seq-viz-frame')!.getBoundingClientRect();
      const text = document.querySelectorAll('.target-labels text')[5]!.getBoundingClientRect();
      return { frameLeft: frame.left, left: text.left, right: text.right, x: text.left + text.width / 2, y: text.top + text.height / 2 };
    });
    expect(label.left).toBeGreaterThanOrEqual(label.frameLeft - 0.5);
    expect(label.right).toBeLessThan(label.frameLeft + 150);
    await p.touchscreen.tap(label.x, label.y);
    expect(await p.textContent('[role=status]')).toBe('');
    // Scrolled down, the column labels stay at the top.
    const header = await p.evaluate(async (last) => {
      const frame = document.querySelector('.seq2seq-viz-frame') as HTMLElement;
      frame.style.maxHeight = '300px';
      frame.scrollTop = frame.scrollHeight;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const f = frame.getBoundingClientRect();
      const t = document.querySelectorAll('.source-labels text')[last]!.getBoundingClientRect();
      // Row labels scrolled above the first visible row are hidden under the column labels'
      // band: the element drawn at a point in that band's left corner is the corner itself.
      const corner = document.elementFromPoint(f.left + 5, f.top + 5);
      return { top: t.top - f.top, bottom: t.bottom - f.top, scrolled: frame.scrollTop, corner: corner?.getAttribute('class') };
    }, LONG_SOURCE.length - 1);
    expect(header.scrolled).toBeGreaterThan(0);
    expect(header.top).toBeGreaterThanOrEqual(-0.5);
    expect(header.bottom).toBeLessThan(200);
    expect(header.corner).toBe('label-corner');
    if (screenshots) await p.screenshot({ path: `${screenshots}/viz-attention-phone.png` });
    expect(errors).toEqual([]);
    await p.close();
  });

  it('hover at the bottom-right cell of a picture drawn at half size names that cell; Tab and arrows walk cells', async () => {
    const { page: p, errors } = await page({ width: 1280, height: 800 });
    const cell = await p.evaluate((d) => {
      const handle = (window as any).viz.renderAttention(document.getElementById('host'), d);
      const svg = handle.svg as SVGSVGElement;
      svg.style.width = `${handle.layout.width / 2}px`;
      svg.style.height = 'auto';
      const last = handle.layout.cells[handle.layout.cells.length - 1];
      const r = svg.getBoundingClientRect();
      // 1 px inside the cell's bottom-right corner, in screen pixels at half scale.
      return { x: r.left + (last.x + last.width) / 2 - 1, y: r.top + (last.y + last.height) / 2 - 1, weight: last.weight };
    }, data);
    await p.mouse.move(cell.x, cell.y);
    expect(await p.textContent('[role=status]')).toBe(`source “.” → target “.”: weight ${cell.weight.toFixed(3)}`);
    await p.mouse.move(1, 1);
    expect(await p.textContent('[role=status]')).toBe('');
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('svg');
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) await p.keyboard.press(key);
    expect(await p.textContent('[role=status]')).toBe(`source “${LONG_SOURCE[1]}” → target “${LONG_TARGET[1]}”: weight ${data.weights[1]![1]!.toFixed(3)}`);
    if (screenshots) await p.screenshot({ path: `${screenshots}/viz-attention-desktop.png` });
    expect(errors).toEqual([]);
    await p.close();
  });

  it('drawn labels of a long sentence pair fit the boxes the layout gave them: none overlaps another or leaves the picture', async () => {
    const { page: p, errors } = await page({ width: 1280, height: 800 });
    for (const fontSize of [11, 12, 16]) {
      const result = await p.evaluate(({ d, fontSize }) => {
        const host = document.getElementById('host')!;
        host.replaceChildren();
        const handle = (window as any).viz.renderAttention(host, d, { fontSize, maxLabelWidth: 150 });
        const svg = (handle.svg as SVGSVGElement).getBoundingClientRect();
        const boxes = (selector: string) => Array.from(document.querySelectorAll(selector)).map((t) => t.getBoundingClientRect());
        const overlaps = (rects: DOMRect[]) => rects.flatMap((a, i) => rects.slice(i + 1).filter((b) => a.right - 0.5 > b.left && b.right - 0.5 > a.left && a.bottom - 0.5 > b.top && b.bottom - 0.5 > a.top).map(() => i));
        const source = boxes('.source-labels text');
        const target = boxes('.target-labels text');
        const all = [...source, ...target];
        return {
          overlapping: [...overlaps(source), ...overlaps(target)],
          outside: all.filter((r) => r.left < svg.left - 0.5 || r.top < svg.top - 0.5 || r.right > svg.right + 0.5).length,
          // Measured widths err wide: the layout's box is at least the drawn text's length.
          // (along the text: the height of a vertical column label, the width of an upright one)
          tooNarrow: handle.layout.sourceLabels.filter((l: any, i: number) => (l.rotate ? l.box.height + 0.5 < source[i]!.height : l.box.width + 0.5 < source[i]!.width)).length +
            handle.layout.targetLabels.filter((l: any, i: number) => l.box.width + 0.5 < target[i]!.width).length,
        };
      }, { d: data, fontSize });
      expect(result, `fontSize ${fontSize}`).toEqual({ overlapping: [], outside: 0, tooNarrow: 0 });
    }
    expect(errors).toEqual([]);
    await p.close();
  });

  it('learning curves append live into the same element', async () => {
    const { page: p, errors } = await page({ width: 1280, height: 800 });
    const result = await p.evaluate(async () => {
      const handle = (window as any).viz.renderCurves(document.getElementById('host'), [], { logY: true });
      const svg = handle.svg;
      for (let i = 0; i < 50; i++) {
        handle.append('train', 3 * Math.exp(-i / 10) + 0.2);
        if (i % 10 === 0) handle.append('validation', 3 * Math.exp(-i / 10) + 0.4, i);
        await new Promise(requestAnimationFrame);
      }
      const paths = Array.from(document.querySelectorAll('path.curve')).map((e) => (e.getAttribute('d')!.match(/[ML]/g) ?? []).length);
      return { same: handle.svg === svg && document.querySelectorAll('svg').length === 1, paths };
    });
    expect(result).toEqual({ same: true, paths: [50, 5] });
    if (screenshots) await p.screenshot({ path: `${screenshots}/viz-curves.png` });
    expect(errors).toEqual([]);
    await p.close();
  });
});
