/**
 * Dependency treebanks for seq2seq parsers: CoNLL-U reading and writing (comments, multiword
 * tokens and empty nodes kept), dependency-tree utilities (validity, projectivity, a bracketed
 * linearisation for seq2seq decoders and the constraint that keeps their output a tree,
 * maximum spanning trees for pointer decoders), attachment scores and corpus statistics.
 * Tensor-free.
 */
export { ConlluFormatError } from './errors';

export {
  CONLLU_COLUMNS,
  commentValue,
  sentenceFromForms,
  type ConlluEmptyNode,
  type ConlluFields,
  type ConlluMultiwordToken,
  type ConlluSentence,
  type ConlluWord,
} from './conllu/sentence';
export { ConlluReader, iterateConllu, iterateConlluAsync, readConllu, type ConlluReadOptions } from './conllu/reader';
export { formatConlluSentence, writeConllu } from './conllu/writer';
export { loadConlluFile } from './conllu/file';

export { treeOf, withTree, type DependencyTree } from './tree/tree';
export { checkTree, isTree, treeProblem } from './tree/validity';
export { isProjective, nonProjectiveArcs, projectivize, type ProjectivizedTree } from './tree/projectivity';
export {
  CLOSE_TOKEN,
  OPEN_PREFIX,
  WORD_TOKEN,
  delinearizeTree,
  linearizeTree,
  openToken,
  relationOfToken,
} from './tree/linearize';
export { TreeConstraint, type TreeConstraintConfig, type TreeDecodingState, type TreeMoves } from './tree/constraint';
export { maximumSpanningTree, type SpanningTree } from './tree/mst';

export { AttachmentScorer, attachmentScores, universalRelation, type AttachmentScores } from './metrics/attachment';
export { treebankStatistics, type LengthSummary, type TreebankStatistics } from './stats/statistics';
