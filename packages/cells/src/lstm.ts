/**
 * Long short-term memory (Hochreiter and Schmidhuber 1997; forget gate: Gers et al. 2000), in
 * the form of PyTorch `nn.LSTM`:
 *
 *     i = sigma(W_i x + U_i h + b_i)        input gate
 *     f = sigma(W_f x + U_f h + b_f)        forget gate, b_f initialised to 1
 *     g = tanh (W_g x + U_g h + b_g)        candidate
 *     o = sigma(W_o x + U_o h + b_o)        output gate
 *     c' = f * c + i * g
 *     h' = o * tanh(c')
 *
 * The forget bias starts at 1 (Gers et al. 2000; Jozefowicz et al. 2015), so the cell remembers
 * by default. Gate blocks are in PyTorch's order (i, f, g, o): `kernel` `[in, 4H]`,
 * `recurrentKernel` `[H, 4H]`, `bias` `[4H]` (PyTorch's `b_ih + b_hh`).
 *
 * Backward, with gh = dL/dh', gc = dL/dc', and tc = tanh(c'):
 *
 *     da_o = gh tc o (1 - o)             dc = gc + gh o (1 - tc^2)
 *     da_i = dc g i (1 - i)   da_f = dc c f (1 - f)   da_g = dc i (1 - g^2)
 *     dh = [da_i, da_f, da_g, da_o] U^T   dc_prev = dc f   dU = sum_t h^T da
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from '@seq2seq/core';
import { CellBase, type CellConfig } from './cell-base';
import { lstmBackward, lstmForward, useFusedKernels } from './fused';
import { takeCols, tanhOp } from './ops';
import { lstmSequence, nativeKernelsAvailable, nativeTrainingAvailable, packPanels } from './native/kernels';
import { nativeTrainingRecurrence } from './native/training';
import { webgpuKernelsServe, webgpuSequence, webgpuTrainingRecurrence } from './webgpu/recurrence';
import type { StepKernel } from './recurrence';

/** Configuration of {@link LSTMCell}. */
export interface LSTMCellConfig extends CellConfig {
  /** Initial value of the forget-gate bias block. Default 1 (unit forget bias). */
  forgetBias?: number;
}

interface LstmPrep {
  /** Fused gate kernels (see fused.ts) for this backend and batch size. */
  fused: boolean;
  u: tf.Tensor2D; // [H, 4H]
  uT?: tf.Tensor2D; // [4H, H], backward only
}

/** Bias `[4H]` with the forget block set to `forgetBias`, the rest zero. */
function lstmBias(forgetBias: number): Initializer {
  return (shape) => {
    const h = shape[0]! / 4;
    return tf.concat([tf.zeros([h]), tf.fill([h], forgetBias), tf.zeros([2 * h])]);
  };
}

/** LSTM cell; see the module comment for the equations. */
export class LSTMCell extends CellBase<LstmPrep> {
  protected readonly opName = 'LSTMCell';
  readonly #kernel: StepKernel<LstmPrep>;

