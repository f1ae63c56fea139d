import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { beamSearch, beamSearchAsync } from './beam';
import { greedyDecode, greedyDecodeAsync, sampleDecode, sampleDecodeAsync } from './greedy';
import { MARKOV_VOCABULARY, markovModel, markovStart, type MarkovTable } from './markov.fixture';
import type { Hypothesis } from './types';

const V = MARKOV_VOCABULARY;
const START = 0;
const END = 1;
type Table = MarkovTable;
const markov = markovModel;
const initial = markovStart;

/** Log-probability of `tokens` (then the end token when `finished`) under `table`, in float64. */
function pathLogProb(table: Table, tokens: number[], finished: boolean): number {
  let prev = START;
  let lp = 0;
  for (const t of [...tokens, ...(finished ? [END] : [])]) {
    lp += Math.log(table[prev]![t]!);
    prev = t;
  }
  return lp;
}

/** GNMT length normaliser of a hypothesis of `len` emitted tokens (the end token counts). */
const lp = (len: number, alpha: number) => ((5 + len) / 6) ** alpha;

/** Every finished output of at most `maxLength` steps, with its log-probability. */
function enumerate(table: Table, maxLength: number): Array<{ tokens: number[]; logProb: number }> {
  const out: Array<{ tokens: number[]; logProb: number }> = [];
  const walk = (tokens: number[]) => {
    out.push({ tokens, logProb: pathLogProb(table, tokens, true) });
    if (tokens.length + 1 < maxLength) for (let v = 0; v < V; v++) if (v !== END) walk([...tokens, v]);
  };
  walk([]);
  return out;
}

function bruteForceBest(table: Table, maxLength: number, alpha: number): { tokens: number[]; logProb: number } {
  const all = enumerate(table, maxLength);
  const score = (h: { tokens: number[]; logProb: number }) => h.logProb / lp(h.tokens.length + 1, alpha);
  return all.reduce((best, h) => (score(h) > score(best) ? h : best));
}

/** Each hypothesis's logProb is the sum of its steps, and its attention rows are its inputs. */
function expectConsistent(h: Hypothesis, table: Table): void {
  expect(h.tokens).not.toContain(END);
  expect(h.logProb).toBeCloseTo(pathLogProb(table, h.tokens, h.finished), 4);
  const inputs = [START, ...h.tokens].slice(0, h.tokens.length + (h.finished ? 1 : 0));
  expect(h.attention.map((row) => row.indexOf(1))).toEqual(inputs);
}

// Greedy takes `a` (0.5) and never finishes; the most probable output is `b <end>` (0.4 * 0.9).
//                 x     end   a     b
const TRAP: Table = [
  [0.05, 0.05, 0.5, 0.4], // after start / x
  [0.25, 0.25, 0.25, 0.25], // after end (fed to finished rows only)
  [0.36, 0.3, 0.17, 0.17], // after a
  [0.04, 0.9, 0.03, 0.03], // after b
];
// Emits `b` then ends at once: greedy finishes after one token.
const SHORT: Table = [
  [0.1, 0.1, 0.1, 0.7],
  [0.25, 0.25, 0.25, 0.25],
  [0.25, 0.25, 0.25, 0.25],
  [0.05, 0.85, 0.05, 0.05],
];
// `<end>` at once (0.5) beats `a b <end>` (0.5 * 0.95 * 0.95 = 0.45125) by probability, not per token.
const LENGTHY: Table = [
  [0.0, 0.5, 0.5, 0.0].map((p) => (p === 0 ? 1e-4 : p - 1e-4)),
  [0.25, 0.25, 0.25, 0.25],
  [0.02, 0.01, 0.02, 0.95],
  [0.02, 0.95, 0.01, 0.02],
];

function randomTable(rng: Rng): Table {
  return Array.from({ length: V }, () => {
    const w = Array.from({ length: V }, () => rng.uniform(0.05, 1) ** 2);
    const sum = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / sum);
  });
}

