/**
 * The recurrence on WebGPU as two WGSL dispatches (see `shaders.ts`): inference is one forward
 * dispatch; training is one differentiable tfjs op whose forward is one dispatch (saving the
 * previous states and gate activations) and whose backward through time is another, with the
 * recurrent weights' gradients as one matMul over all steps afterwards (as `native/training.ts`
 * does on WASM).
 */
import * as tf from '@tensorflow/tfjs-core';
import { recurrenceOp, type RecurrenceInputs, type RecurrenceResult } from '../recurrence';
import { runWgsl, wgslProgramsRun } from './program';
import { backwardInputs, backwardShader, extraCount, forwardInputs, forwardShader, gateCount, shaderServes, stateCount, workgroupSize, type WebGpuCell } from './shaders';

/** When the WGSL recurrence kernels are used: `'auto'` (on the webgpu backend, where they serve the size) or `'never'`. */
export type WebGpuKernelMode = 'auto' | 'never';

let mode: WebGpuKernelMode = 'auto';

/**
 * Overrides when the WGSL recurrence kernels run on the webgpu backend: `'auto'` (default:
 * whenever `gates * hiddenSize <= 4096`, the workgroup memory WebGPU guarantees) or `'never'`
 * (the per-step tfjs ops). For tests and benchmarks.
 * @returns the previous mode.
 */
export function setWebGpuKernelMode(next: WebGpuKernelMode): WebGpuKernelMode {
  if (next !== 'auto' && next !== 'never') throw new Error(`setWebGpuKernelMode: expected 'auto' or 'never', got ${String(next)}`);
  const prev = mode;
  mode = next;
  return prev;
}

/** Whether the WGSL recurrence kernels serve this cell and size on the active backend now. */
export function webgpuKernelsServe(cell: WebGpuCell, inp: Pick<RecurrenceInputs, 'time' | 'batch' | 'hidden'>): boolean {
  return mode === 'auto' && inp.time > 0 && inp.batch > 0 && shaderServes(cell, inp.hidden) && wgslProgramsRun();
}

const cellKey = (cell: WebGpuCell): string => (cell.kind === 'lstm' ? 'lstm' : `gru-${cell.resetAfter ? 'after' : 'before'}-${cell.activation}`);

/** The forward dispatch; returns the flat output (packed output, then the saved tensors when `save`). */
function forward(cell: WebGpuCell, inp: RecurrenceInputs, xP: tf.Tensor2D, weights: readonly tf.Tensor[], states: readonly tf.Tensor2D[], mask: tf.Tensor2D | null, save: boolean): tf.Tensor1D {
  const { time: T, batch: B, hidden: H } = inp;
  const G = gateCount(cell);
  const S = stateCount(cell);
  const names = forwardInputs(cell, mask != null);
  const all: Record<string, tf.Tensor> = { xP, u: weights[0]!, h0: states[0]!, c0: states[1]!, bRec: weights[1]!, mask: mask! };
  const rows = (T + S) * B + (save ? T * B * (1 + G + extraCount(cell)) : 0);
  return runWgsl({
    key: `rnn-forward-${cellKey(cell)}-h${H}-${mask ? 'mask' : 'nomask'}-${save ? 'save' : 'nosave'}`,
    source: () => forwardShader(cell, H, mask != null, save),
    inputs: Object.fromEntries(names.map((n) => [n, all[n]!])),
    outputSize: rows * H,
    workgroups: B,
    workgroupSize: workgroupSize(H),
    uniforms: { time: T, batch: B, reverse: inp.reverse ? 1 : 0 },
  });
}

/** Rows `[start, start + count)` of a flat buffer seen as `[*, width]`. */
function region(flat: tf.Tensor1D, start: number, count: number, width: number): tf.Tensor2D {
  return tf.reshape(tf.slice(flat, [start * width], [count * width]), [count, width]) as tf.Tensor2D;
}

/** Inference: the whole sequence in one dispatch. */
export function webgpuSequence(cell: WebGpuCell, inp: RecurrenceInputs): RecurrenceResult {
  const { time: T, batch: B, hidden: H } = inp;
  return tf.tidy(() => {
    const flat = forward(cell, inp, inp.xP, inp.weights, inp.states, inp.mask, false);
    const outputs = tf.reshape(tf.slice(flat, [0], [T * B * H]), [T, B, H]) as tf.Tensor3D; // [time, batch, H]
    const states = Array.from({ length: stateCount(cell) }, (_, s) => region(flat, (T + s) * B, B, H)); // [batch, H] each
    return { outputs, states } as unknown as tf.TensorContainer;
  }) as unknown as RecurrenceResult;
}

