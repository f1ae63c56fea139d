/**
 * `seq2seq-draw train`: a density model of binarised MNIST trained with the shared `Trainer` /
 * `TrainingRun` (checkpoints every epoch, every few minutes and on Ctrl-C; the best on validation
 * nats per image in DIR/best, float16; the learning curve in the checkpoint's history). Rerunning
 * resumes from DIR: the model and the training settings come from the checkpoint, options given
 * again override the settings. The model is built by its kind's adapter (`models/`).
 */
import { existsSync } from 'node:fs';
import { Trainer, TrainingRun, loadCheckpoint, type ScheduleConfig } from '@seq2seq/seq2seq';
import { modelDir } from './load';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { MNIST_CREDIT, trainingSplit } from './data';
import { allKinds, kindOf } from './models/index';
import { TRAIN_OPTIONS } from './options';
import { ProgressBar, formatDuration } from '../../../scripts/cli/progress';
import { startRuntime } from './runtime';

/** Training settings saved with the checkpoint (so a rerun continues with them). */
interface Settings {
  'val-size': number;
  batch: number;
  lr: number;
  'lr-decay': number;
  clip: number;
  epochs: number;
  seed: number;
  'kl-warmup': number;
  'importance-samples': number;
}

/** What the checkpoint's `training.extra` holds. */
interface TrainExtra {
  settings: Settings;
}

const SETTING_NAMES = ['val-size', 'batch', 'lr', 'lr-decay', 'clip', 'epochs', 'seed', 'kl-warmup', 'importance-samples'] as const;
const MODEL_NAMES = ['type', 'l2', 'config'] as const;

/** The options as given (no defaults), so a resumed run can tell a given option from a default. */
function given(argv: string[]): Record<string, string | number | boolean | undefined> {
  const specs = Object.fromEntries(Object.entries(TRAIN_OPTIONS).map(([k, s]) => [k, { ...s, default: undefined } satisfies OptionSpec]));
  const { options, positional } = parseArgs(argv, specs);
  if (positional.length) throw new UsageError(`train takes no positional arguments, got '${positional[0]}'`);
  return options;
}

/** Nats per image to 2 decimals; a per-pixel loss (below 1) to 4. */
const fmt = (x: number): string => (Math.abs(x) < 1 ? x.toFixed(4) : x.toFixed(2));

/** The model's config from `--config JSON` (any field of the kind's config) and `--l2` (FVSBN). */
function modelConfig(type: string, g: Record<string, string | number | boolean | undefined>): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  if (g.config !== undefined) {
    try {
      config = JSON.parse(g.config as string) as Record<string, unknown>;
    } catch {
      throw new UsageError(`--config: expected a JSON object of the model's config fields, got '${g.config as string}'`);
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`--config: expected a JSON object of the model's config fields, got '${g.config as string}'`);
  }
  if (type === 'fvsbn') return { l2: g.l2 ?? TRAIN_OPTIONS.l2!.default, ...config };
  if (g.l2 !== undefined) throw new UsageError(`--l2 is an option of --type fvsbn, not of '${type}'`);
  return config;
}

