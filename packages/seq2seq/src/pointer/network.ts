/**
 * Pointer network.
 *
 * Vinyals, Fortunato and Jaitly (2015), "Pointer Networks", eq. 3: an LSTM encoder reads the
 * points P = (P_1 .. P_n), an LSTM decoder started from the encoder's final state emits
 * d_1, d_2, ..., and each output is a distribution over the input positions:
 *
 *   u^i_j = v^T tanh(W1 e_j + W2 d_i)         j in (1 .. n)
 *   p(C_i | C_1 .. C_{i-1}, P) = softmax(u^i)
 *
 * The decoder's input at step i is the embedding of the point chosen at step i-1 (a learned start
 * vector at step 1). Additions from Bello, Pham, Le, Norouzi and Bengio (2016), "Neural
 * combinatorial optimization with reinforcement learning": one glimpse before pointing, logit
 * clipping `C tanh(u)`, the embedding shared by encoder and decoder inputs, and masks on
 * positions an output may not repeat. Variable-length outputs (hull, Delaunay) end by pointing at
 * a learned end slot, encoder position 0.
 *
 * With `encoder: 'attention'` a Transformer encoder over the set ({@link SetEncoder}) replaces the
 * LSTM encoder; the decoder then reads the encoding of the previously chosen point and starts from
 * a projection of the mean encoding (as the context of Kool et al. 2019).
 *
 * Teacher forcing runs the decoder over the whole target with the fused sequence runner and
 * scores every step with the pointer's all-steps form; decoding uses the step form through
 * {@link StepModel}, so greedy, beam and sampling decoders all apply.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Pointer, type PointerState } from '@seq2seq/attention';
import { RNN, type CellState } from '@seq2seq/cells';
import { InputError, Linear, Module, Rng, uniform } from '@seq2seq/core';
import { SetEncoder } from './set-encoder';
import type { StepModel } from '../decoding/types';
import { resolvePointerConfig, type PointerNetworkConfig, type ResolvedPointerNetworkConfig } from './config';
import { OutputTracker, teacherForcingMasks } from './constraints';

/** Point sets of one batch, padded to the longest. */
export interface PointerInputs {
  /** `[batch * maxN * inputSize]` row-major coordinates; padding rows are 0. */
  points: Float32Array;
  /** `[batch]` real points per set (>= 1). */
  lengths: Int32Array;
  /** Longest set. */
  maxN: number;
}

/** Teacher-forcing targets in pointer positions (see {@link PointerNetwork.toPositions}). */
export interface PointerTargets {
  /** `[batch * time]` pointer positions, row-major; 0 past a row's length. */
  positions: Int32Array;
  /** `[batch]` outputs per row, the end slot included. */
  lengths: Int32Array;
  /** Longest row. */
  time: number;
}

/** What the encoder hands the decoder. Holds tensors: call `dispose()` when done (twice is harmless). */
export interface PointerEncoded {
  inputs: PointerInputs;
  /** `[batch, positions, hiddenSize]`: the end slot (if any) then the encoder outputs. */
  states: tf.Tensor3D;
  /** `[batch]` valid pointer positions per row (`lengths + offset`). */
  positionLengths: Int32Array;
  /** The decoder's initial state of every layer (the encoder's final state). */
  decoderState: CellState[];
  /** Frees `states` and `decoderState`. */
  dispose(): void;
}

/** Decoder state of {@link PointerNetwork.stepModel}; `dispose()` frees its tensors. */
export interface PointerStepState {
  layers: CellState[];
  /** Input row (of the encoded batch) of every decoding row. */
  rows: Int32Array;
  /** Output rules' state of every decoding row. */
  trackers: OutputTracker[];
  dispose(): void;
}

/** A step state with a `dispose()` that frees its layers' tensors once. */
function pointerStepState(layers: CellState[], rows: Int32Array, trackers: OutputTracker[]): PointerStepState {
  let disposed = false;
  return {
    layers,
    rows,
    trackers,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of layers) tf.dispose([s.h, s.c]);
    },
  };
}

/** Start token of the decoders: the decoder input is the learned start vector. */
export const POINTER_START = -1;

