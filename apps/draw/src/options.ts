/**
 * The options and the help of every command, apart from the commands' code, so that `--help`
 * answers without loading TensorFlow.js or a model.
 */
import { formatOptions, type OptionSpec } from './args';

const BACKEND: OptionSpec = { type: 'string', help: 'wasm | webgpu | cpu (default: wasm, falling back to cpu)' };
const MODEL: OptionSpec = { type: 'string', help: 'a shipped model (fvsbn, draw, spatial-lstm) or a model directory', default: 'fvsbn' };

export const SCORE_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  samples: { type: 'number', help: 'DRAW: importance samples per image; above 1 scores the importance-weighted bound (tighter than the negative ELBO, K times the work)', default: 1, integer: true, min: 1, max: 100000 },
  backend: BACKEND,
};

export const SCORE_HELP = `usage: seq2seq-draw score [--model NAME|DIR] < lines

Reads binarised 28x28 images as JSON lines on stdin, each {"bits": "0101..."} (784 characters,
row-major, 1 for ink; 'seq2seq-draw images' writes them), and prints one JSON line:
{"images": N, "natsPerImage": x, "bound": true|false}: the mean negative log-likelihood in nats
per image; "bound": true when it is an upper bound (DRAW's negative ELBO) rather than exact
(FVSBN, spatial LSTM). For DRAW, --samples K > 1 scores the importance-weighted bound instead
(Burda et al. 2016: -log of the mean of K importance weights p(x, z_k) / q(z_k | x) per image),
also an upper bound and a tighter one; the answer then has "importanceSamples": K. A line that is not such an image is reported on stderr with its line
number and what was expected; every good line is still scored, the answer then has "skipped"
(the bad lines' count) and the exit status is 1. Blank lines are ignored.

${formatOptions(SCORE_OPTIONS)}`;

export const IMAGES_OPTIONS: Record<string, OptionSpec> = {
  pool: { type: 'string', help: 'MNIST pool: test (never trained on), train, or validation (the images train holds out of the training pool)', default: 'test', choices: ['test', 'train', 'validation'] },
  count: { type: 'number', help: 'images (a fixed shuffle of the pool, digits mixed; default: all, for validation 500)', integer: true, min: 1 },
};

export const IMAGES_HELP = `usage: seq2seq-draw images [--pool test|train|validation] [--count N]

Writes binarised MNIST images (pixels above one half are ink) as the JSON lines score reads:
{"bits": "<784 characters>", "label": digit}. The test pool has 2004 images, the training pool
7996 (of which train holds out 500 for validation: --pool validation writes those, --count N
the N that --val-size N holds out).

${formatOptions(IMAGES_OPTIONS)}`;

export const SAMPLE_OPTIONS: Record<string, OptionSpec> = {
  model: MODEL,
  n: { type: 'number', help: 'samples', default: 16, integer: true, min: 1, max: 1024 },
  out: { type: 'string', help: 'the PNG sheet to write (samples in a grid, ink white on black)', default: 'sheet.png' },
  scale: { type: 'number', help: 'pixels per image pixel in the sheet', default: 2, integer: true, min: 1, max: 16 },
  seed: { type: 'number', help: 'seed of the samples', default: 1, integer: true, min: 0 },
  backend: BACKEND,
};

export const SAMPLE_HELP = `usage: seq2seq-draw sample [--model NAME|DIR] [--n 16] [--out sheet.png] [--seed S]

Draws --n samples from the model and writes them as one PNG sheet (a grid of 28x28 images, 1
pixel gap); prints one JSON line {"out", "images", "columns", "seconds"}.

${formatOptions(SAMPLE_OPTIONS)}`;

