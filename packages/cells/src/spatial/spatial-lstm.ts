/**
 * Spatial (two-dimensional) LSTM: Graves, Fernandez and Schmidhuber 2007, "Multi-dimensional
 * recurrent neural networks", in the form used by Theis and Bethge 2015, "Generative image
 * modeling using spatial LSTMs". Position (i, j) of a grid reads its input and the states of its
 * upper and left neighbours:
 *
 *     [i, o, f_up, f_left, g] = W x_ij + U_up h_{i-1,j} + U_left h_{i,j-1} + b
 *     i, o, f_up, f_left = sigma(.)        g = tanh(.)
 *     c_ij = f_up * c_{i-1,j} + f_left * c_{i,j-1} + i * g
 *     h_ij = o * tanh(c_ij)
 *
 * States outside the grid are zero. Stacked layers read the layer below's h at the same position.
 * Weights: `kernel` `[inputSize, 5H]`, `recurrentKernel` `[2H, 5H]` (rows `0..H-1` are `U_up`,
 * `H..2H-1` are `U_left`), `bias` `[5H]`, gate blocks in the order i, o, f_up, f_left, g.
 *
 * Schedule: all positions of one anti-diagonal (i + j = d) depend only on diagonal d - 1, so the
 * grid runs as `height + width - 1` batched steps (see `diagonals.ts`); the up and left
 * neighbours of diagonal d are two row blocks of diagonal d - 1's states padded with a zero block
 * at each end. Gradients: tfjs autodiff through the block copies and the product, and written out
 * for the gate math (`memory`, `output` below), which autodiff would run as three times the kernels.
 *
 * On the WASM backend the whole grid of a layer runs natively instead (`native.ts`: one call
 * forward, one backward, the input projection `x W + b` as one product outside), chosen as the
 * sequence runner chooses (`setNativeKernelMode`): the per-diagonal path above runs about 110
 * small kernels per diagonal and layer, whose overhead was about 40% of a 28x28 training step's
 * CPU time (seq2seq's `bench/spatial.ts`: 51 against 81 images per CPU-second).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt, checkNumber, checkTensor, glorotUniform, InputError, Module, Rng, ShapeError, zeros, type Initializer } from '@seq2seq/core';
import { blockOrthogonal } from '../cell-base';
import { nativeKernelsAvailable, nativeTrainingAvailable, packPanels, spatialLstmStep } from '../native/kernels';
import { DerivedWeights, linear, recordingGradients, takeCols, takeRows, tanhOp } from '../ops';
import { concatCols, concatRows, diagonals } from './diagonals';
import { nativeSpatialLayer } from './native';

/** Configuration of {@link SpatialLstm}. */
export interface SpatialLstmConfig {
  /** Features of the input at each position. Required. */
  inputSize: number;
  /** Units of each layer (H). Required. */
  hiddenSize: number;
  /** Stacked layers; layer l > 0 reads layer l - 1's h at the same position. Default 1. */
  numLayers?: number;
  /**
   * Initial bias of both forget blocks. Default 0: each forget gate starts near 1/2, so
   * `c = (c_up + c_left) / 2 + i g` stays bounded. (With 1, both start near 0.73 and the sum of the
   * two memories grows with the number of paths from the corner, about 1.46^(i+j).)
   */
  forgetBias?: number;
  /** Initialiser of each `kernel` `[in, 5H]`. Default Glorot uniform. */
  weightInit?: Initializer;
  /** Initialiser of each `recurrentKernel` `[2H, 5H]`. Default orthogonal per gate block. */
  recurrentInit?: Initializer;
  /** Initialiser of each `bias` `[5H]`. Default zeros with the forget blocks at `forgetBias`. */
  biasInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** The state of one layer at a set of positions: `h` and `c`, each `[n, hiddenSize]`. */
export interface SpatialState {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

/** The size of a grid run in diagonal-major order. */
export interface GridSize {
  batch: number;
  height: number;
  width: number;
}

/** One layer's parameters. */
class SpatialLstmLayer extends Module {
  readonly kernel: tf.Variable; // [in, 5H]
  readonly recurrentKernel: tf.Variable; // [2H, 5H]
  readonly bias: tf.Variable; // [5H]

