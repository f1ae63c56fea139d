/**
 * Greedy decoding: at every step take the most probable output. With `temperature`, sample from
 * `softmax(logits / T)` instead (T < 1 sharpens, T > 1 flattens).
 */
import { InputError, type Rng } from '@seq2seq/core';
import { maxLengths, worthCompacting } from './limits';
import { attentionRow, runDecoder, runDecoderAsync, type DecoderProgram } from './read';
import type { DecodeOptions, Hypothesis, StepModel, StepState } from './types';

/** Options of {@link sampleDecode}. */
export interface SampleOptions extends DecodeOptions {
  /** Softmax temperature, > 0. Default 1. */
  temperature?: number;
  /** Random source for the draws. */
  rng: Rng;
}

/** Decodes `rows` sequences greedily; `state` is consumed (disposed). */
export function greedyDecode<S extends StepState>(model: StepModel<S>, state: S, rows: number, options: DecodeOptions): Hypothesis[] {
  return runDecoder(greedyProgram(model, state, rows, options));
}

/** {@link greedyDecode} with asynchronous reads (use on WebGPU). */
export async function greedyDecodeAsync<S extends StepState>(model: StepModel<S>, state: S, rows: number, options: DecodeOptions): Promise<Hypothesis[]> {
  return runDecoderAsync(greedyProgram(model, state, rows, options));
}

/** Decodes `rows` sequences by ancestral sampling; `state` is consumed (disposed). */
export function sampleDecode<S extends StepState>(model: StepModel<S>, state: S, rows: number, options: SampleOptions): Hypothesis[] {
  return runDecoder(sampleProgram(model, state, rows, options));
}

/** {@link sampleDecode} with asynchronous reads (use on WebGPU). */
export async function sampleDecodeAsync<S extends StepState>(model: StepModel<S>, state: S, rows: number, options: SampleOptions): Promise<Hypothesis[]> {
  return runDecoderAsync(sampleProgram(model, state, rows, options));
}

/** The greedy decoder as a {@link DecoderProgram}. */
export function greedyProgram<S extends StepState>(model: StepModel<S>, state: S, rows: number, options: DecodeOptions): DecoderProgram<Hypothesis[]> {
  return sequentialProgram(model, state, rows, options, (logp) => argmax(logp));
}

/** The sampling decoder as a {@link DecoderProgram}. */
export function sampleProgram<S extends StepState>(model: StepModel<S>, state: S, rows: number, options: SampleOptions): DecoderProgram<Hypothesis[]> {
  const t = options.temperature ?? 1;
  if (!(t > 0)) throw new InputError(`sampleDecode: temperature must be > 0, got ${t}`);
  return sequentialProgram(model, state, rows, options, (logp) => {
    let max = -Infinity;
    for (const v of logp) max = Math.max(max, v / t);
    let sum = 0;
    const p = new Float64Array(logp.length);
    for (let i = 0; i < logp.length; i++) sum += p[i] = Math.exp(logp[i]! / t - max);
    let u = options.rng.next() * sum;
    for (let i = 0; i < p.length; i++) {
      u -= p[i]!;
      if (u <= 0 && p[i]! > 0) return i;
    }
    return argmax(logp);
  });
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * The shared loop of greedy decoding and sampling. Row `r` runs until it emits the end token or
 * reaches its own step limit; once enough rows are done ({@link worthCompacting}), their rows are
 * dropped from the state, so the model only runs the rows still decoding. A row's result does
 * not depend on the other rows (up to the model's float arithmetic).
 */
function* sequentialProgram<S extends StepState>(
  model: StepModel<S>,
  initial: S,
  rows: number,
  options: DecodeOptions,
  choose: (logProbs: Float32Array) => number,
): DecoderProgram<Hypothesis[]> {
  let state = initial;
  try {
    const limits = maxLengths(options.maxLength, rows, 'greedyDecode');
    const hyps: Hypothesis[] = Array.from({ length: rows }, () => ({ tokens: [], logProb: 0, score: 0, attention: [], finished: false }));
    const steps = new Int32Array(rows);
    const running = (r: number): boolean => !hyps[r]!.finished && steps[r]! < limits[r]!;
    // `inRows[i]` is the hypothesis that row i of `state` decodes.
    let inRows = Int32Array.from({ length: rows }, (_, r) => r);
    let tokens = new Int32Array(rows).fill(options.startToken);
    while (inRows.some(running)) {
      const out = model.step(tokens, state);
      state.dispose();
      state = out.state;
      const host = yield { logProbs: out.logProbs, attention: out.attention };
      const next = new Int32Array(inRows.length).fill(options.endToken);
      inRows.forEach((r, i) => {
        if (!running(r)) return;
        const h = hyps[r]!;
        const row = host.logProbs.subarray(i * host.vocab, (i + 1) * host.vocab);
        const choice = choose(row);
        h.logProb += row[choice]!;
        if (host.attention) h.attention.push(attentionRow(host, i));
        if (choice === options.endToken) h.finished = true;
        else h.tokens.push(choice);
        steps[r] = steps[r]! + 1;
        next[i] = choice;
      });
      const keep = Int32Array.from(inRows.keys()).filter((i) => running(inRows[i]!));
      if (keep.length > 0 && worthCompacting(inRows.length, keep.length)) {
        state = compact(model, state, keep);
        inRows = Int32Array.from(keep, (i) => inRows[i]!);
        tokens = Int32Array.from(keep, (i) => next[i]!);
      } else tokens = next;
    }
    for (const h of hyps) h.score = h.logProb;
    return hyps;
  } finally {
    state.dispose();
  }
}

/** The rows `rows` of `state`, which is disposed. */
function compact<S extends StepState>(model: StepModel<S>, state: S, rows: Int32Array): S {
  const picked = model.gather(state, rows);
  state.dispose();
  return picked;
}
