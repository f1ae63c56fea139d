/**
 * Gated recurrent unit (Cho et al. 2014, "Learning phrase representations using RNN
 * encoder-decoder"), exactly as the lecture writes it:
 *
 *     r  = sigma(W_r x + U_r h)
 *     z  = sigma(W_z x + U_z h)
 *     h~ = phi(W x + U (r * h))             reset applied BEFORE U
 *     h' = z * h + (1 - z) * h~
 *
 * and, with `resetAfter: true`, the convention of PyTorch `nn.GRU`, Keras `reset_after=True` and
 * cuDNN, where the reset gate scales the recurrent projection:
 *
 *     h~ = phi(W x + b_in + r * (U h + b_hn))
 *
 * PyTorch writes the update as `h' = (1 - z) * n + z * h`: the same as the lecture's.
 *
 * Parameters: `kernel` `[in, 3H]`, `recurrentKernel` `[H, 3H]`, `bias` `[3H]`, gate blocks in
 * PyTorch's order (r, z, n); with `resetAfter`, also `recurrentBias` `[3H]` (PyTorch `b_hh`).
 *
 * Backward, with g = dL/dh' (a_* are pre-activations):
 *
 *     da_n = g (1 - z) phi'(h~)      da_z = g (h - h~) z (1 - z)
 *     reset before U:  d(rh) = da_n U_n^T,  da_r = d(rh) h r (1 - r),
 *                      dh = g z + d(rh) r + [da_r, da_z] U_rz^T,
 *                      dU_rz = sum_t h^T [da_r, da_z],  dU_n = sum_t (r h)^T da_n
 *     reset after U:   da_r = da_n (U_n h + b_hn) r (1 - r),  dhU = [da_r, da_z, da_n r],
 *                      dh = g z + dhU U^T,  dU = sum_t h^T dhU,  db_hh = sum_t dhU
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOneOf, zeros, type Initializer } from '@seq2seq/core';
import { CellBase, type CellConfig } from './cell-base';
import { gruAfterBackward, gruAfterForward, gruBeforeBackwardA, gruBeforeBackwardB, gruBeforeOut, gruBeforeRZ, matMulBias3d, useFusedKernels } from './fused';
import { matMulBias, takeCols } from './ops';
import { gruSequence, nativeKernelsAvailable, nativeTrainingAvailable, packPanels } from './native/kernels';
import { nativeTrainingRecurrence } from './native/training';
import type { WebGpuCell } from './webgpu/shaders';
import { webgpuKernelsServe, webgpuSequence, webgpuTrainingRecurrence } from './webgpu/recurrence';
import type { RecurrenceInputs, RecurrenceResult, StepKernel } from './recurrence';
import { activate, activationGrad } from './simple-rnn';
import type { CellState, RecurrentActivation } from './types';

/** Configuration of {@link GRUCell}. */
export interface GRUCellConfig extends CellConfig {
  /**
   * Apply the reset gate after the recurrent matMul (PyTorch, Keras `reset_after`, cuDNN).
   * Default false: the lecture's (and Cho et al.'s) reset before U. Required to load PyTorch weights.
   */
  resetAfter?: boolean;
  /** Nonlinearity phi of the candidate. Default `'tanh'`. */
  activation?: RecurrentActivation;
  /** Initialiser of `recurrentBias` (resetAfter only). Default zeros. */
  recurrentBiasInit?: Initializer;
}

interface GruPrep {
  /** Fused gate kernels (see fused.ts) for this backend and batch size. */
  fused: boolean;
  u: tf.Tensor2D; // [H, 3H]
  uRZ?: tf.Tensor2D; // [H, 2H]    reset before U
  uN?: tf.Tensor2D; // [H, H]      reset before U
  bRec?: tf.Tensor1D; // [3H]      reset after U
  u3?: tf.Tensor3D; // [1, H, 3H]  reset after U, fused: the direct _FusedMatMul operand
  uT?: tf.Tensor2D; // [3H, H]     reset after U, backward
  uRZT?: tf.Tensor2D; // [2H, H]   reset before U, backward
  uNT?: tf.Tensor2D; // [H, H]     reset before U, backward
}

