/**
 * Batched beam search. Every input keeps `beamWidth` live hypotheses; the rows of all inputs
 * still searching run through the model in one step (one row per input at the first step, when
 * each input has only the empty hypothesis; an input that is done leaves the rows). A hypothesis that emits the end token is set aside as
 * finished and its slot goes to the next best continuation, so every input ends with up to
 * `beamWidth` finished hypotheses ranked by a length-normalised score (Wu et al. 2016, GNMT):
 *
 *   score = logProb / lp(len),   lp(len) = ((5 + len) / 6) ^ alpha
 *
 * With `alpha = 0` the score is the plain log-probability; `alpha = 1` is close to a per-token mean.
 */
import { InputError } from '@seq2seq/core';
import { maxLengths, worthCompacting } from './limits';
import { attentionRow, runDecoder, runDecoderAsync, type DecoderProgram, type HostStep } from './read';
import type { DecodeOptions, Hypothesis, StepModel, StepState } from './types';

/** Options of {@link beamSearch}. */
export interface BeamOptions extends DecodeOptions {
  /** Hypotheses kept per input. Default 5. */
  beamWidth?: number;
  /** Length-normalisation exponent `alpha`. Default 0.6. */
  lengthPenalty?: number;
  /** Hypotheses returned per input, best first; at most `beamWidth`. Default `beamWidth`. */
  returnCount?: number;
}

interface Live {
  tokens: number[];
  logProb: number;
  attention: number[][];
}

const lengthNorm = (len: number, alpha: number): number => (alpha === 0 ? 1 : ((5 + len) / 6) ** alpha);

/**
 * Beam search over `batch` inputs whose decoder state has `batch` rows; `state` is consumed.
 * Returns, per input, its finished hypotheses best first (live ones if none finished).
 */
export function beamSearch<S extends StepState>(model: StepModel<S>, state: S, batch: number, options: BeamOptions): Hypothesis[][] {
  return runDecoder(beamProgram(model, state, batch, options));
}

/** {@link beamSearch} with asynchronous reads (use on WebGPU). */
export async function beamSearchAsync<S extends StepState>(model: StepModel<S>, state: S, batch: number, options: BeamOptions): Promise<Hypothesis[][]> {
  return runDecoderAsync(beamProgram(model, state, batch, options));
}

/** Beam search as a {@link DecoderProgram}. Options are checked when it is created. */
export function beamProgram<S extends StepState>(model: StepModel<S>, state: S, batch: number, options: BeamOptions): DecoderProgram<Hypothesis[][]> {
  const k = options.beamWidth ?? 5;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`beamSearch: beamWidth must be an integer >= 1, got ${k}`);
  return beamSteps(model, state, batch, options);
}

function* beamSteps<S extends StepState>(model: StepModel<S>, state: S, batch: number, options: BeamOptions): DecoderProgram<Hypothesis[][]> {
  const k = options.beamWidth ?? 5;
  const alpha = options.lengthPenalty ?? 0.6;
  const returnCount = Math.min(options.returnCount ?? k, k);
  let limits: Int32Array;
  try {
    limits = maxLengths(options.maxLength, batch, 'beamSearch');
  } catch (error) {
    state.dispose();
    throw error;
  }

  const live: Live[][] = Array.from({ length: batch }, () => [{ tokens: [], logProb: 0, attention: [] }]);
  const finished: Hypothesis[][] = Array.from({ length: batch }, () => []);
  const done = Array.from(limits, (n) => n === 0);
  // `inRows[p]` is the input whose k beams are rows p*k .. p*k + k - 1 of the state.
  let inRows = Int32Array.from({ length: batch }, (_, b) => b);
  if (done.some((d) => d)) inRows = inRows.filter((b) => !done[b]);
  if (inRows.length === 0) {
    state.dispose();
    return ranked(finished, live, alpha, returnCount);
  }
  // The first step runs one row per input (its only hypothesis is the empty one); after it,
  // row p*k + j is beam j of input inRows[p].
  let current = inRows.length < batch ? model.gather(state, inRows) : state;
  if (current !== state) state.dispose();
  let width = 1; // rows per input
  let tokens = new Int32Array(inRows.length).fill(options.startToken);

  try {
    for (let t = 0; inRows.some((b) => !done[b]); t++) {
      const out = model.step(tokens, current);
      let host: HostStep;
      try {
        host = yield { logProbs: out.logProbs, attention: out.attention };
      } catch (error) {
        out.state.dispose();
        throw error;
      }
      const { vocab, logProbs: logp } = host;

      inRows.forEach((b, p) => {
        if (done[b]) return;
        const beams = live[b]!;
        // Candidates: the best 2k continuations over all live beams (2k so that k survive EOS).
        // Every end candidate among them finishes, also those ranked after k live continuations:
        // one of them can still beat hypotheses finished at earlier steps.
        // At the last step only the end token may follow (as fairseq does), so every input ends
        // with finished hypotheses and a likely long output is not dropped for an unlikely one
        // that happened to end earlier.
        const last = t === limits[b]! - 1;
        const onlyEnd = last && options.endToken >= 0 ? options.endToken : -1;
        let candidates = topContinuations(beams, logp, vocab, p * width, 2 * k, onlyEnd);
        // (Unless the model gives the end token no probability at all: then keep the cut beams.)
        if (candidates.length === 0) candidates = topContinuations(beams, logp, vocab, p * width, 2 * k);
        const nextLive: Array<Live & { row: number; token: number }> = [];
        for (const c of candidates) {
          const parent = beams[c.beam]!;
          const attention = host.attention ? [...parent.attention, attentionRow(host, p * width + c.beam)] : parent.attention;
          if (c.token === options.endToken) {
            finished[b]!.push({
              tokens: parent.tokens,
              logProb: c.logProb,
              score: c.logProb / lengthNorm(parent.tokens.length + 1, alpha),
              attention,
              finished: true,
            });
          } else if (nextLive.length < k) {
            nextLive.push({ tokens: [...parent.tokens, c.token], logProb: c.logProb, attention, row: p * width + c.beam, token: c.token });
          }
        }
        live[b] = nextLive;
        done[b] = last || finishedEnough(finished[b]!, nextLive, returnCount, alpha, limits[b]!);
      });

      // The next rows: each running input's live beams, padded to k with copies of its first row.
      const keep = inRows.filter((b) => !done[b]);
      const nextRows = worthCompacting(inRows.length, keep.length) ? keep : inRows;
      const parents = new Int32Array(nextRows.length * k);
      const nextTokens = new Int32Array(nextRows.length * k).fill(options.endToken === -1 ? 0 : options.endToken);
      const position = new Map(Array.from(inRows, (b, p) => [b, p]));
      nextRows.forEach((b, q) => {
        const beams = done[b] ? [] : (live[b] as Array<Live & { row: number; token: number }>);
        for (let j = 0; j < k; j++) {
          const beam = beams[j];
          parents[q * k + j] = beam ? beam.row : position.get(b)! * width;
          if (beam) nextTokens[q * k + j] = beam.token;
        }
      });
      if (nextRows.length === 0) {
        out.state.dispose();
        break;
      }
      const reordered = model.gather(out.state, parents);
      out.state.dispose();
      current.dispose();
      current = reordered;
      inRows = nextRows;
      tokens = nextTokens;
      width = k;
    }
  } finally {
    current.dispose();
  }

  return ranked(finished, live, alpha, returnCount);
}

