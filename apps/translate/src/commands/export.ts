/**
 * `seq2seq-translate export`: turns a checkpoint into a shipped model directory: weights only
 * (no optimiser state), optionally float16 (half the size).
 */
import { Seq2Seq, saveCheckpoint } from '@seq2seq/seq2seq';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from '../args';
import { loadTranslationCheckpoint } from '../checkpoints';
import { startRuntime } from '../runtime';

export const EXPORT_OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', help: 'checkpoint directory to export (e.g. OUT/best)' },
  out: { type: 'string', help: 'directory of the shipped model' },
  float16: { type: 'boolean', help: 'store weights as float16' },
  backend: { type: 'string', help: 'wasm | webgpu | cpu', default: 'cpu' },
};

/** Runs `export`; returns the exit code. */
export async function exportModel(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, EXPORT_OPTIONS);
  if (!o.model || !o.out) throw new UsageError('export needs --model DIR and --out DIR');
  await startRuntime(o.backend as string, true);
  const ck = await loadTranslationCheckpoint(o.model as string);
  const model = new Seq2Seq(ck.manifest.config);
  model.loadWeights(ck.weights);
  for (const t of ck.weights.values()) t.dispose();
  const { training: _training, format: _f, version: _v, ...manifest } = ck.manifest;
  await saveCheckpoint(o.out as string, { manifest, model, float16: Boolean(o.float16) });
  model.dispose();
  process.stderr.write(`exported ${o.model} to ${o.out}${o.float16 ? ' (float16)' : ''}\n`);
  return 0;
}

export const EXPORT_HELP = `usage: seq2seq-translate export --model DIR --out DIR [--float16]

${formatOptions(EXPORT_OPTIONS)}`;
