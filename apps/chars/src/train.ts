/**
 * `seq2seq-chars train`: stateful TBPTT training of a character language model with the shared
 * `TrainingRun` (checkpoints every epoch, every few minutes and on Ctrl-C; best on validation in
 * DIR/best; the learning curve in the checkpoint's history). Rerunning resumes from DIR: the
 * model and the training settings come from the checkpoint, options given again override the
 * settings. The carried recurrent state is not saved: a resumed run starts its first window
 * from a zero state (as every epoch does). `--workers N|auto` computes each batch's gradient on
 * worker threads (`@seq2seq/seq2seq/parallel`): worker `i` always gets the same block of rows and
 * carries their state itself; one step is applied on this thread, so checkpoints, resume, Ctrl-C
 * and the divergence guard work as on one thread.
 */
import { existsSync } from 'node:fs';
import { CharVocabulary, type TbpttBatch } from '@seq2seq/datasets';
import {
  CharLanguageModel,
  Trainer,
  TrainingRun,
  charLanguageModelManifest,
  charLanguageModelTask,
  loadCheckpoint,
  type CharLanguageModelConfig,
  type CharLanguageModelData,
  type ScheduleConfig,
  type TrainingTask,
} from '@seq2seq/seq2seq';
import { charLanguageModelReplica, parallelTask, splitTbpttBatch } from '@seq2seq/seq2seq/parallel';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { CORPORA, loadSplitCorpus } from './corpus';
import { TRAIN_OPTIONS } from './options';
import { ProgressBar, formatDuration } from '../../../scripts/cli/progress';
import { startRuntime } from './runtime';
import { workerCount } from './workers';

/** Training settings saved with the checkpoint (so a rerun continues with them). */
interface Settings {
  corpus: string;
  'val-fraction': number;
  'seq-len': number;
  batch: number;
  lr: number;
  'lr-decay': number;
  clip: number;
  epochs: number;
  seed: number;
}

/** What the checkpoint's `training.extra` holds. */
interface TrainExtra {
  settings: Settings;
}

const SETTING_NAMES = ['corpus', 'val-fraction', 'seq-len', 'batch', 'lr', 'lr-decay', 'clip', 'epochs', 'seed'] as const;
const MODEL_NAMES = ['cell', 'layers', 'hidden', 'embedding', 'dropout'] as const;

/** The options as given (no defaults), so a resumed run can tell a given option from a default. */
function given(argv: string[]): Record<string, string | number | boolean | undefined> {
  const specs = Object.fromEntries(Object.entries(TRAIN_OPTIONS).map(([k, s]) => [k, { ...s, default: undefined } satisfies OptionSpec]));
  const { options, positional } = parseArgs(argv, specs);
  if (positional.length) throw new UsageError(`train takes no positional arguments, got '${positional[0]}'`);
  return options;
}

const fmt = (x: number): string => x.toFixed(4);

