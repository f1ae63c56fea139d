/**
 * Sentences the page writes about the runtime, the model and the decoding: one function each,
 * plain text, so main.ts only decides where they go.
 */
import type { Runtime } from '@seq2seq/backend';
import type { Decoding, ModelEntry, ModelInfo } from './protocol';

/** `wasm (SIMD on, 2 threads)`, `webgpu (google swiftshader, software)` or the backend's name. */
export function describeBackend(runtime: Runtime): string {
  const c = runtime.capabilities;
  if (runtime.backend === 'wasm') return `wasm (SIMD ${c.simd ? 'on' : 'off'}, ${c.threadCount} thread${c.threadCount === 1 ? '' : 's'})`;
  if (runtime.backend === 'webgpu' && c.adapter) {
    return `webgpu (${[c.adapter.vendor, c.adapter.architecture].filter(Boolean).join(' ') || 'adapter'}${c.adapter.isFallbackAdapter ? ', software' : ''})`;
  }
  return runtime.backend;
}

/** `n=20` or `n=5-50`. */
export function describeN(n: ModelEntry['n']): string {
  return Array.isArray(n) ? `n=${n[0]}-${n[1]}` : `n=${n}`;
}

/** A model in the picker: `tsp-n10 (n=10, lstm)`. */
export function describeEntry(entry: ModelEntry): string {
  return `${entry.name} (${describeN(entry.n)}, ${entry.encoder})`;
}

/** `71 min` or `3.2 h`. */
function duration(seconds: number): string {
  return seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The last quick check of training, e.g. `tour 2.988 (optimal 2.890)`. */
function describeCheck(check: Record<string, number>): string | null {
  const f = (x: number | undefined, digits = 3) => (x === undefined ? undefined : x.toFixed(digits));
  const pct = (x: number | undefined) => (x === undefined ? undefined : `${(100 * x).toFixed(1)}%`);
  if (check.tour !== undefined) return `greedy tour ${f(check.tour)}${check.optimal !== undefined ? ` (optimal ${f(check.optimal)})` : ''}`;
  if (check.area !== undefined) return `exact hulls ${pct(check.accuracy)}, area ${pct(check.area)}`;
  if (check.coverage !== undefined) return `triangle coverage ${pct(check.coverage)}`;
  return null;
}

/** Everything the page says about the loaded model, from its config.json and its weights. */
export function describeModel(info: ModelInfo): string {
  const encoder = info.encoder === 'attention' ? 'attention (Transformer) encoder' : 'LSTM encoder';
  const parts = [
    `task ${info.task}`,
    `trained on ${describeN(info.n)}`,
    `${encoder}, hidden ${info.hiddenSize}, embedding ${info.embeddingDim}, ${info.glimpses} glimpse${info.glimpses === 1 ? '' : 's'}`,
    `${info.parameters.toLocaleString('en-US')} parameters`,
  ];
  if (info.steps !== null) parts.push(`${info.steps.toLocaleString('en-US')} steps`);
  if (info.trainSeconds !== null) parts.push(`${duration(info.trainSeconds)} of training`);
  const check = info.lastCheck && describeCheck(info.lastCheck);
  if (check) parts.push(`last check on held-out sets: ${check}`);
  return parts.join(' · ');
}

/** `greedy`, `beam search, width 10`, `best of 64 samples`, with `+ 2-opt` for tours. */
export function describeDecoding(decoding: Decoding, tsp: boolean): string {
  const method =
    decoding.method === 'beam' ? `beam search, width ${decoding.beamWidth}` : decoding.method === 'sample' ? `best of ${decoding.samples} samples` : 'greedy';
  const views = decoding.symmetries ? `${method}, 8 symmetries` : method;
  return tsp && decoding.twoOpt ? `${views} + 2-opt` : views;
}
