/**
 * Attention of a decoder over encoder states.
 *
 * References: Bahdanau, Cho and Bengio (2015), "Neural machine translation by jointly learning to
 * align and translate" (additive score, eq. 6 and appendix A.1.2); Luong, Pham and Manning (2015),
 * "Effective approaches to attention-based neural machine translation" (dot and general scores,
 * eq. 8); Vaswani et al. (2017), "Attention is all you need" (the 1/sqrt(dim) scaling, eq. 1).
 *
 * With encoder states e_t (t over source positions) and decoder states d_s (s over target
 * positions), as in the lecture:
 *
 *   score(e_t, d_s) = e_t . d_s                          'dot'
 *                   = e_t . d_s / sqrt(dim)              'scaledDot'
 *                   = e_t^T W d_s                        'general'   W: [encoderSize, decoderSize]
 *                   = v^T tanh(W1 e_t + W2 d_s)          'additive'  W1: [encoderSize, attentionSize],
 *                                                                    W2: [decoderSize, attentionSize], v: [attentionSize]
 *   alpha_{t,s} = exp(score(e_t, d_s)) / sum_u exp(score(e_u, d_s))
 *   c_s         = sum_t alpha_{t,s} e_t
 *
 * Two forms that agree to float tolerance:
 * - all target steps at once ({@link Attention.apply}, teacher forcing): one batched matMul scores
 *   every (s, t) pair;
 * - one target step at a time ({@link Attention.prepare} then {@link Attention.step}, decoding):
 *   the part of the score that depends only on e (e^T for dot, e W for general, W1 e for additive)
 *   is computed once in `prepare` and reused at every step.
 *
 * Weights are stored `[in, out]` and every product is a plain or batched matMul without transpose
 * flags (transposed matMuls are several times slower on the WASM backend); the one transpose, of
 * the keys, is explicit and done once per source sequence.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  InputError,
  Module,
  Rng,
  checkInt,
  checkOneOf,
  checkTensor,
  fastMatMul,
  glorotUniform,
  type DimBindings,
  type Initializer,
} from '@seq2seq/core';
import { maskedSoftmax, resolveMask, type MaskOptions } from './mask';
import { tidy } from './tidy';
import { scoreTanh } from './tanh';

/** The scoring rules of {@link Attention}. */
export type AttentionKind = 'dot' | 'scaledDot' | 'general' | 'additive';

const KINDS: readonly AttentionKind[] = ['dot', 'scaledDot', 'general', 'additive'];

const OP_NAMES: Record<AttentionKind, string> = {
  dot: 'Attention',
  scaledDot: 'Attention',
  general: 'GeneralAttention',
  additive: 'AdditiveAttention',
};

/** Configuration of {@link Attention}. */
export interface AttentionConfig {
  /** Scoring rule (see the module comment). Default `'dot'`. */
  kind?: AttentionKind;
  /**
   * Size of an encoder state, the last axis of `encoderStates`. Required for `'general'` and
   * `'additive'`; for `'dot'` and `'scaledDot'` optional (then taken from each call's input).
   */
  encoderSize?: number;
  /**
   * Size of a decoder state, the last axis of `decoderStates`. Default `encoderSize`. For `'dot'`
   * and `'scaledDot'` it must equal `encoderSize`.
   */
  decoderSize?: number;
  /** Hidden size of the additive score (length of `v`). Default `decoderSize`. Used by `'additive'` only. */
  attentionSize?: number;
  /** Initialiser of `W`, `W1`, `W2` and `v`. Default Glorot uniform. */
  weightInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Output of the all-steps form. */
export interface AttentionOutput {
  /** `[batch, targetTime, encoderSize]`: `c_s` for every target step. */
  context: tf.Tensor3D;
  /** `[batch, targetTime, sourceTime]`: `alpha_{t,s}`; every row sums to 1, masked entries are 0. */
  weights: tf.Tensor3D;
}

/** Output of the step form. */
export interface AttentionStepOutput {
  /** `[batch, encoderSize]` */
  context: tf.Tensor2D;
  /** `[batch, sourceTime]`; sums to 1 over source positions, masked entries are 0. */
  weights: tf.Tensor2D;
}

/** Options of {@link Attention.selectRows}. */
export interface SelectRowsOptions {
  /** Copies rows `rows` of `x` along axis 0. Default `tf.gather`. */
  pick?: (x: tf.Tensor, rows: Int32Array) => tf.Tensor;
}

/**
 * What {@link Attention.prepare} caches for one batch of source sequences. Holds tensors: call
 * {@link AttentionState.dispose} when decoding is done. It may be returned from `tf.tidy`.
 */
export interface AttentionState {
  /** `[batch, sourceTime, encoderSize]`: the encoder states (a reference-counted clone). */
  readonly encoderStates: tf.Tensor3D;
  /**
   * The part of the score that depends only on the encoder states: `[batch, dim, sourceTime]`
   * (`e^T`, `e^T / sqrt(dim)` or `(e W)^T`) for the bilinear kinds, `[batch, sourceTime, attentionSize]`
   * (`W1 e`) for `'additive'`.
   */
  readonly keys: tf.Tensor3D;
  /** `[batch, sourceTime]` bool, true = attend; null without a mask. */
  readonly mask: tf.Tensor2D | null;
  readonly batch: number;
  readonly sourceTime: number;
  /** Whether {@link AttentionState.dispose} has run. */
  readonly isDisposed: boolean;
  /** Frees the cached tensors. */
  dispose(): void;
}

class PreparedState implements AttentionState {
  readonly #owner: object;
  #disposed = false;

