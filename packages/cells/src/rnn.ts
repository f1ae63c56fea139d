/**
 * Recurrent layers: stacks of cells, optionally bidirectional (Schuster and Paliwal 1997), with
 * dropout between layers (Zaremba et al. 2014) and residual connections between layers (Wu et
 * al. 2016, GNMT: `x_{l+1} = RNN_l(x_l) + x_l`).
 *
 * The whole stack runs time-major: the input is transposed `[batch, time, in]` ->
 * `[time, batch, in]` once, every layer reads contiguous per-step slabs, and the output is
 * transposed back once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt, checkNumber, checkOneOf, checkTensor, dropout, InputError, Module, Rng, type Dim } from '@seq2seq/core';
import type { CellBase } from './cell-base';
import { GRUCell } from './gru';
import { LSTMCell } from './lstm';
import { timeMajorMask } from './masks';
import { swapBatchTime } from './ops';
import { SimpleRNNCell } from './simple-rnn';
import type { CellState, CellType, RecurrentActivation, RecurrentCell, SequenceOptions } from './types';

/** Configuration of {@link RNN}. Defaults match PyTorch's `nn.RNN`/`nn.GRU`/`nn.LSTM` where they exist. */
export interface RNNConfig {
  /** Cell type: `'rnn'` (Elman), `'gru'` or `'lstm'`. */
  cell: CellType;
  /** Size of the input features. */
  inputSize: number;
  /** Size of each direction's hidden state. */
  hiddenSize: number;
  /** Number of stacked layers. Default 1. */
  numLayers?: number;
  /** Run a second, reversed direction in every layer. Default false. */
  bidirectional?: boolean;
  /** How a bidirectional layer combines its directions: `'concat'` (2H features, PyTorch) or `'sum'` (H). Default `'concat'`. */
  merge?: 'concat' | 'sum';
  /**
   * Residual connections between layers (GNMT): `true` adds each layer's input to its output from
   * layer 1 on; a number n does so from layer n on (GNMT used 2). Default false.
   */
  residual?: boolean | number;
  /** Dropout rate on the input of every layer after the first, in training mode. Default 0 (PyTorch's `dropout`). */
  dropout?: number;
  /** GRU only: reset gate after the recurrent matMul (PyTorch/cuDNN). Default false (the lecture's GRU). */
  resetAfter?: boolean;
  /** `'rnn'`: nonlinearity; `'gru'`: candidate nonlinearity. Default `'tanh'`. */
  activation?: RecurrentActivation;
  /** LSTM only: initial forget-gate bias. Default 1. */
  forgetBias?: number;
  /** Random source for initialisation and dropout. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Options of {@link RNN.apply}. */
export interface RNNApplyOptions extends SequenceOptions {
  /**
   * `x` is `[time, batch, in]` and `output` `[time, batch, H]` (PyTorch's `batch_first=False`);
   * masks stay `[batch, time]`. Saves the two transposes. Default false.
   */
  timeMajor?: boolean;
  /**
   * Initial state of every layer and direction, in PyTorch's `h_0` order: layer 0 forward,
   * layer 0 reverse, layer 1 forward, ... Default zeros.
   */
  initialState?: readonly CellState[];
}

/** Result of {@link RNN.apply}. */
export interface RNNOutput {
  /** `[batch, time, H]` (`2H` when bidirectional with `merge: 'concat'`; `[time, batch, ...]` with `timeMajor`); zero at padded steps. */
  output: tf.Tensor3D;
  /** Final state of every layer and direction, in PyTorch's `h_n` order (layer-major, forward first). */
  state: CellState[];
}

/** Builds the cell of one layer and direction from a layer config (`inputSize` is that layer's). */
export function makeCell(config: Pick<RNNConfig, 'cell' | 'hiddenSize' | 'resetAfter' | 'activation' | 'forgetBias'> & { inputSize: number; rng: Rng }): CellBase<unknown> {
  const base = { inputSize: config.inputSize, hiddenSize: config.hiddenSize, rng: config.rng };
  switch (config.cell) {
    case 'rnn':
      return new SimpleRNNCell({ ...base, activation: config.activation }) as CellBase<unknown>;
    case 'gru':
      return new GRUCell({ ...base, resetAfter: config.resetAfter, activation: config.activation }) as CellBase<unknown>;
    case 'lstm':
      return new LSTMCell({ ...base, forgetBias: config.forgetBias }) as CellBase<unknown>;
  }
}

/**
 * A stack of recurrent layers over `[batch, time, features]` inputs.
 *
 * Parameters are named `l{layer}` and `l{layer}_reverse` (PyTorch's suffix), each a cell with
 * `kernel`, `recurrentKernel`, `bias` (and `recurrentBias` for a reset-after GRU).
 *
 * @example
 * const rnn = new RNN({ cell: 'gru', inputSize: 64, hiddenSize: 256, numLayers: 2, bidirectional: true });
 * const { output, state } = rnn.apply(x, { lengths: [7, 5, 3] });
 */
export class RNN extends Module {
  /** The cell every layer is built from. */
  readonly cellType: CellType;
  /** Size of the input features of layer 0. */
  readonly inputSize: number;
  /** Size of each direction's hidden state. */
  readonly hiddenSize: number;
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether every layer also runs a reversed direction. */
  readonly bidirectional: boolean;
  /** How a bidirectional layer combines its two directions. */
  readonly merge: 'concat' | 'sum';
  /** First layer with a residual connection, or `Infinity` for none. */
  readonly residualFrom: number;
  /** Dropout rate on the inputs of layers 1.. in training mode. */
  readonly dropout: number;
  /** Size of the output features: `2 * hiddenSize` for concat-merged bidirectional layers, else `hiddenSize`. */
  readonly outputSize: number;
  /** Cells, `cells[layer][direction]`. */
  readonly cells: ReadonlyArray<readonly CellBase<unknown>[]>;
  readonly #rng: Rng;

