/**
 * Token embedding: a learned table `W: [vocabSize, embeddingSize]` whose row `i` is the vector of
 * token `i` (Bengio et al. 2003). `apply(ids)` looks rows up: `[...] -> [..., embeddingSize]`.
 *
 * It trains on every backend, WASM included: the lookup is {@link gatherRows}, whose gradient
 * is a hand-written scatter-add rather than tfjs's `gather` gradient (which needs the
 * `UnsortedSegmentSum` kernel that WASM lacks, tensorflow/tfjs #8082).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, type ShapeError } from './errors';
import { uniform, type Initializer } from './initializers';
import { Module } from './module';
import { gatherRows } from './ops/gather-rows';
import { Rng } from './rng';
import { checkInt, checkTensor } from './validate';

/** Configuration of {@link Embedding}. */
export interface EmbeddingConfig {
  /** Vocabulary size: ids are in `[0, vocabSize)`. Required. */
  vocabSize: number;
  /** Size of each embedding vector. Required. */
  embeddingSize: number;
  /**
   * Initialiser of the table. Default `uniform(0.08)`, U[-0.08, 0.08] as in Sutskever et al.
   * (2014), small enough that the table can also be tied to an output projection.
   * Porting note: PyTorch's `nn.Embedding` draws N(0, 1) (pass `normal(1)` to match), Keras's
   * `Embedding` U[-0.05, 0.05].
   */
  weightInit?: Initializer;
  /**
   * Id of a padding token: its row starts at zero and gets no gradient, so it stays zero in
   * training (as PyTorch's `padding_idx`). Default: none.
   */
  paddingIdx?: number;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
  /**
   * Also range-check ids given as a tensor, with this module's error message. Off by default: it
   * reads the ids back to the host, a synchronous stall on GPU backends. (The CPU and WASM
   * kernels check tensor ids themselves, with a terser message; WebGL and WebGPU do not.) Ids
   * given as arrays are always checked.
   */
  checkTensorIds?: boolean;
}

/** Token ids given from the host: a flat or nested array, or a typed array (rank 1). */
export type TokenIds =
  | readonly number[]
  | readonly (readonly number[])[]
  | Int32Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** A lookup table of `vocabSize` vectors of size `embeddingSize`. */
export class Embedding extends Module {
  /** Vocabulary size. */
  readonly vocabSize: number;
  /** Size of each vector. */
  readonly embeddingSize: number;
  /** The padding id whose row stays zero, or null. */
  readonly paddingIdx: number | null;
  /** `[vocabSize, embeddingSize]` (parameter name `weight`) */
  readonly weight: tf.Variable;
  readonly #checkTensorIds: boolean;

  constructor(config: EmbeddingConfig) {
    super();
    if (config == null || typeof config !== 'object') throw new InputError('Embedding: a config object { vocabSize, embeddingSize } is required');
    this.vocabSize = checkInt(config.vocabSize, 'vocabSize', 'Embedding', 1);
    this.embeddingSize = checkInt(config.embeddingSize, 'embeddingSize', 'Embedding', 1);
    this.paddingIdx =
      config.paddingIdx === undefined ? null : checkInt(config.paddingIdx, 'paddingIdx', 'Embedding', 0, this.vocabSize - 1);
    this.#checkTensorIds = config.checkTensorIds ?? false;
    const init = config.weightInit ?? uniform(0.08);
    const pad = this.paddingIdx;
    const withZeroPad: Initializer = pad === null ? init : (shape, rng) => {
      const w = init(shape, rng); // [V, D]
      const keep = tf.sub(1, tf.reshape(tf.oneHot(tf.tensor1d([pad], 'int32'), this.vocabSize), [-1, 1])); // [V, 1]
      return tf.mul(w, keep);
    };
    this.weight = this.addParameter('weight', [this.vocabSize, this.embeddingSize], withZeroPad, config.rng ?? new Rng(0));
  }

  /**
   * Looks up `ids` (`[...]`, an int32 tensor or numbers from the host) and returns `[..., embeddingSize]`.
   *
   * Ids from arrays are checked on the host: an id outside `[0, vocabSize)` throws an
   * {@link InputError} naming the range and the position. Tensor ids must be int32 (else a
   * {@link ShapeError}); their range is checked here only with `checkTensorIds`. Without it, the
   * CPU and WASM kernels still throw on an out-of-range id, while WebGL and WebGPU return zeros.
   */
  apply(ids: tf.Tensor | TokenIds): tf.Tensor {
    if (isTensor(ids)) {
      checkTensor(ids, 'ids', 'Embedding.apply', ids.shape.map(() => null), new Map(), 'int32');
      if (this.#checkTensorIds) this.#checkRange(ids.dataSync(), ids.shape);
      return gatherRows(this.weight, ids, this.paddingIdx ?? undefined);
    }
    const [flat, shape] = flattenIds(ids);
    this.#checkRange(flat, shape);
    return tf.tidy(() => gatherRows(this.weight, tf.tensor(flat, shape, 'int32'), this.paddingIdx ?? undefined));
  }

  #checkRange(flat: ArrayLike<number>, shape: readonly number[]): void {
    const n = this.vocabSize;
    for (let i = 0; i < flat.length; i++) {
      const id = flat[i]!;
      if (!(Number.isInteger(id) && id >= 0 && id < n)) {
        throw new InputError(
          `Embedding.apply: ids must be integers in [0, ${n - 1}] (vocabSize = ${n}), got ${id} at ${position(i, shape)}`,
        );
      }
    }
  }
}

function isTensor(x: unknown): x is tf.Tensor {
  return x instanceof tf.Tensor || (x != null && typeof x === 'object' && 'dataId' in x && 'shape' in x);
}

/** Flattens host ids (rank 1 or 2) into a plain array and its shape; rejects ragged input. */
function flattenIds(ids: TokenIds): [ArrayLike<number>, number[]] {
  if (ArrayBuffer.isView(ids)) return [ids, [ids.length]];
  if (!Array.isArray(ids)) {
    throw new InputError(`Embedding.apply: 'ids' must be a tf.Tensor, an array or a typed array, got ${typeof ids}`);
  }
  if (ids.length === 0 || !Array.isArray(ids[0])) return [ids as readonly number[], [ids.length]];
  const rows = ids as readonly (readonly number[])[];
  const width = rows[0]!.length;
  const flat = new Array<number>(rows.length * width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new InputError(`Embedding.apply: 'ids' must be rectangular: row 0 has ${width} ids, row ${r} has ${Array.isArray(row) ? row.length : 'none'}`);
    }
    for (let c = 0; c < width; c++) flat[r * width + c] = row[c]!;
  });
  return [flat, [rows.length, width]];
}

/** `[i]` or `[r, c]`: where flat index `i` sits in `shape`. */
function position(i: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    index.unshift(size === 0 ? 0 : i % size);
    i = size === 0 ? 0 : Math.floor(i / size);
  }
  return `position [${index.join(', ')}]`;
}
