/**
 * `seq2seq-translate train`: trains an encoder-decoder on a parallel corpus or a generated task,
 * with a progress line, checkpoints (latest for resuming, best-on-dev for use), Ctrl-C saving a
 * checkpoint, and `--resume`.
 */
import { mkdir, appendFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { DivergenceError, Rng } from '@seq2seq/core';
import { corpusBleu, groupReferences, tokenizerFromJSON } from '@seq2seq/datasets';
import { Seq2Seq, Trainer, Translator, measureAttention, saveCheckpoint, type Seq2SeqConfig, type TokenBatch, type TranslationData } from '@seq2seq/seq2seq';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from '../args';
import { loadTranslationCheckpoint, type TrainExtra } from '../checkpoints';
import { batchesOf, buildTranslationData, encodePairs, loadPairs, type DataConfig } from '../data';
import { formatAttentionHealth } from '../attention-health';
import { ProgressReporter, formatDuration } from '../progress';
import { startRuntime } from '../runtime';

export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  data: { type: 'string', help: 'tab-separated corpus: source<TAB>target[<TAB>attribution] per line' },
  task: { type: 'string', help: "generated task instead of --data: 'dates'" },
  out: { type: 'string', help: 'checkpoint directory (latest here, best on dev in OUT/best)' },
  resume: { type: 'boolean', help: 'continue from the checkpoint in --out' },
  'init-from': { type: 'string', help: 'start from the weights of this model (its architecture, vocabularies and data splits); new optimiser state' },
  epochs: { type: 'number', help: 'epochs', default: 10 },
  'batch-size': { type: 'number', help: 'sentence pairs per batch', default: 64 },
  lr: { type: 'number', help: 'Adam learning rate', default: 1e-3 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch from --decay-start', default: 1 },
  'decay-start': { type: 'number', help: 'first epoch (1-based) after which the rate decays', default: 1 },
  clip: { type: 'number', help: 'clip gradients to this global norm (0: off)', default: 1 },
  'label-smoothing': { type: 'number', help: 'label smoothing', default: 0 },
  'teacher-forcing': { type: 'number', help: 'teacher-forcing ratio (<1: scheduled sampling, slower)', default: 1 },
  cell: { type: 'string', help: 'rnn | gru | lstm', default: 'gru' },
  embedding: { type: 'number', help: 'embedding width', default: 256 },
  'embedding-init': { type: 'string', help: "normal (N(0,1), as PyTorch) | uniform (U(-0.08,0.08))", default: 'normal' },
  hidden: { type: 'number', help: 'encoder hidden size per direction', default: 256 },
  'decoder-hidden': { type: 'number', help: 'decoder hidden size', default: 512 },
  'attentional-size': { type: 'number', help: 'width of tanh(Wc[c;h]) before the output layer (default: decoder hidden)' },
  layers: { type: 'number', help: 'layers in encoder and decoder', default: 1 },
  unidirectional: { type: 'boolean', help: 'read the source left to right only' },
  attention: { type: 'string', help: 'none | dot | scaledDot | general | additive', default: 'general' },
  'input-feeding': { type: 'boolean', help: 'Luong input feeding (slower: step-by-step decoder)' },
  'reverse-source': { type: 'boolean', help: 'reverse the source (Sutskever et al. 2014)' },
  dropout: { type: 'number', help: 'dropout', default: 0.2 },
  'min-freq': { type: 'number', help: 'minimum word count for the vocabularies', default: 2 },
  'max-length': { type: 'number', help: 'longest source sentence in tokens', default: 50 },
  count: { type: 'number', help: '--task: number of generated training pairs', default: 50000 },
  seed: { type: 'number', help: 'seed of initialisation, shuffling, splits and dropout', default: 1 },
  patience: { type: 'number', help: 'stop after this many epochs without dev improvement', default: 3 },
  'max-steps': { type: 'number', help: 'stop after this many optimiser steps' },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes' },
  'save-every': { type: 'number', help: 'also save the latest checkpoint every N minutes', default: 10 },
  'dev-bleu': { type: 'number', help: 'dev sentences translated (greedy) for BLEU after each epoch', default: 500 },
  backend: { type: 'string', help: 'wasm | webgpu | cpu (default: the best available)' },
};

const TATOEBA_CREDIT = 'Tatoeba (tatoeba.org), CC-BY 2.0 FR';

/** Runs `train`; returns the exit code. */
export async function train(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, TRAIN_OPTIONS);
  const out = o.out as string | undefined;
  if (!out) throw new UsageError('train needs --out DIR (where checkpoints go)');
  await startRuntime(o.backend as string | undefined);

  let extra: TrainExtra;
  let data: TranslationData;
  let modelConfig: Seq2SeqConfig;
  let initWeights: Map<string, tf.Tensor> | undefined;
  const resumed = o.resume ? await loadTranslationCheckpoint(out, true) : undefined;
  if (resumed) {
    const t = resumed.manifest.training;
    if (!t) throw new UsageError(`${out} holds an inference-only checkpoint; --resume needs one written by 'train'`);
    extra = t.extra as TrainExtra;
    // Options given now override the stored ones (e.g. more --epochs); the model and data stay.
    const given = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]!));
    for (const [k, v] of Object.entries(extra.options)) if (!given.has(k)) o[k] = v as never;
    data = resumed.manifest.data;
    modelConfig = resumed.manifest.config;
  } else if (o['init-from'] !== undefined) {
    // Fine-tune or continue a shipped model: same architecture, vocabularies and splits (so its
    // held-out sentences stay held out), fresh optimiser and schedule.
    const init = await loadTranslationCheckpoint(o['init-from'] as string);
    const stored = (init.manifest.provenance as { data?: DataConfig } | undefined)?.data;
    if (!stored) throw new UsageError(`${String(o['init-from'])} does not record its data splits, so --init-from cannot keep them apart`);
    const dataConfig: DataConfig = { ...stored, ...(o.data !== undefined && stored.source.kind === 'tsv' ? { source: { kind: 'tsv', path: o.data as string } } : {}) };
    extra = { data: dataConfig, options: { ...o }, elapsedSeconds: 0 };
    data = init.manifest.data;
    modelConfig = init.manifest.config;
    initWeights = init.weights;
  } else {
    const dataConfig: DataConfig = dataConfigFrom(o);
    extra = { data: dataConfig, options: { ...o }, elapsedSeconds: 0 };
    data = { maxSourceLength: 0 } as TranslationData; // filled below once the splits exist
    modelConfig = undefined as unknown as Seq2SeqConfig;
  }

  const splits = await loadPairs(extra.data);
  if (!resumed && !initWeights) {
    data = buildTranslationData(splits.train, extra.data);
    modelConfig = modelConfigFrom(o, data);
  }
  const trainPairs = encodePairs(splits.train, data);
  const devPairs = encodePairs(splits.dev, data);
  const seed = o.seed as number;
  const batchSize = o['batch-size'] as number;
  const devBatches = batchesOf(devPairs, { batchSize: 128, shuffle: false });

  const model = new Seq2Seq(modelConfig);
  const rng = new Rng(seed + 7);
  const lossOptions = { labelSmoothing: o['label-smoothing'] as number, teacherForcingRatio: o['teacher-forcing'] as number, rng };
  const trainer = new Trainer(
    {
      model,
      loss: (b: TokenBatch, training: boolean) => (training ? model.loss(b, lossOptions) : model.loss(b)),
      tokens: (b: TokenBatch) => b.targetLengths.reduce((s, n) => s + n - 1, 0),
      trainBatches: (epoch: number) => batchesOf(trainPairs, { batchSize, seed: seed * 1000 + epoch, shuffle: true }),
      devBatches: () => devBatches,
    },
    {
      epochs: o.epochs as number,
      clipNorm: o.clip as number,
      maxSteps: o['max-steps'] as number | undefined,
      earlyStopping: { patience: o.patience as number },
      schedule: { kind: 'constant', lr: o.lr as number },
    },
  );
  if (initWeights) {
    model.loadWeights(initWeights);
    for (const t of initWeights.values()) t.dispose();
  }
  if (resumed) {
    model.loadWeights(resumed.weights);
    for (const t of resumed.weights.values()) t.dispose();
    trainer.state = { ...resumed.manifest.training!.trainer };
    if (resumed.optimizer) {
      trainer.optimizer.setState(resumed.optimizer, new Map(model.namedParameters()));
      for (const t of resumed.optimizer.tensors.values()) t.dispose();
    }
    if (resumed.manifest.training!.rngState) rng.setState(resumed.manifest.training!.rngState);
  }

  const progress = new ProgressReporter();
  const attribution = extra.data.source.kind === 'tsv' ? `Trained on ${extra.data.source.path}; Tatoeba corpora: credit ${TATOEBA_CREDIT}` : 'Trained on generated data';
  progress.log(
    `train: ${trainPairs.length} pairs (${batchesOf(trainPairs, { batchSize, shuffle: false }).length} batches), dev ${devPairs.length}; ` +
      `vocab ${data.sourceVocab.tokens.length} -> ${data.targetVocab.tokens.length}; ${model.countParameters().toLocaleString('en-US')} parameters` +
      (resumed ? `; resuming at epoch ${trainer.state.epoch + 1}, step ${trainer.state.step}` : ''),
  );
  await mkdir(out, { recursive: true });
  const started = performance.now();
  const elapsedBefore = extra.elapsedSeconds; // training time of earlier runs (resume)
  const elapsed = () => elapsedBefore + (performance.now() - started) / 1000;
  const manifest = (metrics?: Record<string, number>) => ({
    kind: 'seq2seq',
    config: modelConfig,
    data,
    attribution,
    metrics,
    provenance: { data: extra.data, command: `seq2seq-translate train ${argv.join(' ')}`, elapsedSeconds: elapsed() },
  });
  const saveLatest = async () => {
    extra.elapsedSeconds = elapsed();
    await saveCheckpoint(out, { manifest: manifest(), model, training: { trainer: trainer.state, optimizer: trainer.optimizer, rngState: rng.getState(), extra } });
  };

  let lastSave = performance.now();
  let interrupted = 0;
  const onSigint = () => {
    interrupted += 1;
    if (interrupted > 1) process.exit(130);
    progress.log('interrupt: finishing this batch and saving a checkpoint (Ctrl-C again to quit without saving)');
    trainer.requestStop();
  };
  process.on('SIGINT', onSigint);
  const maxSeconds = o['max-minutes'] === undefined ? Infinity : (o['max-minutes'] as number) * 60;
  const baseLr = o.lr as number;
  const decay = o['lr-decay'] as number;
  const decayStart = o['decay-start'] as number;
  const lrFor = (epoch: number) => baseLr * decay ** Math.max(0, epoch + 1 - decayStart);
  trainer.config.schedule = { kind: 'constant', lr: lrFor(trainer.state.epoch) };
  try {
    await trainer.fit({
      onBatchEnd: async (e) => {
        progress.update({ epoch: e.epoch, epochs: trainer.config.epochs, batch: e.batch, batches: e.batchesInEpoch, loss: e.loss, tokensPerSecond: e.tokensPerSecond, etaSeconds: e.etaSeconds, step: e.step });
        if ((performance.now() - started) / 1000 >= maxSeconds && !trainer.stopped) {
          progress.log(`--max-minutes reached after ${formatDuration(elapsed())}: saving and stopping`);
          trainer.requestStop();
        }
        if ((performance.now() - lastSave) / 60000 >= (o['save-every'] as number)) {
          await saveLatest();
          lastSave = performance.now();
        }
      },
      onEpochEnd: async (e) => {
        const metrics: Record<string, number> = { trainLoss: e.trainLoss, devLoss: e.devLoss ?? Number.NaN, epoch: e.epoch + 1, step: trainer.state.step, elapsedSeconds: elapsed() };
        if (!trainer.stopped && (o['dev-bleu'] as number) > 0 && splits.dev.length > 0) {
          metrics.devBleuGreedy = devBleu(model, data, splits.dev, o['dev-bleu'] as number);
        }
        let attentionLine = '';
        if (model.attention && devBatches.length > 0) {
          // Watch for attention collapsing onto one source position (see measureAttention).
          const every = Math.max(1, Math.floor(devBatches.length / 4)); // batches are length-sorted: sample across lengths
          const h = measureAttention(model, devBatches.filter((_, i) => i % every === 0).slice(0, 4));
          Object.assign(metrics, { attentionEntropy: h.entropy, attentionMaxWeight: h.maxWeight, attentionCoverage: h.coverage });
          attentionLine = `\n  ${formatAttentionHealth(h)}`;
        }
        progress.log(
          `epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(3)}, dev loss ${e.devLoss?.toFixed(3) ?? '-'}` +
            (metrics.devBleuGreedy !== undefined ? `, dev BLEU (greedy, ${o['dev-bleu']} sentences) ${metrics.devBleuGreedy.toFixed(2)}` : '') +
            ` (${formatDuration(e.seconds)}, total ${formatDuration(elapsed())})${e.improved ? ' - best so far, saved to best/' : ''}${attentionLine}`,
        );
        await appendFile(`${out}/history.jsonl`, `${JSON.stringify(metrics)}\n`);
        if (e.improved) await saveCheckpoint(`${out}/best`, { manifest: { ...manifest(metrics), step: trainer.state.step }, model });
        trainer.config.schedule = { kind: 'constant', lr: lrFor(trainer.state.epoch) };
        await saveLatest();
        lastSave = performance.now();
      },
    });
    await saveLatest();
    progress.log(`saved ${out} (epoch ${trainer.state.epoch}, step ${trainer.state.step}, best dev loss ${trainer.state.bestDevLoss?.toFixed(3) ?? '-'}, ${formatDuration(elapsed())} in total)`);
    return trainer.stopped && interrupted > 0 ? 130 : 0;
  } catch (error) {
    if (error instanceof DivergenceError) {
      await saveLatest();
      progress.log(`${error.message}\nThe last good weights are saved in ${out}.`);
      return 3;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    model.dispose();
    trainer.optimizer.dispose();
    tf.disposeVariables();
  }
}

