/**
 * createRuntime in a real browser: Debian's Chromium, driven by Playwright, loads a page served
 * with COOP/COEP from 127.0.0.1. Checks that WebGPU is chosen when preferred (on machines without
 * a GPU, a SwiftShader adapter: ranked below WASM unless the caller insists), WASM with SIMD and
 * threads otherwise, and that a matMul on each agrees with the CPU backend.
 *
 * Without Chromium this file is skipped locally but fails under CI=true.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { BackendName, CreateRuntimeOptions } from '../src/index';
import type { CaseResult } from './browser/page';
import { describeWithChromium, launchChromium } from '../src/testing/chromium';
import { servePage, type PageServer } from './browser/serve';

describeWithChromium('createRuntime in Chromium', () => {
  let server: PageServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await servePage();
    browser = await launchChromium();
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Loads the page fresh (a new WASM module, no backend set) and runs one case. */
  async function runCase(
    prefer: BackendName[],
    threads?: number | boolean,
    cores?: number,
    softwareWebGpu?: CreateRuntimeOptions['softwareWebGpu'],
  ): Promise<CaseResult> {
    const page = await context.newPage();
    if (cores !== undefined) {
      // tfjs-backend-wasm runs at most half navigator.hardwareConcurrency threads: pretend to have more.
      await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
    }
    const log: string[] = [];
    page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => log.push(`pageerror: ${error.message}`));
    try {
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => typeof window.runCase === 'function');
      const result = await page.evaluate(([p, t, w]) => window.runCase(p, t, undefined, w), [prefer, threads, softwareWebGpu] as const);
      console.log(`[chromium] prefer ${prefer.join(',')}, threads ${threads}, cores ${cores ?? 'real'}: ${JSON.stringify(result)}`);
      return result;
    } catch (error) {
      throw new Error(`${(error as Error).message}\npage console:\n${log.join('\n')}`);
    } finally {
      await page.close();
    }
  }

  it('ranks a software WebGPU adapter (SwiftShader without a GPU) below WASM and says why; a hardware one is chosen', async () => {
    const result = await runCase(['webgpu', 'wasm', 'cpu']);
    const adapter = result.runtime.capabilities.adapter;
    expect(result.runtime.capabilities.webgpu).toBe(true);
    expect(adapter).not.toBeNull();
    const software = adapter!.isFallbackAdapter || /swiftshader|llvmpipe|warp/i.test(`${adapter!.vendor} ${adapter!.architecture} ${adapter!.description}`);
    if (software) {
      expect(result.runtime.backend).toBe('wasm');
      expect(result.activeBackend).toBe('wasm');
      expect(result.runtime.reasons[0]).toMatch(/^webgpu ranked below wasm: the adapter .* emulates a GPU on the CPU, where WASM is usually much faster/);
      expect(result.runtime.reasons[1]).toMatch(/^wasm chosen \(preference 2 of 3\)/);
    } else {
      expect(result.runtime.backend).toBe('webgpu');
      expect(result.runtime.reasons[0]).toMatch(/^webgpu chosen \(first preference\): adapter /);
    }
    expect(result.maxDiff).toBeLessThanOrEqual(1e-3 * (1 + result.maxAbs));
  }, 120_000);

  it('chooses WebGPU when preferred and insisted on, with an adapter, and agrees with the CPU', async () => {
    const result = await runCase(['webgpu', 'wasm', 'cpu'], undefined, undefined, 'as-listed');
    expect(result.runtime.backend).toBe('webgpu');
    expect(result.activeBackend).toBe('webgpu');
    expect(result.runtime.capabilities.webgpu).toBe(true);
    expect(result.runtime.capabilities.adapter).not.toBeNull();
    expect(result.runtime.reasons[0]).toMatch(/^webgpu chosen \(first preference\): adapter /);
    expect(result.maxDiff).toBeLessThanOrEqual(1e-3 * (1 + result.maxAbs));
  }, 120_000);

  it('chooses WASM with SIMD, multi-threaded in a cross-origin isolated page', async () => {
    const result = await runCase(['wasm', 'cpu'], true, 8);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.runtime.backend).toBe('wasm');
    expect(result.runtime.capabilities).toMatchObject({ simd: true, threads: true, threadCount: 4 });
    expect(result.runtime.reasons[0]).toMatch(
      /^wasm chosen \(first preference\): threaded SIMD binary \/wasm\/tfjs-backend-wasm-threaded-simd\.wasm; 4 threads/,
    );
    expect(result.maxDiff).toBeLessThanOrEqual(1e-4 * (1 + result.maxAbs));
  }, 120_000);

  it('uses the thread count asked for', async () => {
    const result = await runCase(['wasm'], 2, 8);
    expect(result.runtime.capabilities).toMatchObject({ simd: true, threads: true, threadCount: 2 });
    expect(result.runtime.reasons[0]).toMatch(/; 2 threads \(as requested\)$/);
  }, 120_000);

  it('loads the single-threaded SIMD binary when threads are turned off', async () => {
    const result = await runCase(['wasm'], false);
    expect(result.runtime.capabilities).toMatchObject({ simd: true, threads: false, threadCount: 1 });
    expect(result.runtime.reasons[0]).toMatch(/SIMD binary \/wasm\/tfjs-backend-wasm-simd\.wasm; threads: false was requested$/);
    expect(result.maxDiff).toBeLessThanOrEqual(1e-4 * (1 + result.maxAbs));
  }, 120_000);

  it('stays single-threaded with SIMD where only one thread would run (2 cores)', async () => {
    const result = await runCase(['wasm'], true, 2);
    expect(result.runtime.capabilities).toMatchObject({ simd: true, threads: false, threadCount: 1 });
    expect(result.runtime.reasons[0]).toMatch(/SIMD binary \/wasm\/tfjs-backend-wasm-simd\.wasm; single-threaded: /);
  }, 120_000);

  it('answers a missing WASM folder with WasmFilesNotFoundError', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => typeof window.runCase === 'function');
      const message = await page.evaluate(() => window.runCase(['wasm'], true, '/missing/').then(
        () => 'resolved',
        (error: Error) => `${error.name}: ${error.message}`,
      ));
      expect(message).toMatch(/^WasmFilesNotFoundError: WASM backend files not found: expected tfjs-backend-wasm(-threaded)?-simd\.wasm in \/missing\/ \(HTTP 404 for \/missing\/tfjs-backend-wasm/);
    } finally {
      await page.close();
    }
  }, 120_000);
});