  constructor(
    owner: object,
    readonly encoderStates: tf.Tensor3D,
    readonly keys: tf.Tensor3D,
    readonly mask: tf.Tensor2D | null,
  ) {
    this.#owner = owner;
  }

  get batch(): number {
    return this.encoderStates.shape[0];
  }

  get sourceTime(): number {
    return this.encoderStates.shape[1];
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  ownedBy(owner: object): boolean {
    return this.#owner === owner;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    tf.dispose([this.encoderStates, this.keys]);
    if (this.mask) this.mask.dispose();
  }
}

/**
 * Attention as a module: `'dot'` and `'scaledDot'` have no parameters, `'general'` has `W`,
 * `'additive'` has `W1`, `W2` and `v`.
 *
 * @example
 * const att = new Attention({ kind: 'additive', encoderSize: 64, decoderSize: 32 });
 * const { context, weights } = att.apply(encoderStates, decoderStates, { lengths: [7, 5] });
 * // context: [2, targetTime, 64], weights: [2, targetTime, 7]
 */
export class Attention extends Module {
  readonly kind: AttentionKind;
  /** Encoder state size, or null for a parameter-free kind configured without one. */
  readonly encoderSize: number | null;
  /** Decoder state size, or null for a parameter-free kind configured without one. */
  readonly decoderSize: number | null;
  /** Hidden size of the additive score; null for other kinds. */
  readonly attentionSize: number | null;
  /** `'general'`: `[encoderSize, decoderSize]`. */
  readonly W: tf.Variable | null = null;
  /** `'additive'`: `[encoderSize, attentionSize]`. */
  readonly W1: tf.Variable | null = null;
  /** `'additive'`: `[decoderSize, attentionSize]`. */
  readonly W2: tf.Variable | null = null;
  /** `'additive'`: `[attentionSize]`. */
  readonly v: tf.Variable | null = null;
  readonly #name: string;

  constructor(config: AttentionConfig = {}) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError('Attention: the config must be an object');
    const kind = checkOneOf(config.kind ?? 'dot', KINDS, 'kind', 'Attention');
    this.kind = kind;
    const op = (this.#name = OP_NAMES[kind]);
    const parametric = kind === 'general' || kind === 'additive';
    if (parametric && config.encoderSize === undefined) {
      throw new InputError(`${op}: 'encoderSize' is required for kind '${kind}'`);
    }
    this.encoderSize = config.encoderSize === undefined ? null : checkInt(config.encoderSize, 'encoderSize', op, 1);
    this.decoderSize = config.decoderSize === undefined ? this.encoderSize : checkInt(config.decoderSize, 'decoderSize', op, 1);
    if (!parametric && this.decoderSize !== this.encoderSize) {
      throw new InputError(
        `${op}: 'decoderSize' (${this.decoderSize}) must equal 'encoderSize' (${this.encoderSize}) for kind '${kind}'; use 'general' or 'additive' for different sizes`,
      );
    }
    this.attentionSize = kind === 'additive' ? checkInt(config.attentionSize ?? this.decoderSize, 'attentionSize', op, 1) : null;
    const init = config.weightInit ?? glorotUniform();
    const rng = config.rng ?? new Rng(0);
    if (kind === 'general') {
      this.W = this.addParameter('W', [this.encoderSize!, this.decoderSize!], init, rng);
    } else if (kind === 'additive') {
      this.W1 = this.addParameter('W1', [this.encoderSize!, this.attentionSize!], init, rng);
      this.W2 = this.addParameter('W2', [this.decoderSize!, this.attentionSize!], init, rng);
      this.v = this.addParameter('v', [this.attentionSize!], init, rng);
    }
  }

