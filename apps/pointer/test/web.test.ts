/**
 * The pointer-network page in a real browser: builds web/ with esbuild, serves it with COOP/COEP
 * from 127.0.0.1 with the app's models, and drives Debian's Chromium with Playwright. Solves a
 * fixed convex-hull instance (a square's 4 corners and 3 points inside: an unambiguous hull), a
 * Delaunay and a TSP instance on WASM (and a tour on WebGPU when asked: a SwiftShader adapter on
 * machines without a GPU); checks that a URL's seed reproduces its instance, that a click adds a
 * point and a task switch loads that task's model, and that too few points and a missing model
 * are explained on the page.
 *
 * The models are the ones in apps/pointer/models at the time (the page picks the task's model
 * with the smallest n from models/index.json), so the test names no model folder.
 *
 * Every page opened is checked for sideways scrolling and console errors; the journeys that matter
 * on a phone (solve, cancel, the pointing animation) run at 1280x800 and at 390x844. The defects
 * the page had are asserted fixed: the model is the one trained nearest the instance's size with
 * a warning far from it, no "-0.0%" gap, a clamped N is said, a bad ?points= shows no instance and
 * a bad ?backend= an error, Solve on an empty board says why, the technical detail is folded.
 *
 * Without Chromium this file is skipped locally but fails under CI=true. Set
 * SEQ2SEQ_WEB_SCREENSHOTS=DIR to keep a screenshot of each page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithChromium, launchChromium } from '@seq2seq/backend/testing';
import { samplePoints, scoreConvexHull, tourLength, type Point } from '@seq2seq/datasets';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { runPageJourney, saveScreenshot, screenshotName, VIEWPORTS, type ViewportName } from '../../../scripts/web-page/page-journey';
import { buildWeb } from '../web/build';
import { MODELS_DIR, serveWeb, type WebServer } from '../web/serve';

/** A square's corners (indices 0-3) and three points well inside it. */
const SQUARE: Point[] = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9], [0.5, 0.5], [0.3, 0.6], [0.6, 0.35]];
const SCATTER: Point[] = [[0.12, 0.2], [0.85, 0.1], [0.55, 0.9], [0.4, 0.45], [0.8, 0.65], [0.2, 0.75], [0.6, 0.3], [0.35, 0.15]];

const pointsQuery = (points: readonly Point[]): string => encodeURIComponent(JSON.stringify(points));