/**
 * Training: the recurrence as one differentiable op. Returns the packed output
 * `[(time + S) * batch, H]` (outputs of every step, then the final states). Op inputs (and
 * gradients): `xP`, the weights (`[U]` or `[U, b_hh]`), the states, the mask.
 */
export function webgpuTrainingRecurrence(cell: WebGpuCell, inp: RecurrenceInputs): tf.Tensor2D {
  const { time: T, batch: B, hidden: H } = inp;
  const G = gateCount(cell);
  const S = stateCount(cell);
  const nW = inp.weights.length;
  const hasMask = inp.mask != null;
  const resetAfter = cell.kind === 'gru' && cell.resetAfter;
  return recurrenceOp(inp, S, ({ xP, weights, states, mask, save }) => {
    const packedRows = (T + S) * B;
    const [packed, hp, gates, ...extras] = tf.tidy(() => {
      const flat = forward(cell, inp, xP, weights, states, mask, true);
      return [
        region(flat, 0, packedRows, H), // [(time + S) * batch, H]
        region(flat, packedRows, T * B, H), // previous h: [time*batch, H]
        tf.reshape(region(flat, packedRows + T * B, T * B * G, H), [T * B, G * H]), // gates: [time*batch, G*H]
        ...Array.from({ length: extraCount(cell) }, (_, e) => region(flat, packedRows + T * B * (1 + G + e), T * B, H)), // [time*batch, H] each
      ];
    }) as tf.Tensor2D[];
    save([...weights, hp!, gates!, ...extras, ...(mask ? [mask] : [])]);
    return {
      value: packed!,
      gradFunc: (dy, saved) => {
        const w = saved.slice(0, nW);
        const [hpS, gatesS, ...rest] = saved.slice(nW) as tf.Tensor2D[];
        const m = hasMask ? rest[rest.length - 1]! : null;
        const ex = rest.slice(0, extraCount(cell));
        const U = w[0] as tf.Tensor2D; // [H, G*H]
        const uT = tf.transpose(U) as tf.Tensor2D; // [G*H, H]
        const all: Record<string, tf.Tensor> = { dy, uT, hp: hpS!, gates: gatesS!, hN: ex[0]!, cp: ex[0]!, tc: ex[1]!, mask: m! };
        const names = backwardInputs(cell, m != null);
        const dRows = T * B * G * (resetAfter ? 2 : 1) + S * B;
        const flatGrad = runWgsl({
          key: `rnn-backward-${cellKey(cell)}-h${H}-${m ? 'mask' : 'nomask'}`,
          source: () => backwardShader(cell, H, m != null),
          inputs: Object.fromEntries(names.map((n) => [n, all[n]!])),
          outputSize: dRows * H,
          workgroups: B,
          workgroupSize: workgroupSize(H),
          uniforms: { time: T, batch: B, reverse: inp.reverse ? 1 : 0 },
        });
        const dXP = tf.reshape(region(flatGrad, 0, T * B * G, H), [T * B, G * H]) as tf.Tensor2D; // [time*batch, G*H]
        const dsStart = T * B * G * (resetAfter ? 2 : 1);
        const dStates = Array.from({ length: S }, (_, s) => region(flatGrad, dsStart + s * B, B, H)); // [batch, H] each
        let dW: tf.Tensor[];
        if (resetAfter) {
          const dHU = tf.reshape(region(flatGrad, T * B * G, T * B * G, H), [T * B, G * H]) as tf.Tensor2D; // [time*batch, 3H]
          dW = [tf.matMul(hpS!, dHU, true, false), tf.sum(dHU, 0)]; // [H, T*B] x [T*B, 3H]
        } else if (cell.kind === 'gru') {
          const dURZ = tf.matMul(hpS!, tf.slice(dXP, [0, 0], [T * B, 2 * H]), true, false); // [H, T*B] x [T*B, 2H]
          const dUN = tf.matMul(ex[0]!, tf.slice(dXP, [0, 2 * H], [T * B, H]), true, false); // (r h)^T da_n: [H, T*B] x [T*B, H]
          dW = [tf.concat([dURZ, dUN], 1)];
        } else {
          dW = [tf.matMul(hpS!, dXP, true, false)]; // [H, T*B] x [T*B, 4H]
        }
        return [dXP, ...dW, ...dStates];
      },
    };
  });
}
