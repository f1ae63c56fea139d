/**
 * The options and the help of every command, apart from the commands' code, so that `--help`
 * answers without loading TensorFlow.js or a model.
 */
import { formatOptions, type OptionSpec } from './args';

const BACKEND: OptionSpec = { type: 'string', help: 'wasm | webgpu | cpu (default: wasm, falling back to cpu)' };
const MODEL: OptionSpec = { type: 'string', help: 'a shipped model (anna, shakespeare) or a model directory', default: 'anna' };

export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  corpus: { type: 'string', help: 'anna | shakespeare (the texts in data/) | a UTF-8 text file, plain or .gz' },
  'model-out': { type: 'string', help: 'checkpoint directory; training resumes from the checkpoint there', default: 'chars-model' },
  cell: { type: 'string', help: 'recurrent cell', default: 'lstm', choices: ['lstm', 'gru', 'rnn'] },
  layers: { type: 'number', help: 'stacked recurrent layers', default: 2, integer: true, min: 1, max: 8 },
  hidden: { type: 'number', help: 'units per layer', default: 512, integer: true, min: 1 },
  embedding: { type: 'number', help: 'character embedding width; 0: one-hot input', default: 0, integer: true, min: 0 },
  dropout: { type: 'number', help: 'dropout between layers and before the readout', default: 0.5, min: 0, max: 0.99 },
  'seq-len': { type: 'number', help: 'characters per TBPTT window', default: 100, integer: true, min: 1 },
  batch: { type: 'number', help: 'rows per batch (contiguous stretches of the text)', default: 128, integer: true, min: 1 },
  lr: { type: 'number', help: 'Adam learning rate', default: 1e-3, min: 0 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch', default: 1, min: 0, max: 1 },
  clip: { type: 'number', help: 'clip gradients to this global norm (0: off)', default: 5, min: 0 },
  epochs: { type: 'number', help: 'epochs in total (counting resumed ones)', default: 20, integer: true, min: 1 },
  'val-fraction': { type: 'number', help: 'share of the text, from its end, kept for validation', default: 0.1, min: 0.001, max: 0.5 },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes of this run', min: 0 },
  'max-steps': { type: 'number', help: 'stop (and save) at this many optimiser steps in total', integer: true, min: 1 },
  'save-minutes': { type: 'number', help: 'also save the checkpoint every this many minutes', default: 10, min: 0.01 },
  seed: { type: 'number', help: 'seed of initialisation and dropout', default: 1, integer: true, min: 0 },
  workers: { type: 'string', help: "worker threads computing each batch's gradient, its rows split between them (auto: one per core)", default: '1' },
  backend: BACKEND,
};

export const TRAIN_HELP = `usage: seq2seq-chars train --corpus anna|shakespeare|FILE [--model-out DIR] [options]

Trains a character language model with truncated back-propagation through time: the text is cut
into --batch contiguous stretches read --seq-len characters at a time, the state carried from
window to window. The last --val-fraction of the text is the validation split (its loss, in nats
per character, is the dev loss of every epoch). Progress goes to stderr; a checkpoint is saved
every epoch, every --save-minutes, on Ctrl-C and at the end; the best on validation goes to
DIR/best. Running the same command again resumes from DIR (model and settings from the
checkpoint; options given again override the training settings). Prints one JSON line at the end.
--workers N|auto trains on N worker threads (auto: every core): each computes the gradient of its
own block of rows, carrying their state from window to window, and the summed gradient makes one
step, the same step as on one thread up to float rounding (dropout masks differ).

${formatOptions(TRAIN_OPTIONS)}`;

export const SAMPLE_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  prime: { type: 'string', help: 'text the model reads first (not printed)', default: '\n' },
  length: { type: 'number', help: 'characters to write', default: 500, integer: true, min: 0 },
  temperature: { type: 'number', help: 'softmax temperature (0: always the most probable)', default: 0.8, min: 0 },
  'top-k': { type: 'number', help: 'draw among the k most probable characters (0: all)', default: 0, integer: true, min: 0 },
  seed: { type: 'number', help: 'seed of the draws', default: 0, integer: true, min: 0 },
  backend: BACKEND,
};

export const SAMPLE_HELP = `usage: seq2seq-chars sample [--model NAME|DIR] [--prime TEXT] [--length N] [options]

Writes text drawn from the model character by character to stdout.

${formatOptions(SAMPLE_OPTIONS)}`;

export const SCORE_OPTIONS: Record<string, OptionSpec> = { model: MODEL, backend: BACKEND };

export const SCORE_HELP = `usage: seq2seq-chars score [--model NAME|DIR] < text

Reads a text on stdin and prints one JSON line {"chars", "natsPerChar", "bitsPerChar",
"unknownChars"}: the mean negative log-probability of every character after the first, each
predicted from all the characters before it (one state carried through the whole text).

${formatOptions(SCORE_OPTIONS)}`;

export const COMPLETE_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  k: { type: 'number', help: 'continuations', default: 5, integer: true, min: 1, max: 100 },
  'max-length': { type: 'number', help: 'longest continuation in characters (it ends at a space or punctuation before)', default: 20, integer: true, min: 1 },
  backend: BACKEND,
};

export const COMPLETE_HELP = `usage: seq2seq-chars complete PREFIX [--model NAME|DIR] [--k N]

Prints the k most probable continuations of PREFIX (to the end of the word), one JSON line each:
{"text", "probability"}.

${formatOptions(COMPLETE_OPTIONS)}`;

export const UNITS_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  layer: { type: 'number', help: 'recurrent layer, 0-based (default: the top one)', integer: true, min: 0 },
  units: { type: 'string', help: 'comma-separated unit indices (default: all)' },
  backend: BACKEND,
};

export const UNITS_HELP = `usage: seq2seq-chars units [--model NAME|DIR] [--layer L] [--units 0,5,7] < text

Reads a text on stdin and prints one JSON line per character: {"char", "h"} with the hidden
state of the chosen units after that character, plus "c" (LSTM memory cell) or "r" and "z"
(GRU reset and update gates).

${formatOptions(UNITS_OPTIONS)}`;
