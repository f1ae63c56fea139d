/**
 * A whole {@link PointerNetwork} from and to a PyTorch state dict of the reference model in
 * `python/seq2seq_torch/pointer.py` (names and layouts: see `pointer-names.ts`).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, type WeightsError } from '@seq2seq/core';
import type { PointerNetworkConfig } from '../pointer/config';
import { PointerNetwork } from '../pointer/network';
import { weightsFromTorch, weightsToTorch, type TorchNaming, type TorchStateDict } from './convert';
import { pointerTorchSourceOf } from './pointer-names';

function pointerNaming(net: PointerNetwork, op: string): TorchNaming {
  const lstm = net.config.encoder === 'lstm';
  return {
    op,
    sourceOf: (name) => pointerTorchSourceOf(name, lstm),
    unusedHint: (unused) =>
      unused.some((k) => /^encoder\.(norm|attention|ff)/.test(k)) && lstm
        ? " Entries like 'encoder.norm0.weight' belong to the attention encoder: is the config's 'encoder' 'attention'?"
        : unused.some((k) => /^encoder\.weight_/.test(k)) && !lstm
          ? " Entries like 'encoder.weight_ih_l0' belong to the LSTM encoder: is the config's 'encoder' 'lstm'?"
          : '',
  };
}

/**
 * The weights of the {@link PointerNetwork} of `config` under this library's names, converted from
 * a PyTorch state dict of the reference model (what `seq2seq-pointer import-torch` writes into a
 * checkpoint). Strict like `load_state_dict`: a missing, unused or wrongly shaped entry throws a
 * {@link WeightsError} naming it. The caller owns the returned tensors; `dict` is not changed.
 */
export function pointerNetworkWeightsFromTorch(dict: TorchStateDict, config: PointerNetworkConfig): Map<string, tf.Tensor> {
  const net = new PointerNetwork(config);
  try {
    return weightsFromTorch(dict, net.getWeights(), pointerNaming(net, 'pointerNetworkFromTorchStateDict'));
  } finally {
    net.dispose();
  }
}

/**
 * Builds the {@link PointerNetwork} of `config` with the weights of a PyTorch state dict of the
 * reference model (`python/seq2seq_torch/pointer.py`).
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes); // written by seq2seq_torch.train_pointer
 * const net = pointerNetworkFromTorchStateDict(tensors, JSON.parse(metadata.config!));
 * const hulls = solvePointSets(net, [[[0.1, 0.2], [0.9, 0.1], [0.5, 0.8], [0.5, 0.4]]]);
 */
export function pointerNetworkFromTorchStateDict(dict: TorchStateDict, config: PointerNetworkConfig): PointerNetwork {
  const weights = pointerNetworkWeightsFromTorch(dict, config);
  const net = new PointerNetwork(config);
  try {
    net.loadWeights(weights);
    return net;
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/**
 * The parameters of `net` as the PyTorch reference model's state dict (LSTM biases go to
 * `bias_ih` with a zero `bias_hh`), ready for `load_state_dict`. The caller owns the tensors.
 */
export function pointerNetworkToTorchStateDict(net: PointerNetwork): Map<string, tf.Tensor> {
  if (!(net instanceof PointerNetwork)) throw new InputError('pointerNetworkToTorchStateDict: expected a PointerNetwork');
  return weightsToTorch(net.getWeights(), pointerNaming(net, 'pointerNetworkToTorchStateDict'));
}
