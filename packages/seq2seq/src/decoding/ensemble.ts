/**
 * Ensembles of decoders (Sutskever et al. 2014 translated with an ensemble of five LSTMs): several
 * models that share an output vocabulary decode as one, the next-token distribution being the
 * average of theirs,
 *
 *   p(y_t | y_<t, x) = (1/K) sum_k p_k(y_t | y_<t, x)
 *
 * so greedy decoding and beam search run unchanged on the {@link StepModel} this makes. Each
 * member keeps its own state; beam search's reordering gathers every member's rows alike.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { StepModel, StepState } from './types';

/** The state of an {@link ensembleStepModel}: one state per member, in member order. */
export interface EnsembleState extends StepState {
  readonly members: StepState[];
}

/** Options of {@link ensembleStepModel}. */
export interface EnsembleOptions {
  /**
   * Weight of each member in the average (non-negative, normalised to sum to one). Default: equal
   * weights.
   */
  weights?: readonly number[];
}

function ensembleState(members: StepState[]): EnsembleState {
  return {
    members,
    dispose: () => {
      for (const m of members) m.dispose();
    },
  };
}

/**
 * One {@link StepModel} that averages the next-token probabilities of `models` (at least one, all
 * over the same vocabulary) and the initial state to start it from. The attention it reports is
 * the members' weighted average when every member has attention over as many source positions,
 * else the first member's.
 *
 * @example
 * ```ts
 * const sessions = models.map((m, i) => m.stepModel(encodings[i]));
 * const ensemble = ensembleStepModel(sessions.map((s) => s.model), sessions.map((s) => s.initialState));
 * const best = greedyDecode(ensemble.model, ensemble.initialState, rows, { startToken: 1, endToken: 2, maxLength: 8 });
 * ```
 * @throws InputError when there is no model, the states do not match the models one to one, or
 * the weights are not one non-negative number per model with a positive sum.
 */
export function ensembleStepModel(
  models: ReadonlyArray<StepModel<StepState>>,
  initialStates: readonly StepState[],
  options: EnsembleOptions = {},
): { model: StepModel<EnsembleState>; initialState: EnsembleState } {
  const k = models.length;
  if (k === 0) throw new InputError('ensembleStepModel: expected at least one model, got none');
  if (initialStates.length !== k) throw new InputError(`ensembleStepModel: expected one initial state per model (${k}), got ${initialStates.length}`);
  const raw = options.weights ?? models.map(() => 1);
  if (raw.length !== k || raw.some((w) => !(w >= 0)) || !(raw.reduce((a, b) => a + b, 0) > 0)) {
    throw new InputError(`ensembleStepModel: 'weights' must be ${k} non-negative numbers with a positive sum, got [${raw.join(', ')}]`);
  }
  const total = raw.reduce((a, b) => a + b, 0);
  const logWeights = raw.map((w) => Math.log(w / total));
  const weights = raw.map((w) => w / total);
  const model: StepModel<EnsembleState> = {
    step(tokens, state) {
      const outs: ReturnType<StepModel<StepState>['step']>[] = [];
      try {
        for (let i = 0; i < k; i++) outs.push(models[i]!.step(tokens, state.members[i]!));
      } catch (e) {
        release(outs); // a member that throws: the outputs of those before it are freed, not leaked
        throw e;
      }
      const vocab = outs[0]!.logProbs.shape[1];
      const mismatch = outs.findIndex((o) => o.logProbs.shape[1] !== vocab);
      if (mismatch >= 0) {
        release(outs);
        throw new InputError(`ensembleStepModel: member ${mismatch} scores ${outs[mismatch]!.logProbs.shape[1]} tokens, member 0 scores ${vocab}: the members must share a vocabulary`);
      }
      const first = outs[0]!.attention;
      const averageAttention = first !== undefined && outs.every((o) => o.attention?.shape[1] === first.shape[1]);
      // log sum_k w_k p_k = logsumexp_k (log w_k + log p_k), written out so that a token every
      // member rules out (log p = -inf) stays at -inf instead of becoming NaN.
      const logProbs = tf.tidy(() => {
        const terms = tf.stack(outs.map((o, i) => tf.add(o.logProbs, logWeights[i]!))); // [K, rows, vocab]
        const top = tf.max(terms, 0); // [rows, vocab]
        const shift = tf.where(tf.isFinite(top), top, tf.zerosLike(top));
        return tf.add(tf.log(tf.sum(tf.exp(tf.sub(terms, shift)), 0)), shift);
      }) as tf.Tensor2D; // [rows, vocab]
      const attention = averageAttention
        ? (tf.tidy(() => tf.addN(outs.map((o, i) => tf.mul(o.attention!, weights[i]!)))) as tf.Tensor2D) // [rows, source]
        : first === undefined
          ? undefined
          : tf.clone(first);
      for (const o of outs) tf.dispose([o.logProbs, o.attention ?? []]);
      return { logProbs, attention, state: ensembleState(outs.map((o) => o.state)) };
    },
    gather(state, rows) {
      return ensembleState(models.map((m, i) => m.gather(state.members[i]!, rows)));
    },
  };
  return { model, initialState: ensembleState([...initialStates]) };
}

/** Frees members' step outputs (log-probabilities, attention and state). */
function release(outs: ReadonlyArray<ReturnType<StepModel<StepState>['step']>>): void {
  for (const o of outs) {
    tf.dispose([o.logProbs, o.attention ?? []]);
    o.state.dispose();
  }
}
