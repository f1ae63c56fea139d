/**
 * The conversion shared by every model family with a PyTorch reference: a model's parameters from
 * and to a PyTorch state dict, given where each parameter lives there ({@link TorchSource}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { WeightsError } from '@seq2seq/core';
import type { TorchSource } from './names';

/** A PyTorch state dict: parameter name -> tensor in PyTorch's layout (e.g. decoded from safetensors). */
export type TorchStateDict = ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>;

/** `dict` as a map. */
export const torchMap = (dict: TorchStateDict): ReadonlyMap<string, tf.Tensor> =>
  dict instanceof Map ? dict : new Map(Object.entries(dict as Record<string, tf.Tensor>));

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** How a model family names its parameters in PyTorch. */
export interface TorchNaming {
  /** Op name for error messages, e.g. `'seq2seqFromTorchStateDict'`. */
  op: string;
  /** Where parameter `name` lives in the state dict, or null when no PyTorch name is known. */
  sourceOf(name: string): TorchSource | null;
  /** Extra words for the error about unused entries (e.g. why a `bias_hh` does not fit). */
  unusedHint?(unused: readonly string[]): string;
}

/**
 * The tensors of `params` (this library's names and shapes) converted from `dict`. Strict like
 * `load_state_dict`: a missing, unused or wrongly shaped entry throws a {@link WeightsError}
 * naming it. The caller owns the returned tensors; `dict` is not changed.
 */
export function weightsFromTorch(dict: TorchStateDict, params: ReadonlyMap<string, tf.Tensor>, naming: TorchNaming): Map<string, tf.Tensor> {
  const { op } = naming;
  const map = torchMap(dict);
  const out = new Map<string, tf.Tensor>();
  try {
    const used = new Set<string>();
    for (const [name, variable] of params) {
      const source = naming.sourceOf(name);
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
        if (!addend) throw new WeightsError(`${op}: missing '${source.addend}' (added to '${source.name}' for '${name}': rnn/lstm stacks keep bias_hh)`);
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
      const hint = naming.unusedHint?.(unused) ?? '';
      throw new WeightsError(`${op}: the state dict has entries the config does not use: ${unused.slice(0, 8).join(', ')}${unused.length > 8 ? ', ...' : ''}.${hint}`);
    }
    return out;
  } catch (e) {
    for (const t of out.values()) t.dispose();
    throw e;
  }
}

/**
 * `params` as a PyTorch state dict (rnn/lstm biases go to `bias_ih` with a zero `bias_hh`), ready
 * for `load_state_dict`. The caller owns the tensors.
 */
export function weightsToTorch(params: ReadonlyMap<string, tf.Tensor>, naming: TorchNaming): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, variable] of params) {
    const source = naming.sourceOf(name);
    if (!source) {
      for (const t of out.values()) t.dispose();
      throw new WeightsError(`${naming.op}: no PyTorch name is known for the parameter '${name}'`);
    }
    out.set(source.name, source.transposed ? tf.transpose(variable) : variable.clone());
    if (source.addend) out.set(source.addend, tf.zerosLike(variable));
  }
  return out;
}
