/**
 * Widening a trained reader without changing what it computes ("Net2WiderNet", Chen, Goodfellow
 * and Shlens 2016), for `train --init-from MODEL --stem-channels N --stages A,B`.
 *
 * Every channel space of the encoder (the stem's output, each stage's residual stream, each
 * block's inner channels) grows from n to m >= n channels: new channel i copies a randomly chosen
 * old channel g(i) (its filters, its batch-norm scale, shift and statistics, its position
 * embedding column), and each weight that *reads* the space (the next convolutions' input axis;
 * the decoder's layers that read the annotation vectors) is split between the copies of a
 * channel, so their sum is the old weight: the widened network gives the old one's outputs, in
 * training mode too, since a copy's batch statistics are its original's. The split is uneven,
 * `1/c + u_k - mean(u)` for the c copies with `u_k` drawn per weight, so that the copies receive
 * different gradients and grow apart instead of staying one channel in c places.
 *
 * Batch normalisation (or none) only: a group norm's groups would mix copies with other channels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import type { ImageToSequence, ImageToSequenceConfig } from '@seq2seq/seq2seq';
import { UsageError } from './args';

/** A channel space grown from `counts.length` to `map.length` channels: new channel i reads old channel `map[i]`. */
export interface ChannelMap {
  map: Int32Array;
  /** How many new channels read each old channel. */
  counts: Int32Array;
}

/** How one axis of a weight widens: its channels copied (`copy`), or split between copies (`split`: the axis reads the space). */
interface AxisWidening {
  space: ChannelMap;
  role: 'copy' | 'split';
}

/** Largest share by which the split of a copied channel's weight departs from even (relative to 1/c). */
const SPLIT_NOISE = 0.2;

/** Old channels keep their place; each new one copies a random old one. */
export function channelMap(from: number, to: number, rng: Rng): ChannelMap {
  if (to < from) throw new UsageError(`--init-from widens a model: ${to} channels where the trained model has ${from}; narrowing is not supported`);
  const map = Int32Array.from({ length: to }, (_, i) => (i < from ? i : Math.floor(rng.next() * from)));
  const counts = new Int32Array(from);
  for (const j of map) counts[j]! += 1;
  return { map, counts };
}

/** The identity on `n` channels (an axis part that does not widen). */
function identityMap(n: number): ChannelMap {
  return { map: Int32Array.from({ length: n }, (_, i) => i), counts: new Int32Array(n).fill(1) };
}

/** Two spaces side by side on one axis (`[context; hidden]`, `[features; coordinates]`). */
function concatMaps(a: ChannelMap, b: ChannelMap): ChannelMap {
  const offset = a.counts.length;
  return { map: Int32Array.from([...a.map, ...Array.from(b.map, (j) => j + offset)]), counts: Int32Array.from([...a.counts, ...b.counts]) };
}

/**
 * `values` of `shape` widened to the target shape: every axis with a widening gathers its old
 * channels through the map, and a `split` axis then shares each copied channel's weights between
 * its copies (summing to the old weight, unevenly: see the module comment).
 */
export function widenValues(values: Float32Array, shape: readonly number[], axes: ReadonlyArray<AxisWidening | null>, rng: Rng): { values: Float32Array; shape: number[] } {
  const target = shape.map((d, a) => axes[a]?.space.map.length ?? d);
  const strides = (s: readonly number[]) => s.map((_, a) => s.slice(a + 1).reduce((p, d) => p * d, 1));
  const [from, to] = [strides(shape), strides(target)];
  const size = target.reduce((p, d) => p * d, 1);
  const out = new Float32Array(size);
  for (let t = 0; t < size; t++) {
    let s = 0;
    for (let a = 0; a < target.length; a++) {
      const i = Math.floor(t / to[a]!) % target[a]!;
      s += (axes[a]?.space.map[i] ?? i) * from[a]!;
    }
    out[t] = values[s]!;
  }
  axes.forEach((axis, a) => {
    if (axis?.role !== 'split') return;
    // Each line along axis a (the other indices fixed): the copies of an old channel share its weight.
    const copies = new Map<number, number[]>();
    axis.space.map.forEach((j, i) => {
      if (axis.space.counts[j]! > 1) copies.set(j, [...(copies.get(j) ?? []), i]);
    });
    const lines = size / target[a]!;
    for (let line = 0; line < lines; line++) {
      const outer = Math.floor(line / to[a]!);
      const inner = line % to[a]!;
      const base = outer * to[a]! * target[a]! + inner;
      for (const members of copies.values()) {
        const c = members.length;
        const u = members.map(() => ((rng.next() * 2 - 1) * SPLIT_NOISE) / c);
        const mean = u.reduce((p, v) => p + v, 0) / c;
        members.forEach((i, k) => {
          out[base + i * to[a]!]! *= 1 / c + u[k]! - mean;
        });
      }
    }
  });
  return { values: out, shape: target };
}

