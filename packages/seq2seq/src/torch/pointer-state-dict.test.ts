/**
 * PointerNetwork parity with the PyTorch reference (`python/seq2seq_torch/pointer.py`): the fixtures
 * hold random weights in PyTorch's names and what PyTorch computed from them
 * (`python -m seq2seq_torch.make_pointer_fixtures`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { WeightsError, decodeSafetensors } from '@seq2seq/core';
import type { Point } from '@seq2seq/datasets';
import { expect, it } from 'vitest';
import { greedyDecode } from '../decoding/greedy';
import type { PointerNetworkConfig } from '../pointer/config';
import { POINTER_START, type PointerInputs } from '../pointer/network';
import { maxOutputLength, solvePointSets } from '../pointer/solve';
import { pointerNetworkFromTorchStateDict, pointerNetworkToTorchStateDict, pointerNetworkWeightsFromTorch } from './pointer-state-dict';

const DIR = join(import.meta.dirname, 'pointer-fixtures');

interface Fixture {
  config: PointerNetworkConfig;
  points: number[];
  lengths: number[];
  maxN: number;
  targets: number[][];
  positions: number[];
  targetLengths: number[];
  time: number;
  logProbs: number[];
  logProbsShape: [number, number, number];
  loss: number;
  greedy: { positions: number[][]; logProbs: number[]; stepLogProbs: number[][][]; answers: number[][] };
}

const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

function load(name: string): { fixture: Fixture; dict: Map<string, tf.Tensor>; metadata: Record<string, string> } {
  const fixture = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;
  const { tensors, metadata } = decodeSafetensors(readFileSync(join(DIR, `${name}.safetensors`)));
  return { fixture, dict: tensors, metadata };
}

const inputsOf = (f: Fixture): PointerInputs => ({ points: Float32Array.from(f.points), lengths: Int32Array.from(f.lengths), maxN: f.maxN });

const setsOf = (f: Fixture): Point[][] =>
  f.lengths.map((n, b) => Array.from({ length: n }, (_, i) => [f.points[(b * f.maxN + i) * 2]!, f.points[(b * f.maxN + i) * 2 + 1]!] as Point));

/** Log-probabilities agree to `tol` where a position is allowed; where masked, both are about MASKED_LOGIT. */
function expectLogProbsClose(got: ArrayLike<number>, want: readonly number[], tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (want[i]! < -1e8) expect(got[i]!, `${what} [${i}] masked`).toBeLessThan(-1e8);
    else expect(Math.abs(got[i]! - want[i]!), `${what} [${i}]`).toBeLessThan(tol);
  }
}

