/**
 * Sampling text from a {@link CharLanguageModel}, character by character: prime the state with a
 * text, then repeatedly draw the next character from `softmax(logits / temperature)`, restricted
 * to the `topK` most probable, and feed it back. One seeded {@link Rng} draws every character, so
 * a seed gives the same text on every run and backend (up to float ties).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import type { CellState } from '@seq2seq/cells';
import { flatState, type CharLanguageModel } from './model';
import { runHostProgram, runHostProgramAsync, type HostProgram } from './host-read';

/** Options of {@link sampleChars}; every field has a default. */
export interface SampleCharsOptions {
  /** Text the state is primed with (not repeated in the result). Default `'\n'`. */
  prime?: string;
  /** Characters to draw. Default 200. */
  length?: number;
  /** Softmax temperature; `0` always takes the most probable character. Default 1. */
  temperature?: number;
  /** Draw only among the `topK` most probable characters; `0` for all. Default 0. */
  topK?: number;
  /** Seed of the draws. Default 0. */
  seed?: number;
  /** Called with every character as soon as it is drawn (streaming). */
  onChar?: (char: string) => void;
}

function check(options: SampleCharsOptions): Required<Omit<SampleCharsOptions, 'onChar'>> {
  const op = 'sampleChars';
  const length = options.length ?? 200;
  const temperature = options.temperature ?? 1;
  const topK = options.topK ?? 0;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(length) || length < 0) throw new InputError(`${op}: 'length' must be an integer >= 0, got ${String(length)}`);
  if (typeof temperature !== 'number' || !(temperature >= 0) || !Number.isFinite(temperature)) throw new InputError(`${op}: 'temperature' must be a finite number >= 0, got ${String(temperature)}`);
  if (!Number.isInteger(topK) || topK < 0) throw new InputError(`${op}: 'topK' must be an integer >= 0 (0 = all characters), got ${String(topK)}`);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError(`${op}: 'seed' must be an integer >= 0, got ${String(seed)}`);
  const prime = options.prime ?? '\n';
  if (typeof prime !== 'string' || prime.length === 0) throw new InputError(`${op}: 'prime' must be a non-empty text, got ${JSON.stringify(prime)}`);
  return { prime, length, temperature, topK, seed };
}

/** Draws an id from host log-probabilities with temperature and top-k. @internal */
export function drawId(logProbs: ArrayLike<number>, temperature: number, topK: number, rng: Rng): number {
  const V = logProbs.length;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logProbs[b]! - logProbs[a]! || a - b);
  if (temperature === 0) return order[0]!;
  const keep = topK > 0 ? order.slice(0, Math.min(topK, V)) : order;
  const top = logProbs[keep[0]!]!;
  const weights = keep.map((i) => Math.exp((logProbs[i]! - top) / temperature));
  let u = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < keep.length; j++) {
    u -= weights[j]!;
    if (u < 0) return keep[j]!;
  }
  return keep[keep.length - 1]!;
}

function* sampleProgram(model: CharLanguageModel, options: SampleCharsOptions): HostProgram<string> {
  const o = check(options);
  const rng = new Rng(o.seed);
  const first = model.prime(o.prime);
  let state: CellState[] = first.state;
  let logProbs: tf.Tensor2D | undefined = first.logProbs;
  let out = '';
  try {
    for (let i = 0; i < o.length; i++) {
      const read = logProbs!;
      logProbs = undefined;
      const id = drawId(yield read, o.temperature, o.topK, rng);
      const char = model.vocabulary.char(id);
      out += char;
      options.onChar?.(char);
      if (i === o.length - 1) break;
      const next = model.step([id], state);
      tf.dispose(flatState(state));
      state = next.state;
      logProbs = next.logProbs;
    }
  } finally {
    tf.dispose([...flatState(state), ...(logProbs ? [logProbs] : [])]);
  }
  return out;
}

/**
 * Samples `length` characters after `prime` (see {@link SampleCharsOptions}); `onChar` streams
 * them. Synchronous reads (CPU, WASM).
 *
 * @example
 * const text = sampleChars(model, { prime: 'Anna', length: 100, temperature: 0.8, seed: 1 });
 */
export function sampleChars(model: CharLanguageModel, options: SampleCharsOptions = {}): string {
  return runHostProgram(sampleProgram(model, options));
}

/** {@link sampleChars} with asynchronous reads (WebGPU; keeps a page responsive). */
export function sampleCharsAsync(model: CharLanguageModel, options: SampleCharsOptions = {}): Promise<string> {
  return runHostProgramAsync(sampleProgram(model, options));
}

/**
 * The same characters as {@link sampleChars}, as an async iterator, one character at a time.
 *
 * @example
 * for await (const char of streamChars(model, { length: 50 })) process.stdout.write(char);
 */
export async function* streamChars(model: CharLanguageModel, options: SampleCharsOptions = {}): AsyncGenerator<string, void, undefined> {
  const queue: string[] = [];
  const program = sampleProgram(model, {
    ...options,
    onChar: (c) => {
      options.onChar?.(c);
      queue.push(c);
    },
  });
  let finished = false;
  try {
    let next = program.next(undefined as unknown as Float32Array);
    while (!next.done) {
      const t = next.value;
      const values = Float32Array.from(await t.data());
      t.dispose();
      next = program.next(values);
      while (queue.length > 0) yield queue.shift()!;
    }
    finished = true;
  } finally {
    if (!finished) program.return('');
  }
}
