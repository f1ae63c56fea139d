/**
 * The options and the help of every command, apart from the commands' code, so that `--help`
 * answers without loading TensorFlow.js or a model.
 */
import { formatOptions, type OptionSpec } from '../args';

/** Sentences decoded together by default (`translate --batch-size`). */
export const DEFAULT_BATCH_SIZE = 32;

export const TRANSLATE_OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', help: 'model directory (default: the shipped English-French model)' },
  beam: { type: 'number', help: 'beam width (1: greedy)', default: 5, integer: true, min: 1, max: 100 },
  'length-penalty': { type: 'number', help: 'beam length normalisation alpha', default: 0.6, min: 0, max: 10 },
  'batch-size': { type: 'number', help: 'sentences decoded together (1: one at a time; same answers)', default: DEFAULT_BATCH_SIZE, integer: true, min: 1, max: 4096 },
  window: { type: 'number', help: 'stdin lines read ahead and sorted by length before decoding', default: 512, integer: true, min: 1, max: 100000 },
  workers: { type: 'string', help: 'N | auto: worker threads decoding the batches (auto: one per core for a file or a pipe of at least two batches, else 1; same answers)', default: 'auto' },
  'show-attention': { type: 'boolean', help: 'print the attention matrix of each sentence on stderr' },
  'no-unk-replace': { type: 'boolean', help: 'keep <unk> instead of copying the most attended source word' },
  backend: { type: 'string', help: 'wasm | webgpu | cpu (default: the best available)' },
};

export const TRANSLATE_HELP = `usage: seq2seq-translate translate [TEXT] [options]

Translates TEXT, or each line of stdin to a line of stdout (an empty line for an empty or
over-long line; control characters are dropped, with a note on stderr). Lines from a file or a
pipe are decoded --batch-size at a time (the same answers as one at a time, faster), on
--workers threads; a line typed at a terminal is answered as soon as it is entered.

${formatOptions(TRANSLATE_OPTIONS)}`;

export const EVAL_OPTIONS: Record<string, OptionSpec> = {
  data: { type: 'string', help: 'corpus the model was trained on (default: the one its checkpoint records); its held-out split is evaluated' },
  task: { type: 'string', help: "generated task instead of --data: 'dates'" },
  model: { type: 'string', help: 'model directory (default: the shipped English-French model)' },
  split: { type: 'string', help: 'dev | test | all (all: every line of --data)', default: 'test' },
  limit: { type: 'number', help: 'evaluate at most this many source sentences', integer: true, min: 1 },
  beam: { type: 'number', help: 'beam width for the beam row', default: 5, integer: true, min: 1, max: 100 },
  backend: { type: 'string', help: 'wasm | webgpu | cpu (default: the best available)' },
};

export const EVAL_HELP = `usage: seq2seq-translate eval [--data FILE | --task dates] [--model DIR] [options]

Exact match and multi-reference BLEU for greedy and beam decoding on the model's held-out split.

${formatOptions(EVAL_OPTIONS)}`;

