/**
 * A dependency tree over the words of one sentence, as two parallel arrays: word i (1-based) has
 * head `heads[i - 1]` (0 = the artificial root) and relation `relations[i - 1]`. It is what a
 * parser predicts and what the scorer compares; {@link treeOf} takes it from a CoNLL-U sentence
 * and {@link withTree} writes it into one.
 */
import { DatasetError } from '../errors';
import type { ConlluSentence } from '../conllu/sentence';
import { treeProblem } from './validity';

/** Heads and relations of words 1..n: word i's head is `heads[i - 1]` (0 = root). */
export interface DependencyTree {
  /** Head of each word, 0 for the root. */
  heads: number[];
  /** Relation of each word to its head (`nsubj`, `nmod:poss`, `root`). */
  relations: string[];
}

/**
 * The basic dependency tree of a sentence (HEAD and DEPREL of its words; ranges and empty nodes
 * are not part of it). Throws a {@link DatasetError} when a word has no head (`_`) or the heads do
 * not form a tree (see {@link treeProblem}).
 */
export function treeOf(sentence: ConlluSentence): DependencyTree {
  const heads: number[] = [];
  for (const w of sentence.words) {
    if (w.head === null) throw new DatasetError(`treeOf: word ${w.id} (${JSON.stringify(w.form)}) has no HEAD (_); expected a parsed sentence`);
    heads.push(w.head);
  }
  const problem = treeProblem(heads);
  if (problem) throw new DatasetError(`treeOf: the heads are not a tree: ${problem}`);
  return { heads, relations: sentence.words.map((w) => w.deprel) };
}

/**
 * A copy of `sentence` with HEAD and DEPREL of its words set from `tree` (the other columns,
 * comments, ranges and empty nodes unchanged): a parser's output. Throws a {@link DatasetError}
 * when the tree is not a valid tree over exactly the sentence's words.
 */
export function withTree(sentence: ConlluSentence, tree: DependencyTree): ConlluSentence {
  const n = sentence.words.length;
  if (tree.heads.length !== n || tree.relations.length !== n) {
    throw new DatasetError(`withTree: the tree has ${tree.heads.length} heads and ${tree.relations.length} relations; expected ${n}, one per word of the sentence`);
  }
  const problem = treeProblem(tree.heads);
  if (problem) throw new DatasetError(`withTree: the heads are not a tree: ${problem}`);
  tree.relations.forEach((r, i) => {
    if (typeof r !== 'string' || r === '' || /\s/.test(r)) throw new DatasetError(`withTree: relation of word ${i + 1} is ${JSON.stringify(r)}; expected a non-empty label without whitespace`);
  });
  return {
    ...sentence,
    comments: [...sentence.comments],
    words: sentence.words.map((w, i) => ({ ...w, head: tree.heads[i]!, deprel: tree.relations[i]! })),
    multiwordTokens: sentence.multiwordTokens.map((t) => ({ ...t })),
    emptyNodes: sentence.emptyNodes.map((e) => ({ ...e })),
  };
}
