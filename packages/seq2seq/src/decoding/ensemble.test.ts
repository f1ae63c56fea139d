/**
 * ensembleStepModel: the next-token distribution is the (weighted) average of the members', so
 * greedy decoding follows the averaged chain and beam search of copies of one model equals the
 * model's own; the attention is averaged; states are reordered alike; nothing leaks; bad
 * ensembles are clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { beamSearch } from './beam';
import { ensembleStepModel } from './ensemble';
import { greedyDecode } from './greedy';
import { markovModel, markovStart, type MarkovTable } from './markov.fixture';
import type { StepModel, StepState } from './types';

/** A first-order Markov "model" over 4 tokens (0 starts, 1 ends) with one table, `table[prev][next]`. */
type Table = MarkovTable;
const markov = (table: Table) => markovModel([table]);
const start = (rows: number) => markovStart(Array.from({ length: rows }, () => 0));

const A: Table = [
  [0, 0.1, 0.6, 0.3],
  [0.25, 0.25, 0.25, 0.25],
  [0, 0.5, 0.1, 0.4],
  [0, 0.2, 0.7, 0.1],
];
const B: Table = [
  [0, 0.1, 0.2, 0.7],
  [0.25, 0.25, 0.25, 0.25],
  [0, 0.3, 0.6, 0.1],
  [0, 0.6, 0.3, 0.1],
];

describeBackends('ensembleStepModel', ({ tolerance }) => {
  it('averages the members’ next-token probabilities, with weights', async () => {
    const e = ensembleStepModel([markov(A), markov(B)], [start(2), start(2)], { weights: [3, 1] });
    const out = e.model.step(Int32Array.from([0, 2]), e.initialState);
    const expected = [0, 2].map((prev) => A[prev]!.map((a, j) => Math.log(0.75 * a + 0.25 * B[prev]![j]!)));
    await expectClose(out.logProbs.arraySync().map((row) => row.map((v) => Math.max(v, -1e4))), expected.map((row) => row.map((v) => Math.max(v, -1e4))), tolerance);
    expect(out.logProbs.arraySync()[1]![0]).toBe(-Infinity); // ruled out by both members: not NaN
    await expectClose(out.attention!, [[1, 0, 0, 0], [0, 0, 1, 0]], tolerance);
    tf.dispose([out.logProbs, out.attention!]);
    out.state.dispose();
    e.initialState.dispose();
  });

  it('decodes greedily along the averaged distribution', () => {
    const e = ensembleStepModel([markov(A), markov(B)], [start(1), start(1)]);
    const [h] = greedyDecode(e.model, e.initialState, 1, { startToken: 0, endToken: 1, maxLength: 6 });
    // By hand: from 0 the average is [0, .1, .4, .5] -> 3; from 3: [0, .4, .5, .1] -> 2; from 2: [0, .4, .35, .25] -> end.
    expect(h!.tokens).toEqual([3, 2]);
    expect(h!.finished).toBe(true);
    expect(h!.logProb).toBeCloseTo(Math.log(0.5) + Math.log(0.5) + Math.log(0.4), 4);
    expect(h!.attention).toEqual([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]);
  });

  it('is the model itself when its members are copies of one model (beam search reorders every state alike)', () => {
    const single = beamSearch(markov(A), start(3), 3, { startToken: 0, endToken: 1, maxLength: 5, beamWidth: 3 });
    const e = ensembleStepModel([markov(A), markov(A), markov(A)], [start(3), start(3), start(3)]);
    const ensemble = beamSearch(e.model, e.initialState, 3, { startToken: 0, endToken: 1, maxLength: 5, beamWidth: 3 });
    expect(ensemble.map((beams) => beams.map((h) => h.tokens))).toEqual(single.map((beams) => beams.map((h) => h.tokens)));
    ensemble.flat().forEach((h, i) => expect(h.logProb).toBeCloseTo(single.flat()[i]!.logProb, 4));
  });

  it('leaks no tensor over steps, gathers and disposal', async () => {
    await expectNoTensorLeak(() => {
      const e = ensembleStepModel([markov(A), markov(B)], [start(2), start(2)]);
      const out = e.model.step(Int32Array.from([0, 3]), e.initialState);
      const picked = e.model.gather(out.state, Int32Array.from([1, 1, 0]));
      tf.dispose([out.logProbs, out.attention!]);
      out.state.dispose();
      picked.dispose();
      e.initialState.dispose();
    });
  });

  it('rejects an empty ensemble, unmatched states, bad weights and members of other vocabularies', () => {
    expect(() => ensembleStepModel([], [])).toThrow(InputError);
    expect(() => ensembleStepModel([markov(A)], [])).toThrow(/one initial state per model \(1\), got 0/);
    expect(() => ensembleStepModel([markov(A), markov(B)], [start(1), start(1)], { weights: [1, -1] })).toThrow(/'weights' must be 2 non-negative numbers/);
    expect(() => ensembleStepModel([markov(A), markov(B)], [start(1), start(1)], { weights: [0, 0] })).toThrow(/positive sum/);
    const wide = markov([0, 1, 2, 3].map(() => [0, 0.2, 0.2, 0.2, 0.4]));
    const e = ensembleStepModel([markov(A), wide], [start(1), start(1)]);
    const before = tf.memory().numTensors;
    expect(() => e.model.step(Int32Array.from([0]), e.initialState)).toThrow(/member 1 scores 5 tokens, member 0 scores 4/);
    expect(tf.memory().numTensors).toBe(before);
    e.initialState.dispose();
  });

  it('frees the earlier members\' outputs when a later member throws', () => {
    const failing: StepModel<StepState> = {
      step: () => {
        throw new InputError('member 2 cannot step');
      },
      gather: (state) => state,
    };
    const e = ensembleStepModel([markov(A), markov(B), failing], [start(2), start(2), start(2)]);
    const before = tf.memory().numTensors;
    expect(() => e.model.step(Int32Array.from([0, 2]), e.initialState)).toThrow(/member 2 cannot step/);
    expect(tf.memory().numTensors).toBe(before); // seen: 6 more before the fix (two members' log-probabilities, attention and state)
    e.initialState.dispose();
  });
});
