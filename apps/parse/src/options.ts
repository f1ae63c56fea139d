/**
 * The options and the help of every command, apart from the commands' code, so that `--help`
 * answers without loading TensorFlow.js or a model.
 */
import { formatOptions, type OptionSpec } from './args';

const BACKEND: OptionSpec = { type: 'string', help: 'wasm | webgpu | cpu (default: wasm, falling back to cpu)' };
const MODEL: OptionSpec = { type: 'string', help: 'a shipped model (ewt: the pointer parser; ewt-seq2tree: the Seq2Tree decoder) or a model directory written by train', default: 'ewt' };

const BEAM: OptionSpec = { type: 'number', help: 'beam width of a seq2tree model (default 1: greedy); pointer models take the maximum spanning tree', integer: true, min: 1 };

export const PARSE_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  text: { type: 'boolean', help: 'read one whitespace-tokenised sentence per line instead of CoNLL-U' },
  beam: BEAM,
  backend: BACKEND,
};

export const PARSE_HELP = `usage: seq2seq-parse parse [--model ewt|ewt-seq2tree|DIR] [--text] < input

Reads CoNLL-U on stdin (only ID and FORM need be filled; the other columns may be _) and writes
the same CoNLL-U with HEAD and DEPREL filled, and UPOS when the model tags; comments, multiword
token ranges and empty nodes pass through untouched. With --text, reads one whitespace-tokenised
sentence per line (blank lines are skipped). Every output is a tree: one root, no cycle (a
pointer model takes the maximum spanning tree; a seq2tree model writes the bracketed tree under a
constraint that only lets it write trees over exactly the input words). A
sentence longer than the model's maxWords (150) is an error.

${formatOptions(PARSE_OPTIONS)}`;

export const EVAL_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  beam: BEAM,
  backend: BACKEND,
};

export const EVAL_HELP = `usage: seq2seq-parse eval FILE [--model ewt|ewt-seq2tree|DIR]

Parses a gold CoNLL-U file (.conllu or .conllu.gz) from its forms alone and prints, as one JSON
line, UAS, LAS (full relations, e.g. nmod:poss) and LAS on the universal part of the relation (as
the CoNLL 2018 shared task scores), as percentages, with the word count and sentences per second.

${formatOptions(EVAL_OPTIONS)}`;

export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  decoder: { type: 'string', help: 'pointer (biaffine heads + maximum spanning tree) | seq2tree (an attention LSTM writes the bracketed tree); a resumed run keeps its own', default: 'pointer', choices: ['pointer', 'seq2tree'] },
  train: { type: 'string', help: 'training treebank (CoNLL-U, plain or .gz)', default: 'ewt' },
  dev: { type: 'string', help: 'dev treebank scored after every epoch', default: 'ewt' },
  'model-out': { type: 'string', help: 'checkpoint directory; training resumes from the checkpoint there', default: 'parse-model' },
  hidden: { type: 'number', help: 'units per direction of each encoder BiLSTM layer', default: 200, integer: true, min: 1 },
  layers: { type: 'number', help: 'encoder BiLSTM layers', default: 3, integer: true, min: 1, max: 8 },
  'word-embedding': { type: 'number', help: 'word embedding size', default: 100, integer: true, min: 1 },
  'char-hidden': { type: 'number', help: 'units per direction of the character BiLSTM', default: 64, integer: true, min: 1 },
  'arc-size': { type: 'number', help: 'size of the biaffine head scorer projections (pointer)', default: 256, integer: true, min: 1 },
  'relation-size': { type: 'number', help: 'size of the relation classifier projections (pointer)', default: 128, integer: true, min: 1 },
  'decoder-hidden': { type: 'number', help: 'units of the LSTM decoder and its attentional vector (seq2tree)', default: 256, integer: true, min: 1 },
  dropout: { type: 'number', help: 'dropout rate', default: 0.33, min: 0, max: 0.99 },
  'word-dropout': { type: 'number', help: 'rate at which words become the unknown word in training', default: 0.25, min: 0, max: 0.99 },
  'max-tokens': { type: 'number', help: 'most words (padding included) per batch', default: 1000, integer: true, min: 1 },
  lr: { type: 'number', help: 'Adam learning rate', default: 2e-3, min: 0 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch', default: 0.9, min: 0, max: 1 },
  clip: { type: 'number', help: 'clip gradients to this global norm (0: off)', default: 5, min: 0 },
  epochs: { type: 'number', help: 'epochs in total (counting resumed ones)', default: 30, integer: true, min: 1 },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes of this run', min: 0 },
  'max-steps': { type: 'number', help: 'stop (and save) at this many optimiser steps in total', integer: true, min: 1 },
  'save-minutes': { type: 'number', help: 'also save the checkpoint every this many minutes', default: 10, min: 0.01 },
  'dev-limit': { type: 'number', help: 'score only the first N dev sentences after each epoch (0: all)', default: 0, integer: true, min: 0 },
  seed: { type: 'number', help: 'seed of initialisation, dropout and batch order', default: 1, integer: true, min: 0 },
  backend: BACKEND,
};

export const TRAIN_HELP = `usage: seq2seq-parse train [--train ewt|FILE] [--dev ewt|FILE] [--model-out DIR] [options]

Trains a dependency parser: with --decoder pointer (the default) the pointing parser
(character-aware word vectors, a BiLSTM encoder, biaffine head scores, a relation classifier, UPOS
tags); with --decoder seq2tree the same encoder and an attention LSTM decoder that writes the
linearised tree (Vinyals et al. 2014), constrained to trees over exactly the input words (trained
on projectivised trees). After every epoch the dev treebank is parsed and
UAS, LAS and universal LAS are logged; the checkpoint with the best dev loss goes to DIR/best
(float16). A checkpoint is saved every epoch, every --save-minutes, on Ctrl-C and at the end;
running the same command again resumes from DIR. ewt is UD English EWT in data/ud-english-ewt.

${formatOptions(TRAIN_OPTIONS)}`;
