/**
 * The char-RNN page in a real browser: builds web/ with esbuild (and the corpus excerpts), serves
 * it with COOP/COEP from 127.0.0.1, and drives Debian's Chromium with Playwright at 1280x800 and
 * 390x844. In each: the worker builds a 1x128 GRU on the Shakespeare excerpt, trains some steps
 * (the curve gets points and the loss falls), pauses, samples with the temperature slider,
 * autocompletes a prefix, finds the units tracking quotes and colours the text by one, draws its
 * GRU gates, and the connectivity of a tapped character; saves to IndexedDB and loads back;
 * offers the checkpoint files. Every page is checked for sideways scrolling and console errors.
 *
 * Without Chromium this file is skipped locally but fails under CI=true. Set
 * SEQ2SEQ_WEB_SCREENSHOTS=DIR to keep a screenshot of each page.
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithChromium, launchChromium } from '@seq2seq/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { runPageJourney, saveScreenshot, VIEWPORTS, type ViewportName } from '../../../scripts/web-page/page-journey';
import { buildWeb } from '../web/build';
import { corpusExcerpt } from '../web/corpora';
import { serveWeb, type WebServer } from '../web/serve';

describeWithChromium('char-RNN page in Chromium', () => {
  let work: string;
  let server: WebServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'seq2seq-chars-web-'));
    server = await serveWeb({ root: await buildWeb(join(work, 'dist')) });
    browser = await launchChromium({ viewport: VIEWPORTS.desktop });
    context = browser.context;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The page's cards, also shot on their own at full scale, to read them. */
  const CARDS = ['train-card', 'units-card'] as const;

  /** Opens the page, waits for the model, runs `run`, then checks scrolling and the console. */
  async function open(query: string, viewport: ViewportName, run: (page: Page) => Promise<void>): Promise<void> {
    // With a corpus the model is built at once; with ?corpus=paste the page waits for the text.
    const ready = (page: Page) =>
      page.waitForFunction(() => ['ready', 'error', ...(location.search.includes('corpus=paste') ? ['no-model'] : [])].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
    await runPageJourney({ context, url: `${server.origin}/${query}`, viewport, ready, screenshot: `chars-${viewport}-end`, screenshotParts: CARDS }, (page) => run(page));
  }

  /** A screenshot of the page and its cards now (kept when SEQ2SEQ_WEB_SCREENSHOTS is set). */
  const shot = (page: Page, name: string): Promise<void> => saveScreenshot(page, name, CARDS);

  const dataset = (page: Page, selector: string) => page.locator(selector).evaluate((e) => ({ ...(e as HTMLElement).dataset }));

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`at ${viewport} size: trains in the worker, samples, completes, and shows what units do`, async () => {
      await open('', viewport, async (page) => {
        expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
        expect(await page.locator('#setup-info').innerText()).toMatch(/^1×128 GRU, 99,810 weights; 179,995 characters to train on, 20,000 for validation; batch 32 × 64 characters, 88 steps per pass/);
        expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
        // The validation loss of the untrained model is about ln 98.
        expect(Number((await dataset(page, '#curves')).valPoints)).toBe(1);

        // Train: the busy line shows, the curve gets points, the loss falls.
        await page.click('#train');
        expect(await page.evaluate(() => document.body.dataset.state)).toBe('training');
        expect(await page.locator('#progress').isVisible()).toBe(true);
        expect(await page.locator('#pause').isEnabled()).toBe(true);
        // No tensor leaks in the worker: the count is steady from step 20 on.
        await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#curves')!.dataset.points) >= 4, null, { timeout: 60_000, polling: 100 });
        const tensorsEarly = Number((await dataset(page, '#stats')).tensors);
        // The busy state, to look at: progress line, Pause, the curve drawing.
        await shot(page, `chars-${viewport}-training`);
        // 100 steps (20 points of 5 steps): the first sample written while training arrives.
        await page.waitForFunction(() => document.querySelector<HTMLElement>('#auto-sample')!.dataset.steps?.startsWith('100'), null, { timeout: 120_000, polling: 100 });
        expect(Number((await dataset(page, '#curves')).points)).toBeGreaterThanOrEqual(20);
        expect(await page.locator('#auto-sample').innerText()).toMatch(/^\[step \d00\]\n[\s\S]+$/);
        await page.click('#pause');
        await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
        expect(Number((await dataset(page, '#stats')).tensors)).toBe(tensorsEarly);
        expect(tensorsEarly).toBeGreaterThan(0);
        const curve = await dataset(page, '#curves');
        expect(Number(curve.firstLoss)).toBeGreaterThan(3.5);
        expect(Number(curve.lastLoss)).toBeLessThan(Number(curve.firstLoss) - 1);
        expect(Number(curve.valPoints)).toBeGreaterThanOrEqual(5);
        expect(await page.locator('#curves svg path').count()).toBeGreaterThan(0);
        expect(await page.locator('#stats').innerText()).toMatch(/^Step \d+ \(pass \d+ over the text\) · train loss \d\.\d{3} · validation \d\.\d{3} nats per character/);

        // Stop a sample as soon as it starts: the busy line and Stop go, no more characters come.
        const stopped = await page.evaluate(() => {
          document.querySelector<HTMLButtonElement>('#sample')!.click();
          const shown = !document.querySelector<HTMLElement>('#stop-sample')!.hidden && document.body.dataset.busy === 'sample';
          document.querySelector<HTMLButtonElement>('#stop-sample')!.click();
          return { shown, hidden: document.querySelector<HTMLElement>('#stop-sample')!.hidden, busy: document.body.dataset.busy };
        });
        expect(stopped).toEqual({ shown: true, hidden: true, busy: '' });
        await page.waitForTimeout(500);
        expect(await page.locator('#sample-out').textContent()).toBe('');
        // Sample with the temperature slider: 400 characters stream in.
        await page.locator('#temperature').fill('0.5');
        await page.click('#sample');
        await page.waitForSelector('#sample-out[data-done]', { timeout: 30_000 });
        expect((await page.locator('#sample-out').textContent())!.length).toBe(400);
        expect(await page.locator('#temperature-value').textContent()).toBe('0.5');

        // Autocomplete: the top continuations with probabilities.
        await page.fill('#prefix', 'And th');
        await page.waitForFunction(() => document.querySelector('#completions li')?.textContent?.startsWith('And th') && !document.querySelector('#completions[data-stale]'), null, { timeout: 20_000 });
        const completions = await page.locator('#completions li').allInnerTexts();
        expect(completions.length).toBeGreaterThan(1);
        for (const c of completions) expect(c).toMatch(/^And th.*\s+\d+\.\d%$/s);

        // Units tracking quotes: five ranked, the text coloured by the best one.
        // The page drew them for the untrained model already; after training they are marked stale.
        expect(await page.locator('#unit-text[data-stale]').count()).toBe(1);
        expect(await page.locator('#units-note').innerText()).toMatch(/^Drawn with the model at step 0; it has trained on since/);
        await page.click('#find');
        await page.waitForSelector('#unit-text:not([data-stale]) svg', { timeout: 20_000 });
        expect(await page.locator('#best-units button').count()).toBe(5);
        expect(await page.locator('#best-units button').first().innerText()).toMatch(/^unit \d+: r = -?\d\.\d\d$/);
        const probe = await page.locator('#probe').inputValue();
        expect(await page.locator('#unit-text svg g.token').count()).toBe(probe.length);
        const fills = await page.locator('#unit-text svg g.token rect').evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
        expect(new Set(fills).size).toBeGreaterThan(5);
        // GRU gates with the soft-branching rows.
        expect(await page.locator('#gates svg').count()).toBe(1);
        expect(await page.locator('#gates-note').innerText()).toMatch(/^Unit \d+, first 80 characters/);

        // Colour by a unit chosen by number.
        await page.fill('#unit', '7');
        await page.click('#show-unit');
        await page.waitForFunction(() => document.querySelector<HTMLElement>('#unit-text')!.dataset.unit === '7', null, { timeout: 20_000 });

        // Until a character is tapped, the empty connectivity picture says what to do.
        expect(await page.locator('#connectivity-note').innerText()).toMatch(/^Tap a character in the coloured text above/);
        // Tap a character: the connectivity of the prediction after it.
        const token = page.locator('#unit-text svg g.token').nth(20);
        await token.scrollIntoViewIfNeeded();
        const box = (await token.boundingBox())!;
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.waitForSelector('#connectivity svg', { timeout: 20_000 });
        expect(await page.locator('#connectivity-note').innerText()).toMatch(/\(character 20\)\.$/);
        expect(await page.locator('#connectivity svg').count()).toBe(1);
        // The explanations are open beside the pictures on a desktop, folded on a phone.
        expect(await page.locator('details.explain').evaluateAll((ds) => ds.map((d) => (d as HTMLDetailsElement).open))).toEqual(Array(4).fill(viewport === 'desktop'));
        await shot(page, `chars-${viewport}`);

        // Save in IndexedDB, train a little more, load: back at the saved step.
        await page.click('#save');
        await page.waitForFunction(() => document.querySelector('#downloads')!.textContent!.startsWith('Saved step'), null, { timeout: 20_000 });
        const saved = Number(/Saved step (\d+)/.exec(await page.locator('#downloads').innerText())![1]);
        await page.click('#load');
        await page.waitForFunction(() => document.querySelector('#setup-info')!.textContent!.startsWith('Loaded the model saved'), null, { timeout: 20_000 });
        expect(await page.locator('#stats').innerText()).toMatch(new RegExp(`^Step ${saved}\\.`));
        expect(Number((await dataset(page, '#curves')).points)).toBeGreaterThanOrEqual(20);

        // Download: the checkpoint files as links.
        await page.click('#download');
        await page.waitForSelector('#downloads a[download="model.safetensors"]', { timeout: 20_000 });
        expect(await page.locator('#downloads a').evaluateAll((links) => links.map((a) => a.getAttribute('download')))).toEqual(['checkpoint.json', 'model.safetensors']);

        // A new model while a sample streams and training runs: the old one ends cleanly (no error).
        await page.click('#train');
        await page.evaluate(() => {
          document.querySelector<HTMLButtonElement>('#sample')!.click();
          document.querySelector<HTMLButtonElement>('#new-model')!.click();
        });
        await page.waitForFunction(() => document.querySelector('#stats')!.textContent!.startsWith('Step 0.'), null, { timeout: 30_000 });
        expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
        expect(await page.locator('#error').isHidden()).toBe(true);

        for (const id of ['#train', '#sample', '#find', '#curves', '#unit-text', '#gates']) {
          const b = (await page.locator(id).boundingBox())!;
          expect(b.x + b.width, id).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
        }
      });
    }, 240_000);
  }

  it('trains on 2 replica workers: the loss falls, the details say so, Save and Load still work, and back on 1', async () => {
    await open('', 'desktop', async (page) => {
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      expect(await page.locator('#workers option').first().innerText()).toBe(`auto (${Math.max(1, cores - 1)})`);
      await page.selectOption('#workers', '2');
      expect(await page.locator('#train-workers').textContent()).toBe('2 replica workers, started when training starts');
      await page.click('#train');
      // The training worker starts 2 replica workers and says how their sums travel (the page is cross-origin isolated).
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#train-workers')!.textContent!.includes('shared memory'), null, { timeout: 60_000 });
      expect(await dataset(page, '#train-workers')).toEqual({ workers: '2', shared: 'true' });
      expect(await page.locator('#train-workers').textContent()).toMatch(/^2 replica workers, each on its block of the batch's rows; their sums go through shared memory/);
      await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#curves')!.dataset.points) >= 2, null, { timeout: 60_000, polling: 100 });
      const tensorsEarly = Number((await dataset(page, '#stats')).tensors);
      await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#curves')!.dataset.points) >= 8, null, { timeout: 120_000, polling: 100 });
      await page.click('#pause');
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
      // No tensor leaks in the training worker while the replicas compute the gradients.
      expect(Number((await dataset(page, '#stats')).tensors)).toBe(tensorsEarly);
      const curve = await dataset(page, '#curves');
      expect(Number(curve.firstLoss)).toBeGreaterThan(3.5);
      expect(Number(curve.lastLoss)).toBeLessThan(Number(curve.firstLoss) - 0.5);
      expect(await page.locator('#error').isHidden()).toBe(true);

      // Save, train on, load: back at the saved step.
      await page.click('#save');
      await page.waitForFunction(() => document.querySelector('#downloads')!.textContent!.startsWith('Saved step'), null, { timeout: 20_000 });
      const saved = Number(/Saved step (\d+)/.exec(await page.locator('#downloads').innerText())![1]);
      expect(saved).toBeGreaterThanOrEqual(40);
      await page.click('#train');
      await page.waitForFunction((n) => Number(/^Step (\d+)/.exec(document.querySelector('#stats')!.textContent!)?.[1]) > n, saved, { timeout: 60_000, polling: 100 });
      await page.click('#load');
      await page.waitForFunction(() => document.querySelector('#setup-info')!.textContent!.startsWith('Loaded the model saved'), null, { timeout: 30_000 });
      expect(await page.locator('#stats').innerText()).toMatch(new RegExp(`^Step ${saved}\\.`));

      // One worker again: the training worker computes the gradients itself.
      await page.selectOption('#workers', '1');
      await page.click('#train');
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#train-workers')!.dataset.workers === '1', null, { timeout: 30_000 });
      await page.waitForFunction((n) => Number(/^Step (\d+)/.exec(document.querySelector('#stats')!.textContent!)?.[1]) >= n + 10, saved, { timeout: 60_000, polling: 100 });
      await page.click('#pause');
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
      expect(await page.locator('#train-workers').textContent()).toBe('1 worker: the training worker computes them itself');
      expect(await page.locator('#error').isHidden()).toBe(true);
    });
  }, 240_000);

  it('a replica worker that cannot start stops training with a message, the weights kept; 1 worker trains on', async () => {
    const script = join(work, 'dist', 'replica-worker.js');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const stepShown = async (): Promise<number> => Number(/^Step (\d+)/.exec(await page.locator('#stats').innerText())![1]);
    /** Trains until the page shows step `n` or more, then pauses. */
    const trainTo = async (n: number): Promise<void> => {
      await page.click('#train');
      await page.waitForFunction((k) => Number(/^Step (\d+)/.exec(document.querySelector('#stats')!.textContent!)?.[1]) >= k, n, { timeout: 60_000, polling: 100 });
      await page.click('#pause');
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
    };
    try {
      await page.goto(`${server.origin}/?workers=2`);
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30_000 });
      expect(await page.locator('#workers').inputValue()).toBe('2');
      await trainTo(10);
      expect(await page.locator('#train-workers').getAttribute('data-workers')).toBe('2');
      // The replica workers' script goes missing; on 1 worker training goes on, on 2 it cannot start.
      renameSync(script, `${script}.away`);
      await page.selectOption('#workers', '1');
      await trainTo((await stepShown()) + 5);
      const step = await stepShown();
      await page.selectOption('#workers', '2');
      await page.click('#train');
      await page.waitForFunction(() => !document.querySelector<HTMLElement>('#error')!.hidden, null, { timeout: 30_000 });
      expect(await page.locator('#error').innerText()).toMatch(new RegExp(`^train: training on 2 workers stopped, keeping the weights of step ${step}: data-parallel web worker \\d failed`));
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
      expect(await stepShown()).toBe(step);
      await page.selectOption('#workers', '1');
      await trainTo(step + 5);
      expect(await page.locator('#train-workers').textContent()).toBe('1 worker: the training worker computes them itself');
      expect(errors).toEqual([]);
    } finally {
      if (existsSync(`${script}.away`)) renameSync(`${script}.away`, script);
      await page.close();
    }
  }, 120_000);

  it('trains on a pasted text, and says when it is too short', async () => {
    await open('?corpus=paste', 'phone', async (page) => {
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('no-model');
      expect(await page.locator('#train').isDisabled()).toBe(true);
      expect(await page.locator('#pasted').isVisible()).toBe(true);
      await page.fill('#pasted', 'Too short.');
      await page.click('#new-model');
      expect(await page.locator('#setup-info').innerText()).toBe('The text has 10 characters; paste at least 2,000 (the last 10% is kept for validation).');
      await page.fill('#pasted', 'The quick brown fox jumps over the lazy dog. (Twice!) "Yes," she said.\n'.repeat(60));
      await page.selectOption('#cell', 'lstm');
      await page.click('#new-model');
      await page.waitForFunction(() => document.querySelector('#setup-info')!.textContent!.startsWith('1×128 LSTM'), null, { timeout: 30_000 });
      // 4·128·(98 + 128) + 4·128 LSTM weights and 128·98 + 98 readout weights; 60 lines of 71 characters, 90% to train on.
      expect(await page.locator('#setup-info').innerText()).toMatch(/^1×128 LSTM, 128,866 weights; 3,834 characters to train on, 426 for validation/);
      // Units of an LSTM colour the text; its gate picture says it needs a GRU.
      await page.click('#find');
      await page.waitForSelector('#unit-text svg g.token', { timeout: 20_000 });
      expect(await page.locator('#gates-note').innerText()).toMatch(/^Gate traces need a GRU/);

      // Switching to Anna Karenina builds a model on its excerpt, with a start text that suits it.
      const anna = (await corpusExcerpt('anna-train.txt.gz')).length;
      await page.selectOption('#corpus', 'anna');
      const trainChars = Math.floor(anna * 0.9).toLocaleString('en');
      await page.waitForFunction((n) => document.querySelector('#setup-info')!.textContent!.includes(`${n} characters to train on`), trainChars, { timeout: 30_000 });
      expect(await page.locator('#pasted').isHidden()).toBe(true);
      expect(await page.locator('#prime').inputValue()).toBe('Anna ');
      expect(await page.locator('#credit').innerText()).toMatch(/^Anna Karenina by Leo Tolstoy/);
    });
  }, 60_000);

  it('says when ?backend= is not a backend', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/?backend=tpu`);
      await page.waitForFunction(() => document.body.dataset.state === 'error');
      expect(await page.locator('#error').innerText()).toMatch(/\?backend=tpu is not a backend/);
    } finally {
      await page.close();
    }
  }, 30_000);
});
