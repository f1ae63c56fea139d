/** Recurrent image density (spatial LSTM, Theis and Bethge 2015): config, model, sampling, textures, task, checkpoints. */
export {
  RECURRENT_IMAGE_DENSITY_CONFIG_VERSION,
  migrateRecurrentImageDensityConfig,
  resolveRecurrentImageDensityConfig,
  type RecurrentImageDensityConfig,
  type ResolvedRecurrentImageDensityConfig,
} from './config';
export { RecurrentImageDensity } from './model';
export { checkLevelImages, cropImages, dequantise, levelImageBatches, quantise, randomPatches, sliceImages, type GrayImage, type LevelImages } from './images';
export { causalOffsets } from './neighbourhood';
export { runImageSampler, runImageSamplerAsync, imageSampleProgram, type ImageSampleOptions, type ImageSampleProgram } from './sample';
export { recurrentImageDensityTask, type RecurrentImageDensityTaskConfig } from './task';
export {
  RECURRENT_IMAGE_DENSITY_KIND,
  loadRecurrentImageDensity,
  recurrentImageDensityFromCheckpoint,
  recurrentImageDensityManifest,
  saveRecurrentImageDensity,
  type RecurrentImageDensityManifest,
  type SaveRecurrentImageDensityOptions,
} from './checkpoint';
