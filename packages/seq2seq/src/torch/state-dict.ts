/**
 * A whole {@link Seq2Seq} from and to a PyTorch state dict of the reference model in
 * `python/seq2seq_torch` (names and layouts: see `names.ts`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, WeightsError } from '@seq2seq/core';
import type { Seq2SeqConfig } from '../config';
import { Seq2Seq } from '../model';
import { torchSourceOf } from './names';

/** A PyTorch state dict: parameter name -> tensor in PyTorch's layout (e.g. decoded from safetensors). */
export type TorchStateDict = ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>;

const toMap = (dict: TorchStateDict): ReadonlyMap<string, tf.Tensor> =>
  dict instanceof Map ? dict : new Map(Object.entries(dict as Record<string, tf.Tensor>));

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * The weights of the {@link Seq2Seq} of `config` under this library's names, converted from a
 * PyTorch state dict (what `seq2seq-translate import-torch` writes into a checkpoint). Strict like
 * `load_state_dict`: a missing, unused or wrongly shaped entry throws a {@link WeightsError}
 * naming it. The caller owns the returned tensors; `dict` is not changed.
 */
export function seq2seqWeightsFromTorch(dict: TorchStateDict, config: Seq2SeqConfig): Map<string, tf.Tensor> {
  const op = 'seq2seqFromTorchStateDict';
  const map = toMap(dict);
  const model = new Seq2Seq(config);
  const out = new Map<string, tf.Tensor>();
  try {
    const cells = { encoder: model.config.encoder.cell, decoder: model.config.decoder.cell };
    const used = new Set<string>();
    for (const [name, variable] of model.getWeights()) {
      const source = torchSourceOf(name, cells);
      if (!source) throw new WeightsError(`${op}: no PyTorch name is known for the parameter '${name}'`);
      const t = map.get(source.name);
      const want = source.transposed ? [...variable.shape].reverse() : variable.shape;
      if (!t) throw new WeightsError(`${op}: missing '${source.name}' ${shapeText(want)} (for '${name}')`);
      if (t.shape.length !== want.length || t.shape.some((n, i) => n !== want[i])) {
        throw new WeightsError(`${op}: '${source.name}' has shape ${shapeText(t.shape)}, the config needs ${shapeText(want)} (for '${name}')`);
      }
      used.add(source.name);
      let addend: tf.Tensor | undefined;
      if (source.addend) {
        addend = map.get(source.addend);
        if (!addend) throw new WeightsError(`${op}: missing '${source.addend}' (the ${cells[name.startsWith('encoder') ? 'encoder' : 'decoder']} has rnn/lstm cells, which keep bias_hh)`);
        if (addend.shape.length !== 1 || addend.shape[0] !== want[0]) throw new WeightsError(`${op}: '${source.addend}' has shape ${shapeText(addend.shape)}, expected ${shapeText(want)}`);
        used.add(source.addend);
      }
      out.set(
        name,
        tf.tidy(() => {
          let v = tf.cast(t, 'float32');
          if (source.transposed) v = tf.transpose(v);
          return addend ? tf.add(v, tf.cast(addend, 'float32')) : v;
        }),
      );
    }
    const unused = [...map.keys()].filter((k) => !used.has(k));
    if (unused.length > 0) {
      const hint = unused.some((k) => /\.bias_hh_l/.test(k)) && (cells.encoder === 'gru' || cells.decoder === 'gru')
        ? " A GRU with bias_hh is PyTorch's nn.GRU (reset gate after the recurrent matrix); the Seq2Seq config's GRU is the lecture's (reset before), with one bias."
        : '';
      throw new WeightsError(`${op}: the state dict has entries the config does not use: ${unused.slice(0, 8).join(', ')}${unused.length > 8 ? ', ...' : ''}.${hint}`);
    }
    return out;
  } catch (e) {
    for (const t of out.values()) t.dispose();
    throw e;
  } finally {
    model.dispose();
  }
}

/**
 * Builds the {@link Seq2Seq} of `config` with the weights of a PyTorch state dict of the
 * reference model (`python/seq2seq_torch`).
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes); // written by the PyTorch trainer
 * const model = seq2seqFromTorchStateDict(tensors, JSON.parse(metadata.config!));
 */
export function seq2seqFromTorchStateDict(dict: TorchStateDict, config: Seq2SeqConfig): Seq2Seq {
  const weights = seq2seqWeightsFromTorch(dict, config);
  const model = new Seq2Seq(config);
  try {
    model.loadWeights(weights);
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/**
 * The parameters of `model` as the PyTorch reference model's state dict (rnn/lstm biases go to
 * `bias_ih` with a zero `bias_hh`), ready for `load_state_dict`. The caller owns the tensors.
 */
export function seq2seqToTorchStateDict(model: Seq2Seq): Map<string, tf.Tensor> {
  if (!(model instanceof Seq2Seq)) throw new InputError('seq2seqToTorchStateDict: expected a Seq2Seq model');
  const cells = { encoder: model.config.encoder.cell, decoder: model.config.decoder.cell };
  const out = new Map<string, tf.Tensor>();
  for (const [name, variable] of model.getWeights()) {
    const source = torchSourceOf(name, cells);
    if (!source) {
      for (const t of out.values()) t.dispose();
      throw new WeightsError(`seq2seqToTorchStateDict: no PyTorch name is known for the parameter '${name}'`);
    }
    out.set(source.name, source.transposed ? tf.transpose(variable) : variable.clone());
    if (source.addend) out.set(source.addend, tf.zerosLike(variable));
  }
  return out;
}
