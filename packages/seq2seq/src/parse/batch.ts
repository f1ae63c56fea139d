/**
 * Host batches of a {@link DependencyParser}: sentences padded to the longest in the batch, words to
 * `maxWordChars` characters, all row-major typed arrays (no tensors), and the length buckets that
 * keep padding small.
 */
import { InputError, type Rng } from '@seq2seq/core';
import type { ConlluSentence } from '@seq2seq/datasets';
import type { ParserVocabulary } from './vocabulary';

/** One batch of sentences; `[batch, time]` arrays are row-major. */
export interface ParseBatch {
  batch: number;
  /** Words of the longest sentence. */
  time: number;
  /** Characters per word slot. */
  chars: number;
  /** Words of every sentence, `[batch]`. */
  lengths: Int32Array;
  /** Word ids, `[batch, time]`, 0 at padding. */
  words: Int32Array;
  /** Character ids, `[batch, time, chars]`. */
  charIds: Int32Array;
  /** Characters of every word slot, `[batch, time]` (1 for a padding slot, which reads one padding character). */
  charLengths: Int32Array;
  /** Gold heads (0 = root), `[batch, time]`, 0 at padding; absent for unparsed input. */
  heads?: Int32Array;
  /** Gold relation ids, `[batch, time]`, -1 where unknown or padding. */
  relations?: Int32Array;
  /** Gold UPOS ids, `[batch, time]`, -1 where unknown or padding. */
  upos?: Int32Array;
}

/** The characters a word is read by: all of them, or the first and last `max / 2` of a longer one. */
export function wordChars(form: string, max: number): string[] {
  const chars = [...form];
  if (chars.length <= max) return chars;
  const half = Math.floor(max / 2);
  return [...chars.slice(0, half), ...chars.slice(chars.length - (max - half))];
}

/** Builds the batch of `sentences` (with gold trees when `gold`, else heads are left out). */
export function parseBatch(sentences: readonly ConlluSentence[], vocabulary: ParserVocabulary, options: { maxWordChars: number; gold: boolean }): ParseBatch {
  if (sentences.length === 0) throw new InputError('parseBatch: expected at least one sentence');
  const batch = sentences.length;
  const time = Math.max(...sentences.map((s) => s.words.length));
  if (time === 0) throw new InputError('parseBatch: a sentence has no words; expected at least one');
  const forms = sentences.map((s) => s.words.map((w) => wordChars(w.form, options.maxWordChars)));
  const chars = Math.max(1, ...forms.flat().map((c) => c.length));
  const lengths = new Int32Array(batch);
  const words = new Int32Array(batch * time);
  const charIds = new Int32Array(batch * time * chars);
  const charLengths = new Int32Array(batch * time).fill(1);
  const heads = options.gold ? new Int32Array(batch * time) : undefined;
  const relations = options.gold ? new Int32Array(batch * time).fill(-1) : undefined;
  const upos = options.gold ? new Int32Array(batch * time).fill(-1) : undefined;
  sentences.forEach((s, b) => {
    lengths[b] = s.words.length;
    s.words.forEach((w, i) => {
      const k = b * time + i;
      words[k] = vocabulary.wordId(w.form);
      const cs = forms[b]![i]!;
      charLengths[k] = Math.max(1, cs.length);
      cs.forEach((c, j) => (charIds[k * chars + j] = vocabulary.charId(c)));
      if (heads && relations && upos) {
        if (w.head === null) throw new InputError(`parseBatch: word ${w.id} ('${w.form}') of a gold sentence has no HEAD; expected a parsed treebank`);
        heads[k] = w.head;
        relations[k] = vocabulary.relationId(w.deprel);
        upos[k] = vocabulary.uposId(w.upos);
      }
    });
  });
  return { batch, time, chars, lengths, words, charIds, charLengths, ...(heads ? { heads, relations, upos } : {}) };
}

/** Options of {@link lengthBuckets}. */
export interface BucketOptions {
  /** Most words (padding included) per batch. Default 1000. */
  maxTokens?: number;
  /** Most sentences per batch. Default 64. */
  maxSentences?: number;
  /** Shuffles the batch order and the order within a length (training). Default none: sorted. */
  rng?: Rng;
}

/**
 * Groups sentence indices into batches of similar length: sorted by length (ties broken by the
 * RNG when given), cut so that `batch * longest <= maxTokens`, then the batches shuffled.
 */
export function lengthBuckets(lengths: readonly number[], options: BucketOptions = {}): number[][] {
  const maxTokens = options.maxTokens ?? 1000;
  const maxSentences = options.maxSentences ?? 64;
  const order = options.rng ? options.rng.permutation(lengths.length) : lengths.map((_, i) => i);
  const sorted = [...order].sort((a, b) => lengths[a]! - lengths[b]!);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of sorted) {
    const longest = Math.max(lengths[i]!, ...(current.length ? [lengths[current.at(-1)!]!] : []));
    if (current.length && ((current.length + 1) * longest > maxTokens || current.length >= maxSentences)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length) batches.push(current);
  if (options.rng) {
    const p = options.rng.permutation(batches.length);
    return p.map((k) => batches[k]!);
  }
  return batches;
}
