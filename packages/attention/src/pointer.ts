/**
 * Pointer scoring: attention whose weights are the output, a distribution over input positions.
 *
 * References: Vinyals, Fortunato and Jaitly (2015), "Pointer networks", eq. 3:
 *
 *   u_j = v^T tanh(W1 e_j + W2 d)              j = 1..n over input positions
 *   p(C_i | C_1, ..., C_{i-1}, P) = softmax(u)
 *
 * and Bello, Pham, Le, Norouzi and Bengio (2016), "Neural combinatorial optimization with
 * reinforcement learning", section 3.1 and appendix A:
 *
 *   logit clipping:  u_j <- C tanh(u_j)                        (C = 10 in the paper)
 *   glimpses:        p^g = softmax(v_g^T tanh(W1_g e_j + W2_g q)),  q <- sum_j p^g_j e_j
 *                    applied one or more times to the query q = d before pointing
 *   permutations:    u_j <- -inf for every j already chosen (C_1 .. C_{i-1})
 *
 * Porting notes. Bello's glimpse returns `sum_j p_j (W_ref e_j)`; here it returns `sum_j p_j e_j`
 * (the Bahdanau context), so a glimpse has the encoder's size whatever `attentionSize` is. Each glimpse
 * has its own parameters. Masked positions get the finite logit {@link MASKED_LOGIT} rather than
 * -inf (their probability is still exactly 0), so `sum(oneHot * logProbs)` stays finite.
 *
 * The glimpses and the pointer are {@link AdditiveAttention} modules, so `W1 e` is computed once
 * per input in {@link Pointer.prepare} for every one of them and reused at each decoding step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, checkInt, checkNumber, checkTensor, glorotUniform, type Initializer } from '@seq2seq/core';
import { AdditiveAttention, type AttentionState } from './attention';
import { checkRows, maskedLogSoftmax, readHostValues, readMaskValues, resolveMask, type MaskOptions } from './mask';
import { tidy } from './tidy';

/** Configuration of {@link Pointer}. */
export interface PointerConfig {
  /** Size of an encoder state `e_j`. Required. */
  encoderSize: number;
  /** Size of a decoder state `d`. Default `encoderSize`. */
  decoderSize?: number;
  /** Hidden size of every additive score (length of `v`). Default `decoderSize`. */
  attentionSize?: number;
  /** Logit clipping `C` in `C tanh(u)`; null for none. Default `null` (Bello et al. 2016 used 10). */
  clip?: number | null;
  /** Number of glimpses before pointing. Default `0` (Vinyals et al. 2015); Bello et al. 2016 used 1. */
  numGlimpses?: number;
  /** Initialiser of every weight. Default Glorot uniform. */
  weightInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Options of {@link Pointer.apply}: input padding (`mask` or `lengths`) and the chosen positions. */
export interface PointerOptions extends MaskOptions {
  /**
   * `[batch, targetTime, sourceTime]`, nonzero/true where the position was already chosen before
   * target step s (see {@link visitedMask}); combined with the padding mask.
   */
  chosen?: tf.Tensor | null;
}

/** Output of the all-steps form. */
export interface PointerOutput {
  /** `[batch, targetTime, sourceTime]`: `u` (clipped if configured), {@link MASKED_LOGIT} where masked. */
  logits: tf.Tensor3D;
  /** `[batch, targetTime, sourceTime]`: log-softmax of `logits`; `exp` is exactly 0 where masked. */
  logProbs: tf.Tensor3D;
}

/** Output of the step form. */
export interface PointerStepOutput {
  /** `[batch, sourceTime]` */
  logits: tf.Tensor2D;
  /** `[batch, sourceTime]` */
  logProbs: tf.Tensor2D;
}

/** What {@link Pointer.prepare} caches; call `dispose` when decoding is done. */
export interface PointerState {
  /** The pointer's prepared attention (`W1 e`, the encoder states and the padding mask). */
  readonly pointer: AttentionState;
  /** One prepared attention per glimpse (`W1_g e`), without mask of their own. */
  readonly glimpses: readonly AttentionState[];
  readonly batch: number;
  readonly sourceTime: number;
  /** Whether {@link PointerState.dispose} has run. */
  readonly isDisposed: boolean;
  /** Frees the cached tensors; a second call does nothing. */
  dispose(): void;
}

/** Options of {@link Pointer.step}. */
export interface PointerStepOptions {
  /**
   * `[batch, sourceTime]`, nonzero/true at positions already chosen. Read on the host to check
   * that every row keeps a position.
   */
  chosen?: tf.Tensor | null;
}

class PreparedPointer implements PointerState {
  readonly #owner: object;

  constructor(
    owner: object,
    readonly pointer: AttentionState,
    readonly glimpses: readonly AttentionState[],
  ) {
    this.#owner = owner;
  }

  get batch(): number {
    return this.pointer.batch;
  }

  get sourceTime(): number {
    return this.pointer.sourceTime;
  }

  ownedBy(owner: object): boolean {
    return this.#owner === owner;
  }

