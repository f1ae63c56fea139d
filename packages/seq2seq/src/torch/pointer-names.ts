/**
 * The parameter names of a {@link PointerNetwork} in PyTorch (the reference model in
 * `python/seq2seq_torch/pointer.py`) and here, and how each tensor's layout changes between them:
 *
 *     here                                   PyTorch                                   layout
 *     encoder.l{k}.kernel (LSTM encoder)     encoder.weight_ih_l{k}  [4H, in]           transposed
 *     encoder.l{k}.recurrentKernel           encoder.weight_hh_l{k}  [4H, H]            transposed
 *     encoder.l{k}.bias                      encoder.bias_ih_l{k} + bias_hh_l{k}        same (the sum)
 *     decoder.l{k}.*                         decoder.* (as the encoder)
 *     {module}.kernel (every Linear: embed,  {module}.weight [out, in] (nn.Linear)      transposed
 *       init, encoder.input, attention{i}.qkv / .out, ff{i}.f.l0 / .l1)
 *     {module}.gain (every LayerNorm)        {module}.weight (nn.LayerNorm)            same
 *     {module}.bias, pointer.*.W1 / W2 / v,  same                                      same
 *       start, end
 *
 * Gate blocks are in PyTorch's order (LSTM i, f, g, o), the order used here.
 */
import type { TorchSource } from './names';

const RECURRENT = /^(encoder|decoder)\.l(\d+)\.(kernel|recurrentKernel|bias)$/;
const LINEAR_OR_NORM = /^(.+)\.(kernel|gain)$/;
const SAME = /^(start|end|pointer\.(glimpse\d+|pointer)\.(W1|W2|v)|.+\.bias)$/;

/**
 * Where the parameter `name` of a {@link PointerNetwork} lives in a PyTorch state dict of the
 * reference model, or null for a name this mapping does not know. `lstmEncoder`: whether the
 * network's encoder is the LSTM (its `encoder.l{k}.*` are a stack; the attention encoder has none).
 */
export function pointerTorchSourceOf(name: string, lstmEncoder: boolean): TorchSource | null {
  const r = RECURRENT.exec(name);
  if (r && (r[1] === 'decoder' || lstmEncoder)) {
    const [, stack, layer, field] = r;
    if (field === 'kernel') return { name: `${stack}.weight_ih_l${layer}`, transposed: true };
    if (field === 'recurrentKernel') return { name: `${stack}.weight_hh_l${layer}`, transposed: true };
    return { name: `${stack}.bias_ih_l${layer}`, transposed: false, addend: `${stack}.bias_hh_l${layer}` };
  }
  const l = LINEAR_OR_NORM.exec(name);
  if (l) return { name: `${l[1]}.weight`, transposed: l[2] === 'kernel' };
  return SAME.test(name) ? { name, transposed: false } : null;
}
