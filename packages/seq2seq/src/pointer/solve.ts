/**
 * Solving point sets with a trained {@link PointerNetwork}: greedy decoding, beam search, or
 * best-of-N sampling (Bello et al. 2016), all constrained to valid outputs by the network's masks;
 * optionally polished with 2-opt for tours.
 */
import { InputError, Rng } from '@seq2seq/core';
import { tourLength, twoOptPolish, type Point } from '@seq2seq/datasets';
import { beamSearch, beamSearchAsync } from '../decoding/beam';
import { greedyDecode, greedyDecodeAsync, sampleDecode, sampleDecodeAsync } from '../decoding/greedy';
import type { Hypothesis } from '../decoding/types';
import { pointerInputs } from './data';
import { POINTER_START, type PointerNetwork } from './network';

/** How to search; one record so that a CLI flag maps onto it. */
export interface SolveOptions {
  /** `'greedy'` (default), `'beam'` or `'sample'` (best of `samples`). */
  method?: 'greedy' | 'beam' | 'sample';
  /** Beam width for `'beam'`. Default 10. */
  beamWidth?: number;
  /** Samples per input for `'sample'`. Default 64. */
  samples?: number;
  /** Softmax temperature of sampling. Default 1. */
  temperature?: number;
  /** Random source of sampling. Default `new Rng(0)`. */
  rng?: Rng;
  /**
   * Tours only (fixed-length outputs): pick the shortest of the beam's or the samples' tours
   * (default true), where false picks the most probable.
   */
  shortest?: boolean;
  /** Tours only: polish every tour with 2-opt. Default false. */
  twoOpt?: boolean;
  /** Inputs decoded together. Default 256 (divided by the beam width or the samples). */
  chunk?: number;
  /**
   * Test-time augmentation: also decode each set under the symmetries of the unit square
   * ({@link SQUARE_SYMMETRIES}: rotations by 90 degrees and reflections, which map points uniform
   * in the square onto the same distribution) and keep the answer the network gives the most
   * probability; tours keep the shortest. 1 (default: the set as given), 4 (rotations) or 8.
   */
  symmetries?: 1 | 4 | 8;
  /**
   * How an answer decoded on a reflected set maps back: `'reverse'` for outputs whose direction
   * matters (a counter-clockwise hull is clockwise in the mirror), `'keep'` (default) otherwise.
   */
  mirroredOutput?: 'keep' | 'reverse';
}

/** A symmetry of the unit square: the map of a point, and whether it reverses orientation. */
export interface SquareSymmetry {
  map: (p: Point) => Point;
  mirror: boolean;
}

/** The 8 symmetries of the unit square: identity, the 3 rotations, then the 4 reflections. */
export const SQUARE_SYMMETRIES: readonly SquareSymmetry[] = [
  { map: ([x, y]) => [x, y], mirror: false },
  { map: ([x, y]) => [1 - y, x], mirror: false }, // 90 degrees
  { map: ([x, y]) => [1 - x, 1 - y], mirror: false }, // 180 degrees
  { map: ([x, y]) => [y, 1 - x], mirror: false }, // 270 degrees
  { map: ([x, y]) => [1 - x, y], mirror: true },
  { map: ([x, y]) => [x, 1 - y], mirror: true },
  { map: ([x, y]) => [y, x], mirror: true },
  { map: ([x, y]) => [1 - y, 1 - x], mirror: true },
];

/** Longest output a network may write for `n` points (Delaunay has at most 2n - 5 triangles). */
export function maxOutputLength(net: PointerNetwork, n: number): number {
  const r = net.config.rules;
  if (!r.variableLength) return n;
  if (r.noRepeat) return n + 1;
  return r.groupSize * Math.max(1, 2 * n) + 1;
}

/**
 * Outputs for every point set, in input indices without the end slot: tours (starting at the
 * rules' first output), hull vertices, or flattened triangles.
 */