  get isDisposed(): boolean {
    return this.pointer.isDisposed;
  }

  dispose(): void {
    this.pointer.dispose();
    for (const g of this.glimpses) g.dispose();
  }
}

/**
 * Scores input positions for a decoder state: logits and log-probabilities over positions.
 *
 * @example
 * const ptr = new Pointer({ encoderSize: 64, clip: 10, numGlimpses: 1 });
 * // Teacher forcing on tours `targets` [batch, n]: the decoder input at step s is e_{targets[s-1]}.
 * const chosen = visitedMask(targets, n);                       // [batch, n, n]
 * const { logProbs } = ptr.apply(encoderStates, decoderStates, { chosen });
 */
export class Pointer extends Module {
  /** Size of an encoder state. */
  readonly encoderSize: number;
  /** Size of a decoder state. */
  readonly decoderSize: number;
  /** Hidden size of every additive score. */
  readonly attentionSize: number;
  readonly clip: number | null;
  /** The glimpse attentions, `glimpse0`, `glimpse1`, ... */
  readonly glimpseModules: readonly AdditiveAttention[];
  /** The pointing score `v^T tanh(W1 e_j + W2 q)`. */
  readonly scorer: AdditiveAttention;

  constructor(config: PointerConfig) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError('Pointer: a config object { encoderSize, ... } is required');
    this.encoderSize = checkInt(config.encoderSize, 'encoderSize', 'Pointer', 1);
    this.decoderSize = checkInt(config.decoderSize ?? this.encoderSize, 'decoderSize', 'Pointer', 1);
    this.attentionSize = checkInt(config.attentionSize ?? this.decoderSize, 'attentionSize', 'Pointer', 1);
    this.clip = config.clip == null ? null : checkNumber(config.clip, 'clip', 'Pointer', Number.MIN_VALUE);
    const glimpses = checkInt(config.numGlimpses ?? 0, 'numGlimpses', 'Pointer', 0);
    const rng = config.rng ?? new Rng(0);
    const init = config.weightInit ?? glorotUniform();
    const modules: AdditiveAttention[] = [];
    for (let g = 0; g < glimpses; g++) {
      // The first glimpse reads the decoder state; later glimpses and the pointer read a context.
      const querySize = g === 0 ? this.decoderSize : this.encoderSize;
      modules.push(this.addModule(`glimpse${g}`, new AdditiveAttention({ encoderSize: this.encoderSize, decoderSize: querySize, attentionSize: this.attentionSize, weightInit: init, rng })));
    }
    this.glimpseModules = modules;
    const querySize = glimpses > 0 ? this.encoderSize : this.decoderSize;
    this.scorer = this.addModule('pointer', new AdditiveAttention({ encoderSize: this.encoderSize, decoderSize: querySize, attentionSize: this.attentionSize, weightInit: init, rng }));
  }

  /**
   * Every target step at once (teacher forcing).
   * @param encoderStates `[batch, sourceTime, encoderSize]`: `e_j`.
   * @param decoderStates `[batch, targetTime, decoderSize]`: `d` at each output step.
   * @param options input padding (`mask` or `lengths`) and the positions already `chosen`.
   */
  apply(encoderStates: tf.Tensor, decoderStates: tf.Tensor, options: PointerOptions = {}): PointerOutput {
    const op = 'Pointer.apply';
    const dims = new Map<string, number>();
    checkTensor(encoderStates, 'encoderStates', op, ['batch', 'sourceTime', this.encoderSize], dims);
    checkTensor(decoderStates, 'decoderStates', op, ['batch', 'targetTime', this.decoderSize], dims);
    if (options.chosen != null) {
      checkTensor(options.chosen, 'chosen', op, ['batch', 'targetTime', 'sourceTime'], dims, ['float32', 'int32', 'bool']);
    }
    const state = this.#prepare(encoderStates, { mask: options.mask, lengths: options.lengths }, op);
    try {
      return tidy(() => {
        const keep = combine(state.pointer.mask, options.chosen ?? null, op, true); // [b, T, S], [b, 1, S] or null
        let q: tf.Tensor = decoderStates; // [b, T, Dd]
        this.glimpseModules.forEach((g, i) => {
          q = g.attendAll(state.glimpses[i]!, q, keep).context; // [b, T, De]
        });
        const u = this.scorer.scoresAll(state.pointer, q); // [b, T, S]
        return maskedLogSoftmax(this.#clip(u), keep) as PointerOutput;
      });
    } finally {
      state.dispose();
    }
  }

  /**
   * Caches `W1 e` of the pointer and of every glimpse, for {@link Pointer.step}.
   * @param encoderStates `[batch, sourceTime, encoderSize]`
   * @param options input padding: `mask` (`[batch, sourceTime]`, 1 = real) or `lengths`.
   */
  prepare(encoderStates: tf.Tensor, options: MaskOptions = {}): PointerState {
    const op = 'Pointer.prepare';
    checkTensor(encoderStates, 'encoderStates', op, ['batch', 'sourceTime', this.encoderSize]);
    return this.#prepare(encoderStates, options, op);
  }

  /**
   * One output step (decoding): the new decoder state first, then the state carried from
   * {@link Pointer.prepare}, then options. Neither argument is changed or disposed.
   * @param decoderState `[batch, decoderSize]`
   * @param state from {@link Pointer.prepare} of this module.
   */
  step(decoderState: tf.Tensor, state: PointerState, options: PointerStepOptions = {}): PointerStepOutput {
    const op = 'Pointer.step';
    const chosen = options.chosen;
    if (!(state instanceof PreparedPointer) || !state.ownedBy(this)) {
      throw new InputError(`${op}: 'state' must come from prepare() of this module`);
    }
    if (state.pointer.isDisposed) throw new InputError(`${op}: 'state' has been disposed`);
    checkTensor(decoderState, 'decoderState', op, [state.batch, this.decoderSize]);
    if (chosen != null) checkTensor(chosen, 'chosen', op, [state.batch, state.sourceTime], new Map(), ['float32', 'int32', 'bool']);
    return tidy(() => {
      const keep = combine(state.pointer.mask, chosen ?? null, op, false); // [b, S]
      let q: tf.Tensor = decoderState; // [b, Dd]
      this.glimpseModules.forEach((g, i) => {
        q = g.attendStep(state.glimpses[i]!, q, keep).context; // [b, De]
      });
      const u = this.scorer.scoresStep(state.pointer, q); // [b, S]
      return maskedLogSoftmax(this.#clip(u), keep) as PointerStepOutput;
    });
  }

  #prepare(encoderStates: tf.Tensor, options: MaskOptions, op: string): PreparedPointer {
    const [batch, sourceTime] = encoderStates.shape as [number, number, number];
    // Validate the mask once, with this op's name, before any tensor is cached.
    const keep = resolveMask(options, batch, sourceTime, op);
    const pointer = this.scorer.prepare(encoderStates, { mask: keep });
    keep?.dispose();
    const glimpses = this.glimpseModules.map((g) => g.prepare(encoderStates));
    return new PreparedPointer(this, pointer, glimpses);
  }

  #clip(u: tf.Tensor): tf.Tensor {
    return this.clip === null ? u : tf.mul(tf.tanh(u), this.clip); // C tanh(u)
  }
}

