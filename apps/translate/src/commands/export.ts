/**
 * `seq2seq-translate export`: turns a checkpoint into a shipped model directory: weights only
 * (no optimiser state), optionally float16 (half the size).
 */
import { Seq2Seq, saveCheckpoint } from '@seq2seq/seq2seq';
import { parseArgs, UsageError } from '../args';
import { loadTranslationCheckpoint } from '../checkpoints';
import { startRuntime } from '../runtime';
import { EXPORT_OPTIONS, EXPORT_HELP } from './options';

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

export { EXPORT_OPTIONS, EXPORT_HELP };
