/**
 * Fused gate kernels: all the elementwise math of one step (gate nonlinearities, state update,
 * and their derivatives in backward) as ONE tfjs kernel, written in JavaScript over the backend's
 * own memory (the CPU backend's arrays, the WASM backend's heap), as cuDNN fuses them in one CUDA
 * kernel.
 *
 * Why: at small batch a step is latency-bound. Through tfjs ops a GRU step is ~14 elementwise
 * kernels at ~2.5 us of dispatch each on WASM, more than the recurrent matMul itself; fused it is
 * one. At large batch on WASM, XNNPACK's vectorised sigmoid beats scalar JavaScript, so the
 * runner only fuses there below {@link FUSED_WASM_MAX_ELEMENTS} (see {@link useFusedKernels}).
 * On the CPU backend (JavaScript kernels anyway) fusing always wins.
 *
 * Activations use a polynomial `exp` (range reduction to |r| <= ln2/2, degree-8 Taylor, exact
 * power-of-two scaling from a table): |error| < 4e-9 for sigmoid and tanh, 2-3.5x faster than
 * `Math.exp`/`Math.tanh`. NaN propagates.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentActivation } from './types';

/**
 * On WASM, fuse while `batch * hiddenSize` is at most this: inference, and training (whose
 * per-op backward has more kernels to save). Measured crossovers (hidden 256, 20 steps): fused
 * is 1.6x faster at batch 1 and even at batch 2 for inference; 1.4x at batch 1 and even at
 * batch 8 for a training step.
 */
export const FUSED_WASM_MAX_ELEMENTS = { inference: 512, training: 2048 } as const;

/** When the runner uses the fused gate kernels. */
export type FusedKernelMode = 'auto' | 'always' | 'never';

let mode: FusedKernelMode = 'auto';

/**
 * Overrides when the fused gate kernels are used: `'auto'` (default: always on CPU, on WASM
 * while `batch * hiddenSize` is at most {@link FUSED_WASM_MAX_ELEMENTS}), `'always'` (CPU and
 * WASM), `'never'` (per-op tfjs math). Other backends always use per-op math. For tests and
 * benchmarks.
 * @returns the previous mode.
 */
export function setFusedKernelMode(next: FusedKernelMode): FusedKernelMode {
  const prev = mode;
  mode = next;
  return prev;
}

/** Whether the fused kernels serve this backend and size (`training`: the run records a backward pass). */
export function useFusedKernels(batch: number, hidden: number, training: boolean): boolean {
  const name = tf.getBackend();
  if (mode === 'never' || (name !== 'cpu' && name !== 'wasm')) return false;
  if (mode === 'always' || name === 'cpu') return true;
  return batch * hidden <= FUSED_WASM_MAX_ELEMENTS[training ? 'training' : 'inference'];
}

// ---------------------------------------------------------------------------------------------
// Scalar math

const POW2 = new Float64Array(256);
for (let k = 0; k < 256; k++) POW2[k] = 2 ** (k - 127);

/** exp(x) for x in float32's range: x = k ln2 + r, exp(r) by Taylor to degree 8, times 2^k. */
function exp(x: number): number {
  x = x < -87 ? -87 : x > 88 ? 88 : x;
  const k = Math.round(x * 1.4426950408889634);
  const r = x - k * 0.6931471805599453;
  // exp(r) = sum_{n<=8} r^n / n!, Horner form.
  let p = 1 / 40320;
  p = p * r + 1 / 5040;
  p = p * r + 1 / 720;
  p = p * r + 1 / 120;
  p = p * r + 1 / 24;
  p = p * r + 1 / 6;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  return p * POW2[k + 127]!;
}

const sigmoid = (x: number): number => 1 / (1 + exp(-x));

function tanh(x: number): number {
  const e = exp(-2 * x);
  return (1 - e) / (1 + e);
}

