/** The corpora the page offers (excerpts written by corpora.ts at build time). */
export interface PageCorpus {
  /** File name under `corpora/` without `.txt`, and the `?corpus=` value. */
  name: string;
  /** The compressed corpus in the repository's `data/`. */
  file: string;
  title: string;
  /** A prime for samples that suits the text. */
  prime: string;
  credit: string;
}

export const CORPORA: readonly PageCorpus[] = [
  {
    name: 'shakespeare',
    file: 'shakespeare-train.txt.gz',
    title: 'Tiny Shakespeare (first 200 kB)',
    prime: 'ROMEO:\n',
    credit: 'Tiny Shakespeare (public domain), from Andrej Karpathy’s char-rnn.',
  },
  {
    name: 'anna',
    file: 'anna-train.txt.gz',
    title: 'Anna Karenina (first 200 kB)',
    prime: 'Anna ',
    credit: 'Anna Karenina by Leo Tolstoy, translated by Constance Garnett (public domain).',
  },
];
