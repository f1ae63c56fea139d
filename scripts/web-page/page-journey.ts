/**
 * One journey through an app's page in Chromium, as every app's `test/web.test.ts` runs it: open
 * the page at a viewport, wait until it is ready, let the test drive it, then check the two things
 * every page must hold (nothing scrolls sideways; the console has no errors) and keep a screenshot
 * when `SEQ2SEQ_WEB_SCREENSHOTS=DIR` is set. A failure is rethrown with the page's state, its text
 * and its console, which is what one needs to read a failure from CI.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

/** The two viewports every page is checked at: a desktop and a phone. */
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** `'desktop'` or `'phone'`. */
export type ViewportName = keyof typeof VIEWPORTS;

/** Where screenshots go (`SEQ2SEQ_WEB_SCREENSHOTS`), or undefined to keep none. */
export const SCREENSHOT_DIR: string | undefined = process.env.SEQ2SEQ_WEB_SCREENSHOTS;

/** What a journey needs besides the steps the test takes. */
export interface PageJourneyOptions {
  /** The browser context pages open in. */
  context: BrowserContext;
  /** The full URL to open. */
  url: string;
  /** Viewport to open at. Default `'desktop'`. */
  viewport?: ViewportName;
  /** Resolves once the page is ready to be driven (for example its `data-state` is `ready`). */
  ready: (page: Page) => Promise<unknown>;
  /** Console errors the journey provokes on purpose (they are logged, not counted). */
  expectedErrors?: RegExp | null;
  /** Screenshot name (without `.png`) taken at the end of a passing journey; none when omitted. */
  screenshot?: string;
  /** Element ids also shot on their own at the end, at full scale, as `NAME-ID.png`. */
  screenshotParts?: readonly string[];
}

/** What the steps of a journey get besides the page. */
export interface PageJourney {
  /** Paths of every request the page made so far. */
  requests: string[];
  /** Saves a screenshot now (for a busy state in the middle of a journey) when screenshots are kept. */
  shot(name: string): Promise<void>;
}

/** Saves a full-page screenshot `DIR/NAME.png` (and the named parts) when screenshots are kept. */
export async function saveScreenshot(page: Page, name: string, parts: readonly string[] = []): Promise<void> {
  if (!SCREENSHOT_DIR) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  for (const id of parts) await page.locator(`#${id}`).screenshot({ path: join(SCREENSHOT_DIR, `${name}-${id}.png`) });
}

/** A file-name-safe form of a query string, for screenshot names. */
export function screenshotName(prefix: string, viewport: ViewportName, query: string): string {
  return `${prefix}-${viewport}-${query.replace(/[^a-z0-9=-]+/gi, '_').slice(0, 70) || 'index'}`;
}

/** Opens a page, runs `steps`, checks sideways scrolling and console errors, then closes it. */
export async function runPageJourney(options: PageJourneyOptions, steps: (page: Page, journey: PageJourney) => Promise<void>): Promise<void> {
  const viewport = options.viewport ?? 'desktop';
  const page = await options.context.newPage();
  await page.setViewportSize(VIEWPORTS[viewport]);
  const log: string[] = [];
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    log.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error' && !options.expectedErrors?.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => {
    log.push(`pageerror: ${error.message}`);
    errors.push(error.message);
  });
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  try {
    await page.goto(options.url);
    await options.ready(page);
    await steps(page, { requests, shot: (name) => saveScreenshot(page, name) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
    expect(errors).toEqual([]);
    if (options.screenshot) await saveScreenshot(page, options.screenshot, options.screenshotParts);
  } catch (error) {
    const state = await page.evaluate(() => document.body.dataset.state).catch(() => '?');
    const text = await page.locator('main').innerText().catch(() => '');
    throw new Error(`${(error as Error).message}\npage state: ${state}\npage text:\n${text}\npage console:\n${log.join('\n')}`);
  } finally {
    await page.close();
  }
}