describeWithChromium('pointer-network page in Chromium', () => {
  let work: string;
  let server: WebServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'seq2seq-pointer-web-'));
    const root = await buildWeb(join(work, 'dist'));
    server = await serveWeb({ root, modelsDir: MODELS_DIR });
    browser = await launchChromium({ viewport: VIEWPORTS.desktop });
    context = browser.context;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /**
   * Opens the page at `viewport`, waits until it is ready with no answer pending (or failed), runs
   * `check`, then checks that nothing scrolls sideways and that the console has no errors.
   */
  async function open(query: string, check: (page: Page, requests: string[]) => Promise<void>, viewport: ViewportName = 'desktop'): Promise<void> {
    await runPageJourney({ context, url: `${server.origin}/${query}`, viewport, ready: waitIdle, screenshot: screenshotName('pointer', viewport, query) }, (page, journey) => check(page, journey.requests));
  }

  function waitIdle(page: Page): Promise<unknown> {
    return page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? '') && !document.querySelector('#answer-json[data-pending]'), null, { timeout: 30_000 });
  }

  /** The backend's reasons, one per line. */
  async function reasons(page: Page): Promise<string> {
    return (await page.locator('#reasons li').allTextContents()).join('\n');
  }

  /** The picture at a pointing step: the point ringed as taken, the points chosen so far, the largest disc. */
  function pointingPicture(page: Page) {
    return page.evaluate(() => {
      const circles = Array.from(document.querySelectorAll<SVGCircleElement>('#board svg circle.point'));
      const index = (c: Element | undefined) => (c ? Number(c.getAttribute('data-index')) : -1);
      const largest = circles.reduce<SVGCircleElement | undefined>((a, c) => (!a || Number(c.getAttribute('r')) > Number(a.getAttribute('r')) ? c : a), undefined);
      return {
        taken: index(circles.find((c) => c.classList.contains('taken'))),
        rings: document.querySelectorAll('#board svg .taken-ring').length,
        chosen: circles.filter((c) => c.classList.contains('chosen')).map(index),
        largest: index(largest),
      };
    });
  }

  /** The answer in the command line's JSON form. */
  async function answer<T>(page: Page): Promise<T> {
    return JSON.parse(await page.locator('#answer-json').innerText()) as T;
  }

  /** The answer's shapes as drawn (class, number of vertices), and the reference's. */
  function drawnShapes(page: Page) {
    return page.evaluate(() => {
      const shapes = (selector: string) =>
        Array.from(document.querySelectorAll(`#board svg ${selector}`)).map((e) => `${e.tagName}.${e.getAttribute('class')}:${e.getAttribute('points')!.split(' ').length}`);
      return { answer: shapes('.answers > *'), reference: shapes('.references > *') };
    });
  }

  it('solves a hull on WASM and reports the scores the library gives its answer', async () => {
    await open(`?task=hull&points=${pointsQuery(SQUARE)}`, async (page, requests) => {
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      expect(await page.getAttribute('#backend', 'data-backend')).toBe('wasm');
      expect(await page.locator('#backend').textContent()).toMatch(/^wasm \(SIMD (on|off), \d+ threads?\)$/);
      expect(await reasons(page)).toMatch(/^wasm chosen \(first preference\)/);
      expect(await page.locator('#runtime-report').textContent()).toMatch(/crossOriginIsolated: true/);
      expect(await page.locator('#model-info').textContent()).toMatch(/^task convex-hull · trained on n=\d+.* encoder.* [\d,]+ parameters/);
      // The technical detail is folded, below the answer.
      expect(await page.locator('#tech').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.locator('#tech-summary').innerText()).toMatch(/^\(wasm .*convex-hull-n\d+\)$/);
      const [techTop, resultTop] = await Promise.all(['#tech', '#result'].map(async (id) => (await page.locator(id).boundingBox())!.y));
      expect(techTop).toBeGreaterThan(resultTop!);

      // The answer is valid whatever the weights; its scores are the library's, not the page's own.
      // (Whether it is right is the model's business: the shipped one is trained on 50 points.)
      const { hull } = await answer<{ hull: number[] }>(page);
      expect(new Set(hull).size).toBe(hull.length);
      expect(hull.length).toBeGreaterThanOrEqual(3);
      expect(hull.every((i) => Number.isInteger(i) && i >= 0 && i < SQUARE.length)).toBe(true);
      const expected = scoreConvexHull(SQUARE, hull);
      expect(await page.getAttribute('#verdict', 'data-exact')).toBe(String(expected.exact));
      const scores = await page.locator('#scores').innerText();
      expect(scores).toMatch(new RegExp(`exact hull\\s+${expected.exact ? 'yes' : 'no'}`));
      expect(scores).toMatch(new RegExp(`area coverage\\s+${(expected.coverage * 100).toFixed(1).replace('.', '\\.')}%`));
      expect(await page.locator('#reference-label').innerText()).toMatch(/exact hull/);
      // Drawn: the answer's polygon over the reference's dashed one.
      const drawn = await drawnShapes(page);
      expect(drawn.answer).toEqual([`polygon.answer:${hull.length}`]);
      expect(drawn.reference).toEqual(['polygon.reference:4']); // the square's corners
      // Only the weights: never the optimizer's moments.
      expect(requests.filter((path) => path.startsWith('/models/'))).toEqual(expect.arrayContaining(['/models/index.json']));
      expect(requests.some((path) => path.endsWith('/model.safetensors'))).toBe(true);
      expect(requests.some((path) => path.includes('optimizer'))).toBe(false);
    });
  }, 60_000);

  it('triangulates and tours point sets with valid answers', async () => {
    const n = SCATTER.length;
    await open(`?task=delaunay&points=${pointsQuery(SCATTER)}`, async (page) => {
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      const { triangles } = await answer<{ triangles: number[][] }>(page);
      expect(triangles.length).toBeGreaterThan(0);
      for (const t of triangles) {
        expect(t).toHaveLength(3);
        expect(new Set(t).size).toBe(3);
        for (const i of t) expect(Number.isInteger(i) && i >= 0 && i < n).toBe(true);
      }
      expect(await page.locator('#scores').innerText()).toMatch(/triangle coverage\s+\d+\.\d% \(\d+ of \d+ Delaunay triangles; \d+ predicted\)/);
      // Drawn: one polygon per predicted triangle over the reference's dashed ones; those not in
      // the reference (the count the scores give) marked wrong.
      const [, right, total] = (await page.locator('#scores').innerText()).match(/\((\d+) of (\d+) Delaunay triangles/)!.map(Number);
      const drawn = await drawnShapes(page);
      expect(drawn.answer).toHaveLength(triangles.length);
      expect(drawn.reference).toHaveLength(total!);
      expect(drawn.answer.filter((s) => s.startsWith('polygon.answer wrong')).length).toBe(triangles.length - right!);
      expect(await page.locator('#model-info').textContent()).toMatch(/^task delaunay/);
    });
    await open(`?task=tsp&points=${pointsQuery(SCATTER)}`, async (page) => {
      const isTour = (tour: number[]) => tour[0] === 0 && [...tour].sort((a, b) => a - b).every((v, i) => v === i) && tour.length === n;
      const greedy = await answer<{ tour: number[] }>(page);
      expect(isTour(greedy.tour)).toBe(true);
      const scores = await page.locator('#scores').innerText();
      expect(scores).toMatch(/optimal length\s+\d\.\d{4}/);
      expect(scores).toMatch(/gap to optimal\s+(\+\d+\.\d%|0\.0%)/);
      expect(await page.locator('#answer-details').innerText()).toMatch(/^greedy · \d+ ms · model \S+ on wasm/);
      // Beam search (width 10) through the asynchronous decoder, then 2-opt on top.
      await page.selectOption('#method', 'beam');
      await waitIdle(page);
      expect(await page.locator('#answer-details').innerText()).toMatch(/^beam search, width 10 ·/);
      expect(isTour((await answer<{ tour: number[] }>(page)).tour)).toBe(true);
      await page.check('#two-opt');
      await waitIdle(page);
      expect(await page.locator('#answer-details').innerText()).toMatch(/^beam search, width 10 \+ 2-opt ·/);
      const polished = (await answer<{ tour: number[] }>(page)).tour;
      // The 8 views of the square include the set as given: the shortest of them is no longer.
      await page.check('#symmetries');
      await waitIdle(page);
      expect(await page.locator('#answer-details').innerText()).toMatch(/^beam search, width 10, 8 symmetries \+ 2-opt ·/);
      const views = (await answer<{ tour: number[] }>(page)).tour;
      expect(isTour(views)).toBe(true);
      expect(tourLength(SCATTER, views)).toBeLessThanOrEqual(tourLength(SCATTER, polished) + 1e-9);
    });
  }, 60_000);

  it('runs on WebGPU when asked, or says why it fell back to WASM', async () => {
    await open(`?task=tsp&backend=webgpu&points=${pointsQuery(SCATTER)}`, async (page) => {
      const backend = await page.getAttribute('#backend', 'data-backend');
      const said = await reasons(page);
      const adapter = await page.evaluate(() => document.querySelector('#runtime-report')!.textContent);
      console.log(`[chromium] ?backend=webgpu ran on ${backend}:\n${said}`);
      if (/swiftshader|fallback/i.test(adapter ?? '') || /emulates a GPU on the CPU/.test(said)) {
        // A software adapter (headless Chromium without a GPU): ranked below WASM, and said why.
        expect(backend).toBe('wasm');
        expect(said).toMatch(/^webgpu ranked below wasm: the adapter .*(swiftshader|fallback).* emulates a GPU on the CPU.*\nwasm chosen \(preference 2 of 3\)/i);
      } else if (backend === 'webgpu') {
        expect(said).toMatch(/^webgpu chosen \(first preference\): adapter /);
      } else {
        // An adapter whose reads come back wrong: the worker says so and runs on WASM.
        expect(backend).toBe('wasm');
        expect(said).toMatch(/^webgpu skipped: it started \(adapter .+\), but reads from the GPU .* return wrong values in this environment\nwasm chosen \(preference \d+ of \d+\)/);
      }
      const { tour } = await answer<{ tour: number[] }>(page);
      expect(tour[0]).toBe(0);
      expect([...tour].sort((a, b) => a - b)).toEqual(SCATTER.map((_, i) => i));
    });
  }, 60_000);

  it('reproduces a random instance from its seed, and labels a heuristic reference', async () => {
    await open('?task=tsp&n=14&seed=7', async (page) => {
      const points = JSON.parse((await page.getAttribute('#board', 'data-points'))!) as Point[];
      expect(points).toEqual(samplePoints(14, 7));
      expect(await page.locator('#instance-info').innerText()).toBe('14 points, random (seed 7)');
      expect(await page.locator('#reference-label').innerText()).toMatch(/2-opt tour \(heuristic/);
      expect(await page.locator('#scores').innerText()).toMatch(/gap to 2-opt/);
    });
  }, 60_000);

  it('asks for at least 3 points, takes a clicked one, and switches task', async () => {
    await open(`?points=${pointsQuery([[0, 0], [1, 1]])}`, async (page) => {
      expect(await page.locator('#problem').innerText()).toMatch(/at least 3 points; this instance has 2/);
      expect(await page.locator('#answer-json').innerText()).toBe('');
      // A click at (0.8, 0.2) of the unit square (24 CSS px of margin, y up) makes a third point.
      const box = (await page.locator('#board svg').boundingBox())!;
      const side = box.width - 48;
      await page.locator('#board svg').click({ position: { x: 24 + 0.8 * side, y: 24 + 0.8 * side } });
      expect(await page.isHidden('#problem')).toBe(true);
      const points = JSON.parse((await page.getAttribute('#board', 'data-points'))!) as Point[];
      expect(points).toHaveLength(3);
      expect(points[2]![0]).toBeCloseTo(0.8, 1);
      expect(points[2]![1]).toBeCloseTo(0.2, 1);
      expect(new URL(page.url()).searchParams.get('points')).toBe(JSON.stringify(points));
      await page.click('#solve');
      await waitIdle(page);
      expect((await answer<{ tour: number[] }>(page)).tour).toEqual([0, expect.any(Number), expect.any(Number)]);
      // Another task keeps the instance and loads that task's model.
      await page.selectOption('#task', 'hull');
      await page.waitForFunction(() => document.querySelector('#model-info')?.textContent?.startsWith('task convex-hull'));
      await waitIdle(page);
      expect([...(await answer<{ hull: number[] }>(page)).hull].sort()).toEqual([0, 1, 2]);
      expect(new URL(page.url()).searchParams.get('task')).toBe('hull');
    });
  }, 60_000);

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`at ${viewport} size: examples one click away, the pointing animation, no sideways scroll, the square and Solve on screen`, async () => {
      await open('?task=tsp&n=20&seed=3', async (page) => {
        const { width } = VIEWPORTS[viewport];
        const box = (await page.locator('#board svg').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        for (const id of ['#solve', '#clear', '#random', '#play']) {
          const button = (await page.locator(id).boundingBox())!;
          expect(button.x + button.width, id).toBeLessThanOrEqual(width);
        }
        // A click at (0.25, 0.75) of the unit square (24 CSS px of margin, y up) adds that point.
        const side = box.width - 48;
        await page.locator('#board svg').click({ position: { x: 24 + 0.25 * side, y: 24 + 0.25 * side } });
        const clicked = JSON.parse((await page.getAttribute('#board', 'data-points'))!) as Point[];
        expect(clicked).toHaveLength(21);
        expect(clicked[20]![0]).toBeCloseTo(0.25, 1);
        expect(clicked[20]![1]).toBeCloseTo(0.75, 1);

        // An example instance is one click away and answered at once.
        await page.click('#examples button:has-text("Circle of 10")');
        await waitIdle(page);
        expect(await page.locator('#example-note').innerText()).toMatch(/round the circle/);
        const points = JSON.parse((await page.getAttribute('#board', 'data-points'))!) as Point[];
        expect(points).toHaveLength(10);
        const { tour } = await answer<{ tour: number[] }>(page);
        expect([...tour].sort((a, b) => a - b)).toEqual(points.map((_, i) => i));

        // The animation: one pointing step per city, the taken city the most probable (greedy).
        expect(await page.isVisible('#pointing')).toBe(true);
        expect(await page.locator('#step-info').innerText()).toMatch(/^(exact: the answer equals the reference|not exact[^(]*) \(gap to optimal (0\.0%|\+\d+\.\d%)\)\. The whole answer: 10 pointing steps/);
        for (let k = 0; k < 10; k++) {
          await page.click(k === 0 ? '#step-back' : '#step-next');
          if (k === 0) {
            // From the whole answer, back to its last step; then rewind to step 1 with the slider.
            await page.locator('#step').fill('0');
          }
          expect(await page.getAttribute('#board', 'data-step')).toBe(String(k));
          const info = await page.locator('#step-info').innerText();
          expect(info).toMatch(new RegExp(`^Step ${k + 1} of 10: [\\d.]+% on point ${tour[k]} \\(taken\\)`));
          // The picture: the cities visited so far, the one taken now ringed, and (greedy) the
          // largest disc of the distribution on it.
          const drawn = await pointingPicture(page);
          expect(drawn).toEqual({ taken: tour[k], rings: 1, chosen: [...tour.slice(0, k)].sort((a, b) => a - b), largest: tour[k] });
          expect((await drawnShapes(page)).answer).toEqual(k < 2 ? [] : [`polyline.answer:${k}`]);
        }
        await page.click('#step-next');
        expect(await page.getAttribute('#board', 'data-step')).toBe('');
        // Play runs through to the whole answer by itself; Pause stops it.
        await page.click('#play');
        expect(await page.locator('#play').innerText()).toBe('Pause');
        await page.waitForFunction(() => document.querySelector('#board')!.getAttribute('data-step') === '2');
        await page.click('#play');
        expect(await page.locator('#play').innerText()).toBe('Play');
        const paused = await page.getAttribute('#board', 'data-step');
        await page.waitForTimeout(900);
        expect(await page.getAttribute('#board', 'data-step')).toBe(paused);
      }, viewport);
    }, 90_000);

    it(`at ${viewport} size: shows work in progress, marks the old answer stale, and cancels`, async () => {
      await open('?task=tsp&n=12&seed=4', async (page) => {
        const before = await page.locator('#answer-json').innerText();
        expect(before).toMatch(/^\{"tour":/);
        // A long job: 100 points, beam width 100, 8 symmetries.
        await page.fill('#count', '100');
        await page.selectOption('#method', 'beam');
        await page.fill('#beam', '100');
        await page.check('#symmetries');
        await page.click('#random');
        await page.waitForFunction(() => document.body.dataset.state === 'busy');
        expect(await page.isVisible('#progress')).toBe(true);
        expect(await page.locator('#progress-text').innerText()).toMatch(/^Solving 100 points with tsp-n20 \(beam search, width 100, 8 symmetries\)…$/);
        expect(await page.isVisible('#cancel')).toBe(true);
        expect(await page.getAttribute('#result', 'data-stale')).toBe('true');
        await saveScreenshot(page, `pointer-${viewport}-busy`); // the busy state, to look at
        const cancelBox = (await page.locator('#cancel').boundingBox())!;
        expect(cancelBox.x + cancelBox.width).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
        const cancelled = Date.now();
        await page.click('#cancel');
        await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
        expect(Date.now() - cancelled).toBeLessThan(15_000);
        expect(await page.isHidden('#cancel')).toBe(true);
        expect(await page.isHidden('#progress')).toBe(true);
        expect(await page.getAttribute('#result', 'data-stale')).toBeNull();
        expect(await page.locator('#answer-details').innerText()).toBe('Cancelled. Press Solve to try again.');
        expect(await page.locator('#answer-json').innerText()).toBe('');
        // A new instance while a long job runs is answered at once (the old job is dropped, not queued).
        await page.click('#solve');
        await page.waitForFunction(() => document.body.dataset.state === 'busy');
        await page.selectOption('#method', 'greedy');
        await page.uncheck('#symmetries');
        const asked = Date.now();
        await page.click('#examples button:has-text("Two clusters")');
        await page.waitForFunction(() => document.querySelector('#answer-json')?.textContent?.startsWith('{"tour"'), null, { timeout: 15_000 });
        expect(Date.now() - asked).toBeLessThan(15_000);
        expect((await answer<{ tour: number[] }>(page)).tour).toHaveLength(10);
        expect(await page.locator('#answer-details').innerText()).toMatch(/^greedy · \d+ ms · model tsp-n10/);
      }, viewport);
    }, 90_000);
  }

  it('takes the model trained nearest the instance, warns far from its size, and says when N was clamped', async () => {
    await open('?task=tsp&n=100&seed=2', async (page) => {
      expect(await page.locator('#model').inputValue()).toBe('tsp-n20');
      expect(await page.locator('#size-warning').innerText()).toMatch(/^This model was trained on 20 points; this instance has 100, far more\./);
      // A 10-point example switches to the 10-point model, and the warning goes.
      await page.click('#examples button:has-text("Circle of 10")');
      await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement).value === 'tsp-n10');
      await waitIdle(page);
      expect(await page.isHidden('#size-warning')).toBe(true);
      expect(await page.locator('#answer-details').innerText()).toMatch(/model tsp-n10/);
      // N beyond the page's limit is clamped, and the page says so.
      await page.fill('#count', '500');
      await page.click('#random');
      expect(await page.locator('#problem').innerText()).toMatch(/N = 500 is not a whole number from 3 to 100: drew 100 points instead\./);
      expect(JSON.parse((await page.getAttribute('#board', 'data-points'))!)).toHaveLength(100);
      await waitIdle(page);
    });
    // A model the user names is kept, with the warning.
    await open('?model=tsp-n10&n=100&seed=2', async (page) => {
      expect(await page.locator('#model').inputValue()).toBe('tsp-n10');
      expect(await page.locator('#size-warning').innerText()).toMatch(/trained on 10 points; this instance has 100/);
    });
  }, 90_000);

  it('says what is wrong instead of showing something else: a bad ?points=, a bad ?backend=, an empty board', async () => {
    await open(`?task=hull&points=${pointsQuery([[0.1, 0.2], [2, 3], [0.5, 0.5]])}`, async (page) => {
      expect(await page.locator('#problem').innerText()).toMatch(/point 1 is \[2, 3\], outside the unit square .* No instance is shown/);
      expect(await page.getAttribute('#board', 'data-points')).toBe('[]');
      expect(await page.locator('#answer-json').innerText()).toBe('');
    });
    await open('?backend=tpu', async (page) => {
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
      expect(await page.locator('#error').innerText()).toMatch(/^\?backend=tpu is not a backend, so none was started: use wasm, webgpu, cpu\./);
      expect(await page.locator('#backend').textContent()).toBe('not started');
      expect(await page.locator('#solve').isDisabled()).toBe(true);
    });
    await open('?task=tsp&n=10&seed=5', async (page) => {
      await page.click('#clear');
      await page.click('#solve');
      expect(await page.locator('#answer-details').innerText()).toMatch(/^The model needs at least 3 points; this instance has 0\./);
      expect(await page.locator('#answer-json').innerText()).toBe('');
    });
  }, 90_000);

  it('explains a model the server does not have', async () => {
    await open('?model=no-such-model', async (page) => {
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
      expect(await page.locator('#error').innerText()).toMatch(/^The model no-such-model is not on this server .* It has .*-n\d+/);
      expect(await page.locator('#solve').isDisabled()).toBe(true);
    });
  }, 60_000);
});
