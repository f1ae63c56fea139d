/**
 * The bench page: `?binary=simd|threaded-simd&threads=N&cores=C&cases=a,b&reps=1&gpu=1` starts the worker
 * with that request and keeps what it answers in `window.bench` (read by run.ts and the test).
 * `gpu=1` also asks WebGPU for an adapter, to say what kind it is.
 */
import { CASE_NAMES, type CaseName } from './case-names';
import type { BenchMessage, BenchRequest, BinaryKind, StartReport } from './protocol';

/** What the page has gathered so far. */
export interface PageState {
  state: 'running' | 'done' | 'error';
  start: StartReport | null;
  results: Partial<Record<CaseName, number>>;
  error: string;
  /** The WebGPU adapter when `gpu=1`: null when there is none. */
  adapter?: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean } | null;
}

const params = new URLSearchParams(location.search);
const binary = (params.get('binary') ?? 'threaded-simd') as BinaryKind;
const names = (params.get('cases') ?? '').split(',').filter((n): n is CaseName => (CASE_NAMES as readonly string[]).includes(n));
const request: BenchRequest = {
  binary,
  threads: Number(params.get('threads') ?? 2),
  cores: Number(params.get('cores') ?? 0),
  wasmPaths: new URL('./wasm/', location.href).href,
  cases: names,
  repScale: Number(params.get('reps') ?? 1),
};

const page: PageState = { state: 'running', start: null, results: {}, error: '' };
(window as unknown as { bench: PageState }).bench = page;
const show = () => (document.querySelector('#out')!.textContent = JSON.stringify(page, null, 2));

async function describeAdapter(): Promise<PageState['adapter']> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string>; isFallbackAdapter?: boolean } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info ?? {};
  return { vendor: info.vendor ?? '', architecture: info.architecture ?? '', description: info.description ?? '', isFallbackAdapter: adapter.isFallbackAdapter ?? (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false };
}

if (params.get('gpu') === '1') page.adapter = await describeAdapter().catch(() => null);
const worker = new Worker(new URL('./worker.js', location.href), { type: 'module' });
worker.onmessage = (event: MessageEvent<BenchMessage>) => {
  const message = event.data;
  if (message.type === 'started') page.start = message.report;
  else if (message.type === 'case') page.results[message.name] = message.ms;
  else if (message.type === 'done') page.state = 'done';
  else {
    page.state = 'error';
    page.error = message.message;
  }
  show();
};
worker.onerror = (event) => {
  page.state = 'error';
  page.error = event.message || 'the worker failed to load';
  show();
};
worker.postMessage(request);
show();