export function solvePointSets(net: PointerNetwork, sets: readonly (readonly Point[])[], options: SolveOptions = {}): number[][] {
  const plan = planSolve(options);
  const views = symmetricViews(sets, plan.symmetries);
  return inEvalMode(net, () => {
    const groups: Hypothesis[][] = [];
    for (let i = 0; i < views.length; i += plan.chunk) {
      const chunk = views.slice(i, i + plan.chunk);
      groups.push(...withSession(net, chunk, (search) => decodeSync(search, plan, options)));
    }
    return answers(net, sets, groups, plan, options);
  });
}

/**
 * {@link solvePointSets} with asynchronous reads (the `*Async` decoders await every step's
 * `data()`): the same outputs, and the form to use on WebGPU, where synchronous reads block.
 */
export async function solvePointSetsAsync(net: PointerNetwork, sets: readonly (readonly Point[])[], options: SolveOptions = {}): Promise<number[][]> {
  const plan = planSolve(options);
  const views = symmetricViews(sets, plan.symmetries);
  const wasTraining = net.training;
  net.eval();
  try {
    const groups: Hypothesis[][] = [];
    for (let i = 0; i < views.length; i += plan.chunk) {
      const search = openSearch(net, views.slice(i, i + plan.chunk));
      try {
        groups.push(...(await decodeAsync(search, plan, options)));
      } finally {
        search.close();
      }
    }
    return answers(net, sets, groups, plan, options);
  } finally {
    net.train(wasTraining);
  }
}

interface SolvePlan {
  method: 'greedy' | 'beam' | 'sample';
  /** Beam width or samples per input (1 for greedy). */
  width: number;
  /** Inputs per decoding batch. */
  chunk: number;
  /** Views of each set (see {@link SolveOptions.symmetries}). */
  symmetries: number;
}

function planSolve(options: SolveOptions): SolvePlan {
  const method = options.method ?? 'greedy';
  if (method !== 'greedy' && method !== 'beam' && method !== 'sample') {
    throw new InputError(`solvePointSets: 'method' must be 'greedy', 'beam' or 'sample', got ${String(method)}`);
  }
  const width = method === 'beam' ? (options.beamWidth ?? 10) : method === 'sample' ? (options.samples ?? 64) : 1;
  const symmetries = options.symmetries ?? 1;
  if (symmetries !== 1 && symmetries !== 4 && symmetries !== 8) {
    throw new InputError(`solvePointSets: 'symmetries' must be 1, 4 or 8, got ${String(symmetries)}`);
  }
  return { method, width, chunk: Math.max(1, Math.floor((options.chunk ?? 256) / width)), symmetries };
}

/** Every set under the first `count` square symmetries, set by set: `[s0 t0, s0 t1, .., s1 t0, ..]`. */
function symmetricViews(sets: readonly (readonly Point[])[], count: number): (readonly Point[])[] {
  if (count === 1) return [...sets];
  return sets.flatMap((points) => SQUARE_SYMMETRIES.slice(0, count).map((t) => points.map(t.map)));
}

function inEvalMode<T>(net: PointerNetwork, fn: () => T): T {
  const wasTraining = net.training;
  net.eval();
  try {
    return fn();
  } finally {
    net.train(wasTraining);
  }
}

/** An encoded chunk and its step model. */
interface Search {
  session: ReturnType<PointerNetwork['stepModel']>;
  batch: number;
  decode: { startToken: number; endToken: number; maxLength: number };
  close(): void;
}

function openSearch(net: PointerNetwork, sets: readonly (readonly Point[])[]): Search {
  const inputs = pointerInputs(sets);
  const enc = net.encode(inputs);
  const session = net.stepModel(enc);
  const tours = !net.config.rules.variableLength;
  return {
    session,
    batch: sets.length,
    decode: { startToken: POINTER_START, endToken: tours ? -1 : 0, maxLength: maxOutputLength(net, inputs.maxN) },
    close: () => {
      session.dispose();
      enc.dispose();
    },
  };
}

