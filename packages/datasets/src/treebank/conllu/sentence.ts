/**
 * The CoNLL-U data model (universaldependencies.org/format.html): a sentence is its comment
 * lines, its syntactic words (the nodes of the basic dependency tree, IDs 1..n), and two kinds of
 * lines that are not words of the tree and are carried through untouched: multiword-token ranges
 * (`3-4	don't ...`, the surface token that words 3 and 4 were split from) and empty nodes
 * (`5.1 ...`, of the enhanced graph).
 *
 * Every column is kept as the exact text of the file, so reading and writing gives back the same
 * bytes. Only a word's ID and HEAD are numbers.
 */

/** The ten CoNLL-U column names, in file order. */
export const CONLLU_COLUMNS = ['ID', 'FORM', 'LEMMA', 'UPOS', 'XPOS', 'FEATS', 'HEAD', 'DEPREL', 'DEPS', 'MISC'] as const;

/** The nine columns after ID, as written in the file (`_` for an unspecified value). */
export interface ConlluFields {
  /** Word form or punctuation symbol. */
  form: string;
  /** Lemma or stem. */
  lemma: string;
  /** Universal part-of-speech tag. */
  upos: string;
  /** Language-specific part-of-speech tag. */
  xpos: string;
  /** Morphological features, `Name=Value|...`. */
  feats: string;
  /** Head, as written: a word ID, `0` for the root, or `_`. */
  head: string;
  /** Universal dependency relation to the head, with an optional subtype (`nmod:poss`). */
  deprel: string;
  /** Enhanced dependency graph, `head:deprel|...`. */
  deps: string;
  /** Anything else (`SpaceAfter=No`). */
  misc: string;
}

/** A syntactic word: a node of the basic dependency tree. */
export interface ConlluWord extends Omit<ConlluFields, 'head'> {
  /** 1-based position of the word in its sentence; words are numbered 1..n without gaps. */
  id: number;
  /** ID of the head word, 0 for the root, or `null` where the column is `_` (not yet parsed). */
  head: number | null;
}

/** A multiword-token range line `first-last` (e.g. `3-4	don't`): not a word of the tree. */
export interface ConlluMultiwordToken extends ConlluFields {
  /** ID of the first word of the range. */
  first: number;
  /** ID of the last word of the range (greater than `first`). */
  last: number;
}

/** An empty node `after.index` (e.g. `5.1`) of the enhanced graph: not a word of the tree. */
export interface ConlluEmptyNode extends ConlluFields {
  /** ID of the word it follows (0 before the first word). */
  after: number;
  /** 1-based index among the empty nodes after the same word. */
  index: number;
}

/**
 * One sentence. The lines of the file are, in order: `comments`, then for each word i the
 * multiword token that starts at i (if any), word i, and the empty nodes `i.1, i.2, ...` (empty
 * nodes `0.k` come before everything else). The reader accepts only this order, so the writer
 * can restore it from the three arrays.
 */
export interface ConlluSentence {
  /** The comment lines before the sentence, each exactly as in the file, starting with `#`. */
  comments: string[];
  /** The syntactic words, `words[i].id === i + 1`. */
  words: ConlluWord[];
  /** Multiword-token ranges, in order. */
  multiwordTokens: ConlluMultiwordToken[];
  /** Empty nodes, in order. */
  emptyNodes: ConlluEmptyNode[];
}

/**
 * A sentence of the given word forms with every other column `_` (no tree yet): the input a
 * parser fills in. `comments` are full lines starting with `#`.
 *
 * @example
 * sentenceFromForms(['I', 'saw', 'her', '.'], ['# text = I saw her.']);
 */
export function sentenceFromForms(forms: readonly string[], comments: readonly string[] = []): ConlluSentence {
  return {
    comments: [...comments],
    words: forms.map((form, i) => ({
      id: i + 1,
      form,
      lemma: '_',
      upos: '_',
      xpos: '_',
      feats: '_',
      head: null,
      deprel: '_',
      deps: '_',
      misc: '_',
    })),
    multiwordTokens: [],
    emptyNodes: [],
  };
}

/**
 * The value of a `# key = value` comment (`sent_id`, `text`, `newdoc id`), or `undefined` when the
 * sentence has none.
 */
export function commentValue(sentence: ConlluSentence, key: string): string | undefined {
  const prefix = `# ${key} =`;
  for (const line of sentence.comments) {
    if (line.startsWith(prefix)) return line.slice(prefix.length).trim();
  }
  return undefined;
}
