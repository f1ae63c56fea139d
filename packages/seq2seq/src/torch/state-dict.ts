/**
 * A whole {@link Seq2Seq} from and to a PyTorch state dict of the reference model in
 * `python/seq2seq_torch` (names and layouts: see `names.ts`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, type WeightsError } from '@seq2seq/core';
import type { Seq2SeqConfig } from '../config';
import { Seq2Seq } from '../model';
import { weightsFromTorch, weightsToTorch, type TorchNaming, type TorchStateDict } from './convert';
import { torchSourceOf } from './names';

export type { TorchStateDict };

/** How a {@link Seq2Seq} of `config` names its parameters in PyTorch. */
function seq2seqNaming(model: Seq2Seq, op: string): TorchNaming {
  const cells = { encoder: model.config.encoder.cell, decoder: model.config.decoder.cell };
  return {
    op,
    sourceOf: (name) => torchSourceOf(name, cells),
    unusedHint: (unused) =>
      unused.some((k) => /\.bias_hh_l/.test(k)) && (cells.encoder === 'gru' || cells.decoder === 'gru')
        ? " A GRU with bias_hh is PyTorch's nn.GRU (reset gate after the recurrent matrix); the Seq2Seq config's GRU is the lecture's (reset before), with one bias."
        : '',
  };
}

/**
 * The weights of the {@link Seq2Seq} of `config` under this library's names, converted from a
 * PyTorch state dict (what `seq2seq-translate import-torch` writes into a checkpoint). Strict like
 * `load_state_dict`: a missing, unused or wrongly shaped entry throws a {@link WeightsError}
 * naming it. The caller owns the returned tensors; `dict` is not changed.
 */
export function seq2seqWeightsFromTorch(dict: TorchStateDict, config: Seq2SeqConfig): Map<string, tf.Tensor> {
  const model = new Seq2Seq(config);
  try {
    return weightsFromTorch(dict, model.getWeights(), seq2seqNaming(model, 'seq2seqFromTorchStateDict'));
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
  return weightsToTorch(model.getWeights(), seq2seqNaming(model, 'seq2seqToTorchStateDict'));
}
