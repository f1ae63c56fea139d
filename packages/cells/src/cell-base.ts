/**
 * What the three cells share: fused parameters, the input projection of all steps in one matMul,
 * the single-step API (a sequence of length 1 through the same fused kernel) and validation.
 *
 * Parameter layout (gates side by side, in PyTorch's gate order):
 * - `kernel`          `[inputSize, G*H]`  (PyTorch `weight_ih`, transposed)
 * - `recurrentKernel` `[H, G*H]`          (PyTorch `weight_hh`, transposed)
 * - `bias`            `[G*H]`
 * so that `x W` and `h U` are plain matMuls with no transpose flag.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt, checkTensor, glorotUniform, Module, orthogonal, Rng, zeros, type Initializer } from '@seq2seq/core';
import { DerivedWeights, linear } from './ops';
import { recurrence, type StepKernel } from './recurrence';
import type { CellState, RecurrentCell } from './types';

/** Configuration shared by every cell. */
export interface CellConfig {
  /** Size of the input features. */
  inputSize: number;
  /** Size of the hidden state. */
  hiddenSize: number;
  /** Initialiser of `kernel` `[inputSize, G*H]`. Default Glorot uniform (Keras's default). */
  weightInit?: Initializer;
  /** Initialiser of `recurrentKernel` `[H, G*H]`. Default orthogonal (Saxe et al. 2014; Keras's default). */
  recurrentInit?: Initializer;
  /** Initialiser of `bias`. Default zeros (the LSTM then sets its forget block to 1). */
  biasInit?: Initializer;
  /** Random source for initialisation. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Base class of {@link SimpleRNNCell}, {@link GRUCell} and {@link LSTMCell}. */
export abstract class CellBase<P> extends Module implements RecurrentCell {
  /** Size of the input features. */
  readonly inputSize: number;
  /** Size of the hidden state. */
  readonly hiddenSize: number;
  /** Number of gate blocks G: 1 (RNN), 3 (GRU), 4 (LSTM). */
  readonly gates: number;
  /** Whether the state carries an LSTM memory cell `c`. */
  readonly hasCellState: boolean;
  /** Input kernel `[inputSize, G*H]`. */
  readonly kernel: tf.Variable;
  /** Recurrent kernel `[H, G*H]`. */
  readonly recurrentKernel: tf.Variable;
  /** Bias `[G*H]`, added to the input projection. */
  readonly bias: tf.Variable;
  /** Transposes and blocks of the weights, reused until the weights change. */
  protected readonly derived = new DerivedWeights();
  /** The random source the parameters were drawn from (subclasses draw extra parameters from it). */
  protected readonly initRng: Rng;
  /** Name used in error messages, e.g. `GRUCell`. */
  protected abstract readonly opName: string;

  protected constructor(config: CellConfig, gates: number, hasCellState: boolean, opName: string, defaultBias?: Initializer) {
    super();
    this.inputSize = checkInt(config?.inputSize, 'inputSize', opName, 1);
    this.hiddenSize = checkInt(config.hiddenSize, 'hiddenSize', opName, 1);
    this.gates = gates;
    this.hasCellState = hasCellState;
    const rng = config.rng ?? new Rng(0);
    this.initRng = rng;
    const gh = gates * this.hiddenSize;
    this.kernel = this.addParameter('kernel', [this.inputSize, gh], config.weightInit ?? glorotUniform(), rng);
    this.recurrentKernel = this.addParameter('recurrentKernel', [this.hiddenSize, gh], config.recurrentInit ?? blockOrthogonal(gates), rng);
    this.bias = this.addParameter('bias', [gh], config.biasInit ?? defaultBias ?? zeros(), rng);
  }

  /** Size of each state tensor's feature axis (= hiddenSize). */
  get stateSize(): number {
    return this.hiddenSize;
  }

  /** The kernel of the per-step math. */
  protected abstract stepKernel(): StepKernel<P>;

  /** The recurrent-side weights the step kernel takes, e.g. `[recurrentKernel]`. */
  protected abstract recurrentWeights(): tf.Tensor[];

  /** Zero state `{ h, c? }`, each `[batch, hiddenSize]`. */
  initialState(batch: number): CellState {
    checkInt(batch, 'batch', `${this.opName}.initialState`, 1);
    const h = tf.zeros([batch, this.hiddenSize]) as tf.Tensor2D;
    return this.hasCellState ? { h, c: tf.zeros([batch, this.hiddenSize]) as tf.Tensor2D } : { h };
  }

