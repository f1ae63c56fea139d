/**
 * Launching the system Chromium (Debian's `/usr/bin/chromium`, never a downloaded browser) with
 * Playwright, in a fresh profile, with WebGPU enabled; on a machine without a GPU Chromium falls
 * back to its SwiftShader Vulkan driver, so WebGPU still gets a (software) adapter.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where the browser is: `SEQ2SEQ_CHROMIUM`, else Debian's package. */
export const CHROMIUM_PATH = process.env.SEQ2SEQ_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that make headless Chromium offer WebGPU in a container, quietly. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** True when the browser binary exists. */
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A browser context in a throw-away profile; `close` also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'seq2seq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