/** GRU cell; see the module comment for the equations. */
export class GRUCell extends CellBase<GruPrep> {
  /** Whether the reset gate scales `U h` (PyTorch) rather than `h` (the lecture). */
  readonly resetAfter: boolean;
  /** Nonlinearity phi of the candidate. */
  readonly activation: RecurrentActivation;
  /** PyTorch's `b_hh` `[3H]` (resetAfter only), or null. */
  readonly recurrentBias: tf.Variable | null;
  protected readonly opName = 'GRUCell';
  readonly #kernel: StepKernel<GruPrep>;

  constructor(config: GRUCellConfig) {
    super(config, 3, false, 'GRUCell');
    this.resetAfter = config.resetAfter ?? false;
    this.activation = config.activation === undefined ? 'tanh' : checkOneOf(config.activation, ['tanh', 'relu', 'sigmoid', 'linear'], 'activation', 'GRUCell');
    const H = this.hiddenSize;
    this.recurrentBias = this.resetAfter ? this.addParameter('recurrentBias', [3 * H], config.recurrentBiasInit ?? zeros(), this.initRng) : null;
    this.#kernel = this.resetAfter ? this.#resetAfterKernel() : this.#resetBeforeKernel();
  }

  /**
   * The reset and update gates of one step, for looking inside a trained GRU (the lecture's
   * soft-branching view): `r = sigma(W_r x + U_r h + b_r)`, `z = sigma(W_z x + U_z h + b_z)`
   * (`U h + b_hh` with `resetAfter`), from `x: [batch, inputSize]` and the state before the step.
   * Plain tfjs ops, not the fused kernel: for inspection, not training. Returns new `[batch, H]`
   * tensors; the arguments are neither changed nor disposed.
   */
  gateValues(x: tf.Tensor2D, state: CellState): { r: tf.Tensor2D; z: tf.Tensor2D } {
    const H = this.hiddenSize;
    return tf.tidy(() => {
      let hU = tf.matMul(state.h, this.recurrentKernel); // [batch, H] x [H, 3H]
      if (this.recurrentBias) hU = tf.add(hU, this.recurrentBias);
      const a = tf.add(tf.add(tf.matMul(x, this.kernel), this.bias), hU); // [batch, 3H]
      const rz = tf.sigmoid(takeCols(a as tf.Tensor2D, 0, 2 * H)); // [batch, 2H]
      return { r: takeCols(rz, 0, H), z: takeCols(rz, H, H) } as unknown as tf.TensorContainer;
    }) as unknown as { r: tf.Tensor2D; z: tf.Tensor2D };
  }

  protected stepKernel(): StepKernel<GruPrep> {
    return this.#kernel;
  }

  protected recurrentWeights(): tf.Tensor[] {
    return this.recurrentBias ? [this.recurrentKernel, this.recurrentBias] : [this.recurrentKernel];
  }