  constructor(inputSize: number, hiddenSize: number, config: SpatialLstmConfig, forgetBias: number, rng: Rng) {
    super();
    const H = hiddenSize;
    const defaultBias: Initializer = () => tf.concat([tf.zeros([2 * H]), tf.fill([2 * H], forgetBias), tf.zeros([H])]);
    this.kernel = this.addParameter('kernel', [inputSize, 5 * H], config.weightInit ?? glorotUniform(), rng);
    this.recurrentKernel = this.addParameter('recurrentKernel', [2 * H, 5 * H], config.recurrentInit ?? blockOrthogonal(5), rng);
    this.bias = this.addParameter('bias', [5 * H], config.biasInit ?? (forgetBias === 0 ? zeros() : defaultBias), rng);
  }
}

/** A stack of two-dimensional LSTM layers over a grid; see the module comment. */
export class SpatialLstm extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly #layers: SpatialLstmLayer[];
  /** Per layer, the packed weights `step` uses natively, kept while the weights do not change. */
  readonly #stepCaches: DerivedWeights[];

  constructor(config: SpatialLstmConfig) {
    super();
    const op = 'SpatialLstm';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize, hiddenSize } is required`);
    this.inputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.hiddenSize = checkInt(config.hiddenSize, 'hiddenSize', op, 1);
    this.numLayers = checkInt(config.numLayers ?? 1, 'numLayers', op, 1);
    const forgetBias = checkNumber(config.forgetBias ?? 0, 'forgetBias', op);
    const rng = config.rng ?? new Rng(0);
    this.#layers = [];
    for (let l = 0; l < this.numLayers; l++) {
      const layer = new SpatialLstmLayer(l === 0 ? this.inputSize : this.hiddenSize, this.hiddenSize, config, forgetBias, rng);
      this.#layers.push(this.addModule(`l${l}`, layer));
    }
    this.#stepCaches = this.#layers.map(() => new DerivedWeights());
  }

  protected override disposeCaches(): void {
    for (const c of this.#stepCaches) c.dispose();
  }

  /** `x: [batch, height, width, inputSize]` -> the last layer's h `[batch, height, width, hiddenSize]`. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    checkTensor(x, 'x', 'SpatialLstm.apply', ['batch', 'height', 'width', this.inputSize]);
    const [B, Hh, W] = x.shape;
    if (B === 0 || Hh === 0 || W === 0) throw new ShapeError(`SpatialLstm.apply: argument 'x' must have a non-empty batch and grid, got [${x.shape.join(', ')}]`);
    const H = this.hiddenSize;
    const G = this.inputSize;
    const D = Hh + W - 1;
    const diags = diagonals(Hh, W);
    return tf.tidy(() => {
      // Skew: padding each row to W + Hh and reading the rows with stride W + Hh - 1 moves (i, j) to column i + j.
      const padded = tf.pad(x, [[0, 0], [0, 0], [0, Hh], [0, 0]]); // [B, Hh, W + Hh, G]
      const flat = tf.reshape(padded, [B, Hh * (W + Hh), G]);
      const skewed = tf.reshape(tf.slice(flat, [0, 0, 0], [B, Hh * D, G]), [B, Hh, D, G]); // [B, Hh, D, G]: (i, d) holds (i, d - i)
      const byDiagonal = tf.reshape(tf.transpose(skewed, [2, 1, 0, 3]), [D * Hh * B, G]) as tf.Tensor2D; // rows (d, i, b)
      const xs = concatRows(diags.map((g) => takeRows(byDiagonal, (g.d * Hh + g.first) * B, g.count * B))); // [Hh W B, G] diagonal-major
      const ys = this.applyDiagonalMajor(xs, { batch: B, height: Hh, width: W }); // [Hh W B, H]
      // Back: each diagonal padded to Hh rows, then the inverse skew (stride D + 1 reads column i + j of row i).
      const parts: tf.Tensor2D[] = [];
      for (const g of diags) {
        if (g.first > 0) parts.push(tf.zeros([g.first * B, H]));
        parts.push(takeRows(ys, g.offset * B, g.count * B)); // [n B, H]
        if (g.last < Hh - 1) parts.push(tf.zeros([(Hh - 1 - g.last) * B, H]));
      }
      const skewedOut = tf.transpose(tf.reshape(concatRows(parts), [D, Hh, B, H]), [2, 1, 0, 3]); // [B, Hh, D, H]
      const flatOut = tf.pad(tf.reshape(skewedOut, [B, Hh * D, H]), [[0, 0], [0, Hh], [0, 0]]); // [B, Hh (D + 1), H]
      return tf.slice(tf.reshape(flatOut, [B, Hh, D + 1, H]), [0, 0, 0, 0], [B, Hh, W, H]) as tf.Tensor4D; // [B, Hh, W, H]
    });
  }

  /**
   * The run on an input already in diagonal-major order (see `diagonals.ts`; a density model
   * builds its inputs in that order on the host and never reorders tensors):
   * `x: [height * width * batch, inputSize]` -> the last layer's h `[height * width * batch, hiddenSize]`, same order.
   */
  applyDiagonalMajor(x: tf.Tensor2D, grid: GridSize): tf.Tensor2D {
    const op = 'SpatialLstm.applyDiagonalMajor';
    if (grid == null || typeof grid !== 'object') throw new InputError(`${op}: expected a grid { batch, height, width }`);
    const B = checkInt(grid.batch, 'batch', op, 1);
    const Hh = checkInt(grid.height, 'height', op, 1);
    const W = checkInt(grid.width, 'width', op, 1);
    checkTensor(x, 'x', op, [Hh * W * B, this.inputSize]);
    if (recordingGradients() ? nativeTrainingAvailable() : nativeKernelsAvailable()) return this.#applyNative(x, { batch: B, height: Hh, width: W });
    const H = this.hiddenSize;
    const caches = this.#layers.map(() => new DerivedWeights());
    try {
      return tf.tidy(() => {
        const weights = this.#layers.map((l) => layerWeights(l));
        const zero = tf.zeros([B, H]) as tf.Tensor2D;
        const k = gateOps();
        // The previous diagonal's states per layer, padded with a zero block at each end; `first` is its first row.
        let prev = this.#layers.map(() => ({ h: tf.zeros([2 * B, H]) as tf.Tensor2D, c: tf.zeros([2 * B, H]) as tf.Tensor2D, first: 0 }));
        const outputs: tf.Tensor2D[] = [];
        for (const g of diagonals(Hh, W)) {
          const n = g.count * B;
          let input = takeRows(x, g.offset * B, n); // [n B, in]
          const next: typeof prev = [];
          for (let l = 0; l < this.numLayers; l++) {
            const p = prev[l]!;
            const s = (g.first - p.first) * B; // padded block k holds row p.first - 1 + k
            const up = { h: takeRows(p.h, s, n), c: takeRows(p.c, s, n) }; // (i - 1, j): [n B, H]
            const left = { h: takeRows(p.h, s + B, n), c: takeRows(p.c, s + B, n) }; // (i, j - 1): [n B, H]
            const { h, c } = cellStep(input, up, left, weights[l]!, H, k, caches[l]!);
            next.push({ h: concatRows([zero, h, zero]), c: concatRows([zero, c, zero]), first: g.first }); // [(n + 2) B, H]
            input = h;
          }
          outputs.push(input);
          prev = next;
        }
        return concatRows(outputs); // [Hh W B, H]
      });
    } finally {
      for (const c of caches) c.dispose();
    }
  }

  /** {@link SpatialLstm.applyDiagonalMajor} on the native kernels, layer by layer over the whole grid (`native.ts`). */
  #applyNative(x: tf.Tensor2D, grid: GridSize): tf.Tensor2D {
    const caches = this.#layers.map(() => new DerivedWeights());
    try {
      return tf.tidy(() => {
        let input = x; // [Hh W B, in]
        this.#layers.forEach((layer, l) => {
          const xP = linear(input, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D, caches[l]); // [Hh W B, in] x [in, 5H] + [5H] -> [Hh W B, 5H]
          input = nativeSpatialLayer(xP, layer.recurrentKernel as tf.Tensor2D, { ...grid, hidden: this.hiddenSize }); // [Hh W B, H]
        });
        return input;
      });
    } finally {
      for (const c of caches) c.dispose();
    }
  }

  /**
   * One position of every layer, for generation in raster order: `x: [n, inputSize]` and the
   * states of the upper and left neighbours (one per layer; `null` for outside the grid, i.e.
   * zeros) -> the new state of every layer (new tensors; the caller disposes them). The last
   * layer's `h` is the output.
   */
  step(x: tf.Tensor2D, up: readonly SpatialState[] | null, left: readonly SpatialState[] | null): SpatialState[] {
    const op = 'SpatialLstm.step';
    const dims = new Map<string, number>();
    checkTensor(x, 'x', op, ['n', this.inputSize], dims);
    const H = this.hiddenSize;
    for (const [name, states] of [['up', up], ['left', left]] as const) {
      if (states === null) continue;
      if (!Array.isArray(states) || states.length !== this.numLayers) throw new InputError(`${op}: '${name}' must be null or one { h, c } per layer (${this.numLayers}), got ${Array.isArray(states) ? states.length : typeof states}`);
      states.forEach((s, l) => {
        checkTensor(s?.h, `${name}[${l}].h`, op, ['n', H], dims);
        checkTensor(s?.c, `${name}[${l}].c`, op, ['n', H], dims);
      });
    }
    const n = x.shape[0];
    if (!recordingGradients() && nativeKernelsAvailable()) {
      // Natively (WASM): per layer one product x W + b and one call for the cell, with the packed
      // weights cached: 2 kernels where the tfjs ops below run over 20.
      return tf.tidy(() => {
        const out: SpatialState[] = [];
        let input = x;
        this.#layers.forEach((layer, l) => {
          const cache = this.#stepCaches[l]!;
          const xP = linear(input, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D, cache); // [n, 5H]
          const u = cache.get('recurrentPacked', layer.recurrentKernel, (s) => packPanels(s as tf.Tensor2D)); // panels of [2H, 5H]
          const [h, c] = spatialLstmStep(xP, u, up?.[l] ?? null, left?.[l] ?? null) as [tf.Tensor2D, tf.Tensor2D]; // [n, H] each
          out.push({ h, c });
          input = h;
        });
        return out as unknown as tf.TensorContainer;
      }) as unknown as SpatialState[];
    }
    return tf.tidy(() => {
      const k = gateOps();
      const zero = tf.zeros([n, H]) as tf.Tensor2D;
      const out: SpatialState[] = [];
      let input = x;
      this.#layers.forEach((layer, l) => {
        const s = cellStep(input, up?.[l] ?? { h: zero, c: zero }, left?.[l] ?? { h: zero, c: zero }, layerWeights(layer), H, k);
        out.push(s);
        input = s.h;
      });
      return out as unknown as tf.TensorContainer;
    }) as unknown as SpatialState[];
  }
}

interface GateOps {
  tanh: (x: tf.Tensor) => tf.Tensor2D;
}

function gateOps(): GateOps {
  return { tanh: tanhOp(tf.scalar(1), tf.scalar(2)) };
}

/** A layer's weights as the step uses them: `[W; U_up; U_left]` `[in + 2H, 5H]` and `b` `[5H]`. */
interface LayerWeights {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

function layerWeights(layer: SpatialLstmLayer): LayerWeights {
  return { kernel: tf.concat([layer.kernel, layer.recurrentKernel], 0) as tf.Tensor2D, bias: layer.bias as tf.Tensor1D };
}

/**
 * The cell equations (module comment) at `n` positions at once: one product of `[x, h_up, h_left]`
 * (whose gradient takes column blocks, see {@link concatCols}) rather than three (fewer kernels:
 * a 16x16 step at batch 32 spends most of its time in per-kernel overhead).
 */
function cellStep(x: tf.Tensor2D, up: SpatialState, left: SpatialState, w: LayerWeights, H: number, k: GateOps, cache?: DerivedWeights): SpatialState {
  const z = linear(concatCols([x, up.h, left.h]), w.kernel, w.bias, cache); // [n, in + 2H] x [in + 2H, 5H] -> [n, 5H]
  const c = memory(z, up.c, left.c, H, k); // [n, H]
  const h = output(z, c, H, k); // [n, H]
  return { h, c };
}

/**
 * `c = f_up c_up + f_left c_left + i g` from the pre-activations `z` `[n, 5H]`, with the gradient
 * written out (a third of the kernels autodiff runs through the same ops):
 *
 *     dz_i = dc g i (1 - i)   dz_up = dc c_up f_up (1 - f_up)   dz_left = dc c_left f_left (1 - f_left)
 *     dz_g = dc i (1 - g^2)   dz_o = 0                          dc_up = dc f_up   dc_left = dc f_left
 */
function memory(z: tf.Tensor2D, cUp: tf.Tensor2D, cLeft: tf.Tensor2D, H: number, k: GateOps): tf.Tensor2D {
  const op = tf.customGrad(((zi: tf.Tensor2D, cu: tf.Tensor2D, cl: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const s = tf.sigmoid(takeCols(zi, 0, 4 * H)); // [n, 4H]: i, o, f_up, f_left
    const i = takeCols(s, 0, H);
    const fUp = takeCols(s, 2 * H, H);
    const fLeft = takeCols(s, 3 * H, H);
    const g = k.tanh(takeCols(zi, 4 * H, H)); // [n, H]
    save([i, fUp, fLeft, g, cu, cl]);
    return {
      value: tf.add(tf.add(tf.mul(fUp, cu), tf.mul(fLeft, cl)), tf.mul(i, g)), // [n, H]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [si, su, sl, sg, scu, scl] = saved as tf.Tensor2D[];
        const dc = dy as tf.Tensor2D; // [n, H]
        const dzI = tf.mul(tf.mul(dc, sg!), tf.mul(si!, tf.sub(1, si!)));
        const dzUp = tf.mul(tf.mul(dc, scu!), tf.mul(su!, tf.sub(1, su!)));
        const dzLeft = tf.mul(tf.mul(dc, scl!), tf.mul(sl!, tf.sub(1, sl!)));
        const dzG = tf.mul(tf.mul(dc, si!), tf.sub(1, tf.square(sg!)));
        const dz = tf.concat([dzI, tf.zerosLike(dzI), dzUp, dzLeft, dzG], 1); // [n, 5H]
        return [dz, tf.mul(dc, su!), tf.mul(dc, sl!)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(z, cUp, cLeft) as tf.Tensor2D;
}

/**
 * `h = o tanh(c)` with `o = sigma(z_o)`, with the gradient written out:
 * `dz_o = dh tanh(c) o (1 - o)` (zero for the other blocks), `dc = dh o (1 - tanh(c)^2)`.
 */
function output(z: tf.Tensor2D, c: tf.Tensor2D, H: number, k: GateOps): tf.Tensor2D {
  const op = tf.customGrad(((zi: tf.Tensor2D, ci: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const o = tf.sigmoid(takeCols(zi, H, H)); // [n, H]
    const tc = k.tanh(ci); // [n, H]
    save([o, tc]);
    return {
      value: tf.mul(o, tc),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [so, stc] = saved as tf.Tensor2D[];
        const dh = dy as tf.Tensor2D; // [n, H]
        const dzO = tf.mul(tf.mul(dh, stc!), tf.mul(so!, tf.sub(1, so!)));
        const zero = tf.zerosLike(dzO);
        const dz = tf.concat([zero, dzO, zero, zero, zero], 1); // [n, 5H]
        return [dz, tf.mul(tf.mul(dh, so!), tf.sub(1, tf.square(stc!)))];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(z, c) as tf.Tensor2D;
}
