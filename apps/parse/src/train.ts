/**
 * `seq2seq-parse train`: trains the pointing parser (`--decoder pointer`) or the tree-writing one
 * (`--decoder seq2tree`) with the shared `TrainingRun` (checkpoints
 * every epoch, every few minutes and on Ctrl-C; the best on dev loss in DIR/best, float16; the
 * learning curve with dev UAS / LAS in the checkpoint's history). Rerunning resumes from DIR:
 * the model and settings come from the checkpoint.
 */
import { existsSync } from 'node:fs';
import { attachmentScores, loadConlluFile, sentenceFromForms } from '@seq2seq/datasets';
import type { ConlluSentence, DependencyTree } from '@seq2seq/datasets';
import {
  DependencyParser,
  ParserVocabulary,
  Trainer,
  TrainingRun,
  TreeGenerator,
  TREE_GENERATOR_KIND,
  dependencyParserManifest,
  dependencyParserTask,
  loadCheckpoint,
  treeGeneratorManifest,
  treeGeneratorTask,
  type DependencyParserConfig,
  type ParserVocabularyJSON,
  type ScheduleConfig,
  type TrainingTask,
  type TreeGeneratorConfig,
} from '@seq2seq/seq2seq';
import type { Module, Rng } from '@seq2seq/core';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { checkpointKind, DECODER_KINDS, treebankFile } from './models';
import { TRAIN_OPTIONS } from './options';
import { startRuntime } from './runtime';

const EWT_CREDIT = 'UD English EWT (Silveira et al. 2014; Universal Dependencies), CC BY-SA 4.0';

/** Training settings saved with the checkpoint (so a rerun continues with them). */
interface Settings {
  train: string;
  dev: string;
  'max-tokens': number;
  lr: number;
  'lr-decay': number;
  clip: number;
  epochs: number;
  seed: number;
  'dev-limit': number;
}

const SETTING_NAMES = ['train', 'dev', 'max-tokens', 'lr', 'lr-decay', 'clip', 'epochs', 'seed', 'dev-limit'] as const;

function given(argv: string[]): Record<string, string | number | boolean | undefined> {
  const specs = Object.fromEntries(Object.entries(TRAIN_OPTIONS).map(([k, s]) => [k, { ...s, default: undefined } satisfies OptionSpec]));
  const { options, positional } = parseArgs(argv, specs);
  if (positional.length) throw new UsageError(`train takes no positional arguments, got '${positional[0]}'`);
  return options;
}

const pct = (x: number): number => Math.round(x * 10000) / 100;