export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  type: { type: 'string', help: 'the kind of model: fvsbn | pixel-bernoulli | draw | spatial-lstm | painter', default: 'fvsbn' },
  'model-out': { type: 'string', help: 'checkpoint directory; training resumes from the checkpoint there', default: 'draw-model' },
  l2: { type: 'number', help: 'FVSBN: L2 penalty on the weights (nats per image per squared weight / 2)', default: 0, min: 0 },
  config: { type: 'string', help: 'the model\'s config as JSON (fields of its config type, e.g. \'{"steps": 16}\' for DRAW); defaults for the rest' },
  batch: { type: 'number', help: 'images per batch', default: 100, integer: true, min: 1 },
  'val-size': { type: 'number', help: 'validation images held out of the training pool (fixed)', default: 500, integer: true, min: 1, max: 4000 },
  lr: { type: 'number', help: 'Adam learning rate', default: 1e-2, min: 0 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch', default: 1, min: 0, max: 1 },
  clip: { type: 'number', help: 'clip gradients to this global norm (0: off)', default: 0, min: 0 },
  epochs: { type: 'number', help: 'epochs in total (counting resumed ones)', default: 20, integer: true, min: 1 },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes of this run', min: 0 },
  'max-steps': { type: 'number', help: 'stop (and save) at this many optimiser steps in total', integer: true, min: 1 },
  'save-minutes': { type: 'number', help: 'also save the checkpoint every this many minutes', default: 10, min: 0.01 },
  seed: { type: 'number', help: 'seed of initialisation and of the shuffles', default: 1, integer: true, min: 0 },
  'kl-warmup': { type: 'number', help: 'DRAW: epochs over which the KL term\'s weight in the training loss rises from 0 to 1 (validation always scores the full bound)', default: 0, min: 0 },
  'importance-samples': { type: 'number', help: 'DRAW: train (and validate) on the importance-weighted bound with K posterior draws per image (IWAE, Burda et al. 2016; K times the work of a step); 1: the negative ELBO', default: 1, integer: true, min: 1, max: 64 },
  'init-from': { type: 'string', help: 'start a new run from a trained model\'s weights (a shipped name or a directory; its config, not --config): e.g. fine-tune the shipped DRAW with --importance-samples' },
  backend: BACKEND,
};

export const TRAIN_HELP = `usage: seq2seq-draw train [--type fvsbn] [--model-out DIR] [options]

Trains a density model of binarised MNIST on the training pool with the shared training driver:
the loss is the negative log-likelihood in nats per image; after every epoch the validation
nats per image (--val-size images held out of the training pool, always the same ones) are
reported. A checkpoint is saved every epoch, every --save-minutes, on Ctrl-C and at the end, the
best on validation in DIR/best (float16). Running the same command again resumes from DIR (the
model and settings from the checkpoint; options given again override the training settings).
Prints one JSON line at the end. The test pool is never trained or validated on: score it with
'seq2seq-draw images | seq2seq-draw score --model DIR/best'.

${formatOptions(TRAIN_OPTIONS)}`;

export const PAINT_OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', help: 'a shipped painter (painter) or a model directory', default: 'painter' },
  image: { type: 'string', help: 'a PNG to paint (resized to the canvas; light ink on dark, a light image is inverted)' },
  index: { type: 'number', help: 'paint this image of the test pool (a fixed shuffle; default 0 when no --image)', integer: true, min: 0, max: 2003 },
  pool: { type: 'string', help: 'paint every image of this pool (test or train) and print how close the paintings come, instead of a strip' },
  count: { type: 'number', help: 'with --pool: paint only the first N images of the pool (a fixed shuffle)', integer: true, min: 1 },
  out: { type: 'string', help: 'the PNG strip to write: the target, then the canvas after every stroke', default: 'painting.png' },
  scale: { type: 'number', help: 'pixels per canvas pixel in the strip', default: 2, integer: true, min: 1, max: 16 },
  backend: BACKEND,
};

export const PAINT_HELP = `usage: seq2seq-draw paint [--model painter] [--image FILE.png | --index N] [--out painting.png]
       seq2seq-draw paint [--model painter] --pool test [--count N]

The painter reproduces one image stroke by stroke (quadratic Bezier strokes through a
differentiable rasteriser). Writes a PNG strip (the target, then the canvas after every stroke)
and prints one JSON line {"out", "strokes": [[x0, y0, x1, y1, x2, y2, width, ink], ...],
"seconds"}: coordinates, width and ink in [0, 1]. With --pool it paints every image of that
pool instead and prints {"images", "bcePerPixel", "msePerPixel", "inkIoU", "seconds"}: the mean
binary cross-entropy (nats) and squared error per pixel between each final canvas and its
binarised target, and the intersection over union of ink (canvas above one half) and target ink.

${formatOptions(PAINT_OPTIONS)}`;