describeBackends('decoders', () => {
  it('greedy follows the argmax; finished rows stop growing; a maxLength cut is marked unfinished', () => {
    const [trap, short] = greedyDecode(markov([TRAP, SHORT]), initial([0, 1]), 2, { startToken: START, endToken: END, maxLength: 5 });
    expect(trap).toMatchObject({ tokens: [2, 0, 2, 0, 2], finished: false });
    expect(short).toMatchObject({ tokens: [3], finished: true });
    expectConsistent(trap!, TRAP);
    expectConsistent(short!, SHORT);
    expect(trap!.score).toBe(trap!.logProb);
    // endToken -1: fixed-length outputs.
    const [fixed] = greedyDecode(markov([SHORT]), initial([0]), 1, { startToken: START, endToken: -1, maxLength: 3 });
    expect(fixed).toMatchObject({ tokens: [3, 1, 0], finished: false });
  });

  it('beam search finds the most probable output where greedy does not (checked by enumeration)', () => {
    const best = bruteForceBest(TRAP, 5, 0);
    expect(best.tokens).toEqual([3]);
    const greedy = greedyDecode(markov([TRAP]), initial([0]), 1, { startToken: START, endToken: END, maxLength: 5 })[0]!;
    expect(greedy.logProb).toBeLessThan(best.logProb);
    const beams = beamSearch(markov([TRAP]), initial([0]), 1, { startToken: START, endToken: END, maxLength: 5, beamWidth: 2, lengthPenalty: 0 })[0]!;
    expect(beams.length).toBe(2);
    expect(beams[0]).toMatchObject({ tokens: [3], finished: true });
    expect(beams[0]!.logProb).toBeCloseTo(best.logProb, 5);
    expect(beams[0]!.score).toBeCloseTo(beams[0]!.logProb, 5); // alpha 0: the score is the log-probability
    for (const h of beams) expectConsistent(h, TRAP);
    expect(beams[1]!.score).toBeLessThanOrEqual(beams[0]!.score);
  });

  it('an end candidate ranked after the live continuations still finishes, when it beats the finished ones', () => {
    // Width 1. Step 0 finishes "" (0.2) and keeps `a` (0.7); step 1 ranks `a a` (0.35) above
    // `a <end>` (0.315), which is nevertheless the best finished output of at most 2 steps.
    const table: Table = [
      [0.05, 0.2, 0.7, 0.05],
      [0.25, 0.25, 0.25, 0.25],
      [0.02, 0.45, 0.5, 0.03],
      [0.25, 0.25, 0.25, 0.25],
    ];
    expect(bruteForceBest(table, 2, 0).tokens).toEqual([2]);
    const [top] = beamSearch(markov([table]), initial([0]), 1, { startToken: START, endToken: END, maxLength: 2, beamWidth: 1, lengthPenalty: 0 })[0]!;
    expect(top).toMatchObject({ tokens: [2], finished: true });
    expect(top!.logProb).toBeCloseTo(Math.log(0.7 * 0.45), 5);
  });

  it('an exhaustive beam finds the enumeration optimum of random models, with and without length penalty', () => {
    const rng = new Rng(21);
    const maxLength = 4;
    for (let trial = 0; trial < 3; trial++) {
      const table = randomTable(rng);
      for (const alpha of [0, 1]) {
        // 3 non-end tokens and 4 steps: 81 beams keep every prefix alive.
        const [top] = beamSearch(markov([table]), initial([0]), 1, { startToken: START, endToken: END, maxLength, beamWidth: 81, lengthPenalty: alpha, returnCount: 1 })[0]!;
        const best = bruteForceBest(table, maxLength, alpha);
        expect(top!.tokens).toEqual(best.tokens);
        expect(top!.logProb).toBeCloseTo(best.logProb, 4);
      }
    }
  });

  it('lengthPenalty ranks by logProb / ((5 + len) / 6)^alpha (GNMT)', () => {
    const decode = (alpha: number) =>
      beamSearch(markov([LENGTHY]), initial([0]), 1, { startToken: START, endToken: END, maxLength: 5, beamWidth: 3, lengthPenalty: alpha })[0]!;
    const plain = decode(0);
    const normalised = decode(1);
    expect(plain[0]!.tokens).toEqual([]);
    expect(normalised[0]!.tokens).toEqual([2, 3]);
    // The same two hypotheses, with the formula's scores, in the formula's order.
    const short = Math.log(0.5);
    const long = pathLogProb(LENGTHY, [2, 3], true);
    expect(short).toBeGreaterThan(long);
    expect(short / lp(1, 1)).toBeLessThan(long / lp(3, 1));
    for (const hyps of [plain, normalised]) {
      const alpha = hyps === plain ? 0 : 1;
      for (const h of hyps) {
        expect(h.score).toBeCloseTo(h.logProb / lp(h.tokens.length + 1, alpha), 5);
        expectConsistent(h, LENGTHY);
      }
      expect(hyps.map((h) => h.score)).toEqual([...hyps.map((h) => h.score)].sort((a, b) => b - a));
      expect(bruteForceBest(LENGTHY, 5, alpha).tokens).toEqual(hyps[0]!.tokens);
    }
  });

  it('a beam cut by maxLength returns its live hypotheses marked unfinished', () => {
    // The end token has probability 0 (log-probability -Infinity): nothing can finish.
    const neverEnds: Table = TRAP.map(() => [0.3, 0, 0.4, 0.3]);
    const hyps = beamSearch(markov([neverEnds]), initial([0]), 1, { startToken: START, endToken: END, maxLength: 3, beamWidth: 2, lengthPenalty: 0.6 })[0]!;
    expect(hyps).toHaveLength(2);
    for (const h of hyps) {
      expect(h.finished).toBe(false);
      expect(h.tokens).toHaveLength(3);
      expect(h.score).toBeCloseTo(h.logProb / lp(3, 0.6), 5);
      expectConsistent(h, neverEnds);
    }
    expect(hyps[0]!.tokens).toEqual([2, 2, 2]);
  });

  it('batched beam search gives every input the result it gets alone', () => {
    const rng = new Rng(8);
    const tables = [TRAP, randomTable(rng), SHORT, randomTable(rng), LENGTHY];
    const options = { startToken: START, endToken: END, maxLength: 6, beamWidth: 3, lengthPenalty: 0.6 };
    const batched = beamSearch(markov(tables), initial(tables.map((_, i) => i)), tables.length, options);
    tables.forEach((table, i) => {
      const alone = beamSearch(markov([table]), initial([0]), 1, options)[0]!;
      expect(batched[i]!.map((h) => h.tokens)).toEqual(alone.map((h) => h.tokens));
      batched[i]!.forEach((h, j) => {
        expect(h.logProb).toBeCloseTo(alone[j]!.logProb, 5);
        expect(h.finished).toBe(alone[j]!.finished);
        expectConsistent(h, table);
      });
    });
    expect(beamSearch(markov(tables), initial([0, 1]), 2, { ...options, returnCount: 1 }).map((h) => h.length)).toEqual([1, 1]);
    expect(() => beamSearch(markov(tables), initial([0]), 1, { ...options, beamWidth: 0 })).toThrow(/beamWidth must be an integer >= 1/);
  });

  it('sampling is reproducible from the seed, draws from softmax(log p / T), and tends to greedy as T -> 0', () => {
    const rng = new Rng(3);
    const tables = [TRAP, randomTable(rng), randomTable(rng)];
    const rows = [0, 1, 2, 0, 1, 2, 0, 1, 2];
    const options = { startToken: START, endToken: END, maxLength: 6 };
    const sample = (seed: number, temperature?: number) => sampleDecode(markov(tables), initial(rows), rows.length, { ...options, rng: new Rng(seed), temperature });
    const a = sample(1);
    expect(sample(1)).toEqual(a);
    expect(sample(2).map((h) => h.tokens)).not.toEqual(a.map((h) => h.tokens));
    // logProb is the model's (untempered) log-probability of what was drawn.
    a.forEach((h, r) => expectConsistent(h, tables[rows[r]!]!));
    const greedy = greedyDecode(markov(tables), initial(rows), rows.length, options);
    expect(sample(5, 1e-3).map((h) => h.tokens)).toEqual(greedy.map((h) => h.tokens));
    expect(() => sample(1, 0)).toThrow(/temperature must be > 0/);

    // First-token frequencies over many rows against p^(1/T) / Z, within 4 standard deviations.
    const n = 4000;
    for (const temperature of [1, 2]) {
      const first = sampleDecode(markov([TRAP]), initial(new Array(n).fill(0)), n, { ...options, maxLength: 1, rng: new Rng(9), temperature });
      const weights = TRAP[START]!.map((p) => p ** (1 / temperature));
      const z = weights.reduce((s, w) => s + w, 0);
      weights.forEach((w, v) => {
        const p = w / z;
        const count = first.filter((h) => (v === END ? h.finished : h.tokens[0] === v)).length;
        expect(Math.abs(count / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      });
    }
  });

  it('decoders consume the initial state and leak no tensors', async () => {
    const tables = [TRAP, SHORT, LENGTHY];
    const options = { startToken: START, endToken: END, maxLength: 6 };
    await expectNoTensorLeak(() => void beamSearch(markov(tables), initial([0, 1, 2]), 3, { ...options, beamWidth: 3 }));
    await expectNoTensorLeak(() => void greedyDecode(markov(tables), initial([0, 1, 2]), 3, options));
    await expectNoTensorLeak(() => void sampleDecode(markov(tables), initial([0, 1, 2]), 3, { ...options, rng: new Rng(0) }));
    // A model that fails mid-search still gets its states freed.
    const failing = markov(tables);
    let calls = 0;
    const step = failing.step;
    failing.step = (tokens, state) => {
      if (++calls % 3 === 0) throw new Error('boom');
      return step(tokens, state);
    };
    await expectNoTensorLeak(() => {
      expect(() => beamSearch(failing, initial([0, 1, 2]), 3, { ...options, beamWidth: 2 })).toThrow('boom');
      expect(() => greedyDecode(failing, initial([0, 1, 2]), 3, options)).toThrow('boom');
    });
  });

  it('the async decoders (awaited reads, for WebGPU) return exactly what the sync ones do, and free states on failure', async () => {
    const rng = new Rng(11);
    const tables = [TRAP, randomTable(rng), SHORT, LENGTHY];
    const rows = [0, 1, 2, 3];
    const options = { startToken: START, endToken: END, maxLength: 6 };
    expect(await greedyDecodeAsync(markov(tables), initial(rows), 4, options)).toEqual(greedyDecode(markov(tables), initial(rows), 4, options));
    const beam = { ...options, beamWidth: 3 };
    expect(await beamSearchAsync(markov(tables), initial(rows), 4, beam)).toEqual(beamSearch(markov(tables), initial(rows), 4, beam));
    const sample = { ...options, temperature: 1.5 };
    expect(await sampleDecodeAsync(markov(tables), initial(rows), 4, { ...sample, rng: new Rng(4) })).toEqual(
      sampleDecode(markov(tables), initial(rows), 4, { ...sample, rng: new Rng(4) }),
    );
    await expect(beamSearchAsync(markov(tables), initial([0]), 1, { ...options, beamWidth: 0 })).rejects.toThrow(/beamWidth/);
    // A read that fails (a lost device) still frees every state.
    const failingRead = markov(tables);
    const step = failingRead.step;
    let calls = 0;
    failingRead.step = (tokens, state) => {
      const out = step(tokens, state);
      if (++calls % 2 === 0) out.logProbs.data = () => Promise.reject(new Error('device lost'));
      return out;
    };
    await expectNoTensorLeak(async () => {
      await expect(beamSearchAsync(failingRead, initial(rows), 4, beam)).rejects.toThrow('device lost');
      await expect(greedyDecodeAsync(failingRead, initial(rows), 4, options)).rejects.toThrow('device lost');
    });
  });

  it('per-input maxLength: each input of a batch stops where it stops alone, and finished inputs leave the rows', () => {
    const rng = new Rng(21);
    const tables = [TRAP, SHORT, randomTable(rng), LENGTHY, randomTable(rng), TRAP, randomTable(rng), SHORT];
    const limits = [5, 1, 4, 6, 0, 2, 7, 3];
    const inputs = tables.map((_, i) => i);
    /** The markov model, recording how many rows each step ran. */
    const recording = (ts: Table[]) => {
      const model = markov(ts);
      const rows: number[] = [];
      const step = model.step;
      model.step = (tokens, state) => {
        rows.push(tokens.length);
        return step(tokens, state);
      };
      return { model, rows };
    };
    const options = { startToken: START, endToken: END };

    const greedy = recording(tables);
    const together = greedyDecode(greedy.model, initial(inputs), tables.length, { ...options, maxLength: limits });
    tables.forEach((table, i) => {
      const [alone] = greedyDecode(markov([table]), initial([0]), 1, { ...options, maxLength: limits[i]! });
      expect(together[i]).toEqual(alone);
      expect(together[i]!.tokens.length + (together[i]!.finished ? 1 : 0)).toBeLessThanOrEqual(limits[i]!);
    });
    expect(greedy.rows[0]).toBe(tables.length);
    expect(greedy.rows.at(-1)).toBeLessThan(tables.length); // rows of finished inputs were dropped
    expect(greedy.rows).toEqual([...greedy.rows].sort((a, b) => b - a));

    const beam = recording(tables);
    const beamOptions = { ...options, beamWidth: 3, lengthPenalty: 0.6, maxLength: limits };
    const beams = beamSearch(beam.model, initial(inputs), tables.length, beamOptions);
    tables.forEach((table, i) => {
      const [alone] = beamSearch(markov([table]), initial([0]), 1, { ...beamOptions, maxLength: [limits[i]!] });
      expect(beams[i]).toEqual(alone);
    });
    expect(beams[4]).toEqual([{ tokens: [], logProb: 0, score: 0, attention: [], finished: false }]); // limit 0: no step
    // One row per input at the first step (limit 0 never runs), then k = 3 for each input still
    // searching (the input with limit 1 is done after one step).
    expect(beam.rows.slice(0, 2)).toEqual([7, 3 * 6]);
    expect(beam.rows.at(-1)).toBeLessThan(beam.rows[0]!);

    // Sampling keeps every row within its own limit.
    const sampled = sampleDecode(markov(tables), initial(inputs), tables.length, { ...options, maxLength: limits, rng: new Rng(5) });
    sampled.forEach((h, i) => expect(h.tokens.length + (h.finished ? 1 : 0)).toBeLessThanOrEqual(limits[i]!));
  });

  it('a bad maxLength is an InputError naming what was expected, and the state is freed', async () => {
    const options = { startToken: START, endToken: END };
    await expectNoTensorLeak(() => {
      expect(() => greedyDecode(markov([TRAP, SHORT]), initial([0, 1]), 2, { ...options, maxLength: [3] })).toThrow(/one limit per input \(2\), got 1/);
      expect(() => beamSearch(markov([TRAP, SHORT]), initial([0, 1]), 2, { ...options, maxLength: [3, 1.5] })).toThrow(/maxLength\[1\] must be an integer >= 0, got 1.5/);
      expect(() => greedyDecode(markov([TRAP]), initial([0]), 1, { ...options, maxLength: -1 })).toThrow(/maxLength must be a number >= 0/);
    });
  });

  it('returning fewer hypotheses stops sooner and returns the best of the full search', () => {
    const rng = new Rng(31);
    const tables = Array.from({ length: 12 }, () => randomTable(rng));
    let steps = 0;
    const counting = () => {
      const model = markov(tables);
      const step = model.step;
      model.step = (tokens, state) => {
        steps += tokens.length;
        return step(tokens, state);
      };
      return model;
    };
    for (const lengthPenalty of [0, 0.6, 1]) {
      const options = { startToken: START, endToken: END, maxLength: 9, beamWidth: 4, lengthPenalty };
      steps = 0;
      const full = beamSearch(counting(), initial(tables.map((_, i) => i)), tables.length, options);
      const fullSteps = steps;
      for (const returnCount of [1, 2]) {
        steps = 0;
        const top = beamSearch(counting(), initial(tables.map((_, i) => i)), tables.length, { ...options, returnCount });
        expect(top).toEqual(full.map((hyps) => hyps.slice(0, returnCount)));
        expect(steps).toBeLessThanOrEqual(fullSteps);
      }
      if (lengthPenalty === 0) {
        steps = 0;
        beamSearch(counting(), initial(tables.map((_, i) => i)), tables.length, { ...options, returnCount: 1 });
        expect(steps).toBeLessThan(fullSteps);
      }
    }
  });
});
