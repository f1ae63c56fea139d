/**
 * Batches for truncated back-propagation through time (TBPTT) over one long text, as char-rnn
 * (Karpathy 2015) and the PyTorch word-language-model example batch it:
 *
 *     ids:   c_0 c_1 ... c_{N-1}                  (N ids; N - 1 next-char pairs)
 *     rows:  row r owns the contiguous stretch c_{rL} .. c_{rL+L} (L = floor((N - 1) / batchSize))
 *     window k of row r: inputs  c_{rL + kT} .. c_{rL + kT + t - 1}
 *                        targets c_{rL + kT + 1} .. c_{rL + kT + t}     (t = T, or less for the last)
 *
 * Row r of window k + 1 continues exactly where row r of window k stopped, so the final state of
 * row r after window k is the right initial state for window k + 1: a model carries its state
 * across windows (detached) and sees every stretch as one unbroken sequence. The last
 * `(N - 1) mod batchSize` pairs are dropped; the last window may be shorter than `seqLen`.
 */
import { checkInteger, DatasetError } from '../errors';

/** Options of {@link tbpttBatches}. */
export interface TbpttOptions {
  /** Rows of every batch (contiguous stretches of the text). Required. */
  batchSize: number;
  /** Time steps of every window (the TBPTT length); the last window may be shorter. Required. */
  seqLen: number;
}

/** One window of every row: host arrays, row-major `[batch, time]`, so rows split as subarrays. */
export interface TbpttBatch {
  /** Input ids, `[batch, time]` row-major. */
  inputs: Int32Array;
  /** Next-character ids, `[batch, time]` row-major: `targets[r, t]` is the id after `inputs[r, t]`. */
  targets: Int32Array;
  /** Rows. */
  batch: number;
  /** Time steps of this window. */
  time: number;
  /** Window index, 0 for the first: a model resets its carried state at window 0. */
  window: number;
  /** Windows in the pass over the text. */
  windows: number;
}

/** Windows of a pass over `length` ids with these options (what {@link tbpttBatches} yields). */
export function tbpttWindowCount(length: number, options: TbpttOptions): number {
  const { batchSize, seqLen } = checkOptions(options, 'tbpttWindowCount');
  checkInteger(length, 'length', 'tbpttWindowCount');
  const stretch = Math.floor((length - 1) / batchSize);
  return stretch > 0 ? Math.ceil(stretch / seqLen) : 0;
}

function checkOptions(options: TbpttOptions, fn: string): TbpttOptions {
  if (options == null || typeof options !== 'object') throw new DatasetError(`${fn}: expected options { batchSize, seqLen }, got ${String(options)}`);
  return { batchSize: checkInteger(options.batchSize, 'batchSize', fn, 1), seqLen: checkInteger(options.seqLen, 'seqLen', fn, 1) };
}

/**
 * The windows of one pass over `ids`, in order (see the module comment). An array, so a trainer
 * knows how many batches an epoch has. Throws a {@link DatasetError} when the text is too short
 * to give every row at least one next-char pair (`ids.length < batchSize + 1`).
 *
 * @example
 * const batches = tbpttBatches(vocab.encode(text).ids, { batchSize: 32, seqLen: 100 });
 */
export function tbpttBatches(ids: ArrayLike<number>, options: TbpttOptions): TbpttBatch[] {
  const fn = 'tbpttBatches';
  const { batchSize, seqLen } = checkOptions(options, fn);
  if (ids == null || typeof ids.length !== 'number') throw new DatasetError(`${fn}: 'ids' must be an array of ids, got ${String(ids)}`);
  const stretch = Math.floor((ids.length - 1) / batchSize); // next-char pairs per row
  if (stretch < 1) {
    throw new DatasetError(`${fn}: a text of ${ids.length} ids is too short for ${batchSize} rows; it needs at least batchSize + 1 = ${batchSize + 1} ids`);
  }
  const windows = Math.ceil(stretch / seqLen);
  const out: TbpttBatch[] = [];
  for (let k = 0; k < windows; k++) {
    const start = k * seqLen;
    const time = Math.min(seqLen, stretch - start);
    const inputs = new Int32Array(batchSize * time);
    const targets = new Int32Array(batchSize * time);
    for (let r = 0; r < batchSize; r++) {
      const from = r * stretch + start;
      for (let t = 0; t < time; t++) {
        inputs[r * time + t] = ids[from + t]!;
        targets[r * time + t] = ids[from + t + 1]!;
      }
    }
    out.push({ inputs, targets, batch: batchSize, time, window: k, windows });
  }
  return out;
}