/** A pointer network built from one {@link PointerNetworkConfig}. */
export class PointerNetwork extends Module {
  readonly config: ResolvedPointerNetworkConfig;
  /** Point embedding, shared by encoder and decoder inputs: `[.., inputSize] -> [.., embeddingSize]`. */
  readonly embed: Linear;
  /** The encoder: an LSTM over the input order, or a {@link SetEncoder} (`encoder: 'attention'`). */
  readonly encoder: RNN | SetEncoder;
  /** `encoder: 'attention'` only: mean encoding -> the decoder's initial `h` and `c` of every layer. */
  readonly init: Linear | null;
  readonly decoder: RNN;
  readonly pointer: Pointer;
  /** Decoder input of the first step: `[embeddingSize]` (LSTM encoder) or `[hiddenSize]` (attention encoder). */
  readonly start: tf.Variable;
  /** `[hiddenSize]` encoder state of the end slot, or null for fixed-length outputs. */
  readonly endSlot: tf.Variable | null;
  /** Pointer position of input point 0: 1 with an end slot, else 0. */
  readonly offset: number;

  constructor(config: PointerNetworkConfig = {}) {
    super();
    const c = (this.config = resolvePointerConfig(config));
    const rng = new Rng(c.seed);
    this.offset = c.rules.variableLength ? 1 : 0;
    this.embed = this.addModule('embed', new Linear({ inputSize: c.inputSize, outputSize: c.embeddingSize, rng }));
    const rnn = { cell: 'lstm' as const, inputSize: c.embeddingSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers };
    const setEncoder = c.encoder === 'attention';
    this.encoder = setEncoder
      ? this.addModule('encoder', new SetEncoder({ inputSize: c.embeddingSize, hiddenSize: c.hiddenSize, numLayers: c.numEncoderLayers, numHeads: c.numHeads, feedForwardSize: c.feedForwardSize, rng }))
      : this.addModule('encoder', new RNN({ ...rnn, rng }));
    this.init = setEncoder ? this.addModule('init', new Linear({ inputSize: c.hiddenSize, outputSize: 2 * c.hiddenSize * c.numLayers, rng })) : null;
    this.decoder = this.addModule('decoder', new RNN({ ...rnn, inputSize: this.decoderInputSize, rng }));
    this.pointer = this.addModule('pointer', new Pointer({ encoderSize: c.hiddenSize, decoderSize: c.hiddenSize, attentionSize: c.attentionSize, clip: c.clip, numGlimpses: c.numGlimpses, rng }));
    const scale = 1 / Math.sqrt(c.embeddingSize);
    this.start = this.addParameter('start', [this.decoderInputSize], uniform(scale), rng);
    this.endSlot = c.rules.variableLength ? this.addParameter('end', [c.hiddenSize], uniform(scale), rng) : null;
  }

  /** Size of a decoder input: the point embedding (LSTM encoder) or a point's encoding (attention encoder). */
  get decoderInputSize(): number {
    return this.config.encoder === 'attention' ? this.config.hiddenSize : this.config.embeddingSize;
  }

  /** Pointer positions of a batch: `maxN + offset` (the end slot, then the points). */
  positionsOf(inputs: PointerInputs): number {
    return inputs.maxN + this.offset;
  }

  /**
   * Targets in input indices (no end token) -> pointer positions with the end slot appended for
   * variable-length outputs.
   */
  toPositions(targets: readonly (readonly number[])[]): PointerTargets {
    const rows = targets.map((t) => (this.offset ? [...t.map((i) => i + 1), 0] : [...t]));
    const time = Math.max(1, ...rows.map((r) => r.length));
    const positions = new Int32Array(rows.length * time);
    rows.forEach((r, b) => positions.set(r, b * time));
    return { positions, lengths: Int32Array.from(rows, (r) => r.length), time };
  }

  /**
   * Pointer positions -> input indices, dropping the end slot and anything after it; fixed-length
   * outputs are cut at `n` (a shorter row in a batch of longer ones decodes extra steps).
   */
  fromPositions(positions: readonly number[], n = Number.POSITIVE_INFINITY): number[] {
    const out: number[] = [];
    for (const p of positions) {
      if ((this.offset && p === 0) || (!this.offset && out.length >= n)) break;
      out.push(p - this.offset);
    }
    return out;
  }

