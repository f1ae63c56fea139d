/**
 * Parity with the PyTorch reference (`python/seq2seq_torch`): the fixtures hold random weights in
 * PyTorch's names and what PyTorch computed from them (`python -m seq2seq_torch.make_fixtures`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { WeightsError, decodeSafetensors } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { beamSearch, greedyDecode, type Seq2SeqConfig, type TokenBatch } from '../index';
import { seq2seqFromTorchStateDict, seq2seqToTorchStateDict, seq2seqWeightsFromTorch } from './state-dict';

const DIR = join(import.meta.dirname, 'fixtures');

interface Fixture extends TokenBatch {
  config: Seq2SeqConfig;
  logits: number[];
  logitsShape: [number, number, number];
  loss: number;
  greedy: { startToken: number; endToken: number; maxLength: number; tokens: number[][]; logProbs: number[] };
  beam: {
    startToken: number;
    endToken: number;
    maxLength: number;
    beamWidth: number;
    lengthPenalty: number;
    hypotheses: Array<Array<{ tokens: number[]; logProb: number; score: number }>>;
  };
}

function expectClose(a: tf.Tensor, b: tf.Tensor, what: string): void {
  const x = a.dataSync();
  const y = b.dataSync();
  b.dispose();
  expect(x.length, what).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!), what).toBeLessThan(1e-6);
}

const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

function load(name: string): { fixture: Fixture; dict: Map<string, tf.Tensor>; metadata: Record<string, string> } {
  const raw = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture & { source: number[]; sourceLengths: number[]; target: number[]; targetLengths: number[] };
  const fixture: Fixture = {
    ...raw,
    source: Int32Array.from(raw.source),
    sourceLengths: Int32Array.from(raw.sourceLengths),
    target: Int32Array.from(raw.target),
    targetLengths: Int32Array.from(raw.targetLengths),
  };
  const { tensors, metadata } = decodeSafetensors(readFileSync(join(DIR, `${name}.safetensors`)));
  return { fixture, dict: tensors, metadata };
}

describeBackends('Seq2Seq from a PyTorch state dict', ({ tolerance }) => {
  it('has fixtures for every cell, attention kind and bridge', () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of names) {
    it(`${name}: teacher-forced logits, loss, greedy decodes and beam search agree with PyTorch`, () => {
      const { fixture, dict, metadata } = load(name);
      expect(JSON.parse(metadata.config!)).toEqual(fixture.config);
      const model = seq2seqFromTorchStateDict(dict, fixture.config);
      tf.dispose([...dict.values()]);
      model.eval();
      const { logits, mask, labels, weights } = model.forward(fixture);
      expect(logits.shape).toEqual(fixture.logitsShape);
      const got = logits.dataSync();
      const real = mask.dataSync();
      const vocab = fixture.logitsShape[2];
      const tol = Math.max(tolerance * 20, 1e-4);
      let compared = 0;
      for (let i = 0; i < real.length; i++) {
        if (!real[i]) continue; // padded steps differ by design (the step loop does not mask)
        for (let k = 0; k < vocab; k++) expect(Math.abs(got[i * vocab + k]! - fixture.logits[i * vocab + k]!)).toBeLessThan(tol);
        compared++;
      }
      expect(compared).toBe(Array.from(fixture.targetLengths, (n) => n - 1).reduce((a, b) => a + b, 0));
      const loss = model.loss(fixture);
      expect(Math.abs(loss.dataSync()[0]! - fixture.loss)).toBeLessThan(tol);
      tf.dispose([logits, mask, labels, weights ?? [], loss]);

      const enc = model.encode(fixture);
      const session = model.stepModel(enc);
      const hyps = greedyDecode(session.model, session.initialState, fixture.shape.batch, fixture.greedy);
      session.dispose();
      expect(hyps.map((h) => h.tokens)).toEqual(fixture.greedy.tokens);
      hyps.forEach((h, i) => expect(Math.abs(h.logProb - fixture.greedy.logProbs[i]!)).toBeLessThan(1e-3));

      const beamSession = model.stepModel(enc);
      const beams = beamSearch(beamSession.model, beamSession.initialState, fixture.shape.batch, fixture.beam);
      beamSession.dispose();
      enc.dispose();
      expect(beams.map((list) => list.map((h) => h.tokens))).toEqual(fixture.beam.hypotheses.map((list) => list.map((h) => h.tokens)));
      beams.forEach((list, b) =>
        list.forEach((h, j) => {
          expect(Math.abs(h.logProb - fixture.beam.hypotheses[b]![j]!.logProb)).toBeLessThan(1e-3);
          expect(Math.abs(h.score - fixture.beam.hypotheses[b]![j]!.score)).toBeLessThan(1e-3);
        }),
      );
      model.dispose();
    });
  }

  it('round trip: PyTorch -> here -> PyTorch gives the same tensors, and here -> PyTorch -> here the same model', () => {
    for (const name of names) {
      const { fixture, dict } = load(name);
      const model = seq2seqFromTorchStateDict(dict, fixture.config);
      const back = seq2seqToTorchStateDict(model);
      for (const [k, t] of dict) {
        const b = back.get(k);
        expect(b, k).toBeDefined();
        expect(b!.shape).toEqual(t.shape);
        const hh = k.replace('.bias_ih_l', '.bias_hh_l');
        if (/\.bias_hh_l/.test(k)) expect(Array.from(b!.dataSync()).every((x) => x === 0), k).toBe(true); // folded into bias_ih here
        else if (hh !== k && dict.has(hh)) expectClose(b!, tf.add(t, dict.get(hh)!), k); // bias_ih + bias_hh
        else expect(Array.from(b!.dataSync()), k).toEqual(Array.from(t.dataSync()));
      }
      expect([...back.keys()].sort()).toEqual([...dict.keys()].sort());
      const again = seq2seqWeightsFromTorch(back, fixture.config);
      for (const [k, v] of model.getWeights()) expect(Array.from(again.get(k)!.dataSync()), k).toEqual(Array.from(v.dataSync()));
      tf.dispose([...dict.values(), ...back.values(), ...again.values()]);
      model.dispose();
    }
  });

  it('refuses a state dict that does not fit the config, naming the entry', () => {
    const { fixture, dict } = load('gru-general');
    const missing = new Map(dict);
    missing.delete('encoder.weight_hh_l1_reverse');
    expect(() => seq2seqFromTorchStateDict(missing, fixture.config)).toThrow(/missing 'encoder.weight_hh_l1_reverse'/);
    const extra = new Map(dict).set('encoder.bias_hh_l0', tf.zeros([15]));
    expect(() => seq2seqFromTorchStateDict(extra, fixture.config)).toThrow(WeightsError);
    expect(() => seq2seqFromTorchStateDict(extra, fixture.config)).toThrow(/reset before/);
    const wide = { ...fixture.config, decoder: { ...fixture.config.decoder, hiddenSize: 7 } };
    expect(() => seq2seqFromTorchStateDict(dict, wide)).toThrow(/has shape \[\d+, \d+\], the config needs/);
    tf.dispose([...dict.values(), extra.get('encoder.bias_hh_l0')!]);
  });

  it('leaks no tensors', async () => {
    const { fixture, dict } = load('lstm-additive-feed');
    await expectNoTensorLeak(() => {
      const model = seq2seqFromTorchStateDict(dict, fixture.config);
      const back = seq2seqToTorchStateDict(model);
      tf.dispose([...back.values()]);
      model.dispose();
      expect(() => seq2seqFromTorchStateDict(new Map(), fixture.config)).toThrow(WeightsError);
    });
    tf.dispose([...dict.values()]);
  });
});
