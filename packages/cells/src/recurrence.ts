/**
 * The time loop shared by every cell, with a hand-written backward pass through time (BPTT) in
 * the manner of cuDNN (Appleyard et al. 2016, "Optimizing performance of recurrent neural
 * networks on GPUs"):
 *
 * - the input projection `x W + b` of all steps is ONE matMul before the loop (done by the cell,
 *   see {@link linear});
 * - the loop works in a time-major layout `[time*batch, G*H]`, so step t reads the contiguous rows
 *   `[t*batch, (t+1)*batch)` ({@link takeRows});
 * - forward stores each step's gate activations; backward walks the steps in reverse and only
 *   computes the state gradient per step (one matMul with the recurrent kernel transposed once per
 *   call);
 * - the weight gradients are ONE matMul over all steps at the end: `dU = Hprev^T dA` with
 *   `Hprev^T: [H, time*batch]` formed once.
 *
 * tfjs autodiff of a per-step loop would instead record every op of every step, and its matMul
 * gradients use the transposed-operand flags that the WASM backend runs 10-25x slower.
 *
 * Masks: a padded step (mask 0) keeps the previous state and outputs zeros:
 * `h_t = h_{t-1} + m_t (h'_t - h_{t-1})`, `y_t = m_t h'_t`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { recordingGradients, takeRows } from './ops';

/** Constants a kernel may use in its per-step math (created once per call). */
export interface Scalars {
  one: tf.Scalar;
  two: tf.Scalar;
}

/**
 * The per-step math of one cell type. The runner owns the loop, the masks, the packing of
 * outputs and the weight-gradient matMuls' inputs; the kernel owns the gate equations.
 */
export interface StepKernel<P> {
  /** Number of state tensors: 1 (`h`) or 2 (`h`, `c`). */
  readonly stateCount: 1 | 2;

  /**
   * Tensors derived from the recurrent weights once per call (column blocks for forward,
   * transposes for backward), and the choice between fused and per-op step math for this batch
   * size. `weights` are the recurrent-side inputs of the op, e.g. `[U]`; `record` says whether the
   * run records a backward pass (always true when `backward`).
   */
  prepare(weights: readonly tf.Tensor[], backward: boolean, batch: number, record: boolean): P;
  /**
   * One step forward. `xP: [batch, G*H]` is the projected input of this step, `states` the
   * carried states. Returns the new states (h first) and, when `record`, what backward needs.
   */
  forward(p: P, xP: tf.Tensor2D, states: readonly tf.Tensor2D[], record: boolean, k: Scalars): { states: tf.Tensor[]; saved: tf.Tensor[] };
  /**
   * One step backward. `dStates` are the gradients w.r.t. the new states, `prev` the states the
   * step started from. Returns the gradient w.r.t. `xP` (`[batch, G*H]`), w.r.t. the previous
   * states, and per-step tensors the weight gradients need (concatenated over steps by the runner).
   */
  backward(p: P, saved: readonly tf.Tensor2D[], prev: readonly tf.Tensor2D[], dStates: readonly tf.Tensor2D[], k: Scalars): {
    dXP: tf.Tensor;
    dPrev: tf.Tensor[];
    extra: tf.Tensor[];
  };
  /**
   * Gradients of the recurrent weights from all steps at once. `hPrevT: [H, time*batch]` holds the
   * previous hidden state of every step, `dXP: [time*batch, G*H]` the input-projection gradients,
   * `extra` the concatenated per-step tensors from {@link StepKernel.backward}.
   */
  weightGrads(p: P, hPrevT: tf.Tensor2D, dXP: tf.Tensor2D, extra: readonly tf.Tensor2D[], k: Scalars): tf.Tensor[];
  /**
   * Optional: the whole sequence in one call when no gradient is recorded (the native WASM
   * kernels, see `native/kernels.ts`). Returns null where it does not serve this backend or
   * size; the runner then loops over {@link StepKernel.forward}.
   */
  sequence?(inp: RecurrenceInputs): RecurrenceResult | null;
  /**
   * Optional: the whole recorded (training) recurrence as one differentiable op with its own
   * backward pass (the native WASM training kernels, see `native/training.ts`), returning the
   * packed output `[(time + S) * batch, H]` (outputs, then final states). Returns null where it
   * does not serve; the runner then uses its per-step forward and backward.
   */
  trainSequence?(inp: RecurrenceInputs): tf.Tensor2D | null;
}

