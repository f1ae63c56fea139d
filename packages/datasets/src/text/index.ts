/**
 * Text datasets for seq2seq: tokenisers, vocabularies, padded batches, parallel-corpus loaders,
 * generated tasks and metrics (BLEU, exact match, token accuracy). Tensor-free except
 * {@link batchToTensors}.
 */
export { DatasetError, TsvFormatError } from './errors';
// `RandomSource` (a structural `{ next(): number }`) is exported once by the package index, from
// geometry, which defines the identical type; text's own copy lives in './random'.
export { mulberry32 } from './random';

export { type Tokenizer, type TokenizerJSON, tokenizerFromJSON } from './tokenize/tokenizer';
export { normalizeText, type NormalizeOptions } from './tokenize/normalize';
export {
  WordTokenizer,
  type WordTokenizerConfig,
  type WordTokenizerLanguage,
  defaultWordTokenizerConfig,
} from './tokenize/word-tokenizer';
export type { ApostropheMode, HyphenMode } from './tokenize/word-split';
export { CharTokenizer, type CharTokenizerConfig, DEFAULT_CHAR_TOKENIZER_CONFIG } from './tokenize/char-tokenizer';

export { PAD, SOS, EOS, UNK, PAD_ID, SOS_ID, EOS_ID, UNK_ID, SPECIAL_TOKENS } from './vocab/specials';
export {
  Vocabulary,
  type VocabularyBuildOptions,
  type VocabularyJSON,
  type EncodeOptions,
  type DecodeOptions,
} from './vocab/vocabulary';

export { type Batch, type BatchShape, type EncodedPair, collate, lengthMask } from './batch/batch';
export { type BatchOptions, planBatches } from './batch/plan';
export { type MakeBatchesOptions, makeBatches } from './batch/make-batches';
export { type SplitOptions, type Splits, splitBySource } from './batch/split';
export { type TensorBatch, batchToTensors } from './batch/to-tensors';

export type { TranslationPair } from './corpus/pair';
export { type ParseTsvOptions, parseTsv } from './corpus/tsv';
export { loadTsvFile } from './corpus/tsv-file';
export { loadTextFile } from './corpus/text-file';
export { groupReferences } from './corpus/references';

export { type PairSampler, type HeldOutOptions, generatePairs, generateHeldOut } from './tasks/sampler';
export { DATE_FORMATS, ALL_DATE_FORMATS, type DateFormat } from './tasks/date-formats';
export { type DateTaskConfig, dateTask } from './tasks/dates';
export { type SequenceTaskConfig, copyTask, reverseTask, sortTask } from './tasks/sequences';
export { type AdditionTaskConfig, additionTask } from './tasks/addition';

export { type BleuOptions, type BleuScore, type Sentence, corpusBleu, sentenceBleu } from './metrics/bleu';
export { type Sequence, exactMatch, tokenAccuracy } from './metrics/accuracy';

// Character language models: the fixed ASCII alphabet and TBPTT windows over one long text.
export { CharVocabulary, type CharVocabularyJSON, type EncodedChars } from './char-lm/char-vocabulary';
export { type TbpttBatch, type TbpttOptions, tbpttBatches, tbpttWindowCount } from './char-lm/tbptt';
