/**
 * Learning-rate schedules: a function of the optimisation step (0-based) to a rate.
 * Configs are JSON so a checkpoint can carry them.
 */

/** A schedule as data. */
export type ScheduleConfig =
  | { kind: 'constant'; lr: number }
  /** Linear warmup to `lr` over `warmupSteps`, then `lr * sqrt(warmupSteps / step)` (Vaswani et al. 2017). */
  | { kind: 'inverseSqrt'; lr: number; warmupSteps: number }
  /** `lr * rate^(step / decaySteps)`, floored at `minLr`. */
  | { kind: 'exponential'; lr: number; rate: number; decaySteps: number; minLr?: number }
  /** `lr` until `startStep`, then halved every `halveEvery` steps (Luong et al. 2015 style). */
  | { kind: 'stepHalving'; lr: number; startStep: number; halveEvery: number; minLr?: number }
  /**
   * Per epoch: `lr` for the first `afterEpoch` epochs, then multiplied by `rate` after every
   * epoch from epoch `afterEpoch` (1-based) on: `lr * rate^max(0, epoch - afterEpoch + 1)` with
   * `epoch` the 0-based index of the running epoch (Sutskever et al. 2014 halve after epoch 5).
   */
  | { kind: 'epochDecay'; lr: number; rate: number; afterEpoch: number; minLr?: number };

/** Evaluates a schedule at optimiser step `step` (0-based), in epoch `epoch` (0-based, default 0). */
export function learningRateAt(schedule: ScheduleConfig, step: number, epoch = 0): number {
  switch (schedule.kind) {
    case 'constant':
      return schedule.lr;
    case 'inverseSqrt': {
      const w = Math.max(1, schedule.warmupSteps);
      return step < w ? (schedule.lr * (step + 1)) / w : schedule.lr * Math.sqrt(w / (step + 1));
    }
    case 'exponential':
      return Math.max(schedule.minLr ?? 0, schedule.lr * schedule.rate ** (step / schedule.decaySteps));
    case 'stepHalving': {
      if (step < schedule.startStep) return schedule.lr;
      const halvings = Math.floor((step - schedule.startStep) / schedule.halveEvery) + 1;
      return Math.max(schedule.minLr ?? 0, schedule.lr / 2 ** halvings);
    }
    case 'epochDecay':
      return Math.max(schedule.minLr ?? 0, schedule.lr * schedule.rate ** Math.max(0, epoch - schedule.afterEpoch + 1));
  }
}