/** Inputs of one recurrence. */
export interface RecurrenceInputs {
  /** Projected inputs, time-major and flattened: `[time*batch, G*H]`. */
  xP: tf.Tensor2D;
  /** Recurrent-side weights, in the order the kernel expects (e.g. `[U]`, `[U, bRec]`). */
  weights: tf.Tensor[];
  /** Initial states `[batch, H]` (h, then c). */
  states: tf.Tensor2D[];
  /** Time-major mask `[time*batch, 1]` (float32 0/1), or null. */
  mask: tf.Tensor2D | null;
  time: number;
  batch: number;
  hidden: number;
  reverse: boolean;
}

/** Result of {@link recurrence}. */
export interface RecurrenceResult {
  /** `[time, batch, H]`, zero at padded steps. */
  outputs: tf.Tensor3D;
  /** Final states `[batch, H]` (h, then c). */
  states: tf.Tensor2D[];
}

const stepOrder = (time: number, reverse: boolean): number[] =>
  Array.from({ length: time }, (_, i) => (reverse ? time - 1 - i : i));

/**
 * Runs a kernel over all steps. Inside a gradient tape the whole loop is ONE tfjs op
 * (`tf.customGrad`) with the hand-written backward pass; otherwise a plain loop that keeps no
 * activations.
 */
export function recurrence<P>(kernel: StepKernel<P>, inp: RecurrenceInputs): RecurrenceResult {
  const { time: T, batch: B, hidden: H, reverse } = inp;
  const S = kernel.stateCount;
  if (!recordingGradients()) {
    const whole = kernel.sequence?.(inp);
    if (whole) return whole;
    return tf.tidy(() => {
      const k = scalars();
      const p = kernel.prepare(inp.weights, false, B, false);
      const outs: tf.Tensor2D[] = new Array<tf.Tensor2D>(T);
      let states = inp.states;
      for (const t of stepOrder(T, reverse)) {
        const next = tf.tidy(() => {
          const { states: s, out } = forwardStep(kernel, p, inp.xP, inp.mask, states, t, B, false, k);
          return [out, ...s];
        });
        outs[t] = next[0]!;
        states = next.slice(1);
      }
      const outputs = tf.reshape(tf.concat(outs, 0), [T, B, H]) as tf.Tensor3D; // [time, batch, H]
      return { outputs, states } as unknown as tf.TensorContainer;
    }) as unknown as RecurrenceResult;
  }

  const native = kernel.trainSequence?.(inp);
  if (native) return unpack(native, T, B, H, S);

  // Differentiable path: the per-step forward, then the hand-written backward pass.
  const nW = inp.weights.length;
  const packed = recurrenceOp(inp, S, ({ xP, weights, states: states0, mask, save }) => {
    const k = scalars();
    const p = kernel.prepare(weights, false, B, true);
    const outs: tf.Tensor2D[] = new Array<tf.Tensor2D>(T);
    const prevs: tf.Tensor2D[][] = new Array<tf.Tensor2D[]>(T);
    const saves: tf.Tensor[][] = new Array<tf.Tensor[]>(T);
    let states = states0;
    for (const t of stepOrder(T, reverse)) {
      prevs[t] = states;
      const r = forwardStep(kernel, p, xP, mask, states, t, B, true, k);
      outs[t] = r.out;
      saves[t] = r.saved;
      states = r.states;
    }
    // One packed output [(time + S) * batch, H]: outputs of every step, then the final states.
    const value = tf.concat([...outs, ...states], 0) as tf.Tensor2D;
    const toSave: tf.Tensor[] = [...weights];
    if (mask) toSave.push(mask);
    const counts: number[] = [];
    for (let t = 0; t < T; t++) {
      toSave.push(...prevs[t]!, ...saves[t]!);
      counts.push(saves[t]!.length);
    }
    save(toSave);
    return { value, gradFunc: (dy, saved) => backwardPass(kernel, dy, saved, counts, nW, S, mask != null, T, B, reverse) };
  });
  return unpack(packed, T, B, H, S);
}