  /**
   * All target steps at once (teacher forcing).
   * @param encoderStates `[batch, sourceTime, encoderSize]`
   * @param decoderStates `[batch, targetTime, decoderSize]`
   * @param options source padding: `mask` (`[batch, sourceTime]`, 1 = real) or `lengths`.
   */
  apply(encoderStates: tf.Tensor, decoderStates: tf.Tensor, options: MaskOptions = {}): AttentionOutput {
    const op = this.#op('apply');
    const dims = this.#checkEncoder(encoderStates, op);
    checkTensor(decoderStates, 'decoderStates', op, ['batch', 'targetTime', this.decoderSize ?? 'dim'], dims);
    const state = this.#prepare(encoderStates, options, op);
    try {
      return tidy(() => this.attendAll(state, decoderStates, state.mask ? tf.expandDims(state.mask, 1) : null)); // mask [b, 1, S]
    } finally {
      state.dispose();
    }
  }

  /**
   * The prepared state of sources `rows` of `state` (a row may repeat), without recomputing what
   * {@link Attention.prepare} computed: each cached tensor's rows along the batch axis, picked by
   * `options.pick` (default `tf.gather`; a decoder passes a faster row copy). Decoders that drop
   * finished sentences from the batch use it. `state` is kept; dispose both.
   */
  selectRows(state: AttentionState, rows: Int32Array, options: SelectRowsOptions = {}): AttentionState {
    const pick = options.pick ?? gatherRowsOf;
    const op = this.#op('selectRows');
    const prepared = this.#checkState(state, op);
    rows.forEach((r, i) => {
      if (!(Number.isInteger(r) && r >= 0 && r < prepared.batch)) throw new InputError(`${op}: rows[${i}] must be an integer in [0, ${prepared.batch - 1}], got ${r}`);
    });
    const picked = tf.tidy(
      () =>
        ({
          encoderStates: pick(prepared.encoderStates, rows), // [rows, S, De]
          keys: pick(prepared.keys, rows), // [rows, S, U] or [rows, D, S]
          mask: prepared.mask ? pick(prepared.mask, rows) : null, // [rows, S]
        }) as unknown as tf.TensorContainer,
    ) as unknown as { encoderStates: tf.Tensor3D; keys: tf.Tensor3D; mask: tf.Tensor2D | null };
    return new PreparedState(this, picked.encoderStates, picked.keys, picked.mask);
  }

  /**
   * Caches what depends only on the encoder states, for {@link Attention.step}.
   * @param encoderStates `[batch, sourceTime, encoderSize]`
   * @param options source padding: `mask` (`[batch, sourceTime]`, 1 = real) or `lengths`.
   */
  prepare(encoderStates: tf.Tensor, options: MaskOptions = {}): AttentionState {
    const op = this.#op('prepare');
    this.#checkEncoder(encoderStates, op);
    return this.#prepare(encoderStates, options, op);
  }

  /**
   * One target step (decoding): the new input first, then the state carried from
   * {@link Attention.prepare}. Neither argument is changed or disposed.
   * @param decoderState `[batch, decoderSize]`: `d_s`.
   * @param state from {@link Attention.prepare} of this module.
   */
  step(decoderState: tf.Tensor, state: AttentionState): AttentionStepOutput {
    const op = this.#op('step');
    const s = this.#checkState(state, op);
    checkTensor(decoderState, 'decoderState', op, [s.batch, this.decoderSize ?? s.encoderStates.shape[2]]);
    return this.attendStep(s, decoderState, s.mask);
  }

  /**
   * All-steps attention with a prepared state and an explicit bool mask broadcastable to
   * `[batch, targetTime, sourceTime]` whose rows have been checked. For composite modules (the
   * pointer's glimpses); {@link Attention.apply} is the checked entry point.
   * @internal
   */
  attendAll(state: AttentionState, decoderStates: tf.Tensor, keep: tf.Tensor | null): AttentionOutput {
    return tidy(() => {
      const scores = this.scoresAll(state, decoderStates); // [b, T, S]
      const weights = maskedSoftmax(scores, keep) as tf.Tensor3D; // [b, T, S]
      const context = tf.matMul(weights, state.encoderStates) as tf.Tensor3D; // [b, T, S] x [b, S, De] -> [b, T, De]
      return { context, weights };
    });
  }