  constructor(config: RNNConfig) {
    super();
    const op = 'RNN';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object is required`);
    this.cellType = checkOneOf(config.cell, ['rnn', 'gru', 'lstm'], 'cell', op);
    this.inputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.hiddenSize = checkInt(config.hiddenSize, 'hiddenSize', op, 1);
    this.numLayers = checkInt(config.numLayers ?? 1, 'numLayers', op, 1);
    this.bidirectional = config.bidirectional ?? false;
    this.merge = config.merge === undefined ? 'concat' : checkOneOf(config.merge, ['concat', 'sum'], 'merge', op);
    this.dropout = checkNumber(config.dropout ?? 0, 'dropout', op, 0, 0.999999);
    if (config.resetAfter !== undefined && this.cellType !== 'gru') throw new InputError(`${op}: 'resetAfter' applies to cell 'gru' only`);
    if (config.forgetBias !== undefined && this.cellType !== 'lstm') throw new InputError(`${op}: 'forgetBias' applies to cell 'lstm' only`);
    this.outputSize = this.bidirectional && this.merge === 'concat' ? 2 * this.hiddenSize : this.hiddenSize;
    const res = config.residual ?? false;
    this.residualFrom = res === false ? Infinity : res === true ? 1 : checkInt(res, 'residual', op, 0);
    if (this.residualFrom === 0 && this.inputSize !== this.outputSize) {
      throw new InputError(`${op}: a residual connection around layer 0 needs inputSize (${this.inputSize}) = output size (${this.outputSize})`);
    }
    const rng = config.rng ?? new Rng(0);
    const cells: CellBase<unknown>[][] = [];
    for (let l = 0; l < this.numLayers; l++) {
      const inputSize = l === 0 ? this.inputSize : this.outputSize;
      const dirs: CellBase<unknown>[] = [];
      for (let d = 0; d < (this.bidirectional ? 2 : 1); d++) {
        const cell = makeCell({ ...config, inputSize, rng });
        dirs.push(this.addModule(d === 0 ? `l${l}` : `l${l}_reverse`, cell));
      }
      cells.push(dirs);
    }
    this.cells = cells;
    this.#rng = rng.fork();
  }

  /** Number of directions (1 or 2). */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Zero states for every layer and direction (PyTorch's `h_0` order). */
  initialState(batch: number): CellState[] {
    return this.cells.flatMap((dirs) => dirs.map((c) => c.initialState(batch)));
  }

  /**
   * Runs the stack over `x: [batch, time, inputSize]`.
   * @returns output `[batch, time, outputSize]` and the final state of every layer and direction.
   */
  apply(x: tf.Tensor3D, options: RNNApplyOptions = {}): RNNOutput {
    const op = 'RNN.apply';
    const dims = new Map<string, number>();
    const timeMajor = options.timeMajor ?? false;
    checkTensor(x, 'x', op, timeMajor ? ['time', 'batch', this.inputSize] : ['batch', 'time', this.inputSize], dims);
    const [batch, time] = timeMajor ? [x.shape[1], x.shape[0]] : [x.shape[0], x.shape[1]];
    if (time < 1) throw new InputError(`${op}: 'x' must have at least one time step, got shape [${x.shape.join(', ')}]`);
    const init = options.initialState;
    const nStates = this.numLayers * this.numDirections;
    if (init != null) {
      if (!Array.isArray(init) || init.length !== nStates) {
        throw new InputError(`${op}: 'initialState' must be an array of ${nStates} states (numLayers * numDirections), got ${Array.isArray(init) ? `${init.length}` : typeof init}`);
      }
      init.forEach((s, i) => checkStateShape(s, `initialState[${i}]`, op, this.hiddenSize, this.cellType === 'lstm', dims));
    }
    return tf.tidy(() => {
      const mask = timeMajorMask(options, batch, time, op); // [time*batch, 1] or null
      const mask3 = mask ? (tf.reshape(mask, [time, batch, 1]) as tf.Tensor3D) : null;
      let input = timeMajor ? x : swapBatchTime(x); // [time, batch, in]
      const finalState: CellState[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const layerIn = l > 0 && this.dropout > 0 && this.training ? (dropout(input, this.dropout, this.#rng) as tf.Tensor3D) : input;
        const outs = this.cells[l]!.map((cell, d) => {
          const r = cell.runTimeMajor(layerIn, init?.[l * this.numDirections + d], mask, (options.reverse ?? false) !== (d === 1));
          finalState.push(r.state);
          return r.output; // [time, batch, H]
        });
        let out = outs.length === 1 ? outs[0]! : this.merge === 'concat' ? tf.concat(outs, 2) : tf.add(outs[0]!, outs[1]!);
        if (l >= this.residualFrom) out = tf.add(out, mask3 ? tf.mul(input, mask3) : input); // x_{l+1} = RNN_l(x_l) + x_l
        input = out as tf.Tensor3D;
      }
      const output = timeMajor ? input : swapBatchTime(input); // [batch, time, outputSize]
      return { output, state: finalState } as unknown as tf.TensorContainer;
    }) as unknown as RNNOutput;
  }

  /**
   * One step of a unidirectional stack, for decoders: `x: [batch, inputSize]` and the states of
   * every layer -> the top layer's output `[batch, hiddenSize]` and the new states. The
   * arguments are neither changed nor disposed.
   */
  step(x: tf.Tensor2D, state: readonly CellState[]): { output: tf.Tensor2D; state: CellState[] } {
    const states = state;
    const op = 'RNN.step';
    if (this.bidirectional) throw new InputError(`${op}: a bidirectional layer cannot run step by step`);
    const dims = new Map<string, number>();
    checkTensor(x, 'x', op, ['batch', this.inputSize], dims);
    if (!Array.isArray(states) || states.length !== this.numLayers) {
      throw new InputError(`${op}: 'state' must be an array of ${this.numLayers} states (one per layer), got ${Array.isArray(states) ? states.length : typeof states}`);
    }
    states.forEach((s, i) => checkStateShape(s, `state[${i}]`, op, this.hiddenSize, this.cellType === 'lstm', dims));
    return tf.tidy(() => {
      let input = x;
      const next: CellState[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const layerIn = l > 0 && this.dropout > 0 && this.training ? (dropout(input, this.dropout, this.#rng) as tf.Tensor2D) : input;
        const s = this.cells[l]![0]!.step(layerIn, states[l]!);
        next.push(s);
        input = l >= this.residualFrom ? tf.add(s.h, input) : s.h;
      }
      return { output: input, state: next } as unknown as tf.TensorContainer;
    }) as unknown as { output: tf.Tensor2D; state: CellState[] };
  }
}

function checkStateShape(s: CellState, name: string, op: string, hidden: number, lstm: boolean, dims: Map<string, number>): void {
  if (s == null || typeof s !== 'object') {
    throw new InputError(`${op}: '${name}' must be a state { h${lstm ? ', c' : ''} } of [batch, ${hidden}] tensors, got ${String(s)}`);
  }
  const shape: Dim[] = ['batch', hidden];
  checkTensor(s.h, `${name}.h`, op, shape, dims);
  if (lstm) checkTensor(s.c, `${name}.c`, op, shape, dims);
}

/** Options of {@link runSequence}. */
export interface RunSequenceOptions extends SequenceOptions {
  /** Initial state. Default zeros. */
  initialState?: CellState;
  /** `x` is `[time, batch, in]` and outputs `[time, batch, H]`; masks stay `[batch, time]`. Default false. */
  timeMajor?: boolean;
}

/**
 * Runs one cell over a batch-major sequence `x: [batch, time, inputSize]` with the fused runner.
 * @returns output `[batch, time, hiddenSize]` (zero at padded steps) and the final state.
 */
export function runSequence(cell: RecurrentCell, x: tf.Tensor3D, options: RunSequenceOptions = {}): { output: tf.Tensor3D; state: CellState } {
  const op = 'runSequence';
  const timeMajor = options.timeMajor ?? false;
  checkTensor(x, 'x', op, timeMajor ? ['time', 'batch', cell.inputSize] : ['batch', 'time', cell.inputSize]);
  const [batch, time] = timeMajor ? [x.shape[1], x.shape[0]] : [x.shape[0], x.shape[1]];
  if (time < 1) throw new InputError(`${op}: 'x' must have at least one time step, got shape [${x.shape.join(', ')}]`);
  return tf.tidy(() => {
    const mask = timeMajorMask(options, batch, time, op);
    const xt = timeMajor ? x : swapBatchTime(x); // [time, batch, in]
    const r = cell.runTimeMajor(xt, options.initialState, mask, options.reverse ?? false);
    const output = timeMajor ? r.output : swapBatchTime(r.output); // [batch, time, H]
    return { output, state: r.state } as unknown as tf.TensorContainer;
  }) as unknown as { output: tf.Tensor3D; state: CellState };
}
