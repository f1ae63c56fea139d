/**
 * @seq2seq/datasets: text (tokenisers, vocabularies, batching, corpora, generated tasks, metrics)
 * and geometry (point sets, exact solvers, heuristics and metrics for pointer networks).
 */
export * from './text/index';
export * from './geometry/index';