function withSession<T>(net: PointerNetwork, sets: readonly (readonly Point[])[], fn: (search: Search) => T): T {
  const search = openSearch(net, sets);
  try {
    return fn(search);
  } finally {
    search.close();
  }
}

/** The decoder's initial state with every row repeated `width` times (rows b*width .. b*width+width-1). */
function repeatRows(search: Search, width: number) {
  const { model, initialState } = search.session;
  const expand = new Int32Array(search.batch * width).map((_, r) => Math.floor(r / width));
  const state = model.gather(initialState, expand);
  initialState.dispose();
  return state;
}

/** Samples of each input, most probable first. */
function groupSamples(hyps: Hypothesis[], batch: number, width: number): Hypothesis[][] {
  return Array.from({ length: batch }, (_, b) => hyps.slice(b * width, (b + 1) * width).sort((x, y) => y.logProb - x.logProb));
}

function decodeSync(search: Search, plan: SolvePlan, options: SolveOptions): Hypothesis[][] {
  const { model, initialState } = search.session;
  const { batch, decode } = search;
  if (plan.method === 'greedy') return greedyDecode(model, initialState, batch, decode).map((h) => [h]);
  if (plan.method === 'beam') return beamSearch(model, initialState, batch, { ...decode, beamWidth: plan.width, lengthPenalty: 0 });
  const state = repeatRows(search, plan.width);
  const hyps = sampleDecode(model, state, batch * plan.width, { ...decode, rng: options.rng ?? new Rng(0), temperature: options.temperature });
  return groupSamples(hyps, batch, plan.width);
}

async function decodeAsync(search: Search, plan: SolvePlan, options: SolveOptions): Promise<Hypothesis[][]> {
  const { model, initialState } = search.session;
  const { batch, decode } = search;
  if (plan.method === 'greedy') return (await greedyDecodeAsync(model, initialState, batch, decode)).map((h) => [h]);
  if (plan.method === 'beam') return beamSearchAsync(model, initialState, batch, { ...decode, beamWidth: plan.width, lengthPenalty: 0 });
  const state = repeatRows(search, plan.width);
  const hyps = await sampleDecodeAsync(model, state, batch * plan.width, { ...decode, rng: options.rng ?? new Rng(0), temperature: options.temperature });
  return groupSamples(hyps, batch, plan.width);
}

/**
 * The chosen output of each input from the hypotheses of its views (`plan.symmetries` groups per
 * input): the most probable answer, or for tours the shortest (optionally 2-opt polished).
 */
function answers(net: PointerNetwork, sets: readonly (readonly Point[])[], groups: Hypothesis[][], plan: SolvePlan, options: SolveOptions): number[][] {
  const tours = !net.config.rules.variableLength;
  const k = plan.symmetries;
  return sets.map((points, b) => {
    const candidates: Array<{ output: number[]; logProb: number }> = [];
    for (let t = 0; t < k; t++) {
      const reverse = SQUARE_SYMMETRIES[t]!.mirror && options.mirroredOutput === 'reverse';
      const hyps = groups[b * k + t]!;
      // Hull and Delaunay answers: the most probable of each view; tours: every tour found.
      for (const h of tours ? hyps : hyps.slice(0, 1)) {
        const output = net.fromPositions(h.tokens, points.length);
        candidates.push({ output: reverse ? output.reverse() : output, logProb: h.logProb });
      }
    }
    if (!tours) return candidates.sort((x, y) => y.logProb - x.logProb)[0]?.output ?? [];
    let valid = candidates.filter((c) => c.output.length === points.length);
    if (options.twoOpt) valid = valid.map((c) => ({ ...c, output: twoOptPolish(points, c.output).tour }));
    if (options.shortest ?? true) valid.sort((x, y) => tourLength(points, x.output) - tourLength(points, y.output));
    else valid.sort((x, y) => y.logProb - x.logProb);
    return valid[0]?.output ?? [];
  });
}