  constructor(config: LSTMCellConfig) {
    super(config, 4, true, 'LSTMCell', lstmBias(config?.forgetBias ?? 1));
    const H = this.hiddenSize;
    const d = this.derived;
    this.#kernel = {
      stateCount: 2,
      trainSequence: (inp) => {
        if (webgpuKernelsServe({ kind: 'lstm' }, inp)) return webgpuTrainingRecurrence({ kind: 'lstm' }, inp);
        return inp.time === 0 || inp.batch === 0 || !nativeTrainingAvailable() ? null : nativeTrainingRecurrence({ kind: 'lstm' }, inp);
      },
      sequence: (inp) => {
        if (webgpuKernelsServe({ kind: 'lstm' }, inp)) return webgpuSequence({ kind: 'lstm' }, inp);
        const { time, batch, hidden } = inp;
        if (time === 0 || batch === 0 || !nativeKernelsAvailable()) return null;
        const packed = d.get('uPacked', inp.weights[0]!, (s) => packPanels(s as tf.Tensor2D)); // panels of [H, 4H]
        const r = lstmSequence({ xP: inp.xP, u: packed, mask: inp.mask, time, batch, hidden, reverse: inp.reverse }, inp.states[0]!, inp.states[1]!);
        const outputs = tf.reshape(r[0]!, [time, batch, hidden]) as tf.Tensor3D; // [time, batch, H]
        r[0]!.dispose();
        return { outputs, states: [r[1]!, r[2]!] };
      },
      prepare: (weights, backward, batch, record) => {
        const u = weights[0] as tf.Tensor2D;
        const fused = useFusedKernels(batch, H, record);
        return backward ? { fused, u, uT: d.get('uT', u, (s) => tf.transpose(s) as tf.Tensor2D) } : { fused, u };
      },
      forward: (p, xP, [h, c], record, k) => {
        if (p.fused) {
          // xP + hU is added inside the kernel. (Not as a fused matMul's bias: XNNPACK packs the
          // bias with the weights, so a bias that changes every step repacks the whole kernel.)
          const [hNew, cNew, gates, tc] = lstmForward(xP, tf.matMul(h!, p.u), c!, record); // h U: [batch, H] x [H, 4H]
          return { states: [hNew!, cNew!], saved: record ? [gates!, tc!] : [] };
        }
        const tanh = tanhOp(k.one, k.two);
        const a = tf.add(xP, tf.matMul(h!, p.u)); // [batch, 4H]
        const ifg = tf.sigmoid(takeCols(a, 0, 2 * H)); // [batch, 2H]
        const i = takeCols(ifg, 0, H);
        const f = takeCols(ifg, H, H);
        const g = tanh(takeCols(a, 2 * H, H)); // [batch, H]
        const o = tf.sigmoid(takeCols(a, 3 * H, H)); // [batch, H]
        const cNew = tf.add(tf.mul(f, c!), tf.mul(i, g)); // [batch, H]
        const tc = tanh(cNew);
        const hNew = tf.mul(o, tc);
        return { states: [hNew, cNew], saved: record ? [i, f, g, o, tc] : [] };
      },
      backward: (p, saved, [, c], [gh, gc], k) => {
        if (p.fused) {
          const [da, dcPrev] = lstmBackward(gh!, gc!, saved[0]!, saved[1]!, c!);
          return { dXP: da!, dPrev: [tf.matMul(da!, p.uT!), dcPrev!], extra: [] }; // [batch, 4H] x [4H, H]
        }
        const [i, f, g, o, tc] = saved;
        const daO = tf.mul(tf.mul(gh!, tc!), tf.mul(o!, tf.sub(k.one, o!))); // [batch, H]
        const dc = tf.add(gc!, tf.mul(tf.mul(gh!, o!), tf.sub(k.one, tf.square(tc!)))); // [batch, H]
        const daI = tf.mul(tf.mul(dc, g!), tf.mul(i!, tf.sub(k.one, i!)));
        const daF = tf.mul(tf.mul(dc, c!), tf.mul(f!, tf.sub(k.one, f!)));
        const daG = tf.mul(tf.mul(dc, i!), tf.sub(k.one, tf.square(g!)));
        const da = tf.concat([daI, daF, daG, daO], 1); // [batch, 4H]
        return { dXP: da, dPrev: [tf.matMul(da, p.uT!), tf.mul(dc, f!)], extra: [] }; // [batch, 4H] x [4H, H]
      },
      weightGrads: (_p, hPrevT, dXP) => [tf.matMul(hPrevT, dXP)], // [H, T*B] x [T*B, 4H]
    };
  }

  protected stepKernel(): StepKernel<LstmPrep> {
    return this.#kernel;
  }

  protected recurrentWeights(): tf.Tensor[] {
    return [this.recurrentKernel];
  }
}