export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  data: { type: 'string', help: 'tab-separated corpus: source<TAB>target[<TAB>attribution] per line' },
  task: { type: 'string', help: "generated task instead of --data: 'dates'" },
  out: { type: 'string', help: 'checkpoint directory (latest here, best on dev in OUT/best)' },
  resume: { type: 'boolean', help: 'continue from the checkpoint in --out' },
  'init-from': { type: 'string', help: 'start from the weights of this model (its architecture, vocabularies and data splits); new optimiser state' },
  epochs: { type: 'number', help: 'epochs', default: 10, integer: true, min: 1 },
  'batch-size': { type: 'number', help: 'sentence pairs per batch', default: 64, integer: true, min: 1 },
  lr: { type: 'number', help: 'Adam learning rate', default: 1e-3, min: 0 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch from --decay-start', default: 1, min: 0, max: 1 },
  'decay-start': { type: 'number', help: 'first epoch (1-based) after which the rate decays', default: 1, integer: true, min: 1 },
  clip: { type: 'number', help: 'clip gradients to this global norm (0: off)', default: 1, min: 0 },
  'label-smoothing': { type: 'number', help: 'label smoothing', default: 0, min: 0, max: 0.99 },
  'teacher-forcing': { type: 'number', help: 'teacher-forcing ratio (<1: scheduled sampling, slower)', default: 1, min: 0, max: 1 },
  cell: { type: 'string', help: 'rnn | gru | lstm', default: 'gru' },
  embedding: { type: 'number', help: 'embedding width', default: 256, integer: true, min: 1 },
  'embedding-init': { type: 'string', help: "normal (N(0,1), as PyTorch) | uniform (U(-0.08,0.08))", default: 'normal' },
  hidden: { type: 'number', help: 'encoder hidden size per direction', default: 256, integer: true, min: 1 },
  'decoder-hidden': { type: 'number', help: 'decoder hidden size', default: 512, integer: true, min: 1 },
  'attentional-size': { type: 'number', help: 'width of tanh(Wc[c;h]) before the output layer (default: decoder hidden)', integer: true, min: 1 },
  layers: { type: 'number', help: 'layers in encoder and decoder', default: 1, integer: true, min: 1, max: 8 },
  unidirectional: { type: 'boolean', help: 'read the source left to right only' },
  attention: { type: 'string', help: 'none | dot | scaledDot | general | additive', default: 'general' },
  'input-feeding': { type: 'boolean', help: 'Luong input feeding (slower: step-by-step decoder)' },
  'reverse-source': { type: 'boolean', help: 'reverse the source (Sutskever et al. 2014)' },
  dropout: { type: 'number', help: 'dropout', default: 0.2, min: 0, max: 0.95 },
  'min-freq': { type: 'number', help: 'minimum word count for the vocabularies', default: 2, integer: true, min: 1 },
  'max-length': { type: 'number', help: 'longest source sentence in tokens', default: 50, integer: true, min: 1 },
  count: { type: 'number', help: '--task: number of generated training pairs', default: 50000, integer: true, min: 10 },
  seed: { type: 'number', help: 'seed of initialisation, shuffling, splits and dropout', default: 1, integer: true, min: 0 },
  patience: { type: 'number', help: 'stop after this many epochs without dev improvement', default: 3, integer: true, min: 1 },
  'max-steps': { type: 'number', help: 'stop after this many optimiser steps', integer: true, min: 1 },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes', min: 0 },
  'save-every': { type: 'number', help: 'also save the latest checkpoint every N minutes', default: 10, min: 0 },
  'dev-bleu': { type: 'number', help: 'dev sentences translated (greedy) for BLEU after each epoch', default: 500, integer: true, min: 0 },
  workers: { type: 'string', help: 'N | auto: worker threads sharing each batch (auto: one per core; 1: this thread only)', default: '1' },
  backend: { type: 'string', help: 'wasm | webgpu | cpu (default: the best available)' },
};

export const TRAIN_HELP = `usage: seq2seq-translate train (--data FILE | --task dates) --out DIR [options]

Trains an encoder-decoder with attention. Ctrl-C saves a checkpoint; --resume continues it.

${formatOptions(TRAIN_OPTIONS)}`;

export const EXPORT_OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', help: 'checkpoint directory to export (e.g. OUT/best)' },
  out: { type: 'string', help: 'directory of the shipped model' },
  float16: { type: 'boolean', help: 'store weights as float16' },
  backend: { type: 'string', help: 'wasm | webgpu | cpu', default: 'cpu' },
};

export const EXPORT_HELP = `usage: seq2seq-translate export --model DIR --out DIR [--float16]

${formatOptions(EXPORT_OPTIONS)}`;

export const DEMO_OPTIONS: Record<string, OptionSpec> = {
  text: { type: 'string', help: 'sentence to translate', default: 'I think it is going to rain tomorrow.' },
  backend: { type: 'string', help: 'wasm | webgpu | cpu', default: 'wasm' },
  model: { type: 'string', help: 'model directory (default: the shipped English-French model)' },
};
