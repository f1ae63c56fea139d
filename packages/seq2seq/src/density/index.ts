/**
 * Density models of binary images, the baselines of the draw app: independent Bernoulli pixels
 * and the fully visible sigmoid belief net (exact likelihoods), their training task, scoring and
 * checkpoints; and a causal-neighbourhood texture model that grows a texture learned from one image.
 */
export { resolveFvsbnConfig, resolvePixelBernoulliConfig, type FvsbnConfig, type PixelBernoulliConfig, type ResolvedFvsbnConfig, type ResolvedPixelBernoulliConfig } from './config';
export { binaryBatch, binaryTensor, type BinaryBatch } from './binary-batch';
export { type BinaryDensityModel, type OnPixel } from './model';
export { PIXEL_BERNOULLI_KIND, PixelBernoulli } from './pixel-bernoulli';
export { FVSBN_KIND, Fvsbn } from './fvsbn';
export { binaryDensityTask, type BinaryDensityTaskConfig, type BinaryImageSet } from './task';
export { scoreBinaryImages, type BinaryDensityScore, type ScoreBinaryImagesOptions } from './score';
export {
  BINARY_DENSITY_KINDS,
  binaryDensityFromCheckpoint,
  binaryDensityManifest,
  createBinaryDensityModel,
  loadBinaryDensityModel,
  saveBinaryDensityModel,
  type BinaryDensityConfig,
  type BinaryDensityData,
  type BinaryDensityManifest,
  type SaveBinaryDensityOptions,
} from './checkpoint';
export {
  CausalNeighbourhood,
  causalNeighbourhoodTask,
  type BinaryImage,
  type CausalNeighbourhoodConfig,
  type CausalNeighbourhoodTaskConfig,
  type NeighbourhoodBatch,
} from './neighbourhood';
