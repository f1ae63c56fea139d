import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng } from '@seq2seq/core';
import { convexHull, samplePointSets, tourLength, type Point } from '@seq2seq/datasets';
import { expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import {
  OutputTracker,
  POINTER_START,
  PointerNetwork,
  SQUARE_SYMMETRIES,
  TourReinforce,
  beamSearch,
  greedyDecode,
  greedyTourLengths,
  pointerInputs,
  migratePointerConfig,
  pointerPreset,
  solvePointSets,
  solvePointSetsAsync,
  type PointerNetworkConfig,
} from '../index';

const tiny = (task: 'tsp' | 'convex-hull' | 'delaunay', over: PointerNetworkConfig = {}): PointerNetworkConfig => ({
  embeddingSize: 8,
  hiddenSize: 12,
  rules: pointerPreset(task),
  seed: 3,
  ...over,
});

const sets = (count: number, n: number | [number, number], seed = 1): Point[][] =>
  samplePointSets(count, typeof n === 'number' ? { n } : { nMin: n[0], nMax: n[1] }, seed);

const isPermutation = (t: readonly number[], n: number): boolean => t.length === n && new Set(t).size === n && t.every((i) => i >= 0 && i < n);

describeBackends('PointerNetwork', ({ tolerance }) => {
  it('teacher forcing gives [batch, time, positions] log-probabilities; the end slot is position 0', () => {
    const net = new PointerNetwork(tiny('convex-hull'));
    const ps = sets(3, [4, 7]);
    const inputs = pointerInputs(ps);
    const targets = net.toPositions(ps.map((p) => convexHull(p)));
    const logp = net.forward(inputs, targets);
    expect(logp.shape).toEqual([3, targets.time, inputs.maxN + 1]);
    // Each real step is a distribution; padding positions get probability 0.
    const v = logp.arraySync();
    ps.forEach((p, b) => {
      for (let s = 0; s < targets.lengths[b]!; s++) {
        const row = v[b]![s]!;
        expect(row.reduce((a, x) => a + Math.exp(x), 0)).toBeCloseTo(1, 4);
        for (let j = p.length + 1; j < row.length; j++) expect(Math.exp(row[j]!)).toBe(0);
      }
    });
    logp.dispose();
    net.dispose();
  });

  it('teacher-forced and step forms agree (LSTM and attention encoders)', () => {
    for (const [task, encoder] of [['tsp', 'lstm'], ['convex-hull', 'lstm'], ['tsp', 'attention'], ['convex-hull', 'attention']] as const) {
      const net = new PointerNetwork(tiny(task, { encoder, numHeads: 2 }));
      const ps = sets(2, [5, 6], 7);
      const inputs = pointerInputs(ps);
      const targets = net.toPositions(ps.map((p) => (task === 'tsp' ? p.map((_, i) => i) : convexHull(p))));
      const all = net.forward(inputs, targets).arraySync();
      const enc = net.encode(inputs);
      const session = net.stepModel(enc);
      let state = session.initialState;
      for (let s = 0; s < Math.min(...targets.lengths); s++) {
        const tokens = Int32Array.from(ps, (_, b) => (s === 0 ? POINTER_START : targets.positions[b * targets.time + s - 1]!));
        const out = session.model.step(tokens, state);
        state.dispose();
        state = out.state;
        const stepV = out.logProbs.arraySync();
        out.logProbs.dispose();
        ps.forEach((p, b) => {
          for (let j = 0; j < p.length + net.offset; j++) {
            const a = all[b]![s]![j]!;
            const c = stepV[b]![j]!;
            if (a < -1e6) expect(c).toBeLessThan(-1e6);
            else expect(Math.abs(a - c)).toBeLessThan(Math.max(tolerance * 10, 1e-4));
          }
        });
      }
      state.dispose();
      session.dispose();
      enc.dispose();
      net.dispose();
    }
  });

  it('the attention encoder does not depend on the order of the points', async () => {
    const net = new PointerNetwork(tiny('convex-hull', { encoder: 'attention', numHeads: 3, numEncoderLayers: 2, numLayers: 2 }));
    const [p] = sets(1, 6, 9);
    const order = [4, 2, 0, 5, 1, 3];
    const a = net.encode(pointerInputs([p!]));
    const b = net.encode(pointerInputs([order.map((i) => p![i]!)]));
    const sa = (await a.states.array())[0]!;
    const sb = (await b.states.array())[0]!;
    order.forEach((i, j) => expectClose(sb[j + 1]!, sa[i + 1]!, 1e-4)); // position 0 is the end slot
    expect(a.decoderState).toHaveLength(2);
    for (let l = 0; l < 2; l++) {
      expectClose(await b.decoderState[l]!.h.array(), await a.decoderState[l]!.h.array(), 1e-4);
      expectClose(await b.decoderState[l]!.c!.array(), await a.decoderState[l]!.c!.array(), 1e-4);
    }
    a.dispose();
    b.dispose();
    net.dispose();
  });

  it('attention-encoder gradients match finite differences', async () => {
    const net = new PointerNetwork(tiny('convex-hull', { encoder: 'attention', embeddingSize: 4, hiddenSize: 4, numHeads: 2, numEncoderLayers: 1, feedForwardSize: 6 }));
    const ps = sets(2, [4, 5], 11);
    const inputs = pointerInputs(ps);
    const targets = net.toPositions(ps.map((p) => convexHull(p)));
    const vars = net.namedParameters();
    const pick = Object.fromEntries(vars.filter(([name]) => /^(encoder\.(attention0|ff0)|init|start|embed)/.test(name)));
    expect(Object.keys(pick).length).toBeGreaterThanOrEqual(6);
    // A small step: the feed-forward ReLU has a kink that a 5e-3 step can cross.
    await checkGradients(() => net.loss(inputs, targets), pick, { samples: 3, eps: 1e-3 });
    net.dispose();
  });

  it('decoding an untrained TSP network gives valid tours starting at 0 (greedy, beam, sampling)', () => {
    const net = new PointerNetwork(tiny('tsp'));
    const ps = sets(4, [5, 8], 2);
    for (const method of ['greedy', 'beam', 'sample'] as const) {
      const tours = solvePointSets(net, ps, { method, beamWidth: 3, samples: 4 });
      tours.forEach((t, b) => {
        expect(isPermutation(t, ps[b]!.length)).toBe(true);
        expect(t[0]).toBe(0);
      });
    }
    const polished = solvePointSets(net, ps, { twoOpt: true });
    polished.forEach((t, b) => expect(tourLength(ps[b]!, t)).toBeLessThanOrEqual(tourLength(ps[b]!, solvePointSets(net, [ps[b]!])[0]!) + 1e-9));
    net.dispose();
  });

  it('solvePointSetsAsync gives what solvePointSets gives (greedy, beam, samples, 2-opt)', async () => {
    for (const [task, encoder] of [['tsp', 'lstm'], ['convex-hull', 'attention'], ['delaunay', 'attention']] as const) {
      const net = new PointerNetwork(tiny(task, { encoder, numHeads: 2 }));
      const ps = sets(5, [4, 7], 12);
      for (const options of [{}, { method: 'beam', beamWidth: 3 }, { method: 'sample', samples: 3 }, { method: 'sample', samples: 3, twoOpt: true, chunk: 4 }] as const) {
        const sync = solvePointSets(net, ps, { ...options, rng: new Rng(4) });
        expect(await solvePointSetsAsync(net, ps, { ...options, rng: new Rng(4) })).toEqual(sync);
      }
      net.dispose();
    }
  });

  it('symmetries: the answer is the best over the 8 views of the square, mapped back', async () => {
    const hullNet = new PointerNetwork(tiny('convex-hull', { encoder: 'attention', numHeads: 2 }));
    const tspNet = new PointerNetwork(tiny('tsp'));
    const ps = sets(4, [5, 7], 21);
    const reverseIfMirror = (out: number[], t: number) => (SQUARE_SYMMETRIES[t]!.mirror ? [...out].reverse() : out);
    const views = (p: Point[]) => SQUARE_SYMMETRIES.map((t) => p.map(t.map));
    const hulls = solvePointSets(hullNet, ps, { symmetries: 8, mirroredOutput: 'reverse' });
    const tours = solvePointSets(tspNet, ps, { symmetries: 8 });
    ps.forEach((p, b) => {
      const perView = solvePointSets(hullNet, views(p)).map(reverseIfMirror);
      expect(perView.map((o) => o.join())).toContain(hulls[b]!.join());
      const viewTours = solvePointSets(tspNet, views(p));
      expect(isPermutation(tours[b]!, p.length)).toBe(true);
      expect(tours[b]![0]).toBe(0);
      expect(tourLength(p, tours[b]!)).toBeCloseTo(Math.min(...viewTours.map((t) => tourLength(p, t))), 12);
    });
    // The rotations alone, and the asynchronous form, agree with the synchronous one.
    expect(solvePointSets(hullNet, ps, { symmetries: 4 })).toHaveLength(4);
    expect(await solvePointSetsAsync(hullNet, ps, { symmetries: 8, mirroredOutput: 'reverse', method: 'beam', beamWidth: 2 })).toEqual(
      solvePointSets(hullNet, ps, { symmetries: 8, mirroredOutput: 'reverse', method: 'beam', beamWidth: 2 }),
    );
    expect(() => solvePointSets(hullNet, ps, { symmetries: 3 as 4 })).toThrow("'symmetries' must be 1, 4 or 8, got 3");
    // A symmetry maps the unit square onto itself.
    for (const t of SQUARE_SYMMETRIES) for (const q of [[0, 0], [1, 0], [0.25, 0.75]] as const) expect(t.map(q).every((v) => v >= 0 && v <= 1)).toBe(true);
    hullNet.dispose();
    tspNet.dispose();
  });

  it('a chosen position is never chosen again and padding is never pointed at (hull)', () => {
    const net = new PointerNetwork(tiny('convex-hull'));
    const ps = sets(5, [3, 9], 4);
    const inputs = pointerInputs(ps);
    const enc = net.encode(inputs);
    const session = net.stepModel(enc);
    const decode = { startToken: POINTER_START, endToken: 0, maxLength: inputs.maxN + 1 };
    const greedy = greedyDecode(session.model, session.initialState, ps.length, decode);
    const beams = beamSearch(session.model, net.stepModel(enc).initialState, ps.length, { ...decode, beamWidth: 3, lengthPenalty: 0 });
    for (const [b, h] of [...greedy.map((h, b) => [b, h] as const), ...beams.flatMap((hs, b) => hs.map((h) => [b, h] as const))]) {
      const out = net.fromPositions(h.tokens);
      expect(new Set(out).size).toBe(out.length);
      expect(out.every((i) => i >= 0 && i < ps[b]!.length)).toBe(true);
      if (h.finished) expect(out.length).toBeGreaterThanOrEqual(3);
    }
    session.dispose();
    enc.dispose();
    net.dispose();
  });

  it('Delaunay outputs come in whole triangles of distinct vertices', () => {
    const rules = pointerPreset('delaunay');
    let t = OutputTracker.start(rules, 4, 5);
    const mask = new Float32Array(5);
    t.writeMask(mask);
    expect(mask[0]).toBe(1); // no end before a triangle
    t = t.push(1).push(2);
    t.writeMask(mask);
    expect([mask[0], mask[1], mask[2], mask[3]]).toEqual([1, 1, 1, 0]);
    t = t.push(3);
    t.writeMask(mask);
    expect(Array.from(mask)).toEqual([0, 0, 0, 0, 0]);
    // The same triangle, in any order, is never output twice.
    t = t.push(3).push(1);
    t.writeMask(mask);
    expect([mask[2], mask[4]]).toEqual([1, 0]);
  });

  it('a tiny network learns to sort five numbers quickly', async () => {
    // Inputs are 1-D; the output is the permutation that sorts them (Vinyals et al. 2015, section 5).
    const net = new PointerNetwork({ inputSize: 1, embeddingSize: 16, hiddenSize: 32, rules: { noRepeat: true }, seed: 1 });
    const rng = new Rng(5);
    const draw = (count: number) =>
      Array.from({ length: count }, () => {
        const xs = Array.from({ length: 5 }, () => rng.next());
        return { xs, order: xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!) };
      });
    const batch = (items: ReturnType<typeof draw>) => ({
      inputs: { points: Float32Array.from(items.flatMap((e) => e.xs)), lengths: new Int32Array(items.length).fill(5), maxN: 5 },
      targets: net.toPositions(items.map((e) => e.order)),
    });
    const batches = Array.from({ length: 40 }, () => batch(draw(48)));
    const trainer = new Trainer({ model: net, loss: (b: ReturnType<typeof batch>) => net.loss(b.inputs, b.targets), trainBatches: () => batches }, { epochs: 4, schedule: { kind: 'constant', lr: 1e-2 } });
    const test = draw(200);
    const before = trainer.evaluate([batch(test)]);
    await trainer.fit();
    expect(trainer.evaluate([batch(test)])).toBeLessThan(before * 0.5);
    const enc = net.encode(batch(test).inputs);
    const session = net.stepModel(enc);
    const out = greedyDecode(session.model, session.initialState, test.length, { startToken: POINTER_START, endToken: -1, maxLength: 5 });
    const sorted = out.filter((h, b) => h.tokens.join() === test[b]!.order.join()).length;
    expect(sorted / test.length).toBeGreaterThan(0.5);
    session.dispose();
    enc.dispose();
    net.dispose();
  }, 300_000);

  it('a REINFORCE step runs and training shortens tours on a toy', async () => {
    const net = new PointerNetwork(tiny('tsp', { embeddingSize: 16, hiddenSize: 16, seed: 2 }));
    const rl = new TourReinforce(net, { n: 6, batchSize: 64, baselineSetSize: 64, seed: 5 });
    const test = sets(128, 6, 42);
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const before = mean(greedyTourLengths(net, test));
    const trainer = new Trainer(rl.task(40), { epochs: 1, schedule: { kind: 'constant', lr: 3e-3 } });
    await trainer.fit();
    const update = rl.maybeUpdateBaseline();
    expect(Number.isFinite(update.t)).toBe(true);
    const after = mean(greedyTourLengths(net, test));
    expect(after).toBeLessThan(before);
    rl.dispose();
    net.dispose();
  }, 300_000);

  it('loss, decoding and solve leak no tensors', async () => {
    for (const encoder of ['lstm', 'attention'] as const) await leakCheck(encoder);
  });

  async function leakCheck(encoder: 'lstm' | 'attention') {
    const net = new PointerNetwork(tiny('convex-hull', { encoder, numHeads: 2 }));
    const ps = sets(3, [4, 6], 8);
    await expectNoTensorLeak(() => {
      const l = net.loss(pointerInputs(ps), net.toPositions(ps.map((p) => convexHull(p))));
      l.dispose();
      solvePointSets(net, ps, { method: 'beam', beamWidth: 2 });
      solvePointSets(net, ps, { method: 'sample', samples: 2, rng: new Rng(1) });
    });
    await expectNoTensorLeak(async () => {
      await solvePointSetsAsync(net, ps, { method: 'beam', beamWidth: 2 });
    });
    net.dispose();
  }

  it('dispose() of the whole network frees every tensor it made (LSTM and attention encoders)', async () => {
    const inputs = pointerInputs(sets(2, 5, 9));
    for (const over of [{}, { encoder: 'attention' as const, numHeads: 2 }]) {
      await expectNoTensorLeak(() => {
        const net = new PointerNetwork(tiny('tsp', over));
        const targets = net.toPositions([[0, 1, 2, 3, 4], [0, 2, 4, 1, 3]]);
        const { value, grads } = tf.variableGrads(() => net.loss(inputs, targets), net.trainableVariables());
        tf.dispose([value, ...Object.values(grads)]);
        const enc = net.encode(inputs);
        const session = net.stepModel(enc);
        beamSearch(session.model, session.initialState, 2, { startToken: POINTER_START, endToken: -1, maxLength: 5, beamWidth: 2 });
        session.dispose();
        enc.dispose();
        net.dispose();
      });
    }
  });
});

it('migrates pointer configs saved under the old field names, so the shipped models load', () => {
  // The network section of apps/pointer/models/convex-hull-n50/config.json before the API contract.
  const old = { inputDim: 2, embeddingDim: 128, hiddenSize: 128, numLayers: 1, encoder: 'attention', encoderLayers: 3, heads: 8, feedForward: 512, units: 128, glimpses: 1, clip: 10, seed: 1 };
  const migrated = migratePointerConfig(old as PointerNetworkConfig);
  expect(migrated).toEqual({ inputSize: 2, embeddingSize: 128, hiddenSize: 128, numLayers: 1, encoder: 'attention', numEncoderLayers: 3, numHeads: 8, feedForwardSize: 512, attentionSize: 128, numGlimpses: 1, clip: 10, seed: 1 });
  expect(migratePointerConfig(migrated)).toEqual(migrated);
  expect(() => migratePointerConfig({ heads: 8, numHeads: 4 } as PointerNetworkConfig)).toThrow("PointerNetwork: the config has both 'heads' (its old name) and 'numHeads'; keep 'numHeads'");
});