/**
 * `padding AND NOT chosen` (bool, `chosen`'s shape; `padding` `[batch, sourceTime]` broadcast over
 * target steps), computed on the host and checked for rows with nothing left.
 */
function combine(padding: tf.Tensor | null, chosen: tf.Tensor | null, op: string, allSteps: boolean): tf.Tensor | null {
  if (chosen === null) {
    if (padding === null) return null;
    return allSteps ? tf.expandDims(padding, 1) : padding.clone(); // [b, 1, S] or [b, S]
  }
  const free = readMaskValues(chosen, op, 'chosen'); // 1 = chosen
  const pad = padding === null ? null : readMaskValues(padding, op, 'mask');
  const sourceTime = chosen.shape[chosen.rank - 1]!;
  const perBatch = chosen.size / chosen.shape[0]!;
  for (let i = 0; i < free.length; i++) {
    const b = Math.floor(i / perBatch);
    const j = i % sourceTime;
    free[i] = free[i] === 0 && (pad === null || pad[b * sourceTime + j] === 1) ? 1 : 0;
  }
  checkRows(free, chosen.shape, op, padding ? 'mask and chosen' : 'chosen');
  return tf.tensor(free, chosen.shape, 'bool');
}

/**
 * The positions already chosen before each step of teacher forcing: for output sequences
 * `targets` `[batch, targetTime]` (int32 indices into the input), entry `[b, s, j]` is 1 when
 * `j` is among `targets[b, 0..s-1]`, else 0. Returns float32 `[batch, targetTime, sourceTime]`.
 */
export function visitedMask(targets: tf.Tensor, sourceTime: number): tf.Tensor3D {
  const op = 'visitedMask';
  checkTensor(targets, 'targets', op, ['batch', 'targetTime'], new Map(), 'int32');
  checkInt(sourceTime, 'sourceTime', op, 1);
  const [batch, targetTime] = targets.shape as [number, number];
  const t = readHostValues(targets, op, 'targets');
  for (let i = 0; i < t.length; i++) {
    if (!(t[i]! >= 0 && t[i]! < sourceTime)) {
      const [b, s] = [Math.floor(i / targetTime), i % targetTime];
      throw new InputError(`${op}: 'targets[${b}][${s}]' must be an index in [0, ${sourceTime - 1}], got ${t[i]}`);
    }
  }
  const out = new Float32Array(batch * targetTime * sourceTime); // [b, T, S]
  for (let b = 0; b < batch; b++) {
    for (let s = 1; s < targetTime; s++) {
      const row = (b * targetTime + s) * sourceTime;
      out.copyWithin(row, row - sourceTime, row); // everything chosen before step s-1 ...
      out[row + t[b * targetTime + s - 1]!] = 1; // ... and the target of step s-1
    }
  }
  return tf.tensor3d(out, [batch, targetTime, sourceTime]);
}
