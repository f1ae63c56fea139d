/**
 * The training texts: `anna` and `shakespeare` name the corpora kept in the repository's `data/`
 * (see data/README.md for their notes and credit); anything else is a file path.
 */
import { fileURLToPath } from 'node:url';
import { loadTextFile } from '@seq2seq/datasets';

/** The corpora shipped in `data/`, by name, with their credit. */
export const CORPORA: Record<string, { file: string; credit: string }> = {
  anna: { file: 'anna-train.txt.gz', credit: 'Anna Karenina by Leo Tolstoy, translated by Constance Garnett (public domain)' },
  shakespeare: { file: 'shakespeare-train.txt.gz', credit: "Tiny Shakespeare (public domain), from Andrej Karpathy's char-rnn" },
};

/** The path of a corpus name or file. */
export function corpusPath(corpus: string): string {
  const named = CORPORA[corpus];
  return named ? fileURLToPath(new URL(`../../../data/${named.file}`, import.meta.url)) : corpus;
}

/** A text cut into its training part and its validation part (the last `fraction`). */
export interface SplitText {
  train: string;
  validation: string;
}

/** Reads a corpus and keeps its last `fraction` (by characters) for validation. */
export async function loadSplitCorpus(corpus: string, fraction: number): Promise<SplitText> {
  const text = await loadTextFile(corpusPath(corpus));
  const cut = Math.floor(text.length * (1 - fraction));
  return { train: text.slice(0, cut), validation: text.slice(cut) };
}
