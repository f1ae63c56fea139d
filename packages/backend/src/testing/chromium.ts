/**
 * Browser tests in the system Chromium (Debian's `/usr/bin/chromium`, never a downloaded browser),
 * driven by Playwright (`playwright-core`, an optional peer dependency), in a throw-away profile
 * with WebGPU enabled. On a machine without a GPU, Chromium falls back to its SwiftShader Vulkan
 * driver, so WebGPU still gets a (software) adapter.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';

/** Where the browser is: `SEQ2SEQ_CHROMIUM`, else Debian's package. */
export const CHROMIUM_PATH = process.env.SEQ2SEQ_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that make headless Chromium offer WebGPU in a container, quietly. */
export const CHROMIUM_ARGS: readonly string[] = [
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

/** What to say when the browser is missing. */
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set SEQ2SEQ_CHROMIUM)`;

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Page viewport. Default Playwright's (1280 x 720). */
  viewport?: { width: number; height: number };
}

/** A browser context in a throw-away profile; `close` also removes the profile. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'seq2seq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * `describe` for a suite that needs Chromium: skipped (and saying why) where the browser is
 * missing, except under `CI=true`, where a missing browser is a failing test instead.
 */
export function describeWithChromium(name: string, suite: () => void): void {
  const installed = chromiumInstalled();
  const onCi = process.env.CI === 'true' || process.env.CI === '1';
  if (!installed && onCi) {
    describe(name, () => {
      it('needs Chromium under CI', () => {
        throw new Error(CHROMIUM_MISSING);
      });
    });
    return;
  }
  describe.skipIf(!installed)(installed ? name : `${name}: skipped, ${CHROMIUM_MISSING}`, suite);
}
