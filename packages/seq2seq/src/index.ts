/**
 * @seq2seq/seq2seq: encoder-decoder with attention, pointer networks, the training loop, and
 * greedy / beam / sampling decoders. The API contract every package follows: docs/api-contract.md.
 */
// Encoder-decoder (translation)
export {
  migrateSeq2SeqConfig,
  resolveSeq2SeqConfig,
  type DecoderAttention,
  type DecoderConfig,
  type EmbeddingInit,
  type EncoderConfig,
  type ResolvedSeq2SeqConfig,
  type Seq2SeqConfig,
} from './config';
export type { SourceBatch, TokenBatch } from './batch';
export { Seq2Seq, type DecoderStepState, type Encoded, type LossOptions } from './model';
export { Translator, type TranslateOptions, type Translation, type TranslationData } from './translator';
export { measureAttention, summarizeAttention, type AttentionHealth } from './attention-health';
export {
  pointerNetworkFromTorchStateDict,
  pointerNetworkToTorchStateDict,
  pointerNetworkWeightsFromTorch,
  pointerTorchSourceOf,
  seq2seqFromTorchStateDict,
  seq2seqToTorchStateDict,
  seq2seqWeightsFromTorch,
  torchSourceOf,
  type TorchSource,
  type TorchStateDict as Seq2SeqTorchStateDict,
} from './torch';

// Losses and training
export { maskedCrossEntropy, type CrossEntropyOptions } from './losses';
export { Adam, type AdamConfig } from './training/adam';
export { clipByGlobalNorm, globalNorm } from './training/clip';
export { learningRateAt, type ScheduleConfig } from './training/schedule';
export {
  Trainer,
  type BatchEvent,
  type EpochEvent,
  type TrainerCallbacks,
  type TrainerConfig,
  type TrainerState,
  type TrainingTask,
} from './training/trainer';
export {
  TrainingRun,
  type StopReason,
  type TrainingResult,
  type TrainingRunConfig,
  type TrainingRunEvent,
} from './training/training-run';
export {
  CHECKPOINT_FORMAT,
  fetchCheckpoint,
  loadCheckpoint,
  loadCheckpointManifest,
  parseManifest,
  saveCheckpoint,
  type CheckpointManifest,
  type DownloadProgress,
  type FetchCheckpointOptions,
  type HistoryEntry,
  type LoadedCheckpoint,
  type SaveCheckpointInput,
} from './checkpoint';

// Decoding
export type { DecodeOptions, Hypothesis, StepModel, StepState } from './decoding/types';
export { runDecoder, runDecoderAsync, type DecoderProgram, type HostStep, type StepRead } from './decoding/read';
export {
  greedyDecode,
  greedyDecodeAsync,
  greedyProgram,
  sampleDecode,
  sampleDecodeAsync,
  sampleProgram,
  type SampleOptions,
} from './decoding/greedy';
export { beamProgram, beamSearch, beamSearchAsync, type BeamOptions } from './decoding/beam';
export { ensembleStepModel, type EnsembleOptions, type EnsembleState } from './decoding/ensemble';

// Pointer networks
export {
  migratePointerConfig,
  pointerPreset,
  resolvePointerConfig,
  type PointerEncoderKind,
  type PointerNetworkConfig,
  type PointerOutputRules,
  type PointerTask,
  type ResolvedPointerNetworkConfig,
} from './pointer/config';
export { SetEncoder, type SetEncoderConfig } from './pointer/set-encoder';
export {
  POINTER_START,
  PointerNetwork,
  type PointerEncoded,
  type PointerInputs,
  type PointerStepState,
  type PointerTargets,
} from './pointer/network';
export { OutputTracker } from './pointer/constraints';
export { geometryBatches, pointerInputs, type GeometryBatchOptions } from './pointer/data';
export {
  SQUARE_SYMMETRIES,
  solvePointSets,
  solvePointSetsAsync,
  type SolveOptions,
  type SquareSymmetry,
} from './pointer/solve';
export { TourReinforce, decodeTours, greedyTourLengths, type ReinforceBatch, type TourReinforceConfig } from './pointer/reinforce';

// Character language models (char-RNN)
export {
  CHAR_LM_CONFIG_VERSION,
  CHAR_LM_REFERENCE_TRAINING,
  migrateCharLanguageModelConfig,
  resolveCharLanguageModelConfig,
  type CharLanguageModelConfig,
  type ResolvedCharLanguageModelConfig,
} from './language-model/config';
export {
  CharLanguageModel,
  type CharForwardOptions,
  type CharForwardOutput,
  type CharScore,
  type CompleteOptions,
  type Completion,
  type UnitActivations,
  type UnitsOptions,
} from './language-model/model';
export {
  charLanguageModelTask,
  windowStateCarrier,
  type CharLanguageModelTask,
  type CharLanguageModelTaskConfig,
  type WindowStateCarrier,
} from './language-model/task';
export { sampleChars, sampleCharsAsync, streamChars, type SampleCharsOptions } from './language-model/sample';
export {
  CHAR_LM_KIND,
  charLanguageModelFromCheckpoint,
  charLanguageModelManifest,
  loadCharLanguageModel,
  saveCharLanguageModel,
  type CharLanguageModelData,
  type CharLanguageModelManifest,
  type SaveCharLanguageModelOptions,
} from './language-model/checkpoint';