/** Each input's `count` best hypotheses: its finished ones, or its live ones if none finished. */
function ranked(finished: Hypothesis[][], live: Live[][], alpha: number, count: number): Hypothesis[][] {
  return finished.map((fin, b) => {
    const pool =
      fin.length > 0
        ? fin
        : live[b]!.map((h) => ({ tokens: h.tokens, logProb: h.logProb, attention: h.attention, score: h.logProb / lengthNorm(h.tokens.length, alpha), finished: false }));
    return [...pool].sort((x, y) => y.score - x.score).slice(0, count);
  });
}

/**
 * The `count` best (beam, token) continuations of input rows `offset .. offset + beams.length`,
 * best first (equal log-probabilities in beam then token order); with `onlyToken >= 0`,
 * continuations by that token only. One pass over the rows: a value at or below the worst kept
 * one is skipped by one comparison, the few others are inserted in order (the scan took a tenth
 * of beam search's time when every insertion sorted the list).
 */
function topContinuations(
  beams: Live[],
  logp: Float32Array,
  vocab: number,
  offset: number,
  count: number,
  onlyToken = -1,
): Array<{ beam: number; token: number; logProb: number }> {
  const best: Array<{ beam: number; token: number; logProb: number }> = [];
  let worst = -Infinity; // the kept log-probability a candidate must beat once `count` are kept
  const consider = (beam: number, token: number, lp: number): void => {
    if (lp <= worst || !Number.isFinite(lp)) return;
    let at = best.length;
    while (at > 0 && best[at - 1]!.logProb < lp) at--; // after every equal one: stable
    best.splice(at, 0, { beam, token, logProb: lp });
    if (best.length > count) best.pop();
    if (best.length >= count) worst = best[count - 1]!.logProb;
  };
  for (let j = 0; j < beams.length; j++) {
    const base = beams[j]!.logProb;
    const row = (offset + j) * vocab;
    if (onlyToken >= 0) {
      consider(j, onlyToken, base + logp[row + onlyToken]!);
      continue;
    }
    for (let v = 0; v < vocab; v++) {
      const lp = base + logp[row + v]!;
      if (lp > worst) consider(j, v, lp);
    }
  }
  return best;
}

/**
 * An input is done when it has `count` finished hypotheses (the number returned) and no live one
 * can still beat the worst of them: a live hypothesis's log-probability only decreases, and with
 * length normalisation its best possible score is bounded by dividing by the largest normaliser
 * reachable. Every hypothesis finished later descends from a live one, so it could not enter the
 * returned `count`: stopping here returns what searching on to `maxLength` would.
 */
function finishedEnough(fin: Hypothesis[], alive: Live[], count: number, alpha: number, maxLength: number): boolean {
  if (alive.length === 0) return true;
  if (fin.length < count) return false;
  const worstKept = [...fin].sort((x, y) => y.score - x.score)[count - 1]!.score;
  const bestAlive = Math.max(...alive.map((h) => h.logProb / lengthNorm(maxLength, alpha)));
  return bestAlive < worstKept;
}
