/**
 * PyTorch interop: builds {@link RNN}, `Linear` and `Embedding` modules from a PyTorch
 * `state_dict()` (e.g. decoded from a safetensors file), and writes an RNN back in PyTorch's names.
 *
 * Mapping, for layer k and direction suffix s (`''` or `'_reverse'`):
 *
 *     weight_ih_l{k}{s}  [G*H, in]  -> l{k}{s}.kernel           [in, G*H]   (transposed)
 *     weight_hh_l{k}{s}  [G*H, H]   -> l{k}{s}.recurrentKernel  [H, G*H]    (transposed)
 *     bias_ih_l{k}{s}    [G*H]      -> l{k}{s}.bias
 *     bias_hh_l{k}{s}    [G*H]      -> GRU: l{k}{s}.recurrentBias; RNN/LSTM: added to bias
 *
 * Gate blocks keep PyTorch's order (GRU r, z, n; LSTM i, f, g, o), which is the order used here.
 * A PyTorch GRU keeps `b_hn` inside `r * (W_hn h + b_hn)`, so it loads as `resetAfter: true`.
 * `nn.Linear.weight` `[out, in]` is transposed to `kernel` `[in, out]`; `nn.Embedding.weight` is
 * copied. `batch_first` does not change the weights: pass `timeMajor: true` to
 * {@link RNN.apply} for `batch_first=False` inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Embedding, InputError, Linear, WeightsError } from '@seq2seq/core';
import { RNN, type RNNConfig } from './rnn';
import type { RecurrentActivation, CellType } from './types';

/** A state dict: parameter name -> tensor (PyTorch's layout). */
export type TorchStateDict = ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>;

/** What to build from the entries under one prefix of a state dict. */
export type TorchModuleSpec =
  | ({
      /** `nn.RNN` (`'rnn'`), `nn.GRU` or `nn.LSTM`. */
      type: CellType;
      /** `nn.RNN`'s nonlinearity. Default `'tanh'`. */
      nonlinearity?: 'tanh' | 'relu';
    } & Pick<RNNConfig, 'merge' | 'residual' | 'dropout' | 'rng'>)
  | { type: 'linear' }
  | {
      type: 'embedding';
      /** PyTorch's `padding_idx`, if the embedding had one. */
      paddingIdx?: number;
    };

/** The module type built for each kind of spec. */
export type TorchModule<S extends TorchModuleSpec> = S extends { type: 'linear' } ? Linear : S extends { type: 'embedding' } ? Embedding : RNN;

const toMap = (dict: TorchStateDict): ReadonlyMap<string, tf.Tensor> =>
  dict instanceof Map ? dict : new Map(Object.entries(dict as Record<string, tf.Tensor>));

function need(map: ReadonlyMap<string, tf.Tensor>, key: string, rank: number, what: string): tf.Tensor {
  const t = map.get(key);
  if (!t) throw new WeightsError(`fromTorchStateDict: missing '${key}' (${what})`);
  if (t.rank !== rank) throw new WeightsError(`fromTorchStateDict: '${key}' must have rank ${rank}, got shape [${t.shape.join(', ')}]`);
  return t;
}

/** Transpose, cast to float32. */
const transposed = (t: tf.Tensor): tf.Tensor => tf.tidy(() => tf.transpose(tf.cast(t, 'float32')));

/**
 * Builds an {@link RNN} from the entries `prefix + 'weight_ih_l0'`, ... of a PyTorch
 * `nn.RNN`/`nn.GRU`/`nn.LSTM` state dict. Sizes, number of layers and directions are read from
 * the tensors; `spec.type` says which cell (a GRU becomes `resetAfter: true`).
 *
 * @example
 * const { tensors } = decodeSafetensors(bytes);
 * const encoder = loadTorchRNN(tensors, { type: 'gru' }, 'encoder.rnn.');
 */
