/**
 * The cells bench in Chromium (Debian's `/usr/bin/chromium`, headless, through playwright-core):
 * the page is served cross-origin isolated (COOP/COEP) and runs the cases in a worker on
 * tfjs-backend-wasm, in three configurations, each in a fresh tab:
 *
 * - `simd-1t`: the single-threaded SIMD binary (what `createRuntime` loads for one thread; this
 *   package's native whole-sequence kernels run);
 * - `threaded-1t`, `threaded-2t`: the threaded SIMD binary with `setThreadsCount(1)` / `(2)` (the
 *   heap is a SharedArrayBuffer, so the native kernels step aside).
 *
 * The configurations take turns for `--rounds` rounds, so a burst of load on the shared machine
 * hits all of them; `ms` is each case's fastest repetition over all rounds (wall clock).
 *
 * Prints one JSON line for the browser, one per configuration (how it started: threads, running
 * pthread workers, native kernels), one per case and configuration, then one per case with the
 * speedups of 2 threads: `speedup2v1 = threaded-1t / threaded-2t`, `speedup2vSimd = simd-1t /
 * threaded-2t`. `load1` is the machine's 1-minute load average.
 *
 *   pnpm bench:browser                          # all cases, 3 rounds
 *   pnpm bench:browser -- --rounds 5 --case gru-infer-b64,matmul-b64
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumInstalled, CHROMIUM_MISSING, launchChromium } from '@seq2seq/backend/testing';
import { servePage } from '../../../../scripts/web-page/serve-page';
import { CASE_NAMES, type CaseName } from './case-names';
import { buildBenchPage, readBenchPage } from './page';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(arg('rounds') ?? 3);
const REPS = Number(arg('reps') ?? 1);
const cases = (arg('case')?.split(',') ?? [...CASE_NAMES]) as CaseName[];
for (const name of cases) if (!(CASE_NAMES as readonly string[]).includes(name)) throw new Error(`bench: unknown case '${name}'; expected one of ${CASE_NAMES.join(', ')}`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`bench: --rounds must be a positive integer, got '${arg('rounds')}'`);
if (!(REPS > 0)) throw new Error(`bench: --reps must be a positive number, got '${arg('reps')}'`);
if (!chromiumInstalled()) throw new Error(`bench: ${CHROMIUM_MISSING}`);

const CONFIG_NAMES = ['simd-1t', 'threaded-1t', 'threaded-2t'] as const;
type Config = (typeof CONFIG_NAMES)[number];

/**
 * Each configuration's page query. tfjs-backend-wasm runs at most half the logical cores, so on a
 * machine with fewer than 4 the threaded pages are told 4 (`cores=4`), the same for both.
 */
function configQueries(cores: number): Record<Config, string> {
  const override = cores < 4 ? '&cores=4' : '';
  return {
    'simd-1t': 'binary=simd&threads=1',
    'threaded-1t': `binary=threaded-simd&threads=1${override}`,
    'threaded-2t': `binary=threaded-simd&threads=2${override}`,
  };
}

function print(row: Record<string, unknown>): void {
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v);
  console.log(JSON.stringify(Object.fromEntries(Object.entries({ ...row, load1: loadavg()[0] }).map(([k, v]) => [k, round(v)]))));
}

const work = mkdtempSync(join(tmpdir(), 'seq2seq-cells-bench-browser-'));
const server = await servePage({ root: await buildBenchPage(join(work, 'page')) });
const browser = await launchChromium();
try {
  const version = browser.context.browser()?.version() ?? 'unknown';
  const probe = await readBenchPage(browser.context, server.origin, 'binary=threaded-simd&threads=2&gpu=1');
  if (probe.state === 'error') throw new Error(`bench: the page failed: ${probe.error}`);
  const blank = await browser.context.newPage();
  const cores = await blank.evaluate(() => navigator.hardwareConcurrency);
  await blank.close();
  const CONFIGS = configQueries(cores);
  const gpu = probe.adapter ? `${probe.adapter.vendor} ${probe.adapter.architecture}${probe.adapter.isFallbackAdapter ? ' (fallback adapter)' : ''}`.trim() : 'none';
  // `unforcedThreads`: what 2 requested threads give with the machine's own core count.
  print({ browser: `chromium ${version}`, hardwareConcurrency: cores, isolated: probe.start?.isolated, sharedArrayBuffer: probe.start?.sharedArrayBuffer, unforcedThreads: probe.start?.threads, unforcedFallback: probe.start?.fallback, webgpu: gpu });

  const best: Record<Config, Partial<Record<CaseName, number>>> = { 'simd-1t': {}, 'threaded-1t': {}, 'threaded-2t': {} };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [config, query] of Object.entries(CONFIGS) as [Config, string][]) {
      const page = await readBenchPage(browser.context, server.origin, `${query}&cases=${cases.join(',')}&reps=${REPS}`);
      if (page.state === 'error') throw new Error(`bench: ${config} failed: ${page.error}`);
      if (round === 0) print({ config, query, ...page.start });
      for (const name of cases) best[config][name] = Math.min(best[config][name] ?? Infinity, page.results[name] ?? Infinity);
    }
  }
  for (const config of CONFIG_NAMES) for (const name of cases) print({ case: name, config, ms: best[config][name], rounds: ROUNDS });
  for (const name of cases) {
    const [s, t1, t2] = [best['simd-1t'][name]!, best['threaded-1t'][name]!, best['threaded-2t'][name]!];
    print({ case: name, speedup2v1: t1 / t2, speedup2vSimd: s / t2, simd1tMs: s, threaded1tMs: t1, threaded2tMs: t2 });
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
