/**
 * Solving point sets with a trained {@link PointerNetwork}: greedy decoding, beam search, or
 * best-of-N sampling (Bello et al. 2016), all constrained to valid outputs by the network's masks;
 * optionally polished with 2-opt for tours.
 */
import { Rng } from '@seq2seq/core';
import { tourLength, twoOptPolish, type Point } from '@seq2seq/datasets';
import { beamSearch } from '../decoding/beam';
import { greedyDecode, sampleDecode } from '../decoding/greedy';
import type { Hypothesis } from '../decoding/types';
import { pointerInputs } from './data';
import { POINTER_START, disposePointerEncoded, type PointerNetwork } from './network';

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
}

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
  const method = options.method ?? 'greedy';
  const width = method === 'beam' ? (options.beamWidth ?? 10) : method === 'sample' ? (options.samples ?? 64) : 1;
  const chunk = Math.max(1, Math.floor((options.chunk ?? 256) / width));
  const out: number[][] = [];
  const wasTraining = net.training;
  net.eval();
  try {
    for (let i = 0; i < sets.length; i += chunk) out.push(...solveChunk(net, sets.slice(i, i + chunk), method, width, options));
  } finally {
    net.train(wasTraining);
  }
  return out;
}

function solveChunk(net: PointerNetwork, sets: readonly (readonly Point[])[], method: string, width: number, options: SolveOptions): number[][] {
  const inputs = pointerInputs(sets);
  const batch = sets.length;
  const enc = net.encode(inputs);
  const session = net.stepModel(enc);
  const tours = !net.config.rules.variableLength;
  const maxLength = maxOutputLength(net, inputs.maxN);
  const decode = { startToken: POINTER_START, endToken: tours ? -1 : 0, maxLength };
  try {
    let groups: Hypothesis[][];
    if (method === 'greedy') {
      groups = greedyDecode(session.model, session.initialState, batch, decode).map((h) => [h]);
    } else if (method === 'beam') {
      groups = beamSearch(session.model, session.initialState, batch, { ...decode, beamWidth: width, lengthPenalty: 0 });
    } else if (method === 'sample') {
      const expand = new Int32Array(batch * width).map((_, r) => Math.floor(r / width));
      const state = session.model.gather(session.initialState, expand);
      session.model.disposeState(session.initialState);
      const hyps = sampleDecode(session.model, state, batch * width, { ...decode, rng: options.rng ?? new Rng(0), temperature: options.temperature });
      groups = Array.from({ length: batch }, (_, b) => hyps.slice(b * width, (b + 1) * width).sort((x, y) => y.logProb - x.logProb));
    } else {
      throw new RangeError(`solvePointSets: 'method' must be 'greedy', 'beam' or 'sample', got ${method}`);
    }
    return groups.map((hyps, b) => {
      const points = sets[b]!;
      let candidates = hyps.map((h) => net.fromPositions(h.tokens, points.length));
      if (tours) {
        candidates = candidates.filter((t) => t.length === points.length);
        if (options.twoOpt) candidates = candidates.map((t) => twoOptPolish(points, t).tour);
        if (options.shortest ?? true) candidates.sort((x, y) => tourLength(points, x) - tourLength(points, y));
      }
      return candidates[0] ?? [];
    });
  } finally {
    session.dispose();
    disposePointerEncoded(enc);
  }
}
