/**
 * The browser bench page really runs tfjs-backend-wasm threaded where it is cross-origin
 * isolated, and single-threaded with a reason where it is not: the page is built and served
 * (with and without COOP/COEP) and opened in Debian's Chromium. Skipped without Chromium, except
 * under CI=true, where it fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithChromium, launchChromium } from '@seq2seq/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { servePage, type WebServer } from '../../../../scripts/web-page/serve-page';
import { buildBenchPage, readBenchPage } from './page';

describeWithChromium('cells bench page: WASM threads in Chromium', () => {
  let work: string;
  let isolated: WebServer;
  let plain: WebServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'seq2seq-cells-bench-page-'));
    const root = await buildBenchPage(join(work, 'page'));
    isolated = await servePage({ root });
    plain = await servePage({ root, isolated: false });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    await plain?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('isolated: the threaded binary starts 2 threads (one pthread worker running, shared heap) and times a case', async () => {
    const page = await readBenchPage(browser.context, isolated.origin, 'binary=threaded-simd&threads=2&cores=4&cases=gru-infer-b1&reps=0.05', 60_000);
    expect(page.error).toBe('');
    expect(page.start).toMatchObject({
      isolated: true,
      sharedArrayBuffer: true,
      binary: 'threaded-simd',
      threads: 2,
      runningWorkers: 1,
      sharedMemory: true,
      nativeKernels: false,
      fallback: '',
    });
    expect(page.results['gru-infer-b1']).toBeGreaterThan(0);
  });

  it("isolated, the machine's own core count: 2 threads where there are 4 cores, else 1 with the cap as the reason", async () => {
    const page = await readBenchPage(browser.context, isolated.origin, 'binary=threaded-simd&threads=2', 60_000);
    const tab = await browser.context.newPage();
    const cores = await tab.evaluate(() => navigator.hardwareConcurrency);
    await tab.close();
    expect(page.start?.binary).toBe('threaded-simd');
    if (cores >= 4) {
      expect(page.start).toMatchObject({ threads: 2, runningWorkers: 1, fallback: '' });
    } else {
      expect(page.start).toMatchObject({ threads: 1, runningWorkers: 0 });
      expect(page.start?.fallback).toBe(`tfjs-backend-wasm started 1 of 2 threads: it runs at most half the ${cores} logical cores`);
    }
  });

  it('not isolated: the single-threaded SIMD binary, no workers, the native kernels, and why', async () => {
    const page = await readBenchPage(browser.context, plain.origin, 'binary=threaded-simd&threads=2&cores=4', 60_000);
    expect(page.error).toBe('');
    expect(page.start).toMatchObject({
      isolated: false,
      sharedArrayBuffer: false,
      binary: 'simd',
      threads: 1,
      runningWorkers: 0,
      sharedMemory: false,
      nativeKernels: true,
    });
    expect(page.start?.fallback).toMatch(/^the page is not cross-origin isolated .*no SharedArrayBuffer$/);
  });
});
