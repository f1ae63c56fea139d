/**
 * What decodes `translate`'s lines: the model on this thread, or a pool of worker threads each
 * holding a copy (`--workers`). Both give every sentence the translation it gets alone.
 */
import type { Translation, TranslateOptions, Translator } from '@seq2seq/seq2seq';
import { resolveWorkers, TranslatorPool, type WorkerCount } from '@seq2seq/seq2seq/parallel';
import type { LineModel } from './translate-lines';

/** A decoder of texts, one promise per text. */
export interface LineDecoder extends LineModel {
  /** Worker threads decoding (1: this thread). */
  readonly workers: number;
  /** Starts decoding `texts`; each promise settles with its text's translation. */
  translateEach(texts: readonly string[], options: TranslateOptions): Array<Promise<Translation>>;
  /** Frees the model, or ends the workers. */
  dispose(): Promise<void>;
}

/** `translator` on this thread: decodes a call's texts at once (synchronously), as before workers. */
export function inProcessDecoder(translator: Translator): LineDecoder {
  return {
    workers: 1,
    sourceVocab: translator.sourceVocab,
    data: translator.data,
    translateEach: (texts, options) => translator.translate(texts, options).map((t) => Promise.resolve(t)),
    dispose: async () => translator.dispose(),
  };
}

/** A pool of `workers` threads, each loading the checkpoint in `dir` on `backend`. */
export async function poolDecoder(dir: string, workers: number, backend: string): Promise<LineDecoder> {
  return TranslatorPool.start({ checkpoint: dir, workers, backend });
}

/** What `--workers auto` looks at. */
export interface InputShape {
  /** The input is a terminal: someone types, and waits for each answer. */
  tty: boolean;
  /** Lines in the first window read (a window ends when the input pauses). */
  firstWindowLines: number;
  /** `--batch-size`. */
  batchSize: number;
}

/**
 * The worker threads `--workers` stands for: a number as given; `auto` one per core
 * (`os.availableParallelism()`) for a file or a pipe whose first window holds at least two
 * batches, else 1 (a terminal, a program that waits for each answer, a few lines: starting
 * workers, which load the model each, would cost more than it saves).
 */
export function decodingWorkers(requested: WorkerCount, input: InputShape): number {
  if (requested !== 'auto') return resolveWorkers(requested);
  if (input.tty || input.firstWindowLines < 2 * input.batchSize) return 1;
  return resolveWorkers('auto');
}