/** Greedy corpus BLEU (multi-reference, lowercased tokens) on up to `limit` dev sources. */
export function devBleu(model: Seq2Seq, data: TranslationData, dev: readonly { source: string; target: string }[], limit: number): number {
  const refs = [...groupReferences(dev)].slice(0, limit);
  const translator = new Translator(model, data);
  const tt = tokenizerFromJSON(data.targetTokenizer);
  const outs = translator.translate(refs.map(([s]) => s), { method: 'greedy' });
  const score = corpusBleu(refs.map(([, targets]) => targets.map((t) => tt.tokenize(t))), outs.map((t) => t.tokens)).score;
  model.train(true);
  return 100 * score;
}

function dataConfigFrom(o: Record<string, unknown>): DataConfig {
  if (o.task !== undefined && o.data !== undefined) throw new UsageError('give either --data FILE or --task dates, not both');
  if (o.task !== undefined && o.task !== 'dates') throw new UsageError(`--task must be 'dates', got '${String(o.task)}'`);
  if (o.task === undefined && o.data === undefined) throw new UsageError('train needs --data FILE (tab-separated pairs) or --task dates');
  const dates = o.task === 'dates';
  return {
    source: dates ? { kind: 'dates', count: o.count as number, seed: o.seed as number } : { kind: 'tsv', path: o.data as string },
    tokens: dates ? 'char' : 'word',
    minFrequency: dates ? 1 : (o['min-freq'] as number),
    maxSourceLength: o['max-length'] as number,
    devFraction: dates ? 0.02 : 0.05,
    testFraction: dates ? 0.02 : 0.05,
    splitSeed: o.seed as number,
  };
}

