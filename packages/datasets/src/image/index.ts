/**
 * Image datasets for image-to-sequence models, the `@seq2seq/datasets/images` entry: 8-bit gray
 * images, PNG in and out, bilinear resizing, host-side batches, the MNIST digit pools and the
 * digit-string generator of issue 14, and Fashion-MNIST scenes with captions and a compositional
 * held-out split.
 *
 * A separate entry so that a user of the text or geometry datasets never loads the 2.3 MB of
 * vendored MNIST digits and Fashion-MNIST items: import from `@seq2seq/datasets/images`.
 */
export { DatasetError } from '../errors';
export { mulberry32, type RandomSource } from '../text/random';
export { type GrayImage, blankImage } from './gray-image';
export { resizeBilinear } from './resize';
export { DISTORT_DEFAULTS, type DistortOptions, distortImage } from './distort';
export { pasteMax, crop } from './compose';
export { type ImageBatch, type ImageBatchShape, imageBatch } from './batch';
export { type DecodePngOptions, type EncodePngOptions, decodePng, encodePng } from './png';
export { type DigitPool, type MnistPools, MNIST_SIZE, MNIST_TRAIN_FRACTION, mnistPools } from './mnist/pools';
export { type BinarizedMnistOptions, type BinaryImages, binarizedMnist, bitString } from './mnist/binarized';
export {
  DIGIT_STRING,
  type DigitString,
  type DigitStringOptions,
  type PlacedDigit,
  type PlacedFragment,
  makeDigitString,
} from './digit-string';

// Caption scenes: Fashion-MNIST items on a 3x3 grid, captions, the compositional held-out split.
export { FASHION_ITEMS, type FashionItem, type FashionItemName } from './fashion/classes';
export { type FashionPools, type ItemPool, fashionPools } from './fashion/pools';
export {
  CAPTION_WORDS,
  RELATION_PHRASES,
  type CaptionClause,
  type GridItem,
  type Relation,
  captionMatchesLayout,
  formatCaption,
  parseCaption,
} from './scene/caption';
export { HELD_OUT_FACTS, type SpatialFact, hasFact, layoutFacts } from './scene/facts';
export { SCENE, type Scene, type SceneItem, type SceneOptions, type SceneSplitName, makeScene } from './scene/scene';
export { type SceneSplitOptions, type SceneSplits, sceneSplit } from './scene/split';

// Metrics: digit strings (sequence accuracy, CER, by length; errors by the generator's conditions) and captions (BLEU, exact, layout).
export { editDistance } from './metrics/edit-distance';
export {
  type DigitStringReport,
  type DigitStringScores,
  characterErrorRate,
  digitStringReport,
} from './metrics/digit-metrics';
export {
  type ConditionScores,
  type DigitConditionOptions,
  type DigitConditionReport,
  type DigitConditions,
  digitConditionReport,
  digitConditions,
  misreadCharacters,
} from './metrics/digit-conditions';
export { type CaptionReport, type CaptionedLayout, captionReport } from './metrics/caption-metrics';