  /**
   * Step attention with an explicit bool mask `[batch, sourceTime]` whose rows have been checked.
   * For composite modules; {@link Attention.step} is the checked entry point.
   * @internal
   */
  attendStep(state: AttentionState, decoderState: tf.Tensor, keep: tf.Tensor | null): AttentionStepOutput {
    const { batch, sourceTime } = state;
    return tidy(() => {
      const scores = this.scoresStep(state, decoderState); // [b, S]
      const weights = maskedSoftmax(scores, keep) as tf.Tensor2D; // [b, S]
      const context = tf.reshape(
        tf.matMul(tf.reshape(weights, [batch, 1, sourceTime]), state.encoderStates), // [b, 1, S] x [b, S, De] -> [b, 1, De]
        [batch, -1],
      ) as tf.Tensor2D; // [b, De]
      return { context, weights };
    });
  }

  /** Error messages name the op: 'AdditiveAttention.apply: ...', or 'dot: ...' for the functions. */
  #op(method: string): string {
    return functional.dot === this || functional.scaledDot === this ? this.kind : `${this.#name}.${method}`;
  }

  #checkEncoder(encoderStates: tf.Tensor, op: string): DimBindings {
    const dims: DimBindings = new Map();
    checkTensor(encoderStates, 'encoderStates', op, ['batch', 'sourceTime', this.encoderSize ?? 'dim'], dims);
    return dims;
  }

  #checkState(state: AttentionState, op: string): PreparedState {
    if (!(state instanceof PreparedState) || !state.ownedBy(this)) {
      throw new InputError(`${op}: 'state' must come from prepare() of this module`);
    }
    if (state.isDisposed) throw new InputError(`${op}: 'state' has been disposed`);
    return state;
  }

  #prepare(encoderStates: tf.Tensor, options: MaskOptions | undefined, op: string): PreparedState {
    const [batch, sourceTime] = encoderStates.shape as [number, number, number];
    const keep = resolveMask(options, batch, sourceTime, op);
    const keys = tf.tidy(() => this.#keys(encoderStates as tf.Tensor3D));
    return new PreparedState(this, encoderStates.clone() as tf.Tensor3D, keys, keep);
  }

  /** The encoder-only part of the score (see {@link AttentionState.keys}). */
  #keys(e: tf.Tensor3D): tf.Tensor3D {
    const dim = e.shape[2];
    switch (this.kind) {
      case 'dot':
        return tf.transpose(e, [0, 2, 1]); // [b, S, D] -> [b, D, S]
      case 'scaledDot':
        return tf.mul(tf.transpose(e, [0, 2, 1]), 1 / Math.sqrt(dim)); // [b, D, S] / sqrt(D)
      case 'general': {
        const eW = project(e, this.W!); // [b, S, De] x [De, Dd] -> [b, S, Dd]
        return tf.transpose(eW, [0, 2, 1]); // [b, Dd, S]
      }
      case 'additive':
        return project(e, this.W1!); // [b, S, De] x [De, U] -> [b, S, U]
    }
  }

  /**
   * Unnormalised scores `score(e_t, d_s)` for all target steps, `[batch, targetTime, sourceTime]`,
   * without checks or mask. For composite modules (the pointer).
   * @internal
   */
  scoresAll(state: AttentionState, decoderStates: tf.Tensor): tf.Tensor3D {
    const keys = state.keys;
    const d = decoderStates as tf.Tensor3D;
    if (this.kind !== 'additive') return tf.matMul(d, keys); // [b, T, Dd] x [b, Dd, S] -> [b, T, S]
    return tf.tidy(() => {
      const [batch, targetTime] = d.shape;
      const sourceTime = keys.shape[1];
      const units = this.attentionSize!;
      const q = project(d, this.W2!); // [b, T, Dd] x [Dd, U] -> [b, T, U]
      const h = scoreTanh(tf.add(tf.expandDims(keys, 1), tf.expandDims(q, 2))); // [b, 1, S, U] + [b, T, 1, U] -> [b, T, S, U]
      const u = fastMatMul(tf.reshape(h, [-1, units]), tf.reshape(this.v!, [units, 1])); // [b*T*S, U] x [U, 1] -> [b*T*S, 1]
      return tf.reshape(u, [batch, targetTime, sourceTime]); // [b, T, S]
    });
  }


  /**
   * Unnormalised scores for one target step, `[batch, sourceTime]`, without checks or mask.
   * @internal
   */
  scoresStep(state: AttentionState, decoderState: tf.Tensor): tf.Tensor2D {
    const keys = state.keys;
    const d = decoderState as tf.Tensor2D;
    const batch = d.shape[0];
    return tf.tidy(() => {
      if (this.kind !== 'additive') {
        const s = tf.matMul(tf.reshape(d, [batch, 1, -1]) as tf.Tensor3D, keys); // [b, 1, Dd] x [b, Dd, S] -> [b, 1, S]
        return tf.reshape(s, [batch, -1]) as tf.Tensor2D; // [b, S]
      }
      const sourceTime = keys.shape[1];
      const units = this.attentionSize!;
      const q = fastMatMul(d, this.W2 as tf.Tensor2D); // [b, Dd] x [Dd, U] -> [b, U]
      const h = scoreTanh(tf.add(keys, tf.expandDims(q, 1))); // [b, S, U] + [b, 1, U] -> [b, S, U]
      const u = fastMatMul(tf.reshape(h, [-1, units]), tf.reshape(this.v!, [units, 1])); // [b*S, U] x [U, 1] -> [b*S, 1]
      return tf.reshape(u, [batch, sourceTime]) as tf.Tensor2D; // [b, S]
    });
  }

}