/** Activation codes passed as kernel attributes. */
const ACT: Record<RecurrentActivation, number> = { tanh: 0, relu: 1, sigmoid: 2, linear: 3 };

function act(code: number, x: number): number {
  switch (code) {
    case 0:
      return tanh(x);
    case 1:
      return x > 0 ? x : 0;
    case 2:
      return sigmoid(x);
    default:
      return x;
  }
}

/** phi'(a) written with y = phi(a). */
function actGrad(code: number, y: number): number {
  switch (code) {
    case 0:
      return 1 - y * y;
    case 1:
      return y > 0 ? 1 : 0;
    case 2:
      return y * (1 - y);
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Kernel plumbing: one definition, registered for the CPU and WASM backends.

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}
interface CpuBackendLike {
  data: { get(dataId: tf.DataId): { values: tf.backend_util.BackendValues } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
}

interface FusedKernel {
  name: string;
  /** Input names, in the order `compute` receives them. */
  inputs: readonly string[];
  /** Output shapes from the input shapes and attributes. */
  outputs(shapes: Record<string, number[]>, attrs: Record<string, number>): number[][];
  compute(ins: Float32Array[], outs: Float32Array[], attrs: Record<string, number>, batch: number, hidden: number): void;
}

const kernels: FusedKernel[] = [];
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  for (const k of kernels) {
    const dims = (inputs: tf.NamedTensorInfoMap, attrs: Record<string, number>) => {
      const shapes = Object.fromEntries(k.inputs.map((n) => [n, inputs[n]!.shape]));
      const h = (inputs.h ?? inputs.c ?? inputs.g ?? inputs.gh)!.shape;
      return { outShapes: k.outputs(shapes, attrs), batch: h[0]!, hidden: h[1]! };
    };
    tf.registerKernel({
      kernelName: k.name,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as WasmBackendLike;
        const a = attrs as unknown as Record<string, number>;
        const { outShapes, batch, hidden } = dims(inputs, a);
        const outInfos = outShapes.map((s) => b.makeOutput(s, 'float32'));
        // Heap views only after every allocation: an allocation may grow (and detach) the heap.
        const ins = k.inputs.map((n) => b.typedArrayFromHeap(inputs[n]!));
        k.compute(ins, outInfos.map((o) => b.typedArrayFromHeap(o)), a, batch, hidden);
        return outInfos;
      },
    });
    tf.registerKernel({
      kernelName: k.name,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as CpuBackendLike;
        const a = attrs as unknown as Record<string, number>;
        const { outShapes, batch, hidden } = dims(inputs, a);
        const ins = k.inputs.map((n) => b.data.get(inputs[n]!.dataId).values as Float32Array);
        const outs = outShapes.map((s) => new Float32Array(s.reduce((x, y) => x * y, 1)));
        k.compute(ins, outs, a, batch, hidden);
        return outs.map((o, i) => b.makeTensorInfo(outShapes[i]!, 'float32', o));
      },
    });
  }
}

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number>): tf.Tensor2D[] {
  register();
  return tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

/**
 * `x [B, K] @ w3 [1, K, N] + bias [N]` as `[1, B, N]`, calling the backend's `_FusedMatMul`
 * kernel directly. The `tf.fused.matMul` op around it adds three reshape kernels and argument
 * handling: 8-14 us per call at batch 1 on WASM, a third of the matMul itself. The fused gate
 * kernels read the `[1, B, N]` result as `[B, N]`.
 */
export function matMulBias3d(x: tf.Tensor, w3: tf.Tensor, bias: tf.Tensor): tf.Tensor3D {
  const x3 = tf.reshape(x, [1, x.shape[0]!, x.shape[1]!]);
  return tf.engine().runKernel('_FusedMatMul', { a: x3, b: w3, bias }, { transposeA: false, transposeB: false, activation: 'linear' } as unknown as tf.NamedAttrMap) as tf.Tensor3D;
}

// ---------------------------------------------------------------------------------------------
// GRU, reset after U (PyTorch): h~ = phi(xn + r * hUn),  hU = h U + b_hh

kernels.push({
  name: 'Seq2SeqCellsGruAfterFwd',
  inputs: ['xP', 'hU', 'h'],
  outputs: (s, a) => (a.record ? [s.h!, s.xP!] : [s.h!]),
  compute([xP, hU, h], [hNew, gates], { act: code, record }, B, H) {
    for (let b = 0; b < B; b++) {
      const g3 = b * 3 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(xP![g3 + j]! + hU![g3 + j]!);
        const z = sigmoid(xP![g3 + H + j]! + hU![g3 + H + j]!);
        const n = act(code!, xP![g3 + 2 * H + j]! + r * hU![g3 + 2 * H + j]!);
        const hp = h![g1 + j]!;
        hNew![g1 + j] = n + z * (hp - n);
        if (record) {
          gates![g3 + j] = r;
          gates![g3 + H + j] = z;
          gates![g3 + 2 * H + j] = n;
        }
      }
    }
  },
});

