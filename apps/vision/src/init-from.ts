/**
 * `train --init-from MODEL`: starts a new model from a trained one instead of from random weights
 * (growing a model without retraining it: "Net2DeeperNet", Chen et al. 2016).
 *
 * Every weight of the new model whose name and shape the trained one has is copied. A ResNet
 * block the trained model lacks (`--blocks 2` grown from a `--blocks 1` model) starts as the
 * identity: its last normalisation's scale is set to zero, so the block's residual branch adds
 * nothing and `relu(x + 0) = x` on the block's non-negative input. A model grown only by such
 * blocks therefore reads exactly as the trained one did before its first step. Any other weight
 * the trained model lacks, or has with another shape, keeps its fresh initialisation and is
 * reported.
 *
 * A wider encoder (`--stem-channels`, `--stages` above the trained model's) is grown first by
 * `widen.ts` (Net2WiderNet: new channels copy old ones, the weights reading them are split
 * between the copies), so a model grown wider, deeper or both reads as the trained one did.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageToSequence } from '@seq2seq/seq2seq';
import { UsageError } from './args';
import { widenedWeights, widens } from './widen';

/** What {@link initialiseFrom} copied and what it left fresh. */
export interface InitReport {
  /** Weights copied from the trained model. */
  copied: number;
  /** New residual blocks started as the identity (`encoder.stage0_block1`, ...). */
  identityBlocks: string[];
  /** Other weights left as initialised: not in the trained model, or with another shape there. */
  fresh: string[];
  /** Weights of the trained model the new one has no place for. */
  unused: string[];
  /** Whether the encoder was widened (its channels copied and split) before the copy. */
  widened: boolean;
}

/** Options of {@link initialiseFrom}. */
export interface InitOptions {
  /** Seed of the widening's choice of channels to copy and of its uneven splits. Default 0. */
  seed?: number;
}

/** A block's weight: `encoder.stage1_block1.norm2.gamma` -> `encoder.stage1_block1`. */
const BLOCK = /^(encoder\.stage\d+_block\d+)\./;

/** Copies `source`'s weights into `target` as the module comment says; returns what it did. */
export function initialiseFrom(target: ImageToSequence, source: ImageToSequence, options: InitOptions = {}): InitReport {
  const widened = widens(source, target.config) ? widenedWeights(source, target.config, options.seed ?? 0) : null;
  try {
    return copyWeights(target, widened ?? source.getWeights(), widened !== null);
  } finally {
    if (widened) tf.dispose([...widened.values()]);
  }
}

function copyWeights(target: ImageToSequence, from: Map<string, tf.Tensor>, widened: boolean): InitReport {
  const to = target.getWeights();
  const sameShape = (a: tf.Tensor, b: tf.Tensor) => a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
  const copy = new Map<string, tf.Tensor>();
  const fresh: string[] = [];
  const newBlocks = new Set<string>();
  const sourceBlocks = new Set([...from.keys()].map((n) => BLOCK.exec(n)?.[1]).filter((b): b is string => b !== undefined));
  for (const [name, variable] of to) {
    const w = from.get(name);
    if (w && sameShape(w, variable)) copy.set(name, w);
    else {
      const block = BLOCK.exec(name)?.[1];
      if (block && !sourceBlocks.has(block)) newBlocks.add(block);
      else fresh.push(name);
    }
  }
  target.loadWeights(copy, { strict: false });
  // A new block's residual branch ends in norm2: a zero scale (and shift) makes it add nothing.
  for (const block of newBlocks) {
    for (const part of ['gamma', 'beta']) {
      const v = to.get(`${block}.norm2.${part}`);
      if (!v) throw new UsageError(`--init-from: the new block ${block} has no normalisation to start it as the identity; grow a model with --norm batch or group`);
      tf.tidy(() => v.assign(tf.zerosLike(v)));
    }
  }
  return {
    copied: copy.size,
    identityBlocks: [...newBlocks],
    fresh,
    unused: [...from.keys()].filter((n) => !copy.has(n)),
    widened,
  };
}
