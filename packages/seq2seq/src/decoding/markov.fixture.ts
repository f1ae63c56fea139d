/**
 * A first-order Markov "model" for the decoder tests: over a 4-token vocabulary,
 * `tables[input][prev][next]` are the probabilities of the next token given the previous one,
 * for each input (row of the batch). Token 0 doubles as the start token; 1 is the end token.
 *
 * Its state is a tensor holding each row's input index, so beam search's gather and dispose of
 * the state run for real; its "attention" is a one-hot of the previous token over 4 positions,
 * so a hypothesis's attention rows spell out its own inputs. Test code only (not exported).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepModel, StepState } from './types';

/** The vocabulary size. */
export const MARKOV_VOCABULARY = 4;

/** `[prev][next]` probabilities; each row sums to 1 (a row may be longer to make a wider vocabulary). */
export type MarkovTable = number[][];

export interface MarkovState extends StepState {
  /** Each row's input: the index of its table `[rows]`. */
  which: tf.Tensor1D;
}

const markovState = (which: tf.Tensor1D): MarkovState => ({ which, dispose: () => which.dispose() });

/** The model over `tables` (one per input). */
export function markovModel(tables: MarkovTable[]): StepModel<MarkovState> {
  return {
    step: (tokens, state) => {
      const which = state.which.dataSync();
      const logp = Array.from(tokens, (prev, r) => tables[which[r]!]![prev]!.map(Math.log));
      const att = Array.from(tokens, (prev) => Array.from({ length: MARKOV_VOCABULARY }, (_, s) => (s === prev ? 1 : 0)));
      return { logProbs: tf.tensor2d(logp), state: markovState(state.which.clone()), attention: tf.tensor2d(att) };
    },
    gather: (state, rows) => markovState(tf.tidy(() => tf.gather(state.which, tf.tensor1d(rows, 'int32')))),
  };
}

/** A start state: row `r` reads input `inputs[r]` (the index of its table). */
export const markovStart = (inputs: number[]): MarkovState => markovState(tf.tensor1d(inputs, 'int32'));