/** `'general'` attention (Luong et al. 2015): `score = e_t^T W d_s`. */
export class GeneralAttention extends Attention {
  constructor(config: Omit<AttentionConfig, 'kind' | 'attentionSize'> & { encoderSize: number }) {
    super({ ...config, kind: 'general' });
  }
}

/** `'additive'` attention (Bahdanau et al. 2015): `score = v^T tanh(W1 e_t + W2 d_s)`. */
export class AdditiveAttention extends Attention {
  constructor(config: Omit<AttentionConfig, 'kind'> & { encoderSize: number }) {
    super({ ...config, kind: 'additive' });
  }
}

/** Rows `rows` of `x` along axis 0, by `tf.gather`. */
function gatherRowsOf(x: tf.Tensor, rows: Int32Array): tf.Tensor {
  return tf.tidy(() => tf.gather(x, tf.tensor1d(rows, 'int32')));
}

/** `[b, n, in] x [in, out] -> [b, n, out]` as one rank-2 matMul (no transpose flag). */
export function project(x: tf.Tensor3D, w: tf.Tensor): tf.Tensor3D {
  const [batch, n, inDim] = x.shape;
  const y = fastMatMul(tf.reshape(x, [batch * n, inDim]), w as tf.Tensor2D); // [b*n, in] x [in, out] -> [b*n, out]
  return tf.reshape(y, [batch, n, w.shape[1]!]);
}

/** The parameter-free modules behind {@link dot} and {@link scaledDot}, created on first use. */
const functional: Partial<Record<'dot' | 'scaledDot', Attention>> = {};

function parameterFree(kind: 'dot' | 'scaledDot'): Attention {
  return (functional[kind] ??= new Attention({ kind }));
}

/**
 * Dot-product attention, the lecture's rule, all target steps at once:
 * `alpha_{t,s} = exp(e_t . d_s) / sum_u exp(e_u . d_s)`, `c_s = sum_t alpha_{t,s} e_t`.
 * @param encoderStates `[batch, sourceTime, dim]`
 * @param decoderStates `[batch, targetTime, dim]`
 * @param options source padding: `mask` (`[batch, sourceTime]`, 1 = real) or `lengths`.
 */
export function dot(encoderStates: tf.Tensor, decoderStates: tf.Tensor, options: MaskOptions = {}): AttentionOutput {
  return parameterFree('dot').apply(encoderStates, decoderStates, options);
}

/**
 * Scaled dot-product attention: {@link dot} with the scores divided by `sqrt(dim)` (Vaswani et
 * al. 2017), which keeps the softmax out of saturation when `dim` is large.
 */
export function scaledDot(encoderStates: tf.Tensor, decoderStates: tf.Tensor, options: MaskOptions = {}): AttentionOutput {
  return parameterFree('scaledDot').apply(encoderStates, decoderStates, options);
}
