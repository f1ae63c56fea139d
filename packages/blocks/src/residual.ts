/**
 * Residual connection (He, Zhang, Ren and Sun 2016, "Deep residual learning for image
 * recognition", eq. 1 and 2):
 *
 *   y = x + f(x)            same width
 *   y = x W_s + f(x)        widths differ: a projection shortcut W_s (eq. 2, no bias)
 *
 * with the layer norm, if any, placed
 *
 *   'pre':   y = s(x) + f(LN(x))        (He et al. 2016b, "Identity mappings in deep residual
 *                                         networks"; Xiong et al. 2020 for Transformers)
 *   'post':  y = LN(s(x) + f(x))        (Vaswani et al. 2017)
 *   'none':  y = s(x) + f(x)
 *
 * where s is the identity or the projection. {@link Residual.applyWithoutBranch} computes the
 * block with its branch deleted, `y = s(x)`, the lesion of Veit et al. (2016).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Linear, Module, Rng, checkInt, checkOneOf, glorotUniform, type Initializer } from '@seq2seq/core';
import type { Block } from './block';
import { LayerNorm, checkLastAxis } from './layer-norm';

/** Where a {@link Residual} block puts its layer norm. */
export type NormPlacement = 'pre' | 'post' | 'none';

/** Configuration of {@link Residual}. */
export interface ResidualConfig {
  /** Input width. Default `f.inputSize`; required when `f` does not report it. */
  inputSize?: number;
  /** Output width. Default `f.outputSize`, else `inputSize`. */
  outputSize?: number;
  /** Layer norm placement (see the module comment). Default `'none'`. */
  norm?: NormPlacement;
  /** Epsilon of the layer norm. Default `1e-5`. */
  epsilon?: number;
  /** Initialiser of the projection shortcut, when there is one. Default Glorot uniform. */
  shortcutInit?: Initializer;
  /** Random source for the projection shortcut. Default `new Rng(0)`. */
  rng?: Rng;
}

/** `y = x + f(x)`, with a projection shortcut when the widths differ and an optional layer norm. */
export class Residual extends Module implements Block {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly placement: NormPlacement;
  /** The residual branch. Owned: disposed with this block. */
  readonly f: Block;
  /** The projection `W_s` `[inputSize, outputSize]` when the widths differ, else null (identity). */
  readonly shortcut: Linear | null;
  /** The layer norm (`pre`: over `inputSize`, `post`: over `outputSize`), or null. */
  readonly norm: LayerNorm | null;

  constructor(f: Block, config: ResidualConfig = {}) {
    super();
    const op = 'Residual';
    if (f == null || typeof f.apply !== 'function') throw new InputError(`${op}: 'f' must be a block (a module with apply(x))`);
    const inputSize = config.inputSize ?? f.inputSize;
    if (inputSize === undefined) throw new InputError(`${op}: 'inputSize' is required when f does not report its input width`);
    this.inputSize = checkInt(inputSize, 'inputSize', op, 1);
    this.outputSize = checkInt(config.outputSize ?? f.outputSize ?? this.inputSize, 'outputSize', op, 1);
    for (const [name, mine, theirs] of [['inputSize', this.inputSize, f.inputSize], ['outputSize', this.outputSize, f.outputSize]] as const) {
      if (theirs !== undefined && theirs !== mine) throw new InputError(`${op}: '${name}' is ${mine} but f has ${name} ${theirs}`);
    }
    this.placement = checkOneOf(config.norm ?? 'none', ['pre', 'post', 'none'] as const, 'norm', op);
    this.f = this.addModule('f', f);
    this.shortcut =
      this.inputSize === this.outputSize
        ? null
        : this.addModule('shortcut', new Linear({ inputSize: this.inputSize, outputSize: this.outputSize, bias: false, weightInit: config.shortcutInit ?? glorotUniform(), rng: config.rng ?? new Rng(0) }));
    const normFeatures = this.placement === 'pre' ? this.inputSize : this.outputSize;
    this.norm = this.placement === 'none' ? null : this.addModule('norm', new LayerNorm({ inputSize: normFeatures, epsilon: config.epsilon }));
  }

  /** `x: [..., inputSize]` -> `[..., outputSize]`. */
  apply(x: tf.Tensor): tf.Tensor {
    checkLastAxis(x, 'x', 'Residual.apply', this.inputSize);
    return tf.tidy(() => {
      const skip = this.#skip(x); // [..., out]
      if (this.placement === 'pre') return tf.add(skip, this.f.apply(this.norm!.apply(x))); // s(x) + f(LN(x))
      const sum = tf.add(skip, this.f.apply(x)); // s(x) + f(x)
      return this.placement === 'post' ? this.norm!.apply(sum) : sum; // LN(s(x) + f(x)) or s(x) + f(x)
    });
  }

  /**
   * The block with its branch deleted (the branch and its norm contribute nothing): `y = x`, or
   * `y = x W_s` with a projection shortcut.
   */
  applyWithoutBranch(x: tf.Tensor): tf.Tensor {
    checkLastAxis(x, 'x', 'Residual.applyWithoutBranch', this.inputSize);
    return this.#skip(x);
  }

  #skip(x: tf.Tensor): tf.Tensor {
    return this.shortcut ? this.shortcut.apply(x) : x.clone(); // [..., in] x [in, out] -> [..., out]
  }
}
