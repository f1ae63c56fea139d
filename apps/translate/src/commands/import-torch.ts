/**
 * `seq2seq-translate import-torch`: a model trained with the PyTorch reference (`python/`) as a
 * checkpoint of this app. The safetensors file holds the PyTorch state dict (its metadata the JSON
 * config); `data.json` from `prepare-torch` the tokenisers and vocabularies it was trained with.
 */
import { readFile } from 'node:fs/promises';
import { InputError, WeightsError, decodeSafetensors } from '@seq2seq/core';
import { Seq2Seq, saveCheckpoint, seq2seqFromTorchStateDict, type Seq2SeqConfig } from '@seq2seq/seq2seq';
import { parseArgs, UsageError } from '../args';
import { startRuntime } from '../runtime';
import type { TorchDataFile } from './prepare-torch';
import { IMPORT_TORCH_HELP, IMPORT_TORCH_OPTIONS } from './torch-options';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`cannot read ${what} '${path}'`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what} '${path}' is not valid JSON: ${(e as Error).message}`);
  }
}

/** Runs `import-torch`; returns the exit code. */
export async function importTorch(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, IMPORT_TORCH_OPTIONS);
  if (!o.from || !o.data || !o.out) throw new UsageError('import-torch needs --from FILE.safetensors, --data data.json and --out DIR');
  await startRuntime(o.backend as string, true);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(o.from as string);
  } catch {
    throw new InputError(`cannot read the PyTorch checkpoint '${String(o.from)}'`);
  }
  const { tensors, metadata } = decodeSafetensors(bytes);
  let config: Seq2SeqConfig;
  if (o.config) config = (await readJson(o.config as string, 'the model config')) as Seq2SeqConfig;
  else if (metadata.config) config = JSON.parse(metadata.config) as Seq2SeqConfig;
  else throw new WeightsError(`'${String(o.from)}' has no config in its metadata: give the model's JSON config with --config FILE`);
  const data = (await readJson(o.data as string, 'the data file')) as Partial<TorchDataFile>;
  if (!data.sourceVocab || !data.targetVocab || !data.sourceTokenizer || !data.targetTokenizer) {
    throw new InputError(`'${String(o.data)}' is not a data.json written by 'prepare-torch' (it lacks vocabularies or tokenisers)`);
  }
  const { dataConfig, ...translationData } = data as TorchDataFile;
  for (const [side, vocab, size] of [['source', data.sourceVocab, config.encoder?.vocabSize], ['target', data.targetVocab, config.decoder?.vocabSize]] as const) {
    if (vocab.tokens.length !== size) {
      throw new InputError(`the ${side} vocabulary of '${String(o.data)}' has ${vocab.tokens.length} tokens but the model's ${side === 'source' ? 'encoder' : 'decoder'}.vocabSize is ${String(size)}: is it the data the model was trained on?`);
    }
  }
  let model: Seq2Seq;
  try {
    model = seq2seqFromTorchStateDict(tensors, config);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
  const step = Number(metadata.step ?? 0);
  const { format: _format, config: _config, ...torchMetadata } = metadata;
  await saveCheckpoint(o.out as string, {
    manifest: {
      kind: 'seq2seq',
      config,
      data: translationData,
      step: Number.isFinite(step) ? step : 0,
      provenance: { data: dataConfig, command: `seq2seq-translate import-torch ${argv.join(' ')}`, torch: torchMetadata },
    },
    model,
    float16: Boolean(o.float16),
  });
  model.dispose();
  process.stderr.write(`imported ${String(o.from)} (step ${step}) to ${String(o.out)}${o.float16 ? ' (float16)' : ''}\n`);
  return 0;
}

export { IMPORT_TORCH_HELP };