kernels.push({
  name: 'Seq2SeqCellsGruAfterBwd',
  inputs: ['g', 'gates', 'hU', 'h'],
  outputs: (s) => [s.gates!, s.gates!, s.g!],
  compute([g, gates, hU, h], [dXP, dHU, gz], { act: code }, B, H) {
    for (let b = 0; b < B; b++) {
      const g3 = b * 3 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) {
        const gg = g![g1 + j]!;
        const r = gates![g3 + j]!;
        const z = gates![g3 + H + j]!;
        const n = gates![g3 + 2 * H + j]!;
        const daN = gg * (1 - z) * actGrad(code!, n);
        const daZ = gg * (h![g1 + j]! - n) * z * (1 - z);
        const daR = daN * hU![g3 + 2 * H + j]! * r * (1 - r);
        dXP![g3 + j] = daR;
        dXP![g3 + H + j] = daZ;
        dXP![g3 + 2 * H + j] = daN;
        dHU![g3 + j] = daR;
        dHU![g3 + H + j] = daZ;
        dHU![g3 + 2 * H + j] = daN * r;
        gz![g1 + j] = gg * z;
      }
    }
  },
});

/** Reset-after GRU step: `[h', gates (r, z, n) | undefined]`. */
export function gruAfterForward(xP: tf.Tensor, hU: tf.Tensor, h: tf.Tensor, activation: RecurrentActivation, record: boolean): tf.Tensor2D[] {
  return run('Seq2SeqCellsGruAfterFwd', { xP, hU, h }, { act: ACT[activation], record: record ? 1 : 0 });
}

/** Its backward: `[dXP [B,3H], dHU [B,3H], g*z [B,H]]`. */
export function gruAfterBackward(g: tf.Tensor, gates: tf.Tensor, hU: tf.Tensor, h: tf.Tensor, activation: RecurrentActivation): tf.Tensor2D[] {
  return run('Seq2SeqCellsGruAfterBwd', { g, gates, hU, h }, { act: ACT[activation] });
}

// ---------------------------------------------------------------------------------------------
// GRU, reset before U (the lecture's): rz = sigma(x_rz + h U_rz); h~ = phi(x_n + (r h) U_n)

kernels.push({
  name: 'Seq2SeqCellsGruBeforeRZ',
  inputs: ['xP', 'hU', 'h'],
  outputs: (s) => [s.hU!, s.h!],
  compute([xP, hU, h], [rz, rh], _a, B, H) {
    for (let b = 0; b < B; b++) {
      const g3 = b * 3 * H;
      const g2 = b * 2 * H;
      const g1 = b * H;
      for (let j = 0; j < 2 * H; j++) rz![g2 + j] = sigmoid(xP![g3 + j]! + hU![g2 + j]!);
      for (let j = 0; j < H; j++) rh![g1 + j] = rz![g2 + j]! * h![g1 + j]!;
    }
  },
});