/** What the forward of a {@link recurrenceOp} receives: its inputs, split back out of `tf.customGrad`'s arguments. */
export interface RecurrenceOpInputs {
  /** `[time*batch, G*H]` */
  xP: tf.Tensor2D;
  weights: tf.Tensor[];
  /** `[batch, H]` each */
  states: tf.Tensor2D[];
  /** `[time*batch, 1]`, or null */
  mask: tf.Tensor2D | null;
  save: tf.GradSaveFunc;
}

/**
 * A whole recorded recurrence as ONE differentiable tfjs op over `[xP, ...weights, ...states,
 * mask?]`, returning the packed output `[(time + S) * batch, H]`. `body` computes the value and
 * its `gradFunc`, which returns the gradients of `xP`, the weights and the states in that order
 * (the mask, a constant, gets zeros here). The per-step path above, the native WASM kernels and
 * the WGSL kernels each supply a body.
 */
export function recurrenceOp(
  inp: RecurrenceInputs,
  stateCount: number,
  body: (args: RecurrenceOpInputs) => { value: tf.Tensor2D; gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.Tensor[] },
): tf.Tensor2D {
  const nW = inp.weights.length;
  const opInputs: tf.Tensor[] = [inp.xP, ...inp.weights, ...inp.states];
  if (inp.mask) opInputs.push(inp.mask);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const { value, gradFunc } = body({
      xP: args[0] as tf.Tensor2D,
      weights: args.slice(1, 1 + nW) as tf.Tensor[],
      states: args.slice(1 + nW, 1 + nW + stateCount) as tf.Tensor2D[],
      mask: inp.mask ? (args[1 + nW + stateCount] as tf.Tensor2D) : null,
      save: args[args.length - 1] as tf.GradSaveFunc,
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const grads = gradFunc(dy as tf.Tensor2D, saved);
        if (grads.length !== 1 + nW + stateCount) throw new Error(`recurrence: internal error, ${grads.length} gradients for ${1 + nW + stateCount} inputs`);
        if (inp.mask) grads.push(tf.zeros(inp.mask.shape));
        return grads;
      },
    };
  });
  return op(...opInputs) as tf.Tensor2D;
}

/** Splits (and disposes) the packed output `[(time + S) * batch, H]` into outputs and final states. */
function unpack(packed: tf.Tensor2D, T: number, B: number, H: number, S: number): RecurrenceResult {
  return tf.tidy(() => {
    const outputs = tf.reshape(takeRows(packed, 0, T * B), [T, B, H]) as tf.Tensor3D; // [time, batch, H]
    const states = Array.from({ length: S }, (_, s) => takeRows(packed, (T + s) * B, B));
    packed.dispose();
    return { outputs, states } as unknown as tf.TensorContainer;
  }) as unknown as RecurrenceResult;
}

function scalars(): Scalars {
  return { one: tf.scalar(1), two: tf.scalar(2) };
}

/** One forward step with masking. Returns the carried states and the step output. */
function forwardStep<P>(
  kernel: StepKernel<P>,
  p: P,
  xPAll: tf.Tensor2D,
  mask: tf.Tensor2D | null,
  states: readonly tf.Tensor2D[],
  t: number,
  B: number,
  record: boolean,
  k: Scalars,
): { states: tf.Tensor2D[]; out: tf.Tensor2D; saved: tf.Tensor[] } {
  const xP = takeRows(xPAll, t * B, B); // [batch, G*H]
  const r = kernel.forward(p, xP, states, record, k);
  const next = r.states as tf.Tensor2D[];
  if (!mask) return { states: next, out: next[0]!, saved: r.saved };
  const m = takeRows(mask, t * B, B); // [batch, 1]
  // h_t = h_{t-1} + m (h' - h_{t-1}); y_t = m h'
  const carried = next.map((s, i) => tf.add(states[i]!, tf.mul(m, tf.sub(s, states[i]!))) as tf.Tensor2D);
  return { states: carried, out: tf.mul(m, next[0]!) as tf.Tensor2D, saved: r.saved };
}