export async function train(argv: string[]): Promise<number> {
  const g = given(argv);
  const workers = workerCount(g.workers as string | undefined);
  const dir = (g['model-out'] as string | undefined) ?? (TRAIN_OPTIONS['model-out']!.default as string);
  const fallback = (name: string) => g[name] ?? TRAIN_OPTIONS[name]!.default;
  let loaded: Awaited<ReturnType<typeof loadCheckpoint<CharLanguageModelConfig, CharLanguageModelData>>> | undefined;
  await startRuntime(g.backend as string | undefined);
  if (existsSync(`${dir}/checkpoint.json`)) {
    loaded = await loadCheckpoint<CharLanguageModelConfig, CharLanguageModelData>(dir, { kind: 'char-lm', withOptimizer: true });
    if (!loaded.manifest.training) throw new UsageError(`${dir} holds an inference-only model; train writes to a new --model-out or resumes a checkpoint that train wrote`);
    const ignored = MODEL_NAMES.filter((n) => g[n] !== undefined);
    if (ignored.length) process.stderr.write(`resuming ${dir}: the model is the checkpoint's; ignoring ${ignored.map((n) => `--${n}`).join(', ')}\n`);
  }
  const saved = (loaded?.manifest.training?.extra as TrainExtra | undefined)?.settings;
  const settings = Object.fromEntries(SETTING_NAMES.map((n) => [n, g[n] ?? saved?.[n] ?? TRAIN_OPTIONS[n]!.default])) as unknown as Settings;
  if (settings.corpus === undefined) throw new UsageError('--corpus is required: anna, shakespeare or a text file');
  if (saved && g.corpus !== undefined && g.corpus !== saved.corpus) throw new UsageError(`${dir} was trained on --corpus ${saved.corpus}; resume it with that corpus or choose another --model-out`);

  const config: CharLanguageModelConfig = loaded
    ? loaded.manifest.config
    : {
        cell: fallback('cell') as CharLanguageModelConfig['cell'],
        numLayers: fallback('layers') as number,
        hiddenSize: fallback('hidden') as number,
        embeddingSize: (fallback('embedding') as number) || null,
        dropout: fallback('dropout') as number,
        seed: settings.seed,
      };
  const model = new CharLanguageModel(config);
  const vocab = new CharVocabulary();
  const text = await loadSplitCorpus(settings.corpus, settings['val-fraction']);
  const trainIds = vocab.encode(text.train);
  const devIds = vocab.encode(text.validation);
  if (trainIds.unknownChars + devIds.unknownChars > 0) {
    process.stderr.write(`note: ${trainIds.unknownChars + devIds.unknownChars} characters outside printable ASCII, tab and newline are read as the unknown symbol\n`);
  }
  const task = charLanguageModelTask(model, {
    train: trainIds.ids,
    dev: devIds.ids,
    batchSize: settings.batch,
    seqLen: settings['seq-len'],
    devBatchSize: Math.max(settings.batch, 128),
  });
  // --workers: replicas on worker threads, each carrying the state of its own rows (1: this thread).
  const parallel = await parallelTask(task, { workers, replica: charLanguageModelReplica({ model: model.config }), split: splitTbpttBatch });
  try {
    const schedule: ScheduleConfig =
      settings['lr-decay'] === 1 ? { kind: 'constant', lr: settings.lr } : { kind: 'epochDecay', lr: settings.lr, rate: settings['lr-decay'], afterEpoch: 1 };
    const trainer = new Trainer(parallel.task, {
      epochs: settings.epochs,
      schedule,
      clipNorm: settings.clip,
      maxSteps: g['max-steps'] as number | undefined,
    });
    const windows = (task.trainBatches(0) as unknown[]).length;
    const credit = CORPORA[settings.corpus]?.credit;
    const command = [(loaded?.manifest.provenance as { command?: string } | undefined)?.command, `seq2seq-chars train ${argv.join(' ')}`].filter(Boolean).join(' && ');
    const controller = new AbortController();
    const maxMinutes = g['max-minutes'] as number | undefined;
    let bar: ProgressBar | undefined;
    let lossAvg = Number.NaN;
    let charsPerSecond = Number.NaN;
    const run = new TrainingRun({
      trainer,
      dir,
      manifest: () =>
        charLanguageModelManifest(model, {
          data: { corpus: settings.corpus, validation: `last ${settings['val-fraction']} of the text` },
          ...(credit ? { attribution: credit } : {}),
          provenance: { command },
        }),
      rng: model.rng,
      signal: controller.signal,
      maxSeconds: maxMinutes !== undefined ? maxMinutes * 60 : undefined,
      saveEverySeconds: (fallback('save-minutes') as number) * 60,
      float16Best: true,
      extra: (): TrainExtra => ({ settings }),
      evaluate: (e): Record<string, number> => (e.devLoss === undefined ? {} : { devBitsPerChar: e.devLoss / Math.LN2 }),
      onEvent: (e) => {
        if (e.type === 'batch') {
          charsPerSecond = e.tokensPerSecond; // training throughput in this epoch (validation and saves excluded)
          lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.98 * lossAvg + 0.02 * e.loss;
          bar?.update(e.step, { epoch: String(e.epoch + 1), loss: fmt(lossAvg), 'chars/s': e.tokensPerSecond.toFixed(0) });
        } else if (e.type === 'epoch') {
          const en = e.entry;
          bar?.log(`epoch ${en.epoch}: train ${fmt(en.trainLoss)}  validation ${en.devLoss === undefined ? '-' : `${fmt(en.devLoss)} nats/char`}  step ${en.step}  ${formatDuration(en.seconds)}${e.savedBest ? '  (best: saved to best/)' : ''}`);
        } else if (e.type === 'stopping' && e.reason !== 'completed') {
          bar?.log(e.message);
        }
      },
    });
    if (loaded) {
      run.restore(loaded);
      process.stderr.write(`resumed ${dir} at epoch ${trainer.state.epoch + 1}, window ${trainer.state.batchInEpoch}, step ${trainer.state.step} (${formatDuration(run.elapsedBefore)} trained); the carried state starts from zeros\n`);
    }
    process.stderr.write(
      `${model.config.numLayers}x${model.config.hiddenSize} ${model.config.cell}, ${model.countParameters().toLocaleString('en')} parameters; ` +
        `${trainIds.ids.length.toLocaleString('en')} training and ${devIds.ids.length.toLocaleString('en')} validation characters; ${windows} windows of ${settings.batch}x${settings['seq-len']} per epoch` +
        `${parallel.workers > 1 ? `; ${parallel.workers} workers` : ''}\n`,
    );
    bar = new ProgressBar(settings.epochs * windows, trainer.state.step);
    const onSigint = () => {
      bar?.log('Ctrl-C: stopping after this window and saving a checkpoint (Ctrl-C again to quit without saving)');
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
          charsPerSecond: Number.isNaN(charsPerSecond) ? null : Math.round(charsPerSecond),
          bestValidationNatsPerChar: result.bestDevLoss === undefined ? null : Math.round(result.bestDevLoss * 1e4) / 1e4,
        })}\n`,
      );
      return result.reason === 'aborted' ? 130 : result.reason === 'diverged' ? 3 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      trainer.optimizer.dispose();
    }
  } finally {
    // Also when training throws: live worker threads would keep the process from exiting.
    await parallel.dispose();
    task.dispose();
    model.dispose();
  }
}
