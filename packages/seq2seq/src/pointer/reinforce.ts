/**
 * REINFORCE for tours with a greedy-rollout baseline.
 *
 * Williams (1992); Bello et al. (2016) section 4; Kool, van Hoof and Welling (2019), "Attention,
 * learn to solve routing problems!", section 4 and algorithm 1:
 *
 *   grad J = E_{pi ~ p_theta}[(L(pi) - b(s)) grad log p_theta(pi | s)]
 *   b(s)   = L(greedy tour of a frozen copy of the policy on s)
 *
 * The copy is replaced by the current policy when, on a held-out set, the policy's greedy tours
 * are shorter under a one-sided paired t-test (alpha = 0.05). Tours are sampled with the step
 * form (no gradient); `log p_theta(pi | s)` is the teacher-forced fast path on the sampled tour.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import { samplePointSets, tourLength, type Point } from '@seq2seq/datasets';
import { greedyDecode, sampleDecode } from '../decoding/greedy';
import type { TrainingTask } from '../training/trainer';
import { pointerInputs } from './data';
import { POINTER_START, PointerNetwork, type PointerInputs, type PointerTargets } from './network';

/** Configuration of {@link TourReinforce}. */
export interface TourReinforceConfig {
  /** Points per instance, or `[nMin, nMax]`. */
  n: number | readonly [number, number];
  /** Instances per step. Default 128. */
  batchSize?: number;
  /** Size of the held-out set of the baseline test. Default 512. */
  baselineSetSize?: number;
  /** One-sided significance of the baseline test. Default 0.05. */
  alpha?: number;
  /** Seed of instances and samples. Default 0. */
  seed?: number;
}

/** One REINFORCE batch: instances, sampled tours and their advantages. */
export interface ReinforceBatch {
  inputs: PointerInputs;
  /** Sampled tours in pointer positions. */
  targets: PointerTargets;
  /** `[batch]` `L(pi) - b(s)`. */
  advantages: Float32Array;
  /** Mean sampled tour length and mean baseline length. */
  meanLength: number;
  meanBaseline: number;
}

/** Tours of `sets` decoded by `net`: sampled (with `rng`) or greedy. In input indices. */
export function decodeTours(net: PointerNetwork, sets: readonly (readonly Point[])[], rng?: Rng): number[][] {
  const inputs = pointerInputs(sets);
  const enc = net.encode(inputs);
  const session = net.stepModel(enc);
  const options = { startToken: POINTER_START, endToken: -1, maxLength: inputs.maxN };
  try {
    const hyps = rng
      ? sampleDecode(session.model, session.initialState, sets.length, { ...options, rng })
      : greedyDecode(session.model, session.initialState, sets.length, options);
    return hyps.map((h, b) => net.fromPositions(h.tokens, sets[b]!.length));
  } finally {
    session.dispose();
    enc.dispose();
  }
}

/** Mean greedy tour length of `net` on `sets`, decoded in chunks. */
export function greedyTourLengths(net: PointerNetwork, sets: readonly (readonly Point[])[], chunk = 256): number[] {
  const out: number[] = [];
  for (let i = 0; i < sets.length; i += chunk) {
    const part = sets.slice(i, i + chunk);
    decodeTours(net, part).forEach((t, b) => out.push(tourLength(part[b]!, t)));
  }
  return out;
}

/** The REINFORCE task; feeds {@link Trainer} through {@link TourReinforce.task}. */
export class TourReinforce {
  readonly config: Required<TourReinforceConfig>;
  /** The frozen copy whose greedy tours are the baseline. */
  readonly baseline: PointerNetwork;
  readonly #rng: Rng;
  #heldOut: Point[][];
  #round = 0;

  constructor(readonly policy: PointerNetwork, config: TourReinforceConfig) {
    this.config = { batchSize: 128, baselineSetSize: 512, alpha: 0.05, seed: 0, ...config };
    if (policy.config.rules.variableLength) throw new InputError('TourReinforce: the policy must output permutations (fixed-length rules)');
    this.baseline = new PointerNetwork(policy.config).copyFrom(policy);
    this.baseline.freeze().eval();
    this.#rng = new Rng(this.config.seed);
    this.#heldOut = this.#instances(this.config.baselineSetSize);
  }

  #instances(count: number): Point[][] {
    const n = this.config.n;
    const size = typeof n === 'number' ? { n } : { nMin: n[0], nMax: n[1] };
    return samplePointSets(count, size, this.#rng.nextUint32());
  }

  /** Samples a batch of fresh instances, their tours and the baseline (no gradient). */
  makeBatch(): ReinforceBatch {
    const sets = this.#instances(this.config.batchSize);
    const tours = decodeTours(this.policy, sets, this.#rng);
    const base = decodeTours(this.baseline, sets);
    const lengths = tours.map((t, b) => tourLength(sets[b]!, t));
    const baseLengths = base.map((t, b) => tourLength(sets[b]!, t));
    const advantages = Float32Array.from(lengths, (l, b) => l - baseLengths[b]!);
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    return { inputs: pointerInputs(sets), targets: this.policy.toPositions(tours), advantages, meanLength: mean(lengths), meanBaseline: mean(baseLengths) };
  }

  /** `mean((L - b) * log p(pi))`: its gradient is the REINFORCE estimate. */
  loss(batch: ReinforceBatch): tf.Scalar {
    return tf.tidy(() => {
      const logp = this.policy.sequenceLogProb(batch.inputs, batch.targets); // [B]
      return tf.mean(tf.mul(tf.tensor1d(batch.advantages), logp)) as tf.Scalar;
    });
  }

  /**
   * Compares policy and baseline greedily on the held-out set; replaces the baseline (and draws a
   * new held-out set) when the policy is significantly better.
   */
  maybeUpdateBaseline(): { replaced: boolean; policyMean: number; baselineMean: number; t: number } {
    const p = greedyTourLengths(this.policy, this.#heldOut);
    const b = greedyTourLengths(this.baseline, this.#heldOut);
    const d = p.map((x, i) => x - b[i]!);
    const m = d.length;
    const mean = d.reduce((a, x) => a + x, 0) / m;
    const sd = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, m - 1));
    const t = sd > 0 ? mean / (sd / Math.sqrt(m)) : mean < 0 ? -Infinity : 0;
    // One-sided critical value of Student's t for large m (normal approximation).
    const critical = this.config.alpha <= 0.01 ? -2.326 : this.config.alpha <= 0.05 ? -1.645 : -1.282;
    const replaced = t < critical;
    if (replaced) {
      this.baseline.copyFrom(this.policy);
      this.#heldOut = this.#instances(this.config.baselineSetSize);
      this.#round += 1;
    }
    const avg = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    return { replaced, policyMean: avg(p), baselineMean: avg(b), t };
  }

  /** Times the baseline was replaced. */
  get rounds(): number {
    return this.#round;
  }

  /** A {@link TrainingTask}: `stepsPerEpoch` fresh batches per epoch. */
  task(stepsPerEpoch: number): TrainingTask<ReinforceBatch> {
    const self = this;
    return {
      model: this.policy,
      loss: (batch) => this.loss(batch),
      tokens: (batch) => batch.advantages.length,
      *trainBatches() {
        for (let i = 0; i < stepsPerEpoch; i++) yield self.makeBatch();
      },
    };
  }

  /** Frees the baseline copy. */
  dispose(): void {
    this.baseline.dispose();
  }
}