export async function train(argv: string[]): Promise<number> {
  const g = given(argv);
  const fallback = (name: string) => g[name] ?? TRAIN_OPTIONS[name]!.default;
  const dir = fallback('model-out') as string;
  await startRuntime(g.backend as string | undefined);
  let loaded: Awaited<ReturnType<typeof loadCheckpoint<Record<string, unknown>, { vocabulary: ParserVocabularyJSON }>>> | undefined;
  if (existsSync(`${dir}/checkpoint.json`)) {
    checkpointKind(dir, '--model-out');
    loaded = await loadCheckpoint<Record<string, unknown>, { vocabulary: ParserVocabularyJSON }>(dir, { withOptimizer: true });
    if (!loaded.manifest.training) throw new UsageError(`${dir} holds an inference-only model; train writes to a new --model-out or resumes a checkpoint that train wrote`);
    process.stderr.write(`resuming ${dir} (${loaded.manifest.kind}) at step ${loaded.manifest.step}\n`);
  }
  const kind = loaded?.manifest.kind ?? DECODER_KINDS[fallback('decoder') as keyof typeof DECODER_KINDS];
  if (loaded && g.decoder !== undefined && DECODER_KINDS[g.decoder as keyof typeof DECODER_KINDS] !== kind) {
    throw new UsageError(`--decoder ${String(g.decoder)}: ${dir} holds a '${kind}' model; resume it without --decoder or train into a new --model-out`);
  }
  const saved = (loaded?.manifest.training?.extra as { settings?: Settings } | undefined)?.settings;
  const settings = Object.fromEntries(SETTING_NAMES.map((n) => [n, g[n] ?? saved?.[n] ?? TRAIN_OPTIONS[n]!.default])) as unknown as Settings;
  const trainSet = await loadConlluFile(treebankFile(settings.train, 'train', '--train'));
  const devAll = await loadConlluFile(treebankFile(settings.dev, 'dev', '--dev'));
  const dev = settings['dev-limit'] > 0 ? devAll.slice(0, settings['dev-limit']) : devAll;
  const encoder = {
    hiddenSize: fallback('hidden') as number,
    numLayers: fallback('layers') as number,
    wordEmbeddingSize: fallback('word-embedding') as number,
    charHiddenSize: fallback('char-hidden') as number,
    dropout: fallback('dropout') as number,
    wordDropout: fallback('word-dropout') as number,
    seed: settings.seed,
  };
  const vocabulary = loaded ? new ParserVocabulary(loaded.manifest.data!.vocabulary) : ParserVocabulary.fromTreebank(trainSet);
  const decoderHidden = fallback('decoder-hidden') as number;
  const model: TrainedModel =
    kind === TREE_GENERATOR_KIND
      ? treeModel(new TreeGenerator({ vocabulary, config: (loaded?.manifest.config as TreeGeneratorConfig) ?? { ...encoder, decoderHiddenSize: decoderHidden, attentionalSize: decoderHidden } }), trainSet, dev, settings)
      : pointerModel(
          new DependencyParser({
            vocabulary,
            config: (loaded?.manifest.config as DependencyParserConfig) ?? { ...encoder, arcSize: fallback('arc-size') as number, relationSize: fallback('relation-size') as number },
          }),
          trainSet,
          dev,
          settings,
        );
  const { task, skipped } = model;
  if (skipped) process.stderr.write(`note: ${skipped} training sentences longer than ${model.maxWords} words left out\n`);
  const schedule: ScheduleConfig =
    settings['lr-decay'] === 1 ? { kind: 'constant', lr: settings.lr } : { kind: 'epochDecay', lr: settings.lr, rate: settings['lr-decay'], afterEpoch: 1 };
  const trainer = new Trainer(task, { epochs: settings.epochs, schedule, clipNorm: settings.clip, maxSteps: g['max-steps'] as number | undefined, adam: { beta2: 0.9 } });
  const batches = (task.trainBatches(0) as unknown[]).length;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const maxMinutes = g['max-minutes'] as number | undefined;
  const command = [(loaded?.manifest.provenance as { command?: string } | undefined)?.command, `seq2seq-parse train ${argv.join(' ')}`].filter(Boolean).join(' && ');
  let lossAvg = Number.NaN;
  let wordsPerSecond = Number.NaN;
  let lastLog = 0;
  const run = new TrainingRun({
    trainer,
    dir,
    manifest: () =>
      model.manifest({
        data: { train: settings.train, dev: settings.dev },
        ...(settings.train === 'ewt' ? { attribution: EWT_CREDIT } : {}),
        provenance: { command },
      }),
    rng: model.module.rng,
    signal: controller.signal,
    maxSeconds: maxMinutes !== undefined ? maxMinutes * 60 : undefined,
    saveEverySeconds: (fallback('save-minutes') as number) * 60,
    float16Best: true,
    extra: () => ({ settings }),
    evaluate: () => {
      const started = performance.now();
      const parsed = model.parseTrees(dev.map((s) => sentenceFromForms(s.words.map((w) => w.form))));
      const system = dev.map((s, i) => ({ ...s, words: s.words.map((w, k) => ({ ...w, head: parsed[i]!.heads[k]!, deprel: parsed[i]!.relations[k]! })) }));
      const s = attachmentScores(dev, system);
      return { devUas: pct(s.uas), devLas: pct(s.las), devLasUniversal: pct(s.lasUniversal), devParseSeconds: Math.round((performance.now() - started) / 100) / 10 };
    },
    onEvent: (e) => {
      if (e.type === 'batch') {
        lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.98 * lossAvg + 0.02 * e.loss;
        wordsPerSecond = e.tokensPerSecond;
        if (e.elapsedSeconds - lastLog >= 30) {
          lastLog = e.elapsedSeconds;
          process.stderr.write(`epoch ${e.epoch + 1} batch ${e.batch + 1}/${batches} step ${e.step} loss ${lossAvg.toFixed(3)} words/s ${e.tokensPerSecond.toFixed(0)} lr ${e.lr.toExponential(2)}\n`);
        }
      } else if (e.type === 'epoch') {
        const en = e.entry as unknown as Record<string, number>;
        process.stderr.write(
          `epoch ${en.epoch}: train ${e.event.trainLoss.toFixed(4)} dev ${e.event.devLoss?.toFixed(4) ?? '-'} UAS ${en.devUas} LAS ${en.devLas} LAS-universal ${en.devLasUniversal} step ${en.step} ${Math.round(e.event.seconds)} s${e.savedBest ? ' (best: saved to best/)' : ''}\n`,
        );
      } else if (e.type === 'stopping') {
        process.stderr.write(`stopping: ${e.message}\n`);
      }
    },
  });
  if (loaded) run.restore(loaded);
  process.stderr.write(
    `training a ${kind} on ${trainSet.length - skipped} sentences in ${batches} batches per epoch; dev ${dev.length} sentences; ${model.module.namedParameters().reduce((a, [, v]) => a + v.size, 0)} parameters\n`,
  );
  try {
    const result = await run.run();
    const last = result.history.at(-1) as Record<string, number> | undefined;
    const summary = {
      reason: result.reason,
      step: result.step,
      epoch: result.epoch,
      seconds: Math.round(result.elapsedSeconds),
      wordsPerSecond: Math.round(wordsPerSecond),
      ...(last ? { devUas: last.devUas, devLas: last.devLas, devLasUniversal: last.devLasUniversal } : {}),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return result.reason === 'diverged' ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    model.module.dispose();
  }
}

/** What training needs of either decoder. */
interface TrainedModel {
  module: Module & { rng: Rng };
  task: TrainingTask<unknown>;
  skipped: number;
  maxWords: number;
  manifest(options: { data: Record<string, unknown>; attribution?: string; provenance: unknown }): ReturnType<typeof dependencyParserManifest> | ReturnType<typeof treeGeneratorManifest>;
  parseTrees(sentences: readonly ConlluSentence[]): DependencyTree[];
}

function pointerModel(parser: DependencyParser, train: ConlluSentence[], dev: ConlluSentence[], settings: Settings): TrainedModel {
  const task = dependencyParserTask(parser, { train, dev, maxTokens: settings['max-tokens'], seed: settings.seed });
  return {
    module: parser,
    task: task as TrainingTask<unknown>,
    skipped: task.skipped,
    maxWords: parser.config.maxWords,
    manifest: (options) => dependencyParserManifest(parser, options),
    parseTrees: (sentences) => parser.parseTrees(sentences),
  };
}

function treeModel(generator: TreeGenerator, train: ConlluSentence[], dev: ConlluSentence[], settings: Settings): TrainedModel {
  const task = treeGeneratorTask(generator, { train, dev, maxTokens: settings['max-tokens'], seed: settings.seed });
  return {
    module: generator,
    task: task as TrainingTask<unknown>,
    skipped: task.skipped,
    maxWords: generator.config.maxWords,
    manifest: (options) => treeGeneratorManifest(generator, options),
    parseTrees: (sentences) => generator.parseTrees(sentences),
  };
}