kernels.push({
  name: 'Seq2SeqCellsGruBeforeOut',
  inputs: ['xP', 'rhU', 'rz', 'h'],
  outputs: (s) => [s.h!, s.h!],
  compute([xP, rhU, rz, h], [hNew, nOut], { act: code }, B, H) {
    for (let b = 0; b < B; b++) {
      const g3 = b * 3 * H;
      const g2 = b * 2 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) {
        const n = act(code!, xP![g3 + 2 * H + j]! + rhU![g1 + j]!);
        const z = rz![g2 + H + j]!;
        hNew![g1 + j] = n + z * (h![g1 + j]! - n);
        nOut![g1 + j] = n;
      }
    }
  },
});

kernels.push({
  name: 'Seq2SeqCellsGruBeforeBwdA',
  inputs: ['g', 'rz', 'n'],
  outputs: (s) => [s.g!],
  compute([g, rz, nn], [daN], { act: code }, B, H) {
    for (let b = 0; b < B; b++) {
      const g2 = b * 2 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) daN![g1 + j] = g![g1 + j]! * (1 - rz![g2 + H + j]!) * actGrad(code!, nn![g1 + j]!);
    }
  },
});

kernels.push({
  name: 'Seq2SeqCellsGruBeforeBwdB',
  inputs: ['g', 'dRH', 'daN', 'rz', 'n', 'h'],
  outputs: (s) => [[s.g![0]!, 3 * s.g![1]!], s.rz!, s.g!],
  compute([g, dRH, daN, rz, nn, h], [dXP, daRZ, dhPart], _a, B, H) {
    for (let b = 0; b < B; b++) {
      const g3 = b * 3 * H;
      const g2 = b * 2 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) {
        const gg = g![g1 + j]!;
        const r = rz![g2 + j]!;
        const z = rz![g2 + H + j]!;
        const hp = h![g1 + j]!;
        const d = dRH![g1 + j]!;
        const daR = d * hp * r * (1 - r);
        const daZ = gg * (hp - nn![g1 + j]!) * z * (1 - z);
        dXP![g3 + j] = daR;
        dXP![g3 + H + j] = daZ;
        dXP![g3 + 2 * H + j] = daN![g1 + j]!;
        daRZ![g2 + j] = daR;
        daRZ![g2 + H + j] = daZ;
        dhPart![g1 + j] = gg * z + d * r;
      }
    }
  },
});

/** Lecture GRU, phase 1: `[rz = sigma(x_rz + hU_rz) [B,2H], r*h [B,H]]`. */
export function gruBeforeRZ(xP: tf.Tensor, hURZ: tf.Tensor, h: tf.Tensor): tf.Tensor2D[] {
  return run('Seq2SeqCellsGruBeforeRZ', { xP, hU: hURZ, h }, {});
}

/** Lecture GRU, phase 2: `[h', n]` from `rhU = (r h) U_n`. */
export function gruBeforeOut(xP: tf.Tensor, rhU: tf.Tensor, rz: tf.Tensor, h: tf.Tensor, activation: RecurrentActivation): tf.Tensor2D[] {
  return run('Seq2SeqCellsGruBeforeOut', { xP, rhU, rz, h }, { act: ACT[activation] });
}

/** Lecture GRU backward, phase A: `da_n = g (1 - z) phi'(n)`. */
export function gruBeforeBackwardA(g: tf.Tensor, rz: tf.Tensor, n: tf.Tensor, activation: RecurrentActivation): tf.Tensor2D {
  return run('Seq2SeqCellsGruBeforeBwdA', { g, rz, n }, { act: ACT[activation] })[0]!;
}

