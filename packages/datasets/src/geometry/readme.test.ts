/** The example of the `## Geometry` section of the package README, run as written. */
import { describe, expect, it } from 'vitest';
import { batchPointSets, convexHull, evaluateConvexHull, generateGeometryExamples, samplePointSets } from './index';
import { isValidTour } from './tsp/tour';

describe('README example', () => {
  it('generates, batches and evaluates as documented', () => {
    const train = generateGeometryExamples({ task: 'tsp', count: 1000, size: { nMin: 5, nMax: 10 }, random: 1 });
    expect(train.every((e) => e.target[0] === 0 && isValidTour(e.target, e.points.length))).toBe(true);

    const { data, lengths, mask } = batchPointSets(train.slice(0, 64).map((e) => e.points));
    const maxLength = Math.max(...lengths);
    expect(data).toHaveLength(64 * maxLength * 2);
    expect(mask).toHaveLength(64 * maxLength);

    const test = samplePointSets(100, { n: 50 }, 7);
    const predictions = test.map((points) => convexHull(points).reverse());
    const row = evaluateConvexHull({ points: test, predictions });
    expect(row).toEqual({
      task: 'convex-hull',
      count: 100,
      nMin: 50,
      nMax: 50,
      invalid: 0,
      invalidShare: 0,
      accuracy: 0,
      areaCoverage: 1,
    });
  });
});
