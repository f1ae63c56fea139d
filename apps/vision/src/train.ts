/**
 * `seq2seq-vision train`: trains an {@link ImageToSequence} to read digit strings with the shared
 * `TrainingRun` (checkpoints every epoch, every few minutes and on Ctrl-C; best on validation
 * loss in DIR/best; the learning curve, with the validation share read exactly, in the
 * checkpoint's history). Rerunning resumes from DIR: the model and the training settings come
 * from the checkpoint, options given again override the settings. Strings are generated on the
 * fly, epoch e's from an RNG seeded with (seed, e), so a resumed run sees the same batches.
 */
import { existsSync } from 'node:fs';
import {
  ImageToSequence,
  Trainer,
  TrainingRun,
  imageToSequenceManifest,
  imageToSequenceTask,
  loadCheckpoint,
  readImages,
  type ImageToSequenceConfig,
  type ImageToSequenceData,
  type ScheduleConfig,
} from '@seq2seq/seq2seq';
import { imageBatch } from '@seq2seq/datasets/images';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { chunks, exampleBatch, trainingBatches } from './data';
import { TASK_NAMES, TASKS, type TaskName } from './tasks';
import { TRAIN_OPTIONS } from './options';
import { ProgressBar, formatDuration } from '../../../scripts/cli/progress';
import { startRuntime } from './runtime';
import { initialiseFrom } from './init-from';
import { loadModel } from './models';

/** Training settings saved with the checkpoint (so a rerun continues with them). */
interface Settings {
  task: TaskName;
  batch: number;
  'steps-per-epoch': number;
  'val-size': number;
  lr: number;
  'lr-decay': number;
  clip: number;
  epochs: number;
  seed: number;
  augment?: boolean;
  'augment-share': number;
}

/** What the checkpoint's `training.extra` holds. */
interface TrainExtra {
  settings: Settings;
}

const SETTING_NAMES = ['task', 'batch', 'steps-per-epoch', 'val-size', 'lr', 'lr-decay', 'clip', 'epochs', 'seed', 'augment', 'augment-share'] as const;
const MODEL_NAMES = ['stem-channels', 'stages', 'blocks', 'antialias', 'initial-attention', 'norm', 'positions', 'cell', 'hidden', 'embedding', 'dropout'] as const;

/** The options as given (no defaults), so a resumed run can tell a given option from a default. */
function given(argv: string[]): Record<string, string | number | boolean | undefined> {
  const specs = Object.fromEntries(Object.entries(TRAIN_OPTIONS).map(([k, s]) => [k, { ...s, default: undefined } satisfies OptionSpec]));
  const { options, positional } = parseArgs(argv, specs);
  if (positional.length) throw new UsageError(`train takes no positional arguments, got '${positional[0]}'`);
  return options;
}

function stageList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (!parts.length || parts.some((p) => !/^[1-9]\d*$/.test(p))) throw new UsageError(`--stages must be comma-separated channel counts such as 32,64; got '${value}'`);
  return parts.map(Number);
}

const fmt = (x: number): string => x.toFixed(4);

