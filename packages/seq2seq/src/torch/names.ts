/**
 * The parameter names of a {@link Seq2Seq} in PyTorch (the reference model in `python/seq2seq_torch`)
 * and here, and how each tensor's layout changes between them:
 *
 *     here                                   PyTorch                                   layout
 *     source_embedding.weight / target_...   same (nn.Embedding)                       same
 *     encoder.l{k}{s}.kernel                 encoder.weight_ih_l{k}{s}  [G*H, in]       transposed
 *     encoder.l{k}{s}.recurrentKernel        encoder.weight_hh_l{k}{s}  [G*H, H]        transposed
 *     encoder.l{k}{s}.bias                   encoder.bias_ih_l{k}{s} (+ bias_hh_l{k}{s}  same (rnn/lstm: the sum)
 *                                            for rnn/lstm; the lecture's GRU has one bias)
 *     decoder.*                              decoder.* (as the encoder)
 *     bridge / bridge_cell / combine /       {name}.weight [out, in] (nn.Linear)        transposed
 *       output .kernel
 *     {name}.bias                            {name}.bias                               same
 *     attention.W / W1 / W2 / v              same                                      same
 *
 * `{s}` is `''` or `'_reverse'`; gate blocks are in PyTorch's order (GRU r, z, n; LSTM i, f, g, o).
 */

/** How one parameter here is stored in PyTorch. */
export interface TorchSource {
  /** PyTorch name. */
  name: string;
  /** Whether the PyTorch tensor is the transpose of ours. */
  transposed: boolean;
  /** A second PyTorch tensor added to the first (`bias_hh` of rnn/lstm), if any. */
  addend?: string;
}

const RECURRENT = /^(encoder|decoder)\.l(\d+)(_reverse)?\.(kernel|recurrentKernel|bias|recurrentBias)$/;
const LINEAR = /^(bridge|bridge_cell|combine|output)\.(kernel|bias)$/;

/**
 * Where the parameter `name` of a {@link Seq2Seq} lives in a PyTorch state dict, or null for a
 * name this mapping does not know; `cells` gives the cell of each stack (rnn/lstm keep `bias_hh`).
 */
export function torchSourceOf(name: string, cells: { encoder: string; decoder: string }): TorchSource | null {
  const r = RECURRENT.exec(name);
  if (r) {
    const [, stack, layer, reverse, field] = r;
    const suffix = `_l${layer}${reverse ?? ''}`;
    if (field === 'kernel') return { name: `${stack}.weight_ih${suffix}`, transposed: true };
    if (field === 'recurrentKernel') return { name: `${stack}.weight_hh${suffix}`, transposed: true };
    if (field === 'recurrentBias') return null; // a reset-after GRU: never part of a Seq2Seq
    const cell = cells[stack as 'encoder' | 'decoder'];
    return { name: `${stack}.bias_ih${suffix}`, transposed: false, ...(cell === 'gru' ? {} : { addend: `${stack}.bias_hh${suffix}` }) };
  }
  const l = LINEAR.exec(name);
  if (l) return l[2] === 'kernel' ? { name: `${l[1]}.weight`, transposed: true } : { name, transposed: false };
  if (/^(source_embedding|target_embedding)\.weight$/.test(name) || /^attention\.(W|W1|W2|v)$/.test(name)) return { name, transposed: false };
  return null;
}
