/**
 * The vocabularies of a {@link DependencyParser}: frequent lower-cased words, characters, UPOS tags
 * and dependency relations, built from a training treebank and stored in the checkpoint.
 * Id 0 of words and characters is padding, id 1 the unknown word / character.
 */
import { InputError } from '@seq2seq/core';
import type { ConlluSentence } from '@seq2seq/datasets';

/** Id of padding (words and characters). */
export const PARSER_PAD = 0;
/** Id of the unknown word or character. */
export const PARSER_UNK = 1;

/** The JSON form of {@link ParserVocabulary}. */
export interface ParserVocabularyJSON {
  /** Words from id 2 on (lower-cased). */
  words: string[];
  /** Characters (code points) from id 2 on. */
  chars: string[];
  /** UPOS tags, id = index. */
  upos: string[];
  /** Relations (full, e.g. `nmod:poss`), id = index. */
  relations: string[];
}

/** Options of {@link ParserVocabulary.fromTreebank}. */
export interface ParserVocabularyOptions {
  /** A word needs this many occurrences to get its own embedding. Default 2. */
  minWordCount?: number;
  /** A character needs this many occurrences to get its own embedding. Default 1. */
  minCharCount?: number;
}

/** Lookups between strings and ids; see the module comment. */
export class ParserVocabulary {
  readonly words: readonly string[];
  readonly chars: readonly string[];
  readonly upos: readonly string[];
  readonly relations: readonly string[];
  readonly #word = new Map<string, number>();
  readonly #char = new Map<string, number>();
  readonly #upos = new Map<string, number>();
  readonly #relation = new Map<string, number>();

  constructor(json: ParserVocabularyJSON) {
    if (json == null || !Array.isArray(json.words) || !Array.isArray(json.chars) || !Array.isArray(json.upos) || !Array.isArray(json.relations)) {
      throw new InputError('ParserVocabulary: expected { words, chars, upos, relations } arrays of strings');
    }
    if (json.relations.length === 0) throw new InputError('ParserVocabulary: expected at least one relation');
    this.words = [...json.words];
    this.chars = [...json.chars];
    this.upos = [...json.upos];
    this.relations = [...json.relations];
    this.words.forEach((w, i) => this.#word.set(w, i + 2));
    this.chars.forEach((c, i) => this.#char.set(c, i + 2));
    this.upos.forEach((u, i) => this.#upos.set(u, i));
    this.relations.forEach((r, i) => this.#relation.set(r, i));
  }

  /** Counts the training words, characters, tags and relations of `sentences`. */
  static fromTreebank(sentences: readonly ConlluSentence[], options: ParserVocabularyOptions = {}): ParserVocabulary {
    const minWord = options.minWordCount ?? 2;
    const minChar = options.minCharCount ?? 1;
    const words = new Map<string, number>();
    const chars = new Map<string, number>();
    const upos = new Set<string>();
    const relations = new Set<string>();
    for (const s of sentences) {
      for (const w of s.words) {
        const lower = w.form.toLowerCase();
        words.set(lower, (words.get(lower) ?? 0) + 1);
        for (const c of w.form) chars.set(c, (chars.get(c) ?? 0) + 1);
        if (w.upos !== '_') upos.add(w.upos);
        if (w.deprel !== '_') relations.add(w.deprel);
      }
    }
    const frequent = (m: Map<string, number>, min: number) =>
      [...m].filter(([, n]) => n >= min).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
    return new ParserVocabulary({ words: frequent(words, minWord), chars: frequent(chars, minChar), upos: [...upos].sort(), relations: [...relations].sort() });
  }

  /** Embedding rows of the words (padding and unknown included). */
  get wordCount(): number {
    return this.words.length + 2;
  }

  /** Embedding rows of the characters (padding and unknown included). */
  get charCount(): number {
    return this.chars.length + 2;
  }

  /** Id of a word form (looked up lower-cased), {@link PARSER_UNK} when rare. */
  wordId(form: string): number {
    return this.#word.get(form.toLowerCase()) ?? PARSER_UNK;
  }

  /** Id of a character, {@link PARSER_UNK} when unseen. */
  charId(char: string): number {
    return this.#char.get(char) ?? PARSER_UNK;
  }

  /** Id of a UPOS tag, or -1 when unknown (or `_`). */
  uposId(tag: string): number {
    return this.#upos.get(tag) ?? -1;
  }

  /** Id of a relation, or -1 when unknown (or `_`). */
  relationId(relation: string): number {
    return this.#relation.get(relation) ?? -1;
  }

  toJSON(): ParserVocabularyJSON {
    return { words: [...this.words], chars: [...this.chars], upos: [...this.upos], relations: [...this.relations] };
  }
}