export function loadTorchRNN(dict: TorchStateDict, spec: Extract<TorchModuleSpec, { type: CellType }>, prefix = ''): RNN {
  const op = 'loadTorchRNN';
  const map = toMap(dict);
  const gates = { rnn: 1, gru: 3, lstm: 4 }[spec.type];
  if (gates === undefined) throw new InputError(`${op}: spec.type must be one of 'rnn', 'gru', 'lstm', got ${JSON.stringify(spec.type)}`);
  const w0 = need(map, `${prefix}weight_ih_l0`, 2, `the input weights of layer 0 of a PyTorch ${spec.type}`);
  const u0 = need(map, `${prefix}weight_hh_l0`, 2, 'the recurrent weights of layer 0');
  const hidden = u0.shape[1]!;
  if (w0.shape[0] !== gates * hidden || u0.shape[0] !== gates * hidden) {
    throw new WeightsError(
      `${op}: '${prefix}weight_ih_l0' has shape [${w0.shape.join(', ')}] and '${prefix}weight_hh_l0' [${u0.shape.join(', ')}]; ` +
        `a ${spec.type} with hidden size ${hidden} needs ${gates * hidden} rows (${gates} gates). Is spec.type right?`,
    );
  }
  if (map.has(`${prefix}weight_hr_l0`)) throw new WeightsError(`${op}: LSTMs with proj_size (weight_hr_l*) are not supported`);
  let numLayers = 0;
  while (map.has(`${prefix}weight_ih_l${numLayers}`)) numLayers++;
  const bidirectional = map.has(`${prefix}weight_ih_l0_reverse`);
  const rnn = new RNN({
    cell: spec.type,
    inputSize: w0.shape[1]!,
    hiddenSize: hidden,
    numLayers,
    bidirectional,
    merge: spec.merge,
    residual: spec.residual,
    dropout: spec.dropout,
    rng: spec.rng,
    resetAfter: spec.type === 'gru' ? true : undefined,
    activation: spec.type === 'rnn' ? ((spec.nonlinearity ?? 'tanh') as RecurrentActivation) : undefined,
  });
  const weights = new Map<string, tf.Tensor>();
  try {
    for (let l = 0; l < numLayers; l++) {
      for (const s of bidirectional ? ['', '_reverse'] : ['']) {
        const name = `l${l}${s}`;
        const key = (k: string) => `${prefix}${k}_l${l}${s}`;
        weights.set(`${name}.kernel`, transposed(need(map, key('weight_ih'), 2, `layer ${l}${s} input weights`)));
        weights.set(`${name}.recurrentKernel`, transposed(need(map, key('weight_hh'), 2, `layer ${l}${s} recurrent weights`)));
        const bIh = map.get(key('bias_ih'));
        const bHh = map.get(key('bias_hh'));
        const zeros = () => tf.zeros([gates * hidden]);
        if (spec.type === 'gru') {
          weights.set(`${name}.bias`, bIh ? tf.cast(bIh, 'float32') : zeros());
          weights.set(`${name}.recurrentBias`, bHh ? tf.cast(bHh, 'float32') : zeros());
        } else {
          weights.set(`${name}.bias`, tf.tidy(() => tf.add(bIh ? tf.cast(bIh, 'float32') : zeros(), bHh ? tf.cast(bHh, 'float32') : zeros())));
        }
      }
    }
    rnn.loadWeights(weights);
  } catch (e) {
    rnn.dispose();
    throw e;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
  return rnn;
}

/**
 * Builds modules from a PyTorch state dict, one per entry of `specs` (keyed by the module's
 * attribute name, the prefix of its parameters in the state dict).
 *
 * @example
 * // torch: save_file(model.state_dict(), 'model.safetensors') with
 * //   model.embedding = nn.Embedding(...), model.rnn = nn.GRU(..., bidirectional=True), model.proj = nn.Linear(...)
 * const m = fromTorchStateDict(tensors, { embedding: { type: 'embedding' }, rnn: { type: 'gru' }, proj: { type: 'linear' } });
 * const logits = m.proj.apply(m.rnn.apply(m.embedding.apply(ids), { lengths }).output);
 */
export function fromTorchStateDict<S extends Record<string, TorchModuleSpec>>(dict: TorchStateDict, specs: S): { [K in keyof S]: TorchModule<S[K]> } {
  const map = toMap(dict);
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const prefix = name === '' ? '' : `${name}.`;
    if (spec.type === 'linear') {
      const w = need(map, `${prefix}weight`, 2, 'nn.Linear weight [out, in]');
      const b = map.get(`${prefix}bias`);
      const lin = new Linear({ inputSize: w.shape[1]!, outputSize: w.shape[0]!, bias: b != null });
      const kernel = transposed(w);
      try {
        lin.loadWeights(b ? { kernel, bias: b } : { kernel });
      } finally {
        kernel.dispose();
      }
      out[name] = lin;
    } else if (spec.type === 'embedding') {
      const w = need(map, `${prefix}weight`, 2, 'nn.Embedding weight [num, dim]');
      const emb = new Embedding({ vocabSize: w.shape[0]!, embeddingSize: w.shape[1]!, paddingIdx: spec.paddingIdx });
      emb.loadWeights({ weight: w });
      out[name] = emb;
    } else {
      out[name] = loadTorchRNN(map, spec, prefix);
    }
  }
  return out as { [K in keyof S]: TorchModule<S[K]> };
}

/**
 * The parameters of `rnn` under PyTorch's names and layout (`weight_ih_l0`, ...), ready to be
 * written to safetensors and loaded with `load_state_dict`. The GRU must be `resetAfter`
 * (PyTorch has no reset-before GRU); RNN and LSTM biases are written as `bias_ih` with a zero
 * `bias_hh`. The caller owns the returned tensors.
 */
export function toTorchStateDict(rnn: RNN, prefix = ''): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  rnn.cells.forEach((dirs, l) =>
    dirs.forEach((cell, d) => {
      const s = d === 1 ? '_reverse' : '';
      const rec = (cell as unknown as { recurrentBias?: tf.Variable | null }).recurrentBias;
      if (rnn.cellType === 'gru' && !rec) throw new InputError('toTorchStateDict: only a resetAfter GRU has a PyTorch equivalent');
      out.set(`${prefix}weight_ih_l${l}${s}`, tf.transpose(cell.kernel));
      out.set(`${prefix}weight_hh_l${l}${s}`, tf.transpose(cell.recurrentKernel));
      out.set(`${prefix}bias_ih_l${l}${s}`, cell.bias.clone());
      out.set(`${prefix}bias_hh_l${l}${s}`, rec ? rec.clone() : tf.zerosLike(cell.bias));
    }),
  );
  return out;
}