/** Lecture GRU backward, phase B (after `dRH = da_n U_n^T`): `[dXP [B,3H], [da_r, da_z] [B,2H], g z + dRH r [B,H]]`. */
export function gruBeforeBackwardB(g: tf.Tensor, dRH: tf.Tensor, daN: tf.Tensor, rz: tf.Tensor, n: tf.Tensor, h: tf.Tensor): tf.Tensor2D[] {
  return run('Seq2SeqCellsGruBeforeBwdB', { g, dRH, daN, rz, n, h }, {});
}

// ---------------------------------------------------------------------------------------------
// LSTM: a = x W + h U + b (gates i, f, g, o);  c' = f c + i g;  h' = o tanh(c')

kernels.push({
  name: 'Seq2SeqCellsLstmFwd',
  inputs: ['xP', 'hU', 'c'],
  outputs: (s, a) => (a.record ? [s.c!, s.c!, s.xP!, s.c!] : [s.c!, s.c!]),
  compute([xP, hU, c], [hNew, cNew, gates, tcOut], { record }, B, H) {
    for (let b = 0; b < B; b++) {
      const g4 = b * 4 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(xP![g4 + j]! + hU![g4 + j]!);
        const f = sigmoid(xP![g4 + H + j]! + hU![g4 + H + j]!);
        const g = tanh(xP![g4 + 2 * H + j]! + hU![g4 + 2 * H + j]!);
        const o = sigmoid(xP![g4 + 3 * H + j]! + hU![g4 + 3 * H + j]!);
        const cn = f * c![g1 + j]! + i * g;
        const tc = tanh(cn);
        cNew![g1 + j] = cn;
        hNew![g1 + j] = o * tc;
        if (record) {
          gates![g4 + j] = i;
          gates![g4 + H + j] = f;
          gates![g4 + 2 * H + j] = g;
          gates![g4 + 3 * H + j] = o;
          tcOut![g1 + j] = tc;
        }
      }
    }
  },
});

kernels.push({
  name: 'Seq2SeqCellsLstmBwd',
  inputs: ['gh', 'gc', 'gates', 'tc', 'c'],
  outputs: (s) => [s.gates!, s.c!],
  compute([gh, gc, gates, tcs, c], [da, dcPrev], _a, B, H) {
    for (let b = 0; b < B; b++) {
      const g4 = b * 4 * H;
      const g1 = b * H;
      for (let j = 0; j < H; j++) {
        const i = gates![g4 + j]!;
        const f = gates![g4 + H + j]!;
        const g = gates![g4 + 2 * H + j]!;
        const o = gates![g4 + 3 * H + j]!;
        const tc = tcs![g1 + j]!;
        const dh = gh![g1 + j]!;
        const dc = gc![g1 + j]! + dh * o * (1 - tc * tc);
        da![g4 + j] = dc * g * i * (1 - i);
        da![g4 + H + j] = dc * c![g1 + j]! * f * (1 - f);
        da![g4 + 2 * H + j] = dc * i * (1 - g * g);
        da![g4 + 3 * H + j] = dh * tc * o * (1 - o);
        dcPrev![g1 + j] = dc * f;
      }
    }
  },
});

/**
 * LSTM step from the projected input `xP = x W + b` and `hU = h U` (gate pre-activations are
 * their sum): `[h', c', gates (i, f, g, o), tanh(c')]` (the last two when recording).
 */
export function lstmForward(xP: tf.Tensor, hU: tf.Tensor, c: tf.Tensor, record: boolean): tf.Tensor2D[] {
  return run('Seq2SeqCellsLstmFwd', { xP, hU, c }, { record: record ? 1 : 0 });
}

/** LSTM backward: `[da [B,4H], dc_prev [B,H]]`. */
export function lstmBackward(gh: tf.Tensor, gc: tf.Tensor, gates: tf.Tensor, tc: tf.Tensor, c: tf.Tensor): tf.Tensor2D[] {
  return run('Seq2SeqCellsLstmBwd', { gh, gc, gates, tc, c }, {});
}