function modelConfigFrom(o: Record<string, unknown>, data: TranslationData): Seq2SeqConfig {
  const hidden = o['decoder-hidden'] as number;
  return {
    encoder: {
      vocabSize: data.sourceVocab.tokens.length,
      embeddingSize: o.embedding as number,
      embeddingInit: o['embedding-init'] as 'normal',
      cell: o.cell as 'gru',
      hiddenSize: o.hidden as number,
      numLayers: o.layers as number,
      bidirectional: !o.unidirectional,
      dropout: o.dropout as number,
      reverseSource: Boolean(o['reverse-source']),
    },
    decoder: {
      vocabSize: data.targetVocab.tokens.length,
      embeddingSize: o.embedding as number,
      embeddingInit: o['embedding-init'] as 'normal',
      cell: o.cell as 'gru',
      hiddenSize: hidden,
      numLayers: o.layers as number,
      dropout: o.dropout as number,
      attention: o.attention as 'general',
      inputFeeding: Boolean(o['input-feeding']),
      attentionalSize: (o['attentional-size'] as number | undefined) ?? hidden,
    },
    seed: o.seed as number,
  };
}

export const TRAIN_HELP = `usage: seq2seq-translate train (--data FILE | --task dates) --out DIR [options]

Trains an encoder-decoder with attention. Ctrl-C saves a checkpoint; --resume continues it.

${formatOptions(TRAIN_OPTIONS)}`;
