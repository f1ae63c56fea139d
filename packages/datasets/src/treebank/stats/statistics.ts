/**
 * Corpus statistics a treebank model needs before it is built: how long sentences are (the
 * decoder writes 3n tokens for n words), how many trees are non-projective (the bracketed decoder
 * cannot write them), and which relations occur how often (its output vocabulary).
 */
import type { ConlluSentence } from '../conllu/sentence';
import { universalRelation } from '../metrics/attachment';
import { nonProjectiveArcs, projectivize } from '../tree/projectivity';
import { treeProblem } from '../tree/validity';

/** Summary of the sentence lengths (in syntactic words). */
export interface LengthSummary {
  min: number;
  max: number;
  mean: number;
  /** Quantiles: the smallest length that at least that share of sentences do not exceed. */
  median: number;
  p90: number;
  p99: number;
}

/** What {@link treebankStatistics} counts. */
export interface TreebankStatistics {
  sentences: number;
  /** Syntactic words (tree nodes). */
  words: number;
  /** Multiword-token range lines. */
  multiwordTokens: number;
  /** Empty-node lines. */
  emptyNodes: number;
  /** Sentence lengths in words. */
  length: LengthSummary;
  /** Sentences whose words all have a head and form a tree. */
  trees: number;
  /** Of those, the sentences with at least one non-projective arc. */
  nonProjectiveSentences: number;
  /** Non-projective arcs, of `words` arcs in the trees. */
  nonProjectiveArcs: number;
  /**
   * Words whose head {@link projectivize} changes: a decoder that writes only projective trees,
   * trained on projectivised trees, gets at best `1 - liftedWords / words` UAS on these trees.
   */
  liftedWords: number;
  /** Relations (full, `nmod:poss`) and how often each occurs, most frequent first (ties by name). */
  relations: Array<[relation: string, count: number]>;
  /** Universal relations (before ':'), likewise. */
  universalRelations: Array<[relation: string, count: number]>;
}

/** Counts lengths, projectivity and relations over sentences (only those with full trees for the last two). */
export function treebankStatistics(sentences: readonly ConlluSentence[]): TreebankStatistics {
  const lengths: number[] = [];
  const relations = new Map<string, number>();
  const universal = new Map<string, number>();
  let multiwordTokens = 0;
  let emptyNodes = 0;
  let trees = 0;
  let nonProjectiveSentences = 0;
  let nonProjective = 0;
  let liftedWords = 0;
  for (const s of sentences) {
    lengths.push(s.words.length);
    multiwordTokens += s.multiwordTokens.length;
    emptyNodes += s.emptyNodes.length;
    if (s.words.some((w) => w.head === null)) continue;
    const heads = s.words.map((w) => w.head as number);
    if (treeProblem(heads) !== undefined) continue;
    trees++;
    const bad = nonProjectiveArcs(heads).length;
    nonProjective += bad;
    if (bad > 0) {
      nonProjectiveSentences++;
      liftedWords += projectivize({ heads, relations: heads.map(() => '_') }).changed.length;
    }
    for (const w of s.words) {
      relations.set(w.deprel, (relations.get(w.deprel) ?? 0) + 1);
      const u = universalRelation(w.deprel);
      universal.set(u, (universal.get(u) ?? 0) + 1);
    }
  }
  const sorted = [...lengths].sort((a, b) => a - b);
  const quantile = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  const words = lengths.reduce((a, b) => a + b, 0);
  const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    sentences: sentences.length,
    words,
    multiwordTokens,
    emptyNodes,
    length: {
      min: sorted[0] ?? 0,
      max: sorted.at(-1) ?? 0,
      mean: sentences.length === 0 ? 0 : words / sentences.length,
      median: quantile(0.5),
      p90: quantile(0.9),
      p99: quantile(0.99),
    },
    trees,
    nonProjectiveSentences,
    nonProjectiveArcs: nonProjective,
    liftedWords,
    relations: byCount(relations),
    universalRelations: byCount(universal),
  };
}
