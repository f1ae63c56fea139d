/**
 * `seq2seq-translate prepare-torch`: the data pipeline of `train` (splits, tokenisers,
 * vocabularies, id encoding) written to files, so that the PyTorch trainer in `python/` trains on
 * exactly the ids this app would, and `import-torch` pairs its weights with the same vocabularies.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Seq2SeqConfig, TranslationData } from '@seq2seq/seq2seq';
import { parseArgs, UsageError } from '../args';
import { buildTranslationData, encodePairs, loadPairs, type DataConfig } from '../data';
import { PREPARE_TORCH_HELP, PREPARE_TORCH_OPTIONS } from './torch-options';

/** What `prepare-torch` writes to `data.json`: the checkpoint's data record plus how it was made. */
export interface TorchDataFile extends TranslationData {
  /** The corpus and its split, recorded in the imported checkpoint so `eval` finds the held-out part. */
  dataConfig: DataConfig;
}

/** Runs `prepare-torch`; returns the exit code. */
export async function prepareTorch(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, PREPARE_TORCH_OPTIONS);
  if (!o.out) throw new UsageError('prepare-torch needs --out DIR');
  if (o.task !== undefined && o.data !== undefined) throw new UsageError('give either --data FILE or --task dates, not both');
  if (o.task !== undefined && o.task !== 'dates') throw new UsageError(`--task must be 'dates', got '${String(o.task)}'`);
  if (o.task === undefined && o.data === undefined) throw new UsageError('prepare-torch needs --data FILE (tab-separated pairs) or --task dates');
  const dates = o.task === 'dates';
  const dataConfig: DataConfig = {
    source: dates ? { kind: 'dates', count: o.count as number, seed: o.seed as number } : { kind: 'tsv', path: o.data as string },
    tokens: dates ? 'char' : 'word',
    minFrequency: dates ? 1 : (o['min-freq'] as number),
    maxSourceLength: o['max-length'] as number,
    devFraction: dates ? 0.02 : 0.05,
    testFraction: dates ? 0.02 : 0.05,
    splitSeed: o.seed as number,
  };
  const splits = await loadPairs(dataConfig);
  const data = buildTranslationData(splits.train, dataConfig);
  const train = encodePairs(splits.train, data);
  const dev = encodePairs(splits.dev, data);
  const hidden = o['decoder-hidden'] as number;
  const config: Seq2SeqConfig = {
    encoder: {
      vocabSize: data.sourceVocab.tokens.length,
      embeddingSize: o.embedding as number,
      cell: o.cell as 'gru',
      hiddenSize: o.hidden as number,
      numLayers: o.layers as number,
      dropout: o.dropout as number,
    },
    decoder: {
      vocabSize: data.targetVocab.tokens.length,
      embeddingSize: o.embedding as number,
      cell: o.cell as 'gru',
      hiddenSize: hidden,
      numLayers: o.layers as number,
      dropout: o.dropout as number,
      attention: o.attention as 'general',
    },
    seed: o.seed as number,
  };
  const out = o.out as string;
  await mkdir(out, { recursive: true });
  const file: TorchDataFile = { ...data, dataConfig };
  const lines = (pairs: typeof train) => pairs.map((p) => JSON.stringify([p.source, p.target])).join('\n') + '\n';
  await writeFile(join(out, 'data.json'), `${JSON.stringify(file)}\n`);
  await writeFile(join(out, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(join(out, 'train.jsonl'), lines(train));
  await writeFile(join(out, 'dev.jsonl'), lines(dev));
  process.stderr.write(
    `wrote ${out}: ${train.length} training and ${dev.length} dev pairs, vocabularies ${config.encoder.vocabSize} / ${config.decoder.vocabSize} (ids: <pad> 0, <sos> 1, <eos> 2, <unk> 3)\n`,
  );
  return 0;
}

export { PREPARE_TORCH_HELP };
