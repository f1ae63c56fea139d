/**
 * `@seq2seq/seq2seq/parallel-web` in Chromium: a page (fixtures/web, bundled with esbuild like the
 * apps' pages, served cross-origin isolated) computes the toy model's gradient on its own thread
 * and on 1 and 2 Web Workers, with transferred buffers and with shared memory, and asks a worker
 * to throw. Skipped without Chromium (fails under CI=true).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithChromium, launchChromium } from '@seq2seq/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPage } from '../../../../../scripts/web-page/build-page';
import { servePage, type WebServer } from '../../../../../scripts/web-page/serve-page';

interface PageResult {
  crossOriginIsolated: boolean;
  auto: number;
  cores: number;
  singleLoss: number;
  single: Record<string, number[]>;
  runs: Record<string, { loss: number; grads: Record<string, number[]>; sharedMemory: boolean }>;
  failure: string;
  tensorsLeft: number;
}

describeWithChromium('data-parallel on Web Workers in Chromium', () => {
  let work: string;
  let server: WebServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'seq2seq-parallel-web-'));
    const root = await buildPage({ webDir: fileURLToPath(new URL('./fixtures/web', import.meta.url)), outDir: join(work, 'dist'), app: '@seq2seq/seq2seq', minify: false });
    server = await servePage({ root });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('1 and 2 workers, transferred or shared, give the page-thread gradient; a worker error rejects the step', async () => {
    const page = await browser.context.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => '__result' in window || '__error' in window, undefined, { timeout: 60_000 });
    const error = await page.evaluate(() => (window as unknown as { __error?: string }).__error);
    expect(error, log.join('\n')).toBeUndefined();
    const r = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    expect(r.crossOriginIsolated).toBe(true); // served with COOP/COEP
    expect(Object.keys(r.runs)).toEqual(['1-transferred', '2-transferred', '2-shared']);
    expect(r.runs['2-shared']!.sharedMemory).toBe(true);
    expect(r.runs['2-transferred']!.sharedMemory).toBe(false);
    for (const run of Object.values(r.runs)) {
      expect(run.loss).toBeCloseTo(r.singleLoss, 5);
      for (const [name, want] of Object.entries(r.single)) {
        run.grads[name]!.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(1e-5));
      }
    }
    // Same rows summed in the same order: shared and transferred give the very same numbers.
    expect(r.runs['2-shared']!.grads).toEqual(r.runs['2-transferred']!.grads);
    expect(r.failure).toBe('InputError: toy replica: asked to throw');
    expect(r.auto).toBe(Math.max(1, r.cores - 1));
    expect(r.tensorsLeft).toBe(0);
    await page.close();
  }, 120_000);
});