/** The hand-written backward pass through time: the gradients of `xP`, the weights and the states. */
function backwardPass<P>(
  kernel: StepKernel<P>,
  dy: tf.Tensor2D,
  saved: tf.Tensor[],
  counts: readonly number[],
  nW: number,
  S: number,
  hasMask: boolean,
  T: number,
  B: number,
  reverse: boolean,
): tf.Tensor[] {
  const k = scalars();
  const weights = saved.slice(0, nW);
  const mask = hasMask ? (saved[nW] as tf.Tensor2D) : null;
  // Layout of `saved`: weights, mask?, then per step: the S previous states and counts[t] tensors.
  const starts: number[] = [];
  let at = nW + (hasMask ? 1 : 0);
  for (let t = 0; t < T; t++) {
    starts.push(at);
    at += S + counts[t]!;
  }
  const prevOf = (t: number) => saved.slice(starts[t]!, starts[t]! + S) as tf.Tensor2D[];
  const savedOf = (t: number) => saved.slice(starts[t]! + S, starts[t]! + S + counts[t]!) as tf.Tensor2D[];
  const p = kernel.prepare(weights, true, B, true);
  const notMask = mask ? tf.sub(k.one, mask) : null; // [time*batch, 1]

  const dXP: tf.Tensor2D[] = new Array<tf.Tensor2D>(T);
  const extras: tf.Tensor2D[][] = new Array<tf.Tensor2D[]>(T);
  // Gradients w.r.t. the carried states after the last processed step: the final-state rows of dy.
  let dStates = Array.from({ length: S }, (_, s) => takeRows(dy, (T + s) * B, B));
  for (const t of stepOrder(T, !reverse)) {
    const dOut = takeRows(dy, t * B, B); // [batch, H]
    const gh = tf.add(dOut, dStates[0]!) as tf.Tensor2D; // dL/dh' before masking
    let dNew: tf.Tensor2D[];
    let carry: tf.Tensor2D[] | null = null;
    if (mask && notMask) {
      const m = takeRows(mask, t * B, B); // [batch, 1]
      const nm = takeRows(notMask, t * B, B);
      dNew = [tf.mul(m, gh), ...dStates.slice(1).map((d) => tf.mul(m, d))] as tf.Tensor2D[];
      carry = dStates.map((d) => tf.mul(nm, d) as tf.Tensor2D);
    } else {
      dNew = [gh, ...dStates.slice(1)];
    }
    const r = kernel.backward(p, savedOf(t), prevOf(t), dNew, k);
    dXP[t] = r.dXP as tf.Tensor2D;
    extras[t] = r.extra as tf.Tensor2D[];
    const dPrev = r.dPrev as tf.Tensor2D[];
    dStates = carry ? dPrev.map((d, i) => tf.add(d, carry![i]!) as tf.Tensor2D) : dPrev;
  }
  const dXPAll = tf.concat(dXP, 0); // [time*batch, G*H]
  const hPrevT = tf.transpose(tf.concat(Array.from({ length: T }, (_, t) => prevOf(t)[0]!), 0)); // [H, time*batch]
  const nExtra = extras[0]?.length ?? 0;
  const extraAll = Array.from({ length: nExtra }, (_, j) => tf.concat(extras.map((e) => e[j]!), 0));
  const dW = kernel.weightGrads(p, hPrevT, dXPAll, extraAll, k);
  return [dXPAll, ...dW, ...dStates];
}
