/**
 * Builds the bench page (esbuild bundles of main.ts and worker.ts from the workspace's sources,
 * index.html, the tfjs WASM binaries), serves it, and reads one run from Chromium.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { buildPage } from '../../../../scripts/web-page/build-page';
import type { PageState } from './main';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the page into `outDir` (emptied first) and returns the folder. */
export function buildBenchPage(outDir: string): Promise<string> {
  return buildPage({ webDir: here, outDir, app: '@seq2seq/cells' });
}

/**
 * Opens `origin/?query` in a new tab, waits until the worker has finished (or failed, or
 * `timeoutMs` passed) and returns what the page gathered; the tab is closed after.
 */
export async function readBenchPage(context: BrowserContext, origin: string, query: string, timeoutMs = 300_000): Promise<PageState> {
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  try {
    await tab.goto(`${origin}/?${query}`);
    await tab.waitForFunction(() => (window as unknown as { bench?: PageState }).bench?.state !== 'running', null, { timeout: timeoutMs, polling: 100 });
    const state = await tab.evaluate(() => (window as unknown as { bench: PageState }).bench);
    if (errors.length > 0 && state.state !== 'error') return { ...state, state: 'error', error: errors.join('; ') };
    return state;
  } finally {
    await tab.close();
  }
}
