/**
 * The options and the help of every command, apart from the commands' code, so that `--help`
 * answers without loading TensorFlow.js or a model.
 */
import { formatOptions, type OptionSpec } from './args';

const BACKEND: OptionSpec = { type: 'string', help: 'wasm | webgpu | cpu (default: wasm, falling back to cpu)' };
const SHIFT: OptionSpec = {
  type: 'number',
  help: 'test-time shifts: every image is also read moved by each [dx, dy] up to this many pixels ((2r+1)^2 views, decoded as one ensemble); default 1 (9 views) for digit models, 0 for caption models',
  integer: true,
  min: 0,
  max: 4,
};
const MODEL: OptionSpec = { type: 'string', help: 'a shipped model (digits) or a model directory; A,B,... reads with an ensemble of them', default: 'digits' };

export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  task: { type: 'string', help: 'digits (160x48 digit strings) | scenes (96x96 Fashion-MNIST scenes with captions)', default: 'digits', choices: ['digits', 'scenes'] },
  'model-out': { type: 'string', help: 'checkpoint directory; training resumes from the checkpoint there', default: 'vision-model' },
  'init-from': { type: 'string', help: 'start from a trained model (shipped name or directory) instead of random weights: matching weights are copied, new ResNet blocks start as the identity, a wider --stem-channels or --stages copies channels (Net2WiderNet); model options not given are its' },
  'stem-channels': { type: 'number', help: 'channels of the stem convolution', default: 16, integer: true, min: 1 },
  stages: { type: 'string', help: 'channels of each ResNet stage (each halves the grid), comma-separated', default: '32,64' },
  blocks: { type: 'number', help: 'ResNet basic blocks per stage', default: 2, integer: true, min: 1 },
  'initial-attention': { type: 'boolean', help: "the decoder's initial state also reads an attention-pooled summary of the image (its new weights start at zero, so --init-from a model without it works)" },
  antialias: { type: 'boolean', help: 'anti-aliased downsampling (Zhang 2019): strided layers convolve at stride 1, then blur-pool; the same weights, so --init-from a model without it works' },
  norm: { type: 'string', help: 'normalisation in the blocks', default: 'batch', choices: ['batch', 'group', 'none'] },
  positions: { type: 'string', help: 'position information of the features', default: 'learned', choices: ['learned', 'coordinates', 'none'] },
  cell: { type: 'string', help: 'decoder cell', default: 'lstm', choices: ['lstm', 'gru', 'rnn'] },
  hidden: { type: 'number', help: 'decoder units', default: 128, integer: true, min: 1 },
  embedding: { type: 'number', help: 'token embedding width', default: 32, integer: true, min: 1 },
  dropout: { type: 'number', help: 'dropout before the readout', default: 0, min: 0, max: 0.99 },
  batch: { type: 'number', help: 'strings per batch', default: 32, integer: true, min: 1 },
  'steps-per-epoch': { type: 'number', help: 'batches per epoch (fresh strings every epoch)', default: 500, integer: true, min: 1 },
  'val-size': { type: 'number', help: 'validation strings (fixed, from the validation part of the training pool)', default: 500, integer: true, min: 1 },
  lr: { type: 'number', help: 'Adam learning rate', default: 1e-3, min: 0 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch', default: 1, min: 0, max: 1 },
  clip: { type: 'number', help: 'clip gradients to this global norm (0: off)', default: 5, min: 0 },
  epochs: { type: 'number', help: 'epochs in total (counting resumed ones)', default: 40, integer: true, min: 1 },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes of this run', min: 0 },
  'max-steps': { type: 'number', help: 'stop (and save) at this many optimiser steps in total', integer: true, min: 1 },
  'save-minutes': { type: 'number', help: 'also save the checkpoint every this many minutes', default: 10, min: 0.01 },
  seed: { type: 'number', help: 'seed of initialisation and of the generated strings', default: 1, integer: true, min: 0 },
  augment: { type: 'boolean', help: 'digits: distort each training digit (rotation, shear, scale, elastic; Simard et al. 2003); validation and eval strings stay undistorted' },
  'augment-share': { type: 'number', help: 'with --augment: the share of training strings whose digits are distorted (one draw per string), the rest stay clean', default: 1, min: 0, max: 1 },
  backend: BACKEND,
};

