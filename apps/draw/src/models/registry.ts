/**
 * The draw app's model registry: every kind of model the app can score, sample and train is one
 * adapter (a file of this folder) turning a library model into the same small interface, so the
 * commands and the page never ask which model they hold. Browser-safe: adapters build models
 * from a loaded or fetched checkpoint and never touch the file system.
 */
import type { Module, Rng } from '@seq2seq/core';
import type { BinaryImageSet, CheckpointManifest, LoadedCheckpoint, TrainingTask } from '@seq2seq/seq2seq';

/** Where one step of drawing looked (DRAW's attention window), in canvas pixels. */
export interface AttentionWindow {
  /** Centre of the window. */
  x: number;
  y: number;
  /** Side of the square window. */
  size: number;
}

/** One step of a sample being drawn, for an animation. */
export interface SampleStep {
  /** Steps done (1-based) and in all. */
  step: number;
  steps: number;
  /** The canvases so far, `[n, height * width]` row-major, each value in [0, 1] (ink). */
  canvases: Float32Array;
  /** Per image, where this step wrote (models with attention only). */
  windows?: AttentionWindow[];
}

/** Nats per image of a set of binary images. */
export interface DrawScore {
  images: number;
  /** Mean `-log p(x)` in nats (an upper bound when `bound`). */
  natsPerImage: number;
  /** Whether the numbers are upper bounds (e.g. DRAW's negative ELBO) rather than exact. */
  bound: boolean;
  /** The importance samples per image of an importance-weighted bound (absent: the plain bound or an exact score). */
  importanceSamples?: number;
}

/** Options of {@link DrawModel.score}. */
export interface ScoreOptions {
  /**
   * For a model scored by a bound (DRAW): K > 1 scores the importance-weighted bound with K
   * posterior draws per image, tighter than the negative ELBO. Ignored by exact models.
   */
  importanceSamples?: number;
}

/** A loaded model, whatever its kind. */
export interface DrawModel {
  /** The checkpoint kind (`'fvsbn'`, `'pixel-bernoulli'`...). */
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  /** Scores `count` images of `width * height` bits each, image after image; absent for a model that paints rather than scores. */
  score?(images: BinaryImageSet, options?: ScoreOptions): DrawScore;
  /** Reproduces target images stroke by stroke (the painter only): canvases `[n, height * width]` in [0, 1]; `onStep` sees each stroke. */
  paint?(targets: Float32Array, n: number, onStep?: (step: SampleStep & { strokes: number[][] }) => void): Float32Array;
  /** `n` samples as canvases (`[n, height * width]`, values in [0, 1]); `onStep` sees them being drawn. Absent for the painter. */
  sample?(n: number, rng: Rng, onStep?: (step: SampleStep) => void): Float32Array;
  /** How many steps {@link DrawModel.sample} takes (pixels for an autoregressive model, glimpses for DRAW). */
  readonly sampleSteps: number;
  dispose(): void;
}

/** Training data of {@link TrainableDrawModel.task}. */
export interface DrawTrainingData {
  train: BinaryImageSet;
  dev: BinaryImageSet;
  batchSize: number;
  seed: number;
  /** DRAW: epochs over which the KL weight rises from 0 to 1 (`--kl-warmup`); 0: none. */
  klWarmupEpochs: number;
  /** DRAW: posterior draws per image of the importance-weighted training loss (`--importance-samples`); 1: the negative ELBO. */
  importanceSamples: number;
}

/** A model being trained: what the shared `Trainer` / `TrainingRun` need, and the model to use after. */
export interface TrainableDrawModel {
  /** The module whose parameters are optimised (and saved). */
  readonly module: Module;
  /** The training task over binary images (loss in nats per image; dev loss = plain nats per image); `rng`: its training noise, saved with the checkpoint. */
  task(data: DrawTrainingData): TrainingTask<unknown> & { rng?: Rng };
  /** The checkpoint manifest (kind, config, data notes). */
  manifest(notes: { data: Record<string, unknown>; attribution: string; provenance: unknown }): Omit<CheckpointManifest, 'format' | 'version' | 'step' | 'training'>;
  /** One line: the architecture and its parameter count. */
  summary(): string;
  /** Prepares training from the data before the first step (e.g. biases from pixel frequencies). */
  initialise?(train: BinaryImageSet): void;
  /** The same model, as a {@link DrawModel} (shares the weights; disposing one disposes both). */
  asDrawModel(): DrawModel;
}

/** One kind of model: how to build it from a checkpoint, and (for trainable kinds) from options. */
export interface DrawModelKind {
  /** The checkpoint `kind`. */
  readonly kind: string;
  /** Other names `train --type` accepts (`spatial-lstm` for `recurrent-image-density`). */
  readonly aliases?: readonly string[];
  /** One line for `--help` and the page. */
  readonly description: string;
  /** What the training loss measures, for the progress lines. Default `'nats/image'`. */
  readonly lossUnit?: string;
  /** Builds the model of a checkpoint; disposes the loaded weight tensors. */
  fromCheckpoint(loaded: LoadedCheckpoint<unknown, unknown>, where: string): DrawModel;
  /** A fresh model to train from `config` (the kind's JSON config; omitted fields take their defaults). */
  create?(config: Record<string, unknown>): TrainableDrawModel;
}

const kinds = new Map<string, DrawModelKind>();

/** Adds a kind to the registry (each adapter file registers its kinds through `models/index.ts`). */
export function registerKind(kind: DrawModelKind): void {
  kinds.set(kind.kind, kind);
}

/** The kind of checkpoint `kind` (or of one of its aliases), or undefined. */
export function kindOf(kind: string): DrawModelKind | undefined {
  return kinds.get(kind) ?? [...kinds.values()].find((k) => k.aliases?.includes(kind));
}

/** Every registered kind. */
export function allKinds(): DrawModelKind[] {
  return [...kinds.values()];
}
