/**
 * The static site in Chromium: `buildSite` writes every page with its models and an index; a
 * plain static server (no special headers, as most hosts) serves the folder; the index links
 * every page, and following a link gives a working page, which then runs WASM single-threaded
 * and says why. Served with the headers of `_headers`, the same page is cross-origin isolated.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithChromium, launchChromium } from '../../packages/backend/src/testing/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { servePage, type WebServer } from '../web-page/serve-page';
import { buildSite, SITE_PAGES } from './build-site';

const screenshots = process.env.SEQ2SEQ_WEB_SCREENSHOTS;

describeWithChromium('the static site', () => {
  let out: string;
  let plain: WebServer;
  let isolated: WebServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'seq2seq-site-'));
    await buildSite(out);
    plain = await servePage({ root: out, isolated: false });
    isolated = await servePage({ root: out });
    browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await plain?.close();
    await isolated?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** Waits until a page is ready (or failed) with no work pending. */
  const waitIdle = (page: Page) =>
    page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? '') && !document.querySelector('[data-pending]'), null, { timeout: 60_000 });

  it('writes every page, its models (never optimizer state), an index and the headers file', () => {
    for (const { entry } of SITE_PAGES) {
      for (const file of ['index.html', 'main.js', 'worker.js', 'wasm/tfjs-backend-wasm-simd.wasm']) expect(existsSync(join(out, entry.dir, file)), `${entry.dir}/${file}`).toBe(true);
    }
    const index = JSON.parse(readFileSync(join(out, 'pointer', 'models', 'index.json'), 'utf8')) as { models: Array<{ name: string }> };
    expect(index.models.length).toBeGreaterThan(0);
    for (const { name } of index.models) {
      expect(existsSync(join(out, 'pointer', 'models', name, 'model.safetensors'))).toBe(true);
      expect(existsSync(join(out, 'pointer', 'models', name, 'optimizer.safetensors'))).toBe(false);
    }
    expect(existsSync(join(out, 'translate', 'models', 'dates', 'checkpoint.json'))).toBe(true);
    // The char-RNN page ships corpus excerpts, not whole corpora.
    for (const name of ['shakespeare', 'anna']) expect(readFileSync(join(out, 'chars', 'corpora', `${name}.txt`), 'utf8').length).toBeLessThanOrEqual(200_000);
    expect(readFileSync(join(out, '_headers'), 'utf8')).toBe('/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n');
  });

  it('links every page from the index; followed on a plain server, each works single-threaded and says why', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.goto(`${plain.origin}/`);
      const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
      expect(links).toEqual(SITE_PAGES.map((p) => `${p.entry.dir}/`));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        await page.setViewportSize(viewport);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        if (screenshots) {
          mkdirSync(screenshots, { recursive: true });
          await page.screenshot({ path: join(screenshots, `site-index-${viewport.width}.png`), fullPage: true });
        }
      }
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.click('nav a[href="pointer/"]');
      await waitIdle(page);
      expect(new URL(page.url()).pathname).toBe('/pointer/');
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      expect(await page.locator('#answer-json').innerText()).toMatch(/^\{"tour":\[0,/);
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
      const report = (await page.locator('#runtime-report').textContent()) ?? '';
      console.log(`[chromium] pointer page on a plain static server:\n${report}`);
      expect(report).toMatch(/threads: false \(1 thread\)/);
      expect(report).toMatch(/not cross-origin isolated/);
      expect(report).toMatch(/crossOriginIsolated: false/);

      await page.goBack();
      await page.click('nav a[href="translate/"]');
      await waitIdle(page);
      expect(new URL(page.url()).pathname).toBe('/translate/');
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      expect(await page.locator('#output').innerText()).not.toBe('');

      await page.goBack();
      await page.click('nav a[href="chars/"]');
      await waitIdle(page);
      expect(new URL(page.url()).pathname).toBe('/chars/');
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      expect(await page.locator('#setup-info').innerText()).toMatch(/^1×128 GRU, 99,810 weights/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('is cross-origin isolated where the host sends the headers of _headers', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${isolated.origin}/pointer/?task=hull`);
      await waitIdle(page);
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
      const report = (await page.locator('#runtime-report').textContent()) ?? '';
      console.log(`[chromium] pointer page with COOP/COEP:\n${report}`);
      expect(report).toMatch(/crossOriginIsolated: true/);
      expect(report).not.toMatch(/not cross-origin isolated/);
    } finally {
      await page.close();
    }
  }, 120_000);
});