  /** This cell as the WGSL kernels see it. */
  #webgpuCell(): WebGpuCell {
    return { kind: 'gru', resetAfter: this.resetAfter, activation: this.activation };
  }

  /** The whole sequence in one native WASM call or one WGSL dispatch (inference), or null where neither serves. */
  #nativeSequence(inp: RecurrenceInputs): RecurrenceResult | null {
    const { time, batch, hidden } = inp;
    if (webgpuKernelsServe(this.#webgpuCell(), inp)) return webgpuSequence(this.#webgpuCell(), inp);
    if (time === 0 || batch === 0 || !nativeKernelsAvailable()) return null;
    const u = inp.weights[0] as tf.Tensor2D;
    const packed = this.derived.get('uPacked', u, (s) => packPanels(s as tf.Tensor2D, this.resetAfter ? 0 : 2 * hidden)); // panels of [H, 3H]
    const r = gruSequence({ xP: inp.xP, u: packed, mask: inp.mask, time, batch, hidden, reverse: inp.reverse }, inp.states[0]!, this.resetAfter ? inp.weights[1]! : null, this.resetAfter, this.activation);
    const outputs = tf.reshape(r[0]!, [time, batch, hidden]) as tf.Tensor3D; // [time, batch, H]
    r[0]!.dispose();
    return { outputs, states: [r[1]!] };
  }

  /** The recorded (training) recurrence on the native forward and backward kernels, or null where they do not serve. */
  #nativeTraining(inp: RecurrenceInputs): tf.Tensor2D | null {
    if (webgpuKernelsServe(this.#webgpuCell(), inp)) return webgpuTrainingRecurrence(this.#webgpuCell(), inp);
    if (inp.time === 0 || inp.batch === 0 || !nativeTrainingAvailable()) return null;
    return nativeTrainingRecurrence({ kind: 'gru', resetAfter: this.resetAfter, activation: this.activation }, inp);
  }

  /** The lecture's GRU: `h~ = phi(W x + U (r * h))`. */
  #resetBeforeKernel(): StepKernel<GruPrep> {
    const H = this.hiddenSize;
    const act = this.activation;
    const d = this.derived;
    return {
      stateCount: 1,
      sequence: (inp) => this.#nativeSequence(inp),
      trainSequence: (inp) => this.#nativeTraining(inp),
      prepare: (weights, backward, batch, record) => {
        const u = weights[0] as tf.Tensor2D;
        const p: GruPrep = {
          fused: useFusedKernels(batch, H, record),
          u,
          uRZ: d.get('uRZ', u, (s) => takeCols(s, 0, 2 * H)),
          uN: d.get('uN', u, (s) => takeCols(s, 2 * H, H)),
        };
        if (backward) {
          p.uRZT = d.get('uRZT', u, (s) => tf.transpose(takeCols(s, 0, 2 * H)));
          p.uNT = d.get('uNT', u, (s) => tf.transpose(takeCols(s, 2 * H, H)));
        }
        return p;
      },
      forward: (p, xP, [h], record, k) => {
        if (p.fused) {
          const [rz, rh] = gruBeforeRZ(xP, tf.matMul(h!, p.uRZ!), h!); // [batch, 2H], [batch, H]
          const [hNew, n] = gruBeforeOut(xP, tf.matMul(rh!, p.uN!), rz!, h!, act); // (r h) U_n: [batch, H] x [H, H]
          return { states: [hNew!], saved: record ? [rz!, n!, rh!] : [] };
        }
        const rz = tf.sigmoid(tf.add(takeCols(xP, 0, 2 * H), tf.matMul(h!, p.uRZ!))); // [batch, 2H]
        const r = takeCols(rz, 0, H); // [batch, H]
        const z = takeCols(rz, H, H); // [batch, H]
        const rh = tf.mul(r, h!); // [batch, H]
        const n = activate(act, tf.add(takeCols(xP, 2 * H, H), tf.matMul(rh, p.uN!)), k); // [batch, H]
        const hNew = tf.add(n, tf.mul(z, tf.sub(h!, n))); // z h + (1 - z) n
        return { states: [hNew], saved: record ? [r, z, n, rh] : [] };
      },
      backward: (p, saved, [h], [g], k) => {
        if (p.fused) {
          const [rz, n, rh] = saved;
          const daN = gruBeforeBackwardA(g!, rz!, n!, act); // [batch, H]
          const dRH = tf.matMul(daN, p.uNT!); // [batch, H] x [H, H]
          const [dXP, daRZ, dhPart] = gruBeforeBackwardB(g!, dRH, daN, rz!, n!, h!);
          return { dXP: dXP!, dPrev: [tf.add(dhPart!, tf.matMul(daRZ!, p.uRZT!))], extra: [rh!] }; // [batch, 2H] x [2H, H]
        }
        const [r, z, n, rh] = saved;
        const daN = activationGrad(act, n!, tf.mul(g!, tf.sub(k.one, z!)), k); // [batch, H]
        const daZ = tf.mul(tf.mul(g!, tf.sub(h!, n!)), tf.mul(z!, tf.sub(k.one, z!))); // [batch, H]
        const dRH = tf.matMul(daN, p.uNT!); // [batch, H] x [H, H]
        const daR = tf.mul(tf.mul(dRH, h!), tf.mul(r!, tf.sub(k.one, r!))); // [batch, H]
        const daRZ = tf.concat([daR, daZ], 1); // [batch, 2H]
        const dh = tf.addN([tf.mul(g!, z!), tf.mul(dRH, r!), tf.matMul(daRZ, p.uRZT!)]); // [batch, H]
        return { dXP: tf.concat([daRZ, daN], 1), dPrev: [dh], extra: [rh!] };
      },
      weightGrads: (_p, hPrevT, dXP, [rhAll]) => {
        const dURZ = tf.matMul(hPrevT, takeCols(dXP, 0, 2 * H)); // [H, T*B] x [T*B, 2H]
        const dUN = tf.matMul(tf.transpose(rhAll!), takeCols(dXP, 2 * H, H)); // [H, T*B] x [T*B, H]
        return [tf.concat([dURZ, dUN], 1)];
      },
    };
  }

  /** PyTorch / cuDNN GRU: `h~ = phi(W x + b_in + r * (U h + b_hn))`. */
  #resetAfterKernel(): StepKernel<GruPrep> {
    const H = this.hiddenSize;
    const act = this.activation;
    const d = this.derived;
    return {
      stateCount: 1,
      sequence: (inp) => this.#nativeSequence(inp),
      trainSequence: (inp) => this.#nativeTraining(inp),
      prepare: (weights, backward, batch, record) => {
        const u = weights[0] as tf.Tensor2D;
        const p: GruPrep = { fused: useFusedKernels(batch, H, record), u, bRec: weights[1] as tf.Tensor1D };
        if (p.fused) p.u3 = d.get('u3', u, (s) => tf.reshape(s, [1, H, 3 * H]) as tf.Tensor3D);
        if (backward) p.uT = d.get('uT', u, (s) => tf.transpose(s) as tf.Tensor2D);
        return p;
      },
      forward: (p, xP, [h], record, k) => {
        if (p.fused) {
          const hU = matMulBias3d(h!, p.u3!, p.bRec!); // [1, batch, 3H] = h U + b_hh
          const [hNew, gates] = gruAfterForward(xP, hU, h!, act, record);
          return { states: [hNew!], saved: record ? [gates!, hU] : [] };
        }
        const hU = matMulBias(h!, p.u, p.bRec); // [batch, 3H] = h U + b_hh
        const rz = tf.sigmoid(tf.add(takeCols(xP, 0, 2 * H), takeCols(hU, 0, 2 * H))); // [batch, 2H]
        const r = takeCols(rz, 0, H);
        const z = takeCols(rz, H, H);
        const hN = takeCols(hU, 2 * H, H); // [batch, H] = U_n h + b_hn
        const n = activate(act, tf.add(takeCols(xP, 2 * H, H), tf.mul(r, hN)), k); // [batch, H]
        const hNew = tf.add(n, tf.mul(z, tf.sub(h!, n))); // z h + (1 - z) n
        return { states: [hNew], saved: record ? [r, z, n, hN] : [] };
      },
      backward: (p, saved, [h], [g], k) => {
        if (p.fused) {
          const [gates, hU] = saved;
          const [dXP, dHU, gz] = gruAfterBackward(g!, gates!, hU!, h!, act);
          return { dXP: dXP!, dPrev: [tf.add(gz!, tf.matMul(dHU!, p.uT!))], extra: [dHU!] }; // [batch, 3H] x [3H, H]
        }
        const [r, z, n, hN] = saved;
        const daN = activationGrad(act, n!, tf.mul(g!, tf.sub(k.one, z!)), k); // [batch, H]
        const daZ = tf.mul(tf.mul(g!, tf.sub(h!, n!)), tf.mul(z!, tf.sub(k.one, z!)));
        const daR = tf.mul(tf.mul(daN, hN!), tf.mul(r!, tf.sub(k.one, r!)));
        const dHU = tf.concat([daR, daZ, tf.mul(daN, r!)], 1); // [batch, 3H]
        const dh = tf.add(tf.mul(g!, z!), tf.matMul(dHU, p.uT!)); // [batch, 3H] x [3H, H]
        return { dXP: tf.concat([daR, daZ, daN], 1), dPrev: [dh], extra: [dHU] };
      },
      weightGrads: (_p, hPrevT, _dXP, [dHU]) => [tf.matMul(hPrevT, dHU!), tf.sum(dHU!, 0)], // [H, T*B] x [T*B, 3H]
    };
  }
}