export const TRAIN_HELP = `usage: seq2seq-vision train [--task digits|scenes] [--model-out DIR] [options]

Trains an image-to-sequence model (a small ResNet encoder, attention over its feature grid, an
LSTM decoder) to read digit strings (--task digits: 160x48 images of 1 to 5 MNIST digits) or to
caption scenes (--task scenes: 96x96 Fashion-MNIST scenes avoiding the held-out combinations),
generated on the fly from the training pools (every epoch fresh examples). The validation set
is fixed: --val-size examples never trained on (digits: from the last 10% of each digit's
training-pool images). After every epoch the validation loss and the share of validation
examples read exactly are reported;
a checkpoint is saved every epoch, every --save-minutes, on Ctrl-C and at the end, the best on
validation loss in DIR/best. Running the same command again resumes from DIR (model and settings
from the checkpoint; options given again override the training settings). Prints one JSON line
at the end.

${formatOptions(TRAIN_OPTIONS)}`;

export const EVAL_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  count: { type: 'number', help: 'fresh strings from the MNIST test pool', default: 1000, integer: true, min: 1 },
  seed: { type: 'number', help: 'seed of the generated strings', default: 2026, integer: true, min: 0 },
  beam: { type: 'number', help: 'beam width (1: greedy)', default: 1, integer: true, min: 1, max: 32 },
  shift: SHIFT,
  batch: { type: 'number', help: 'images read at once', default: 100, integer: true, min: 1 },
  backend: BACKEND,
};

export const EVAL_HELP = `usage: seq2seq-vision eval [--model NAME|DIR] [--count N] [--seed S] [--beam K] [--shift R]

A digit-string model reads --count fresh strings made by the generator from the MNIST TEST pool
(never trained or validated on); eval prints one JSON line: {"task": "digits", "test": {"count",
"sequenceAccuracy" (share read exactly), "characterErrorRate" (edit distance / label
characters), "byLength" ([{"length", "count", "sequenceAccuracy", "characterErrorRate"}, ...]),
"byCondition" (per-digit error rates: all, isolated, clutter, crowded, small; insertions)},
"beam", "seconds"}. A caption model captions --count test scenes of seen combinations and
--count held-out scenes (each with a combination never seen in training), from the item TEST
pool: {"task": "scenes", "test": {...}, "heldOut": {"count", "bleu", "exactMatch",
"layoutAccuracy", "grammatical", "examples"}, ...}. The line also says the "beam" and "shift" read with.

${formatOptions(EVAL_OPTIONS)}`;

export const READ_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  beam: { type: 'number', help: 'beam width (1: greedy)', default: 1, integer: true, min: 1, max: 32 },
  shift: SHIFT,
  attention: { type: 'boolean', help: 'add, per output token, where the model looked' },
  backend: BACKEND,
};

export const CAPTION_OPTIONS: Record<string, OptionSpec> = { ...READ_OPTIONS, model: { type: 'string', help: 'a shipped model (scenes) or a model directory; A,B,... reads with an ensemble of them', default: 'scenes' } };

export const CAPTION_HELP = `usage: seq2seq-vision caption [--model NAME|DIR] [--attention] < lines

As read, for a caption model: JSON lines of 96x96 scene PNGs in ({"png": base64} or {"path":
file}), one {"text": "a bag to the left of a sneaker"} out per line, with the same image rules
(resized when of the same shape, else rejected; inverted when light) and an {"error"} line for a
bad image.

${formatOptions(CAPTION_OPTIONS)}`;

export const READ_HELP = `usage: seq2seq-vision read [--model NAME|DIR] [--shift R] [--attention] < lines

Reads JSON lines on stdin, each {"png": "<base64 of a PNG>"} or {"path": "file.png"}, and writes
one JSON line per line in: {"text": "40712"}. With --attention it adds "attention" (for each
output token, then the end token, the weights over the feature grid, row by row) and "grid"
({"height", "width"}: the grid covers the whole image).

Images: any PNG (colour is converted to gray). The model reads light digits on a dark
background, 160x48: an image whose mean is above mid-gray is inverted first (dark ink on white
paper); an image of another size with the same shape (aspect ratio within 5% of 160:48) is
resized bilinearly to 160x48; any other size is rejected. A line that cannot be read (not JSON,
not a PNG, a missing file, a rejected size) gets {"error": "..."} and reading goes on.

${formatOptions(READ_OPTIONS)}`;
