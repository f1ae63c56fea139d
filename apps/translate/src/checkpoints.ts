/** Loading the translation checkpoints this app writes, with messages a user can act on. */
import { loadCheckpoint, Translator, type LoadedCheckpoint, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';
import type { DataConfig } from './data';

/** What `train` stores in a checkpoint's `training.extra`. */
export interface TrainExtra {
  data: DataConfig;
  options: Record<string, unknown>;
}

export type TranslationCheckpoint = LoadedCheckpoint<Seq2SeqConfig, TranslationData>;

/** Loads a translation checkpoint directory. */
export async function loadTranslationCheckpoint(dir: string, withOptimizer = false): Promise<TranslationCheckpoint> {
  return loadCheckpoint<Seq2SeqConfig, TranslationData>(dir, { kind: 'seq2seq', withOptimizer });
}

/** Loads a checkpoint and builds a {@link Translator}. */
export async function loadTranslator(dir: string): Promise<{ translator: Translator; checkpoint: TranslationCheckpoint }> {
  const checkpoint = await loadTranslationCheckpoint(dir);
  return { translator: Translator.fromCheckpoint(checkpoint), checkpoint };
}