  /** Runs the encoder over a host batch of point sets. The caller disposes the result (`enc.dispose()`). */
  encode(inputs: PointerInputs): PointerEncoded {
    const { points, lengths, maxN } = inputs;
    const batch = lengths.length;
    const d = this.config.inputSize;
    if (points.length !== batch * maxN * d) {
      throw new InputError(`PointerNetwork.encode: 'points' must hold batch*maxN*inputSize = ${batch * maxN * d} numbers, got ${points.length}`);
    }
    lengths.forEach((n, b) => {
      if (!(n >= 1 && n <= maxN)) throw new InputError(`PointerNetwork.encode: 'lengths[${b}]' must be in [1, ${maxN}], got ${n}`);
    });
    const { states, decoderState } = tf.tidy(() => {
      const x = tf.tensor3d(points, [batch, maxN, d]); // [B, N, D]
      const emb = this.embed.apply(x) as tf.Tensor3D; // [B, N, E]
      const { output, state } = this.encoder instanceof SetEncoder ? this.#encodeSet(emb, lengths) : this.encoder.apply(emb, { lengths }); // [B, N, H]
      const states = this.endSlot
        ? (tf.concat([tf.tile(tf.reshape(this.endSlot, [1, 1, -1]), [batch, 1, 1]), output], 1) as tf.Tensor3D) // [B, 1 + N, H]
        : output;
      return { states, decoderState: state } as unknown as tf.TensorContainer;
    }) as unknown as { states: tf.Tensor3D; decoderState: CellState[] };
    let disposed = false;
    return {
      inputs,
      states,
      positionLengths: lengths.map((n) => n + this.offset),
      decoderState,
      dispose() {
        if (disposed) return;
        disposed = true;
        states.dispose();
        for (const s of decoderState) tf.dispose([s.h, s.c]);
      },
    };
  }

