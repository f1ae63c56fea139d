/**
 * A stack of blocks applied in order, and lesions of it: the same stack run with some blocks
 * deleted, as in Veit, Wilber and Belongie (2016), "Residual networks behave like ensembles of
 * relatively shallow networks" (section 4).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, checkInt } from '@seq2seq/core';
import type { Block } from './block';
import { Residual } from './residual';

/** Options of {@link Sequential.apply}. */
export interface SequentialApplyOptions {
  /** Indices of blocks to delete for this call (see {@link lesion}). Default none. */
  skip?: Iterable<number>;
}

/** Blocks `0`, `1`, ... applied in order: `y = b_{n-1}(... b_1(b_0(x)))`. */
export class Sequential extends Module implements Block {
  readonly blocks: readonly Block[];
  readonly inputSize?: number;
  readonly outputSize?: number;

  /** Takes ownership of `blocks` (they are disposed with the stack). */
  constructor(blocks: readonly Block[]) {
    super();
    if (!Array.isArray(blocks) || blocks.length === 0) throw new InputError('Sequential: \'blocks\' must be a non-empty array of blocks');
    blocks.forEach((b, i) => {
      if (b == null || typeof b.apply !== 'function') throw new InputError(`Sequential: 'blocks[${i}]' is not a block (a module with apply(x))`);
      const prev = blocks[i - 1];
      if (prev?.outputSize !== undefined && b.inputSize !== undefined && prev.outputSize !== b.inputSize) {
        throw new InputError(`Sequential: 'blocks[${i - 1}]' outputs ${prev.outputSize} features but 'blocks[${i}]' expects ${b.inputSize}`);
      }
      this.addModule(String(i), b);
    });
    this.blocks = blocks;
    this.inputSize = blocks[0]!.inputSize;
    this.outputSize = blocks[blocks.length - 1]!.outputSize;
  }

  /**
   * `x: [..., inputSize]` -> `[..., outputSize]`. Blocks listed in `skip` are deleted: a
   * {@link Residual} block keeps only its shortcut (identity, or its projection); any other block
   * is removed, so the next block receives its input.
   */
  apply(x: tf.Tensor, options: SequentialApplyOptions = {}): tf.Tensor {
    const skip = new Set(options.skip ?? []);
    for (const k of skip) checkInt(k, 'skip', 'Sequential.apply', 0, this.blocks.length - 1);
    return tf.tidy(() => {
      let h = x;
      this.blocks.forEach((block, i) => {
        if (!skip.has(i)) h = block.apply(h);
        else if (block instanceof Residual) h = block.applyWithoutBranch(h);
      });
      return h === x ? x.clone() : h;
    });
  }
}

/** A stack with some blocks deleted; it shares (does not own) the stack's parameters. */
export interface Lesioned {
  /** The deleted block indices, ascending. */
  readonly skipped: readonly number[];
  /** The stack's forward pass with those blocks deleted. */
  apply(x: tf.Tensor): tf.Tensor;
}

/**
 * The stack with block `k` (or every block in `k`) deleted, after Veit et al. (2016):
 *
 * - a {@link Residual} block becomes its shortcut: the identity `y = x` (or the projection
 *   `x W_s` where its widths differ); the branch `f`, and its layer norm, are gone;
 * - any other block is removed, so the next block receives its input. That requires the block's
 *   input and output widths to be equal; an {@link InputError} says otherwise.
 *
 * @example
 * for (let k = 0; k < stack.blocks.length; k++) accuracy(lesion(stack, k).apply(x), labels);
 */
export function lesion(stack: Sequential, k: number | readonly number[]): Lesioned {
  const op = 'lesion';
  if (!(stack instanceof Sequential)) throw new InputError(`${op}: 'stack' must be a Sequential`);
  const ks = typeof k === 'number' ? [k] : [...k];
  ks.forEach((i, j) => checkInt(i, typeof k === 'number' ? 'k' : `k[${j}]`, op, 0, stack.blocks.length - 1));
  const skipped = [...new Set(ks)].sort((a, b) => a - b);
  for (const i of skipped) {
    const block = stack.blocks[i]!;
    if (block instanceof Residual) continue;
    if (block.inputSize !== undefined && block.outputSize !== undefined && block.inputSize !== block.outputSize) {
      throw new InputError(
        `${op}: block ${i} maps ${block.inputSize} to ${block.outputSize} features, so removing it would feed the next block the wrong width; only width-preserving plain blocks can be removed`,
      );
    }
  }
  return { skipped, apply: (x) => stack.apply(x, { skip: skipped }) };
}