// Image to sequence (Show, Attend and Tell)
export {
  ConvEncoder,
  EOS_ID,
  IMAGE_TO_SEQUENCE_CONFIG_VERSION,
  IMAGE_TO_SEQUENCE_KIND,
  ImageToSequence,
  PAD_ID,
  SOS_ID,
  SymbolVocabulary,
  featureGrid,
  imageToSequenceFromCheckpoint,
  imageToSequenceManifest,
  imageToSequenceTask,
  checkImageTokenBatch,
  imageTokenBatch,
  loadImageToSequence,
  migrateImageToSequenceConfig,
  readImages,
  resolveImageToSequenceConfig,
  saveImageToSequence,
  shiftGrid,
  shiftImages,
  type ConvNorm,
  type EncodedImages,
  type ImageDecoderState,
  type ImageLossOptions,
  type ImageReading,
  type ImageShift,
  type ImageSourceBatch,
  type ImageToSequenceConfig,
  type ImageToSequenceData,
  type ImageToSequenceManifest,
  type ImageToSequenceTaskConfig,
  type ImageTokenBatch,
  type PositionEncoding,
  type ReadImagesOptions,
  type ResolvedImageToSequenceConfig,
  type SaveImageToSequenceOptions,
  type SymbolVocabularyJSON,
} from './image/index';
export {
  GLIMPSE_READER_CONFIG_VERSION,
  GLIMPSE_READER_KIND,
  GlimpseReader,
  glimpseReaderManifest,
  loadGlimpseReader,
  saveGlimpseReader,
  glimpseReaderTask,
  glimpseWindow,
  resolveGlimpseReaderConfig,
  retina,
  type GlimpseForward,
  type GlimpseLoss,
  type GlimpseReaderConfig,
  type GlimpseReaderData,
  type GlimpseReaderManifest,
  type GlimpseReaderTaskConfig,
  type GlimpseReading,
  type GlimpseRunOptions,
  type GlimpseWindow,
  type ResolvedGlimpseReaderConfig,
  type RetinaConfig,
} from './glimpse/index';

// Dependency parsing (pointing to heads)
export {
  DEPENDENCY_PARSER_CONFIG_VERSION,
  resolveDependencyParserConfig,
  type DependencyParserConfig,
  type ResolvedDependencyParserConfig,
} from './parse/config';
export { PARSER_PAD, PARSER_UNK, ParserVocabulary, type ParserVocabularyJSON, type ParserVocabularyOptions } from './parse/vocabulary';
export { lengthBuckets, parseBatch, wordChars, type BucketOptions, type ParseBatch } from './parse/batch';
export { DependencyParser, withParse, type DependencyParserOptions, type ParserEncoded, type ParsedSentence, type ParseOptions, type ParserLosses } from './parse/model';
export { dependencyParserTask, type DependencyParserTask, type DependencyParserTaskConfig } from './parse/task';
export {
  DEPENDENCY_PARSER_KIND,
  dependencyParserFromCheckpoint,
  dependencyParserManifest,
  loadDependencyParser,
  saveDependencyParser,
  type DependencyParserData,
  type DependencyParserManifest,
  type SaveDependencyParserOptions,
} from './parse/checkpoint';

// Painting with strokes (a recurrent stroke policy through a differentiable rasteriser)
export {
  DISTANCE_DELTA,
  PAINTER_CONFIG_VERSION,
  PAINTER_KIND,
  Painter,
  PainterEncoder,
  SEGMENT_EPS,
  STROKE_SIZE,
  bezierBasis,
  canvasSize,
  checkCompositing,
  checkStrokeValues,
  compositeStep,
  compositeStrokes,
  loadPainter,
  migratePainterConfig,
  painterFromCheckpoint,
  painterManifest,
  painterTask,
  rasterizeStrokes,
  rasterizeStrokesReference,
  readPaintings,
  readPaintingsAsync,
  resolvePainterConfig,
  savePainter,
  type CanvasSize,
  type Compositing,
  type PaintedImage,
  type PainterConfig,
  type PainterEncoderKind,
  type PainterLoss,
  type PainterManifest,
  type PainterTaskConfig,
  type Painting,
  type RasterizeOptions,
  type RasterizeReferenceOptions,
  type ResolvedPainterConfig,
  type SavePainterOptions,
} from './painter/index';