/** The widening of every axis of every weight of `source`, by name, for a target of config `to`. */
function widenings(source: ImageToSequence, to: ImageToSequenceConfig, rng: Rng): Map<string, Array<AxisWidening | null>> {
  const from = source.config;
  if (from.norm === 'group') throw new UsageError('--init-from widens a model with --norm batch or none; a group norm would mix the copies of a channel with other channels');
  const toStages = to.stageChannels ?? [];
  if (toStages.length !== from.stageChannels.length) throw new UsageError(`--init-from widens each stage: the trained model has ${from.stageChannels.length} stages (${from.stageChannels.join(',')}), --stages gives ${toStages.length}`);
  const stem = channelMap(from.stemChannels, to.stemChannels ?? from.stemChannels, rng);
  const stages = from.stageChannels.map((c, s) => channelMap(c, toStages[s]!, rng));
  const copy = (space: ChannelMap): AxisWidening => ({ space, role: 'copy' });
  const split = (space: ChannelMap): AxisWidening => ({ space, role: 'split' });
  const axes = new Map<string, Array<AxisWidening | null>>();
  const perChannel = (prefix: string, space: ChannelMap) => {
    for (const p of ['gamma', 'beta', 'runningMean', 'runningVar']) axes.set(`${prefix}.${p}`, [copy(space)]);
  };
  axes.set('encoder.stem.kernel', [null, null, null, copy(stem)]);
  axes.set('encoder.stem.bias', [copy(stem)]);
  let input = stem;
  from.stageChannels.forEach((_, s) => {
    for (let b = 0; b < from.blocksPerStage; b++) {
      const block = `encoder.stage${s}_block${b}`;
      const inner = channelMap(from.stageChannels[s]!, toStages[s]!, rng);
      const stream = stages[s]!;
      axes.set(`${block}.conv1.kernel`, [null, null, split(input), copy(inner)]);
      axes.set(`${block}.conv1.bias`, [copy(inner)]);
      perChannel(`${block}.norm1`, inner);
      axes.set(`${block}.conv2.kernel`, [null, null, split(inner), copy(stream)]);
      axes.set(`${block}.conv2.bias`, [copy(stream)]);
      perChannel(`${block}.norm2`, stream);
      axes.set(`${block}.shortcut.kernel`, [null, null, split(input), copy(stream)]);
      axes.set(`${block}.shortcut.bias`, [copy(stream)]);
      perChannel(`${block}.shortcutNorm`, stream);
      input = stream;
    }
  });
  axes.set('encoder.position_embedding', [null, copy(input)]);
  // The annotation vectors (with two coordinate channels after the features, for 'coordinates').
  const features = from.positions === 'coordinates' ? concatMaps(input, identityMap(2)) : input;
  for (const name of ['init_h.kernel', 'init_c.kernel']) axes.set(name, [split(features), null]);
  // Attention reads the annotation vectors through general attention's W [features, hidden] and additive attention's W1 [features, size].
  for (const name of ['attention.W', 'attention.W1']) axes.set(name, [split(features), null]);
  axes.set('combine.kernel', [split(concatMaps(features, identityMap(from.hiddenSize))), null]);
  return axes;
}

/**
 * `source`'s weights widened to the encoder widths of `to` (same stages and blocks per stage or
 * fewer; the rest of the config as the source's), by name; the caller disposes them. Weights that
 * do not depend on the encoder's widths come back unchanged (as copies).
 *
 * @throws UsageError for a group norm, another number of stages, or a narrower width.
 */
export function widenedWeights(source: ImageToSequence, to: ImageToSequenceConfig, seed: number): Map<string, tf.Tensor> {
  const rng = new Rng(seed);
  const axes = widenings(source, to, rng);
  const out = new Map<string, tf.Tensor>();
  for (const [name, w] of source.getWeights()) {
    const a = axes.get(name);
    if (!a) {
      out.set(name, tf.clone(w));
      continue;
    }
    const wide = widenValues(w.dataSync() as Float32Array, w.shape, a, rng);
    out.set(name, tf.tensor(wide.values, wide.shape));
  }
  return out;
}

/** Whether `to` widens `source`'s encoder (a wider stem or stage). */
export function widens(source: ImageToSequence, to: ImageToSequenceConfig): boolean {
  const from = source.config;
  return (to.stemChannels ?? from.stemChannels) !== from.stemChannels || (to.stageChannels ?? from.stageChannels).some((c, s) => c !== from.stageChannels[s]);
}
