/**
 * `seq2seq-translate train`: trains an encoder-decoder on a parallel corpus or a generated task,
 * with a progress line, checkpoints (latest for resuming, best-on-dev for use), Ctrl-C saving a
 * checkpoint, and `--resume`.
 */
import { mkdir } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import { corpusBleu, groupReferences, tokenizerFromJSON } from '@seq2seq/datasets';
import { Seq2Seq, Trainer, TrainingRun, Translator, measureAttention, type AttentionHealth, type Seq2SeqConfig, type TokenBatch, type TrainingTask, type TranslationData } from '@seq2seq/seq2seq';
import { parallelTask, seq2seqReplica, splitTokenBatch } from '@seq2seq/seq2seq/parallel';
import { parseArgs, UsageError } from '../args';
import { loadTranslationCheckpoint, type TrainExtra } from '../checkpoints';
import { batchesOf, buildTranslationData, encodePairs, loadPairs, type DataConfig } from '../data';
import { formatAttentionHealth } from '../attention-health';
import { ProgressReporter, formatDuration } from '../progress';
import { startRuntime } from '../runtime';
import { workerCount } from '../workers';
import { TRAIN_OPTIONS, TRAIN_HELP } from './options';

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
    extra = { data: dataConfig, options: { ...o } };
    data = init.manifest.data;
    modelConfig = init.manifest.config;
    initWeights = init.weights;
  } else {
    const dataConfig: DataConfig = dataConfigFrom(o);
    extra = { data: dataConfig, options: { ...o } };
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
  const decay = o['lr-decay'] as number;
  const task: TrainingTask<TokenBatch> = {
    model,
    loss: (b: TokenBatch, training: boolean) => (training ? model.loss(b, lossOptions) : model.loss(b)),
    tokens: (b: TokenBatch) => b.targetLengths.reduce((s, n) => s + n - 1, 0),
    trainBatches: (epoch: number) => batchesOf(trainPairs, { batchSize, seed: seed * 1000 + epoch, shuffle: true }),
    devBatches: () => devBatches,
  };
  // --workers: replicas on worker threads compute each batch's gradient in slices (1: this thread).
  const parallel = await parallelTask(task, {
    workers: workerCount(o.workers as string | undefined),
    replica: seq2seqReplica({ model: modelConfig, labelSmoothing: lossOptions.labelSmoothing, teacherForcingRatio: lossOptions.teacherForcingRatio, seed: seed + 1000 }),
    split: splitTokenBatch,
  });
  try {
    const trainer = new Trainer(
      parallel.task,
      {
        epochs: o.epochs as number,
        clipNorm: o.clip as number,
        maxSteps: o['max-steps'] as number | undefined,
        earlyStopping: { patience: o.patience as number },
        schedule: decay === 1 ? { kind: 'constant', lr: o.lr as number } : { kind: 'epochDecay', lr: o.lr as number, rate: decay, afterEpoch: o['decay-start'] as number },
      },
    );
    if (initWeights) {
      model.loadWeights(initWeights);
      for (const t of initWeights.values()) t.dispose();
    }

    const progress = new ProgressReporter();
    const attribution = extra.data.source.kind === 'tsv' ? `Trained on ${extra.data.source.path}; Tatoeba corpora: credit ${TATOEBA_CREDIT}` : 'Trained on generated data';
    const controller = new AbortController();
    let lastHealth: AttentionHealth | undefined; // of the epoch being reported
    const run: TrainingRun<TokenBatch, Seq2SeqConfig, TranslationData> = new TrainingRun({
      trainer,
      dir: out,
      rng,
      signal: controller.signal,
      maxSeconds: o['max-minutes'] === undefined ? undefined : (o['max-minutes'] as number) * 60,
      saveEverySeconds: (o['save-every'] as number) * 60,
      manifest: () => ({
        kind: 'seq2seq',
        config: modelConfig,
        data,
        attribution,
        provenance: { data: extra.data, command: `seq2seq-translate train ${argv.join(' ')}`, elapsedSeconds: run.elapsedSeconds },
      }),
      extra: () => extra,
      evaluate: () => {
        const metrics: Record<string, number> = {};
        if ((o['dev-bleu'] as number) > 0 && splits.dev.length > 0) metrics.devBleuGreedy = devBleu(model, data, splits.dev, o['dev-bleu'] as number);
        if (model.attention && devBatches.length > 0) {
          // Watch for attention collapsing onto one source position (see measureAttention).
          const every = Math.max(1, Math.floor(devBatches.length / 4)); // batches are length-sorted: sample across lengths
          const h = measureAttention(model, devBatches.filter((_, i) => i % every === 0).slice(0, 4));
          lastHealth = h;
          Object.assign(metrics, { attentionEntropy: h.entropy, attentionMaxWeight: h.maxWeight, attentionCoverage: h.coverage });
        }
        return metrics;
      },
      onEvent: (e) => {
        if (e.type === 'batch') {
          progress.update({ epoch: e.epoch, epochs: trainer.config.epochs, batch: e.batch, batches: e.batchesInEpoch, loss: e.loss, tokensPerSecond: e.tokensPerSecond, etaSeconds: e.etaSeconds, step: e.step });
        } else if (e.type === 'epoch') {
          const m = e.entry;
          const health = lastHealth ? `\n  ${formatAttentionHealth(lastHealth)}` : '';
          lastHealth = undefined;
          progress.log(
            `epoch ${m.epoch}: train loss ${m.trainLoss.toFixed(3)}, dev loss ${m.devLoss?.toFixed(3) ?? '-'}` +
              (m.devBleuGreedy !== undefined ? `, dev BLEU (greedy, ${o['dev-bleu']} sentences) ${m.devBleuGreedy.toFixed(2)}` : '') +
              ` (${formatDuration(e.event.seconds)}, total ${formatDuration(m.seconds)})${e.savedBest ? ' - best so far, saved to best/' : ''}${health}`,
          );
        } else if (e.type === 'stopping' && e.reason !== 'completed') {
          progress.log(e.message);
        }
      },
    });
    if (resumed) {
      run.restore(resumed);
      // Checkpoints of earlier versions kept the training time in the app's own state.
      if (run.elapsedBefore === 0) run.elapsedBefore = (extra as { elapsedSeconds?: number }).elapsedSeconds ?? 0;
    }
    progress.log(
      `train: ${trainPairs.length} pairs (${batchesOf(trainPairs, { batchSize, shuffle: false }).length} batches), dev ${devPairs.length}; ` +
        `vocab ${data.sourceVocab.tokens.length} -> ${data.targetVocab.tokens.length}; ${model.countParameters().toLocaleString('en-US')} parameters` +
        (parallel.workers > 1 ? `; ${parallel.workers} workers` : '') +
        (resumed ? `; resuming at epoch ${trainer.state.epoch + 1}, step ${trainer.state.step}` : ''),
    );
    await mkdir(out, { recursive: true });
    let interrupted = 0;
    const onSigint = () => {
      interrupted += 1;
      if (interrupted > 1) process.exit(130);
      progress.log('interrupt: finishing this batch and saving a checkpoint (Ctrl-C again to quit without saving)');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const result = await run.run();
      if (result.reason === 'diverged') {
        progress.log(`${result.error!.message}\nThe last good weights are saved in ${out}.`);
        return 3;
      }
      progress.log(`saved ${out} (epoch ${result.epoch}, step ${result.step}, best dev loss ${result.bestDevLoss?.toFixed(3) ?? '-'}, ${formatDuration(result.elapsedSeconds)} in total)`);
      return result.reason === 'aborted' ? 130 : 0;
    } finally {
      process.off('SIGINT', onSigint);
      model.dispose();
      trainer.optimizer.dispose();
      tf.disposeVariables();
    }
  } finally {
    // Also when anything above throws: live worker threads would keep the process from exiting.
    await parallel.dispose();
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

export { TRAIN_OPTIONS, TRAIN_HELP };