// Recurrent image density (spatial LSTM; Theis and Bethge 2015): exact NLL, sampling, textures
export {
  RECURRENT_IMAGE_DENSITY_CONFIG_VERSION,
  RECURRENT_IMAGE_DENSITY_KIND,
  RecurrentImageDensity,
  causalOffsets,
  checkLevelImages,
  cropImages,
  dequantise,
  levelImageBatches,
  loadRecurrentImageDensity,
  migrateRecurrentImageDensityConfig,
  quantise,
  randomPatches,
  recurrentImageDensityFromCheckpoint,
  recurrentImageDensityManifest,
  recurrentImageDensityTask,
  resolveRecurrentImageDensityConfig,
  runImageSampler,
  runImageSamplerAsync,
  imageSampleProgram,
  saveRecurrentImageDensity,
  sliceImages,
  type GrayImage,
  type LevelImages,
  type RecurrentImageDensityConfig,
  type RecurrentImageDensityManifest,
  type RecurrentImageDensityTaskConfig,
  type ResolvedRecurrentImageDensityConfig,
  type ImageSampleOptions,
  type ImageSampleProgram,
  type SaveRecurrentImageDensityOptions,
} from './spatial/index';

// DRAW (Gregor et al. 2015): a recurrent VAE that draws images glimpse by glimpse
export {
  DRAW_CONFIG_VERSION,
  DRAW_KIND,
  Draw,
  bernoulliNll,
  drawBatches,
  drawFromCheckpoint,
  drawManifest,
  drawTask,
  gaussianKl,
  loadDraw,
  migrateDrawConfig,
  readDrawSequence,
  readDrawSequenceAsync,
  resolveDrawConfig,
  saveDraw,
  selectImages,
  type DrawBatchOptions,
  type DrawBound,
  type DrawConfig,
  type DrawData,
  type DrawFrames,
  type DrawImages,
  type DrawManifest,
  type DrawImportanceOptions,
  type DrawLossOptions,
  type DrawNoiseOptions,
  type DrawSequence,
  type DrawTask,
  type DrawTaskConfig,
  type DrawWindow,
  type DrawWindows,
  type ResolvedDrawConfig,
  type SaveDrawOptions,
} from './draw/index';

// The parser's tree-writing decoder (Seq2Tree: Vinyals et al. 2014 over the parser's word encoder).
export { createWordEncoder, encodeWords, type EncodeWordsOptions, type WordEncoderModules, type WordEncoderSizes } from './parse/encoder';
export { resolveTreeGeneratorConfig, TREE_GENERATOR_CONFIG_VERSION, type ResolvedTreeGeneratorConfig, type TreeGeneratorConfig } from './parse/seq2tree/config';
export { advanceCursor, startCursor, TREE_EOS, TREE_END_TOKEN, TREE_PAD, TREE_SOS, treeConstraint, treeTokens, type TreeCursor } from './parse/seq2tree/tokens';
export { goldTreeTokens, treeBatch, type TreeBatch } from './parse/seq2tree/batch';
export { TreeGenerator, type GeneratedTree, type TreeEncoded, type TreeGeneratorOptions, type TreeParseOptions } from './parse/seq2tree/model';
export { treeStepModel, type TreeStepState } from './parse/seq2tree/step';
export { treeGeneratorTask, type TreeGeneratorTask, type TreeGeneratorTaskConfig } from './parse/seq2tree/task';
export {
  loadTreeGenerator,
  saveTreeGenerator,
  TREE_GENERATOR_KIND,
  treeGeneratorFromCheckpoint,
  treeGeneratorManifest,
  type SaveTreeGeneratorOptions,
  type TreeGeneratorData,
  type TreeGeneratorManifest,
} from './parse/seq2tree/checkpoint';

// Binary image density baselines (the draw app): independent pixels, the FVSBN, a texture model
export {
  BINARY_DENSITY_KINDS,
  CausalNeighbourhood,
  FVSBN_KIND,
  Fvsbn,
  PIXEL_BERNOULLI_KIND,
  PixelBernoulli,
  binaryBatch,
  binaryDensityFromCheckpoint,
  binaryDensityManifest,
  binaryDensityTask,
  binaryTensor,
  causalNeighbourhoodTask,
  createBinaryDensityModel,
  loadBinaryDensityModel,
  resolveFvsbnConfig,
  resolvePixelBernoulliConfig,
  saveBinaryDensityModel,
  scoreBinaryImages,
  type BinaryBatch,
  type BinaryImage,
  type BinaryDensityConfig,
  type BinaryDensityData,
  type BinaryDensityManifest,
  type BinaryDensityModel,
  type BinaryDensityScore,
  type BinaryDensityTaskConfig,
  type BinaryImageSet,
  type CausalNeighbourhoodConfig,
  type CausalNeighbourhoodTaskConfig,
  type FvsbnConfig,
  type NeighbourhoodBatch,
  type OnPixel,
  type PixelBernoulliConfig,
  type ResolvedFvsbnConfig,
  type ResolvedPixelBernoulliConfig,
  type SaveBinaryDensityOptions,
  type ScoreBinaryImagesOptions,
} from './density/index';
