/**
 * @seq2seq/datasets: text (tokenisers, vocabularies, batching, corpora, generated tasks, metrics),
 * geometry (point sets, exact solvers, heuristics and metrics for pointer networks) and treebanks
 * (CoNLL-U, dependency trees, their linearisation and attachment scores).
 * Images (MNIST digit strings, PNG) have an entry of their own: `@seq2seq/datasets/images`.
 */
export * from './text/index';
export * from './geometry/index';
export * from './treebank/index';