  /** The attention encoder's outputs `[B, N, H]` and the decoder's initial state from their mean over the real points. */
  #encodeSet(emb: tf.Tensor3D, lengths: Int32Array): { output: tf.Tensor3D; state: CellState[] } {
    const [batch, maxN] = emb.shape;
    const H = this.config.hiddenSize;
    const outputs = (this.encoder as SetEncoder).apply(emb, { lengths }); // [B, N, H]
    const weights = new Float32Array(batch * maxN); // [B, N]: 1/n on real points
    lengths.forEach((n, b) => weights.fill(1 / n, b * maxN, b * maxN + n));
    const mean = tf.squeeze(tf.matMul(tf.tensor3d(weights, [batch, 1, maxN]), outputs), [1]) as tf.Tensor2D; // [B, H]
    const z = this.init!.apply(mean) as tf.Tensor2D; // [B, 2 * H * layers]
    const finalState = Array.from({ length: this.config.numLayers }, (_, l) => ({
      h: tf.tanh(tf.slice(z, [0, 2 * l * H], [batch, H])) as tf.Tensor2D, // [B, H]
      c: tf.slice(z, [0, (2 * l + 1) * H], [batch, H]) as tf.Tensor2D, // [B, H]
    }));
    return { output: outputs, state: finalState };
  }

  /** Coordinates of the point at pointer position `p` of row `b`, into `out` at `at` (0 for the end slot). */
  #writePoint(inputs: PointerInputs, b: number, p: number, out: Float32Array, at: number): void {
    const d = this.config.inputSize;
    const i = p - this.offset;
    if (i < 0 || i >= inputs.lengths[b]!) return;
    out.set(inputs.points.subarray((b * inputs.maxN + i) * d, (b * inputs.maxN + i + 1) * d), at);
  }

  /**
   * Teacher-forced log-probabilities `[batch, time, positions]` of every output step: the decoder
   * runs once over `[start, P_{C_1}, .., P_{C_{T-1}}]` (fused runner), the pointer scores all steps.
   * Positions a rule forbids at a step get probability 0, except the target itself.
   * @param encoded the encoder's output for `inputs`, when the caller already has it (not disposed here).
   */
  forward(inputs: PointerInputs, targets: PointerTargets, encoded?: PointerEncoded): tf.Tensor3D {
    const batch = inputs.lengths.length;
    const { time, positions: tgt, lengths: tlen } = targets;
    if (tgt.length !== batch * time || tlen.length !== batch) {
      throw new InputError(`PointerNetwork.forward: 'targets' must hold batch*time = ${batch * time} positions and ${batch} lengths`);
    }
    const S = this.positionsOf(inputs);
    const d = this.config.inputSize;
    return tf.tidy(() => {
      const enc = encoded ?? this.encode(inputs);
      // Decoder inputs: the start vector, then the point chosen at the previous step.
      const start = tf.tile(tf.reshape(this.start, [1, 1, -1]), [batch, 1, 1]); // [B, 1, E]
      let decIn: tf.Tensor3D = start as tf.Tensor3D;
      if (time > 1 && this.init) {
        // Attention encoder: the encodings of the previous targets, picked by a one-hot matMul.
        const pick = new Float32Array(batch * (time - 1) * S); // [B, T-1, S]
        for (let b = 0; b < batch; b++) {
          for (let s = 1; s < tlen[b]!; s++) pick[(b * (time - 1) + s - 1) * S + tgt[b * time + s - 1]!] = 1;
        }
        const prev = tf.matMul(tf.tensor3d(pick, [batch, time - 1, S]), enc.states); // [B, T-1, H]
        decIn = tf.concat([start, prev], 1) as tf.Tensor3D; // [B, T, H]
      } else if (time > 1) {
        const prev = new Float32Array(batch * (time - 1) * d); // [B, T-1, D]
        for (let b = 0; b < batch; b++) {
          for (let s = 1; s < tlen[b]!; s++) this.#writePoint(inputs, b, tgt[b * time + s - 1]!, prev, (b * (time - 1) + s - 1) * d);
        }
        const emb = this.embed.apply(tf.tensor3d(prev, [batch, time - 1, d])); // [B, T-1, E]
        decIn = tf.concat([start, emb], 1) as tf.Tensor3D; // [B, T, E]
      }
      const { output } = this.decoder.apply(decIn, { initialState: enc.decoderState, lengths: Int32Array.from(tlen, (l) => Math.max(1, l)) }); // [B, T, H]
      const rules = teacherForcingMasks(this.config.rules, tgt, tlen, inputs.lengths, time, S);
      const chosen = tf.tensor3d(rules, [batch, time, S]); // [B, T, S] 1 = may not come next
      const { logProbs } = this.pointer.apply(enc.states, output, { lengths: enc.positionLengths, chosen }); // [B, T, S]
      return logProbs;
    });
  }

  /**
   * Log-probability of each row's target sequence, `[batch]`: `sum_s log p(C_s | C_<s, P)`
   * (teacher-forced fast path; differentiable, for REINFORCE).
   */
  sequenceLogProb(inputs: PointerInputs, targets: PointerTargets): tf.Tensor1D {
    return tf.tidy(() => {
      const logProbs = this.forward(inputs, targets); // [B, T, S]
      const pick = tf.tensor3d(oneHotTargets(targets, logProbs.shape[2]), logProbs.shape); // [B, T, S]
      return tf.sum(tf.sum(tf.mul(logProbs, pick), 2), 1) as tf.Tensor1D; // [B]
    });
  }

  /** Mean negative log-likelihood per output step (supervised training). */
  loss(inputs: PointerInputs, targets: PointerTargets): tf.Scalar {
    return tf.tidy(() => {
      const logProbs = this.forward(inputs, targets); // [B, T, S]
      const pick = tf.tensor3d(oneHotTargets(targets, logProbs.shape[2]), logProbs.shape); // [B, T, S], 0 past each length
      const steps = targets.lengths.reduce((a, l) => a + l, 0);
      return tf.div(tf.neg(tf.sum(tf.mul(logProbs, pick))), Math.max(1, steps)) as tf.Scalar;
    });
  }

  /**
   * A {@link StepModel} over an encoded batch. Tokens are pointer positions; the first input is
   * {@link POINTER_START}. Masks in the state keep every output valid. Dispose the session when done.
   */
  stepModel(enc: PointerEncoded): { model: StepModel<PointerStepState>; initialState: PointerStepState; dispose(): void } {
    const batch = enc.positionLengths.length;
    const S = enc.states.shape[1];
    const d = this.config.inputSize;
    const caches = new Map<string, PointerState>();
    const prepared = (rows: Int32Array): PointerState => {
      const key = rows.join(',');
      let p = caches.get(key);
      if (!p) {
        const idx = tf.tensor1d(rows, 'int32');
        const states = tf.gather(enc.states, idx) as tf.Tensor3D;
        p = this.pointer.prepare(states, { lengths: Array.from(rows, (r) => enc.positionLengths[r]!) });
        tf.dispose([idx, states]);
        caches.set(key, p);
      }
      return p;
    };
    const model: StepModel<PointerStepState> = {
      step: (tokens, state) => {
        const rowsN = tokens.length;
        const trackers = state.trackers.map((t, r) => (tokens[r] === POINTER_START ? t : t.push(tokens[r]!)));
        const coords = new Float32Array(rowsN * d); // [R, D]
        const isStart = new Float32Array(rowsN); // [R]
        for (let r = 0; r < rowsN; r++) {
          if (tokens[r] === POINTER_START) isStart[r] = 1;
          else this.#writePoint(enc.inputs, state.rows[r]!, tokens[r]!, coords, r * d);
        }
        const masks = new Float32Array(rowsN * S);
        trackers.forEach((t, r) => t.writeMask(masks, r * S));
        const cache = prepared(state.rows);
        const out = tf.tidy(() => {
          const flag = tf.tensor2d(isStart, [rowsN, 1]); // [R, 1]
          const emb = this.init
            ? tf.gather(tf.reshape(enc.states, [-1, enc.states.shape[2]]), Int32Array.from(tokens, (t, r) => state.rows[r]! * S + Math.max(0, t))) // [R, H] encodings
            : this.embed.apply(tf.tensor2d(coords, [rowsN, d])); // [R, E]
          const x = tf.add(tf.mul(emb, tf.sub(1, flag)), tf.mul(tf.reshape(this.start, [1, -1]), flag)) as tf.Tensor2D; // [R, E]
          const r = this.decoder.step(x, state.layers); // [R, H]
          const { logProbs } = this.pointer.step(r.output, cache, { chosen: tf.tensor2d(masks, [rowsN, S]) }); // [R, S]
          return { logProbs, layers: r.state } as unknown as tf.TensorContainer;
        }) as unknown as { logProbs: tf.Tensor2D; layers: CellState[] };
        return { logProbs: out.logProbs, state: pointerStepState(out.layers, state.rows, trackers) };
      },
      gather: (state, rows) =>
        pointerStepState(
          tf.tidy(() => {
            const idx = tf.tensor1d(rows, 'int32');
            return state.layers.map((s) => ({ h: tf.gather(s.h, idx), ...(s.c ? { c: tf.gather(s.c, idx) } : {}) })) as unknown as tf.TensorContainer;
          }) as unknown as CellState[],
          Int32Array.from(rows, (r) => state.rows[r]!),
          Array.from(rows, (r) => state.trackers[r]!),
        ),
    };
    const initialState = pointerStepState(
      enc.decoderState.map((s) => ({ h: s.h.clone(), ...(s.c ? { c: s.c.clone() } : {}) })),
      Int32Array.from({ length: batch }, (_, i) => i),
      Array.from({ length: batch }, (_, b) => OutputTracker.start(this.config.rules, enc.inputs.lengths[b]!, S)),
    );
    return {
      model,
      initialState,
      dispose: () => {
        for (const p of caches.values()) p.dispose();
        caches.clear();
      },
    };
  }

  /** Copies every weight from `other` (same config), e.g. to refresh a frozen baseline. */
  copyFrom(other: PointerNetwork): this {
    this.loadWeights(other.getWeights());
    return this;
  }
}

/** Host one-hot `[batch * time * positions]` of the targets, zero past each row's length. */
function oneHotTargets(targets: PointerTargets, positions: number): Float32Array {
  const { time, lengths, positions: tgt } = targets;
  const out = new Float32Array(lengths.length * time * positions);
  for (let b = 0; b < lengths.length; b++) {
    for (let s = 0; s < lengths[b]!; s++) out[(b * time + s) * positions + tgt[b * time + s]!] = 1;
  }
  return out;
}