export async function train(argv: string[]): Promise<number> {
  const g = given(argv);
  const dir = (g['model-out'] as string | undefined) ?? (TRAIN_OPTIONS['model-out']!.default as string);
  const fallback = (name: string) => g[name] ?? TRAIN_OPTIONS[name]!.default;
  await startRuntime(g.backend as string | undefined);
  let loaded: Awaited<ReturnType<typeof loadCheckpoint<Record<string, unknown>, unknown>>> | undefined;
  if (existsSync(`${dir}/checkpoint.json`)) {
    loaded = await loadCheckpoint<Record<string, unknown>, unknown>(dir, { withOptimizer: true });
    if (!loaded.manifest.training) throw new UsageError(`${dir} holds an inference-only model; train writes to a new --model-out or resumes a checkpoint that train wrote`);
    const ignored = MODEL_NAMES.filter((n) => g[n] !== undefined);
    if (ignored.length) process.stderr.write(`resuming ${dir}: the model is the checkpoint's; ignoring ${ignored.map((n) => `--${n}`).join(', ')}\n`);
  }
  const initFrom = g['init-from'] as string | undefined;
  if (initFrom !== undefined && loaded) throw new UsageError(`--init-from starts a new run, but ${dir} already holds a checkpoint: resume it without --init-from, or choose another --model-out`);
  const source = initFrom === undefined ? undefined : await loadInitial(initFrom, g);
  const type = loaded?.manifest.kind ?? source?.manifest.kind ?? (fallback('type') as string);
  const kind = kindOf(type);
  const trainable = allKinds().filter((k) => k.create);
  if (!kind?.create) throw new UsageError(`--type: expected one of ${trainable.map((k) => k.aliases?.[0] ?? k.kind).join(', ')}, got '${type}'`);
  const saved = (loaded?.manifest.training?.extra as TrainExtra | undefined)?.settings;
  const settings = Object.fromEntries(SETTING_NAMES.map((n) => [n, g[n] ?? saved?.[n] ?? TRAIN_OPTIONS[n]!.default])) as unknown as Settings;
  const config: Record<string, unknown> = loaded ? loaded.manifest.config : source ? (source.manifest.config as Record<string, unknown>) : { ...modelConfig(type, g), seed: settings.seed };
  if (settings['kl-warmup'] > 0 && kind.kind !== 'draw') throw new UsageError(`--kl-warmup is an option of --type draw, not of '${type}'`);
  if (settings['importance-samples'] > 1 && kind.kind !== 'draw') throw new UsageError(`--importance-samples is an option of --type draw, not of '${type}'`);
  if (settings['importance-samples'] > 1 && settings['kl-warmup'] > 0) throw new UsageError(`--kl-warmup trains the negative ELBO; it cannot be combined with --importance-samples ${settings['importance-samples']}`);
  const made = kind.create(config);
  const { train: trainSet, dev } = trainingSplit(settings['val-size']);
  if (source) {
    try {
      made.module.loadWeights(source.weights);
    } catch (e) {
      made.module.dispose();
      throw new UsageError(`--init-from ${initFrom}: its weights do not fit its own config (${(e as Error).message})`);
    } finally {
      for (const t of source.weights.values()) t.dispose();
    }
    process.stderr.write(`initialised from ${initFrom} (${source.manifest.kind}, step ${String(source.manifest.step ?? '?')})\n`);
  } else if (!loaded) {
    made.initialise?.(trainSet);
  }
  const task = made.task({ train: trainSet, dev, batchSize: settings.batch, seed: settings.seed, klWarmupEpochs: settings['kl-warmup'], importanceSamples: settings['importance-samples'] });
  try {
    const schedule: ScheduleConfig =
      settings['lr-decay'] === 1 ? { kind: 'constant', lr: settings.lr } : { kind: 'epochDecay', lr: settings.lr, rate: settings['lr-decay'], afterEpoch: 1 };
    const trainer = new Trainer(task, { epochs: settings.epochs, schedule, clipNorm: settings.clip, maxSteps: g['max-steps'] as number | undefined });
    const batches = Math.ceil(trainSet.count / settings.batch);
    const command = [((loaded ?? source)?.manifest.provenance as { command?: string } | undefined)?.command, `seq2seq-draw train ${argv.join(' ')}`].filter(Boolean).join(' && ');
    const controller = new AbortController();
    const maxMinutes = g['max-minutes'] as number | undefined;
    let bar: ProgressBar | undefined;
    let lossAvg = Number.NaN;
    let imagesPerSecond = Number.NaN;
    const run = new TrainingRun({
      trainer,
      dir,
      manifest: () =>
        made.manifest({
          data: { images: 'binarized MNIST', validation: `${settings['val-size']} images of the training pool (fixed shuffle)` },
          attribution: MNIST_CREDIT,
          provenance: { command },
        }) as never,
      ...(task.rng ? { rng: task.rng } : {}),
      signal: controller.signal,
      maxSeconds: maxMinutes !== undefined ? maxMinutes * 60 : undefined,
      saveEverySeconds: (fallback('save-minutes') as number) * 60,
      float16Best: true,
      extra: (): TrainExtra => ({ settings }),
      onEvent: (e) => {
        if (e.type === 'batch') {
          imagesPerSecond = e.tokensPerSecond;
          lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.95 * lossAvg + 0.05 * e.loss;
          bar?.update(e.step, { epoch: String(e.epoch + 1), nats: fmt(lossAvg), 'images/s': e.tokensPerSecond.toFixed(0) });
        } else if (e.type === 'epoch') {
          const en = e.entry;
          bar?.log(`epoch ${en.epoch}: train ${fmt(en.trainLoss)}  validation ${en.devLoss === undefined ? '-' : `${fmt(en.devLoss)} ${kind.lossUnit ?? 'nats/image'}`}  step ${en.step}  ${formatDuration(en.seconds)}${e.savedBest ? '  (best: saved to best/)' : ''}`);
        } else if (e.type === 'stopping' && e.reason !== 'completed') {
          bar?.log(e.message);
        }
      },
    });
    if (loaded) {
      run.restore(loaded);
      process.stderr.write(`resumed ${dir} at epoch ${trainer.state.epoch + 1}, batch ${trainer.state.batchInEpoch}, step ${trainer.state.step} (${formatDuration(run.elapsedBefore)} trained)\n`);
    }
    process.stderr.write(`${made.summary()}; ${trainSet.count} training and ${dev.count} validation images; ${batches} batches of ${settings.batch} per epoch\n`);
    bar = new ProgressBar(settings.epochs * batches, trainer.state.step);
    const onSigint = () => {
      bar?.log('Ctrl-C: stopping after this batch and saving a checkpoint (Ctrl-C again to quit without saving)');
      controller.abort();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    try {
      const result = await run.run();
      bar.done();
      process.stderr.write(`${result.reason === 'completed' ? '' : `${result.reason}: `}checkpoint saved to ${dir} (${result.epoch} epochs done, step ${result.step}); trained ${formatDuration(result.elapsedSeconds)} in total\n`);
      process.stdout.write(
        `${JSON.stringify({
          reason: result.reason,
          dir,
          epoch: result.epoch,
          step: result.step,
          seconds: Math.round(result.elapsedSeconds),
          imagesPerSecond: Number.isNaN(imagesPerSecond) ? null : Math.round(imagesPerSecond),
          bestValidationNatsPerImage: result.bestDevLoss === undefined ? null : Math.round(result.bestDevLoss * 100) / 100,
        })}\n`,
      );
      return result.reason === 'aborted' ? 130 : result.reason === 'diverged' ? 3 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      trainer.optimizer.dispose();
    }
  } finally {
    made.module.dispose();
  }
}

/**
 * `--init-from MODEL`: a trained model's checkpoint (shipped name or directory), whose config and
 * weights start the new run (`--config` and `--type` do not apply: the model is that one).
 */
async function loadInitial(initFrom: string, g: Record<string, string | number | boolean | undefined>) {
  const ignored = MODEL_NAMES.filter((n) => g[n] !== undefined);
  if (ignored.length) throw new UsageError(`--init-from ${initFrom}: the model is that one; ${ignored.map((n) => `--${n}`).join(', ')} cannot change it`);
  const from = modelDir(initFrom);
  if (!existsSync(`${from}/checkpoint.json`)) throw new UsageError(`--init-from: no model named '${initFrom}' and no checkpoint directory there (expected ${from}/checkpoint.json)`);
  const loaded = await loadCheckpoint<Record<string, unknown>, unknown>(from);
  if (!kindOf(loaded.manifest.kind)?.create) {
    for (const t of loaded.weights.values()) t.dispose();
    throw new UsageError(`--init-from ${initFrom}: a '${loaded.manifest.kind}' model cannot be trained here`);
  }
  return loaded;
}
