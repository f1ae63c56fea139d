/** Image to sequence (Show, Attend and Tell): config, model, task, vocabulary, checkpoints, reading. */
export {
  IMAGE_TO_SEQUENCE_CONFIG_VERSION,
  featureGrid,
  migrateImageToSequenceConfig,
  resolveImageToSequenceConfig,
  type ConvNorm,
  type ImageToSequenceConfig,
  type PositionEncoding,
  type ResolvedImageToSequenceConfig,
} from './config';
export { EOS_ID, PAD_ID, SOS_ID, checkImageTokenBatch, imageTokenBatch, type ImageSourceBatch, type ImageTokenBatch } from './batch';
export { ConvEncoder } from './encoder';
export { ImageToSequence, type EncodedImages, type ImageDecoderState, type ImageLossOptions } from './model';
export { imageToSequenceTask, type ImageToSequenceTaskConfig } from './task';
export { SymbolVocabulary, type SymbolVocabularyJSON } from './vocabulary';
export {
  IMAGE_TO_SEQUENCE_KIND,
  imageToSequenceFromCheckpoint,
  imageToSequenceManifest,
  loadImageToSequence,
  saveImageToSequence,
  type ImageToSequenceData,
  type ImageToSequenceManifest,
  type SaveImageToSequenceOptions,
} from './checkpoint';
export { readImages, type ImageReading, type ReadImagesOptions } from './read';
export { shiftGrid, shiftImages, type ImageShift } from './shift';
