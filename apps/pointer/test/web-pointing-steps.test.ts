/**
 * The pointing animation's numbers (web/pointing-steps.ts) with the shipped models in Node: every
 * step is a distribution over the points (and the end), a point already taken gets probability 0,
 * and for a greedy answer the point taken is the most probable one at every step: the picture
 * shows what the decoder did.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { samplePoints } from '@seq2seq/datasets';
import { solvePointSetsAsync } from '@seq2seq/seq2seq';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../src/checkpoint';
import { MODELS_DIR } from '../src/tasks';
import { pointingSteps } from '../web/pointing-steps';

beforeAll(async () => {
  await createRuntime({ prefer: ['cpu'] });
});

describe('pointingSteps', () => {
  for (const [model, n, seed] of [['tsp-n10', 10, 3], ['convex-hull-n50', 30, 4]] as const) {
    it(`follows a greedy ${model} answer step by step`, async () => {
      const { net } = await loadNetwork(`${MODELS_DIR}${model}`);
      try {
        const points = samplePoints(n, seed);
        const [output = []] = await solvePointSetsAsync(net, [points]);
        const before = tf.memory().numTensors;
        const steps = await pointingSteps(net, points, output);
        expect(tf.memory().numTensors).toBe(before);
        const tour = model.startsWith('tsp');
        // A tour has one step per point; a hull one per vertex, then the end.
        expect(steps).toHaveLength(tour ? n : output.length + 1);
        expect(steps.map((s) => s.chosen)).toEqual(tour ? output : [...output, -1]);
        const taken = new Set<number>();
        for (const step of steps) {
          expect(step.probs).toHaveLength(n);
          const total = step.probs.reduce((a, p) => a + p, 0) + step.end;
          expect(total).toBeCloseTo(1, 4);
          if (tour) expect(step.end).toBe(0);
          // Nothing is pointed at twice: points already in the answer get (almost) nothing.
          for (const i of taken) expect(step.probs[i]!).toBeLessThan(1e-6);
          // Greedy: the point taken (or the end) is the most probable choice.
          const best = Math.max(...step.probs, step.end);
          expect(step.chosen >= 0 ? step.probs[step.chosen]! : step.end).toBeCloseTo(best, 5);
          if (step.chosen >= 0) taken.add(step.chosen);
        }
      } finally {
        net.dispose();
      }
    });
  }

  it('has nothing to show for an empty answer', async () => {
    const { net } = await loadNetwork(`${MODELS_DIR}tsp-n10`);
    expect(await pointingSteps(net, samplePoints(5, 1), [])).toEqual([]);
    net.dispose();
  });
});