describeBackends('PointerNetwork from a PyTorch state dict', () => {
  // Per-step log-probabilities agree with PyTorch to 1e-5 on cpu and wasm alike (the fixtures hold
  // them rounded to 1e-6); a greedy sequence's log-probability, a sum of up to 12 of them, to 1e-4.
  const tol = 1e-5;

  it('has fixtures for both encoders and every task', () => {
    expect(names.sort()).toEqual(['delaunay-attention', 'hull-attention', 'hull-lstm', 'tsp-attention', 'tsp-lstm']);
  });

  for (const name of names) {
    it(`${name}: teacher-forced log-probabilities, loss, every greedy step and the answers agree with PyTorch`, () => {
      const { fixture, dict, metadata } = load(name);
      expect(JSON.parse(metadata.config!)).toEqual(fixture.config);
      const net = pointerNetworkFromTorchStateDict(dict, fixture.config);
      tf.dispose([...dict.values()]);
      net.eval();
      const inputs = inputsOf(fixture);
      const targets = { positions: Int32Array.from(fixture.positions), lengths: Int32Array.from(fixture.targetLengths), time: fixture.time };
      expect(net.toPositions(fixture.targets)).toEqual(targets);

      // Teacher forcing: every real step (padded steps past a row's length are not defined alike).
      const logProbs = net.forward(inputs, targets); // [B, T, S]
      expect(logProbs.shape).toEqual(fixture.logProbsShape);
      const [, T, S] = fixture.logProbsShape;
      const got = logProbs.dataSync();
      let compared = 0;
      fixture.targetLengths.forEach((len, b) => {
        for (let s = 0; s < len; s++) {
          const at = (b * T + s) * S;
          expectLogProbsClose(got.subarray(at, at + S), fixture.logProbs.slice(at, at + S), tol, `${name} teacher forcing [${b}, ${s}]`);
          compared++;
        }
      });
      expect(compared).toBe(fixture.targetLengths.reduce((a, c) => a + c, 0));
      const loss = net.loss(inputs, targets);
      expect(Math.abs(loss.dataSync()[0]! - fixture.loss)).toBeLessThan(tol);
      tf.dispose([logProbs, loss]);

      // Greedy decoding step by step through the step model: the distribution of every step.
      const enc = net.encode(inputs);
      const session = net.stepModel(enc);
      const B = fixture.lengths.length;
      const endToken = net.config.rules.variableLength ? 0 : -1;
      let state = session.initialState;
      let tokens = new Int32Array(B).fill(POINTER_START);
      const done = new Array<boolean>(B).fill(false);
      const taken: number[][] = Array.from({ length: B }, () => []);
      for (let step = 0; step < maxOutputLength(net, fixture.maxN) && !done.every(Boolean); step++) {
        const out = session.model.step(tokens, state);
        const lp = out.logProbs.dataSync();
        const next = new Int32Array(B);
        for (let b = 0; b < B; b++) {
          const row = lp.subarray(b * S, (b + 1) * S);
          next[b] = row.indexOf(Math.max(...row));
          if (done[b]) continue;
          expectLogProbsClose(row, fixture.greedy.stepLogProbs[b]![taken[b]!.length]!, tol, `${name} greedy row ${b} step ${step}`);
          if (next[b] === endToken) done[b] = true;
          else taken[b]!.push(next[b]!);
        }
        out.logProbs.dispose();
        state.dispose();
        state = out.state;
        tokens = next;
      }
      state.dispose();
      expect(taken).toEqual(fixture.greedy.positions);

      // The library's greedy decoder and solver give PyTorch's answers.
      const again = net.stepModel(enc);
      const hyps = greedyDecode(again.model, again.initialState, B, { startToken: POINTER_START, endToken, maxLength: maxOutputLength(net, fixture.maxN) });
      again.dispose();
      session.dispose();
      enc.dispose();
      expect(hyps.map((h) => h.tokens)).toEqual(fixture.greedy.positions);
      hyps.forEach((h, b) => expect(Math.abs(h.logProb - fixture.greedy.logProbs[b]!)).toBeLessThan(tol * 10));
      expect(solvePointSets(net, setsOf(fixture))).toEqual(fixture.greedy.answers);
      net.dispose();
    });
  }

  it('round trip: PyTorch -> here -> PyTorch gives the same tensors (LSTM biases summed), and here -> PyTorch -> here is exact', () => {
    for (const name of names) {
      const { fixture, dict } = load(name);
      const net = pointerNetworkFromTorchStateDict(dict, fixture.config);
      const back = pointerNetworkToTorchStateDict(net);
      expect([...back.keys()].sort()).toEqual([...dict.keys()].sort());
      for (const [k, t] of dict) {
        const b = back.get(k)!;
        expect(b.shape, k).toEqual(t.shape);
        const hh = k.replace('.bias_ih_l', '.bias_hh_l');
        if (/\.bias_hh_l/.test(k)) expect(Array.from(b.dataSync()).every((x) => x === 0), k).toBe(true); // folded into bias_ih here
        else if (hh !== k) {
          const sum = tf.add(t, dict.get(hh)!);
          expect(Array.from(b.dataSync()), k).toEqual(Array.from(sum.dataSync())); // float32 bias_ih + bias_hh
          sum.dispose();
        } else expect(Array.from(b.dataSync()), k).toEqual(Array.from(t.dataSync())); // bit for bit
      }
      const again = pointerNetworkWeightsFromTorch(back, fixture.config);
      for (const [k, v] of net.getWeights()) expect(Array.from(again.get(k)!.dataSync()), k).toEqual(Array.from(v.dataSync()));
      tf.dispose([...dict.values(), ...back.values(), ...again.values()]);
      net.dispose();
    }
  });

  it('refuses a state dict that does not fit the config, naming the entry', () => {
    const { fixture, dict } = load('hull-lstm');
    const missing = new Map(dict);
    missing.delete('decoder.weight_hh_l1');
    expect(() => pointerNetworkFromTorchStateDict(missing, fixture.config)).toThrow(/pointerNetworkFromTorchStateDict: missing 'decoder.weight_hh_l1' \[20, 5\]/);
    const extra = new Map(dict).set('encoder.norm0.weight', tf.ones([5]));
    expect(() => pointerNetworkFromTorchStateDict(extra, fixture.config)).toThrow(WeightsError);
    expect(() => pointerNetworkFromTorchStateDict(extra, fixture.config)).toThrow(/entries the config does not use: encoder.norm0.weight.*is the config's 'encoder' 'attention'\?/);
    const wide = { ...fixture.config, hiddenSize: 6 };
    expect(() => pointerNetworkFromTorchStateDict(dict, wide)).toThrow(/'end' has shape \[5\], the config needs \[6\] \(for 'end'\)/);
    const noEnd = { ...fixture.config, rules: { ...fixture.config.rules, variableLength: false } };
    expect(() => pointerNetworkFromTorchStateDict(dict, noEnd)).toThrow(/does not use: end/);
    tf.dispose([...dict.values(), extra.get('encoder.norm0.weight')!]);
  });

  it('leaks no tensors', async () => {
    const { fixture, dict } = load('tsp-attention');
    await expectNoTensorLeak(() => {
      const net = pointerNetworkFromTorchStateDict(dict, fixture.config);
      const back = pointerNetworkToTorchStateDict(net);
      tf.dispose([...back.values()]);
      net.dispose();
      expect(() => pointerNetworkFromTorchStateDict(new Map(), fixture.config)).toThrow(WeightsError);
    });
    tf.dispose([...dict.values()]);
  });
});
