import { describe, expect, it } from 'vitest';
import { learningRateAt, type ScheduleConfig } from './schedule';

const at = (schedule: ScheduleConfig, steps: number[]): number[] => steps.map((s) => learningRateAt(schedule, s));

describe('learningRateAt', () => {
  it('constant', () => {
    expect(at({ kind: 'constant', lr: 0.3 }, [0, 1, 1e6])).toEqual([0.3, 0.3, 0.3]);
  });

  it('inverseSqrt: linear warmup to lr at step warmupSteps - 1, then lr * sqrt(warmupSteps / (step + 1))', () => {
    const s: ScheduleConfig = { kind: 'inverseSqrt', lr: 1, warmupSteps: 4 };
    const got = at(s, [0, 1, 3, 4, 15, 399]);
    const want = [0.25, 0.5, 1, Math.sqrt(4 / 5), 0.5, 0.1];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    // Never above lr, and decreasing after the warmup.
    expect(Math.max(...at(s, Array.from({ length: 50 }, (_, i) => i)))).toBeCloseTo(1, 12);
  });

  it('exponential: lr * rate^(step / decaySteps), floored at minLr', () => {
    const s: ScheduleConfig = { kind: 'exponential', lr: 0.1, rate: 0.5, decaySteps: 10 };
    const got = at(s, [0, 5, 10, 30]);
    [0.1, 0.1 * Math.SQRT1_2, 0.05, 0.0125].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    expect(learningRateAt({ ...s, minLr: 0.02 }, 30)).toBe(0.02);
    expect(learningRateAt({ ...s, minLr: 0.02 }, 10)).toBeCloseTo(0.05, 12);
  });

  it('stepHalving: lr before startStep, then halved at startStep and every halveEvery steps', () => {
    const s: ScheduleConfig = { kind: 'stepHalving', lr: 1, startStep: 10, halveEvery: 5 };
    expect(at(s, [0, 9, 10, 14, 15, 19, 20])).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    expect(learningRateAt({ ...s, minLr: 0.2 }, 20)).toBe(0.2);
  });

  it('epochDecay multiplies the rate after every epoch from afterEpoch on', () => {
    const s = { kind: 'epochDecay', lr: 1, rate: 0.5, afterEpoch: 3 } as const;
    expect([0, 1, 2, 3, 4].map((epoch) => learningRateAt(s, 1000 * epoch, epoch))).toEqual([1, 1, 1, 0.5, 0.25]); // epochs 1-3 at lr, then halved after epochs 3 and 4
    expect(learningRateAt({ ...s, minLr: 0.3 }, 0, 4)).toBe(0.3);
  });
});