  /** `x W + b` for every leading position: `[..., inputSize]` -> `[..., G*H]`. */
  projectInput(x: tf.Tensor): tf.Tensor {
    const lead = x instanceof tf.Tensor ? x.shape.slice(0, -1) : [];
    checkTensor(x, 'x', `${this.opName}.projectInput`, [...lead.map((_, i) => `d${i}`), this.inputSize]);
    return tf.tidy(() => {
      const flat = tf.reshape(x, [-1, this.inputSize]) as tf.Tensor2D; // [N, in]
      const y = linear(flat, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D, this.derived); // [N, G*H]
      return tf.reshape(y, [...lead, this.gates * this.hiddenSize]);
    });
  }

  /** One step from `x: [batch, inputSize]`; returns the new state (its `h` is the output). */
  step(x: tf.Tensor2D, state: CellState): CellState {
    const dims = new Map<string, number>();
    checkTensor(x, 'x', `${this.opName}.step`, ['batch', this.inputSize], dims);
    this.checkState(state, `${this.opName}.step`, dims);
    return tf.tidy(() => this.stepProjected(this.projectInput(x) as tf.Tensor2D, state) as unknown as tf.TensorContainer) as unknown as CellState;
  }

  /** One step from `xProj: [batch, G*H]` (see {@link CellBase.projectInput}). */
  stepProjected(xProj: tf.Tensor2D, state: CellState): CellState {
    const dims = new Map<string, number>();
    const op = `${this.opName}.stepProjected`;
    checkTensor(xProj, 'xProj', op, ['batch', this.gates * this.hiddenSize], dims);
    this.checkState(state, op, dims);
    const batch = xProj.shape[0];
    const states = tf.tidy(
      () =>
        recurrence(this.stepKernel(), {
          xP: xProj,
          weights: this.recurrentWeights(),
          states: this.stateList(state),
          mask: null,
          time: 1,
          batch,
          hidden: this.hiddenSize,
          reverse: false,
        }).states,
    );
    return this.toState(states);
  }

  /**
   * The whole sequence, time-major: `x: [time, batch, inputSize]` -> outputs `[time, batch, H]`
   * and the final state. `mask` is `[time*batch, 1]` float32 (see {@link timeMajorMask}).
   */
  runTimeMajor(x: tf.Tensor3D, state: CellState | undefined, mask: tf.Tensor2D | null, reverse: boolean): { output: tf.Tensor3D; state: CellState } {
    const dims = new Map<string, number>();
    const op = `${this.opName}.runTimeMajor`;
    checkTensor(x, 'x', op, ['time', 'batch', this.inputSize], dims);
    if (state) this.checkState(state, op, dims);
    const [time, batch] = x.shape;
    if (mask) checkTensor(mask, 'mask', op, [time * batch, 1]);
    const r = tf.tidy(() => {
      const xP = linear(tf.reshape(x, [time * batch, this.inputSize]) as tf.Tensor2D, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D, this.derived); // [time*batch, G*H]
      const states = state ? this.stateList(state) : this.stateList(this.initialState(batch));
      const res = recurrence(this.stepKernel(), {
        xP,
        weights: this.recurrentWeights(),
        states,
        mask,
        time,
        batch,
        hidden: this.hiddenSize,
        reverse,
      });
      return [res.outputs, ...res.states];
    });
    return { output: r[0] as tf.Tensor3D, state: this.toState(r.slice(1) as tf.Tensor2D[]) };
  }

  /** Validates a state against this cell and the batch bound in `dims`. */
  protected checkState(state: CellState, op: string, dims: Map<string, number>): void {
    if (state == null || typeof state !== 'object') {
      checkTensor(undefined, 'state.h', op, ['batch', this.hiddenSize], dims);
    }
    checkTensor(state.h, 'state.h', op, ['batch', this.hiddenSize], dims);
    if (this.hasCellState) checkTensor(state.c, 'state.c', op, ['batch', this.hiddenSize], dims);
  }

  protected stateList(state: CellState): tf.Tensor2D[] {
    return this.hasCellState ? [state.h, state.c!] : [state.h];
  }

  protected toState(states: tf.Tensor2D[]): CellState {
    return this.hasCellState ? { h: states[0]!, c: states[1]! } : { h: states[0]! };
  }

  /** Frees the cached derived weights (transposes); {@link Module.dispose} calls it. */
  protected override disposeCaches(): void {
    this.derived.dispose();
  }
}

/**
 * Orthogonal initialisation of each `[H, H]` gate block of a `[H, G*H]` recurrent kernel
 * (as Keras does for the whole kernel, but per gate, which keeps each gate's recurrence
 * norm-preserving).
 */
export function blockOrthogonal(gates: number): Initializer {
  return (shape, rng) => {
    const [rows, cols] = shape as [number, number];
    const h = cols / gates;
    const blocks = Array.from({ length: gates }, () => orthogonal()([rows, h], rng));
    const out = tf.concat(blocks, 1);
    for (const b of blocks) b.dispose();
    return out;
  };
}