export async function train(argv: string[]): Promise<number> {
  const g = given(argv);
  const dir = (g['model-out'] as string | undefined) ?? (TRAIN_OPTIONS['model-out']!.default as string);
  const fallback = (name: string) => g[name] ?? TRAIN_OPTIONS[name]!.default;
  let loaded: Awaited<ReturnType<typeof loadCheckpoint<ImageToSequenceConfig, ImageToSequenceData>>> | undefined;
  await startRuntime(g.backend as string | undefined);
  if (existsSync(`${dir}/checkpoint.json`)) {
    loaded = await loadCheckpoint<ImageToSequenceConfig, ImageToSequenceData>(dir, { kind: 'image-to-sequence', withOptimizer: true });
    if (!loaded.manifest.training) throw new UsageError(`${dir} holds an inference-only model; train writes to a new --model-out or resumes a checkpoint that train wrote`);
    const ignored = MODEL_NAMES.filter((n) => g[n] !== undefined);
    if (ignored.length) process.stderr.write(`resuming ${dir}: the model is the checkpoint's; ignoring ${ignored.map((n) => `--${n}`).join(', ')}\n`);
  }
  const initFrom = g['init-from'] as string | undefined;
  if (initFrom !== undefined && loaded) throw new UsageError(`--init-from starts a new model, but ${dir} already holds a checkpoint: resume it without --init-from, or choose another --model-out`);
  const source = initFrom === undefined ? undefined : await loadModel(initFrom);
  const saved = (loaded?.manifest.training?.extra as TrainExtra | undefined)?.settings;
  const settings = Object.fromEntries(SETTING_NAMES.map((n) => [n, g[n] ?? saved?.[n] ?? TRAIN_OPTIONS[n]!.default])) as unknown as Settings;
  if (saved && saved.task === undefined) settings.task = 'digits'; // checkpoints from before --task read digits
  if (saved && g.task !== undefined && g.task !== saved.task) throw new UsageError(`${dir} was trained on --task ${saved.task}; resume it with that task or choose another --model-out`);
  if (g['augment-share'] !== undefined && !settings.augment) throw new UsageError(`--augment-share is the share of distorted strings under --augment; give --augment too (or resume a run trained with it)`);
  if (settings.augment && settings.task !== 'digits') throw new UsageError(`--augment distorts digits: it applies to --task digits, not ${settings.task}`);
  if (!TASK_NAMES.includes(settings.task)) throw new UsageError(`--task must be one of ${TASK_NAMES.join(', ')}; got '${settings.task}'`);
  const vision = TASKS[settings.task];
  if (source && source.vocabulary.size !== vision.vocabulary.size) {
    source.model.dispose();
    throw new UsageError(`--init-from ${initFrom} reads another vocabulary (${source.vocabulary.size} tokens) than --task ${settings.task} (${vision.vocabulary.size}); grow a model of the same task`);
  }
  // With --init-from, the model options not given are the trained model's.
  const base = source?.model.config;
  const modelOption = (name: (typeof MODEL_NAMES)[number], fromBase: unknown) => g[name] ?? fromBase ?? TRAIN_OPTIONS[name]!.default;

  const config: ImageToSequenceConfig = loaded
    ? loaded.manifest.config
    : {
        height: vision.height,
        width: vision.width,
        channels: 1,
        vocabSize: vision.vocabulary.size,
        stemChannels: modelOption('stem-channels', base?.stemChannels) as number,
        stageChannels: stageList(String(modelOption('stages', base?.stageChannels.join(',')))),
        blocksPerStage: modelOption('blocks', base?.blocksPerStage) as number,
        antialias: modelOption('antialias', base?.antialias) === true,
        initialAttention: modelOption('initial-attention', base?.initialAttention) === true,
        norm: modelOption('norm', base?.norm) as ImageToSequenceConfig['norm'],
        positions: modelOption('positions', base?.positions) as ImageToSequenceConfig['positions'],
        cell: modelOption('cell', base?.cell) as ImageToSequenceConfig['cell'],
        hiddenSize: modelOption('hidden', base?.hiddenSize) as number,
        embeddingSize: modelOption('embedding', base?.embeddingSize) as number,
        dropout: modelOption('dropout', base?.dropout) as number,
        seed: settings.seed,
      };
  const model = new ImageToSequence(config);
  if (source) {
    try {
      const r = initialiseFrom(model, source.model, { seed: settings.seed });
      process.stderr.write(
        `initialised from ${initFrom}: ${r.copied} weights copied` +
          (r.widened ? ` (the encoder widened to stem ${config.stemChannels}, stages ${config.stageChannels?.join(',')}: channels copied, the weights reading them split)` : '') +
          (r.identityBlocks.length ? `; new blocks starting as the identity: ${r.identityBlocks.join(', ')}` : '') +
          (r.fresh.length ? `; freshly initialised: ${r.fresh.join(', ')}` : '') +
          (r.unused.length ? `; not used: ${r.unused.join(', ')}` : '') +
          '\n',
      );
    } catch (e) {
      model.dispose();
      throw e;
    } finally {
      source.model.dispose();
    }
  }
  const validation = vision.validation(settings.seed, settings['val-size']);
  const devBatches = chunks(validation, 100).map((part) => exampleBatch(vision, part));
  const task = imageToSequenceTask(model, {
    trainBatches: (epoch) => trainingBatches(vision, settings.seed, epoch, settings['steps-per-epoch'], settings.batch, settings.augment === true ? settings['augment-share'] : 0),
    devBatches: () => devBatches,
  });
  const schedule: ScheduleConfig =
    settings['lr-decay'] === 1 ? { kind: 'constant', lr: settings.lr } : { kind: 'epochDecay', lr: settings.lr, rate: settings['lr-decay'], afterEpoch: 1 };
  const trainer = new Trainer(task, { epochs: settings.epochs, schedule, clipNorm: settings.clip, maxSteps: g['max-steps'] as number | undefined });
  const command = [(loaded?.manifest.provenance as { command?: string } | undefined)?.command, `seq2seq-vision train ${argv.join(' ')}`].filter(Boolean).join(' && ');
  const controller = new AbortController();
  const maxMinutes = g['max-minutes'] as number | undefined;
  let bar: ProgressBar | undefined;
  let lossAvg = Number.NaN;
  let examplesPerSecond = Number.NaN;
  let lastAccuracy = Number.NaN;
  let started = performance.now();
  let startStep = 0;
  const run = new TrainingRun({
    trainer,
    dir,
    manifest: () =>
      imageToSequenceManifest(model, vision.vocabulary, {
        data: { task: vision.name, description: vision.description, validation: `${settings['val-size']} ${vision.validationNote}` },
        attribution: vision.attribution,
        provenance: { command },
      }),
    signal: controller.signal,
    maxSeconds: maxMinutes !== undefined ? maxMinutes * 60 : undefined,
    saveEverySeconds: (fallback('save-minutes') as number) * 60,
    float16Best: true,
    extra: (): TrainExtra => ({ settings }),
    evaluate: (): Record<string, number> => {
      const texts = chunks(validation, 100).flatMap((part) => readImages(model, vision.vocabulary, imageBatch(part.map((s) => s.image)), { maxLength: vision.maxLength }).map((r) => r.text));
      lastAccuracy = vision.exact(texts, validation);
      if (vision.name !== 'digits') return { valExactMatch: lastAccuracy };
      const scores = vision.score(texts, validation) as { characterErrorRate: number };
      return { valSequenceAccuracy: lastAccuracy, valCharacterErrorRate: scores.characterErrorRate };
    },
    onEvent: (e) => {
      if (e.type === 'batch') {
        lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.98 * lossAvg + 0.02 * e.loss;
        const rate = ((e.step - startStep) * settings.batch) / Math.max(1e-9, (performance.now() - started) / 1000);
        bar?.update(e.step, { epoch: String(e.epoch + 1), loss: fmt(lossAvg), 'examples/s': rate.toFixed(1) });
      } else if (e.type === 'epoch') {
        const en = e.entry;
        const exact = en.valSequenceAccuracy ?? en.valExactMatch ?? Number.NaN;
        const cer = en.valCharacterErrorRate === undefined ? '' : `  CER ${(en.valCharacterErrorRate * 100).toFixed(2)}%`;
        bar?.log(
          `epoch ${en.epoch}: train ${fmt(en.trainLoss)}  validation ${en.devLoss === undefined ? '-' : fmt(en.devLoss)}  exact ${(exact * 100).toFixed(1)}%${cer}  step ${en.step}  ${formatDuration(en.seconds)}${e.savedBest ? '  (best: saved to best/)' : ''}`,
        );
      } else if (e.type === 'stopping' && e.reason !== 'completed') {
        bar?.log(e.message);
      }
    },
  });
  if (loaded) {
    run.restore(loaded);
    process.stderr.write(`resumed ${dir} at epoch ${trainer.state.epoch + 1}, batch ${trainer.state.batchInEpoch}, step ${trainer.state.step} (${formatDuration(run.elapsedBefore)} trained)\n`);
  }
  const c = model.config;
  process.stderr.write(
    `${vision.name}: ResNet ${c.stemChannels}/${c.stageChannels.join(',')}x${c.blocksPerStage} (${c.norm} norm${c.antialias ? ', anti-aliased' : ''})${c.initialAttention ? ', attention-pooled initial state' : ''} -> ${model.grid.height}x${model.grid.width} grid, ${c.positions} positions, ${c.hiddenSize} ${c.cell}; ` +
      `${model.countParameters().toLocaleString('en')} parameters; ${settings['steps-per-epoch']} batches of ${settings.batch} fresh examples per epoch, ${validation.length} validation examples\n`,
  );
  bar = new ProgressBar(settings.epochs * settings['steps-per-epoch'], trainer.state.step);
  const onSigint = () => {
    bar?.log('Ctrl-C: stopping after this batch and saving a checkpoint (Ctrl-C again to quit without saving)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  started = performance.now();
  startStep = trainer.state.step;
  try {
    const result = await run.run();
    bar.done();
    examplesPerSecond = ((result.step - startStep) * settings.batch) / Math.max(1e-9, (performance.now() - started) / 1000);
    process.stderr.write(`${result.reason === 'completed' ? '' : `${result.reason}: `}checkpoint saved to ${dir} (${result.epoch} epochs done, step ${result.step}); trained ${formatDuration(result.elapsedSeconds)} in total\n`);
    const best = result.history.reduce<number | null>((b, h) => {
      const exact = h.valSequenceAccuracy ?? h.valExactMatch;
      return exact !== undefined && (b === null || exact > b) ? exact : b;
    }, null);
    process.stdout.write(
      `${JSON.stringify({
        reason: result.reason,
        dir,
        epoch: result.epoch,
        step: result.step,
        seconds: Math.round(result.elapsedSeconds),
        examplesPerSecond: Number.isFinite(examplesPerSecond) ? Math.round(examplesPerSecond * 10) / 10 : null,
        bestValidationLoss: result.bestDevLoss === undefined ? null : Math.round(result.bestDevLoss * 1e4) / 1e4,
        bestValidationExact: best,
        lastValidationExact: Number.isNaN(lastAccuracy) ? null : lastAccuracy,
      })}\n`,
    );
    return result.reason === 'aborted' ? 130 : result.reason === 'diverged' ? 3 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    trainer.optimizer.dispose();
    model.dispose();
  }
}
