/**
 * Attachment scores of a parser against gold trees, over the syntactic words of each sentence
 * (multiword-token ranges and empty nodes are not words of the basic tree and are not scored;
 * punctuation is scored, as in the CoNLL 2018 shared task):
 *
 *     UAS          = words with the right head / words
 *     LAS          = words with the right head and the right full relation (`nmod:poss`) / words
 *     LAS (univ.)  = ... and the right universal relation, the part before ':' (`nmod`) / words
 *
 * The CoNLL 2018 evaluation script (conll18_ud_eval.py) reports the universal-part LAS as "LAS";
 * the full-relation LAS here is the stricter of the two. Both files must have the same
 * tokenisation (sentence for sentence, word for word): this scorer is for gold-tokenised input.
 */
import { DatasetError } from '../errors';
import { commentValue, type ConlluSentence } from '../conllu/sentence';

/** Attachment scores over a set of sentences; the rates are fractions in [0, 1]. */
export interface AttachmentScores {
  /** Sentences scored. */
  sentences: number;
  /** Syntactic words scored. */
  words: number;
  /** Words whose head is right. */
  correctHeads: number;
  /** Words whose head and full relation are right. */
  correctLabeled: number;
  /** Words whose head and universal relation (before ':') are right. */
  correctLabeledUniversal: number;
  /** Unlabelled attachment score: `correctHeads / words`. */
  uas: number;
  /** Labelled attachment score with the full relation: `correctLabeled / words`. */
  las: number;
  /** Labelled attachment score with the universal relation only: `correctLabeledUniversal / words`. */
  lasUniversal: number;
}

/** The universal part of a relation: `nmod:poss` -> `nmod`, `obj` -> `obj`. */
export function universalRelation(relation: string): string {
  const colon = relation.indexOf(':');
  return colon < 0 ? relation : relation.slice(0, colon);
}

/**
 * Accumulates attachment scores sentence by sentence (for scoring while decoding). `add(gold,
 * system)` throws a {@link DatasetError} when the two sentences are not tokenised alike (a
 * different number of words, or a different FORM at some position) or a word has no HEAD.
 */
export class AttachmentScorer {
  private sentences = 0;
  private words = 0;
  private heads = 0;
  private labeled = 0;
  private labeledUniversal = 0;

  /** Scores one system sentence against its gold sentence. */
  add(gold: ConlluSentence, system: ConlluSentence): void {
    const index = this.sentences;
    const where = () => {
      const id = commentValue(gold, 'sent_id');
      return `sentence ${index + 1}${id === undefined ? '' : ` (sent_id ${id})`}`;
    };
    const g = gold.words;
    const s = system.words;
    if (g.length !== s.length) {
      throw new DatasetError(`AttachmentScorer: ${where()} has ${g.length} words in gold and ${s.length} in the system output; expected the same tokenisation (the system parses the gold words)`);
    }
    for (let i = 0; i < g.length; i++) {
      const gw = g[i]!;
      const sw = s[i]!;
      if (gw.form !== sw.form) {
        throw new DatasetError(`AttachmentScorer: ${where()} word ${i + 1} is ${JSON.stringify(gw.form)} in gold and ${JSON.stringify(sw.form)} in the system output; expected the same tokenisation`);
      }
    }
    for (let i = 0; i < g.length; i++) {
      const gw = g[i]!;
      const sw = s[i]!;
      if (gw.head === null) throw new DatasetError(`AttachmentScorer: ${where()} word ${i + 1} has no HEAD in gold; expected a parsed gold file`);
      if (sw.head === null) throw new DatasetError(`AttachmentScorer: ${where()} word ${i + 1} has no HEAD in the system output; expected every word parsed`);
    }
    for (let i = 0; i < g.length; i++) {
      const gw = g[i]!;
      const sw = s[i]!;
      if (gw.head !== sw.head) continue;
      this.heads++;
      if (gw.deprel === sw.deprel) this.labeled++;
      if (universalRelation(gw.deprel) === universalRelation(sw.deprel)) this.labeledUniversal++;
    }
    this.words += g.length;
    this.sentences++;
  }

  /** The scores so far (rates are 0 before any word). */
  get scores(): AttachmentScores {
    const rate = (k: number) => (this.words === 0 ? 0 : k / this.words);
    return {
      sentences: this.sentences,
      words: this.words,
      correctHeads: this.heads,
      correctLabeled: this.labeled,
      correctLabeledUniversal: this.labeledUniversal,
      uas: rate(this.heads),
      las: rate(this.labeled),
      lasUniversal: rate(this.labeledUniversal),
    };
  }
}

/**
 * UAS, LAS (full relations) and LAS on universal relations of `system` against `gold`, sentence
 * for sentence. Throws a {@link DatasetError} when the lists differ in length or a sentence is
 * tokenised differently.
 *
 * @example
 * const { uas, las, lasUniversal } = attachmentScores(goldSentences, parsedSentences);
 */
export function attachmentScores(gold: readonly ConlluSentence[], system: readonly ConlluSentence[]): AttachmentScores {
  if (gold.length !== system.length) {
    throw new DatasetError(`attachmentScores: ${gold.length} gold sentences but ${system.length} system sentences; expected one system sentence per gold sentence`);
  }
  const scorer = new AttachmentScorer();
  gold.forEach((g, i) => scorer.add(g, system[i]!));
  return scorer.scores;
}
