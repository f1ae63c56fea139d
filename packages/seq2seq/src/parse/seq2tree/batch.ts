/**
 * Teacher-forcing batches of a {@link TreeGenerator}: the word batch of the encoder and, for the
 * decoder, every gold tree written as its bracketed tokens (projectivised first: a crossing arc
 * cannot be written in sentence order), shifted by one (`<sos>` first), with what the decoder is
 * fed at each step (the next word, the word of the innermost open bracket) and the log-mask of
 * the tokens the constraint allows there. All host typed arrays, row-major.
 */
import { InputError } from '@seq2seq/core';
import { CLOSE_TOKEN, linearizeTree, projectivize, treeOf, WORD_TOKEN, type ConlluSentence } from '@seq2seq/datasets';
import { parseBatch, type ParseBatch } from '../batch';
import type { ParserVocabulary } from '../vocabulary';
import { advanceCursor, bracketWord, nextWord, startCursor, treeConstraint, TREE_END_TOKEN, TREE_EOS, TREE_SOS, type TreeCursor } from './tokens';

/** The log-mask value of a forbidden token in training (finite, so `0 * mask` stays 0). */
export const FORBIDDEN = -1e9;

/** One teacher-forcing batch; `[batch, steps]` arrays are row-major. */
export interface TreeBatch {
  /** The encoder's input (no gold heads needed). */
  words: ParseBatch;
  /** Decoder steps: 3 * longest + 1 (the end token). */
  steps: number;
  /** Steps of every sentence, `[batch]`: 3n + 1. */
  stepLengths: Int32Array;
  /** Decoder input tokens (`<sos>` then the gold tokens), `[batch, steps]`, 0 at padding. */
  inputs: Int32Array;
  /** Gold next tokens, `[batch, steps]`, -1 at padding and for relations the vocabulary lacks. */
  labels: Int32Array;
  /** The next word to write (0-based) at each step, `[batch, steps]`. */
  next: Int32Array;
  /** The word of the innermost open bracket (0-based) once written, -1 before or outside, `[batch, steps]`. */
  bracket: Int32Array;
  /** 0 where the constraint allows a token, {@link FORBIDDEN} elsewhere, `[batch, steps, vocab]`. */
  allowed: Float32Array;
}

/** The bracketed tokens of a sentence's gold tree, projectivised, relations the vocabulary lacks as `fallback`. */
export function goldTreeTokens(sentence: ConlluSentence, known: ReadonlySet<string>, fallback: string): { tokens: string[]; unknown: boolean[] } {
  const { tree } = projectivize(treeOf(sentence));
  const unknown = tree.relations.map((r) => !known.has(r));
  const relations = tree.relations.map((r, i) => (unknown[i] ? fallback : r));
  const tokens = linearizeTree({ heads: tree.heads, relations });
  // An opening token belongs to the word whose XX it directly holds: flag those of unknown relations.
  const flags = tokens.map(() => false);
  const stack: number[] = [];
  let words = 0;
  tokens.forEach((t, i) => {
    if (t === WORD_TOKEN) flags[stack[stack.length - 1]!] = unknown[words++]!;
    else if (t === CLOSE_TOKEN) stack.pop();
    else stack.push(i);
  });
  return { tokens, unknown: flags };
}

/** Builds the batch of `sentences` (gold trees required) over the generator's output `tokens`. */
export function treeBatch(sentences: readonly ConlluSentence[], vocabulary: ParserVocabulary, tokens: readonly string[], options: { maxWordChars: number }): TreeBatch {
  if (sentences.length === 0) throw new InputError('treeBatch: expected at least one sentence');
  const words = parseBatch(sentences, vocabulary, { maxWordChars: options.maxWordChars, gold: false });
  const b = sentences.length;
  const steps = 3 * words.time + 1;
  const v = tokens.length;
  const id = new Map(tokens.map((t, i) => [t, i]));
  const known = new Set(vocabulary.relations);
  const fallback = known.has('dep') ? 'dep' : vocabulary.relations.find((r) => r !== 'root') ?? 'root';
  const stepLengths = new Int32Array(b);
  const inputs = new Int32Array(b * steps);
  const labels = new Int32Array(b * steps).fill(-1);
  const next = new Int32Array(b * steps);
  const bracket = new Int32Array(b * steps).fill(-1);
  const allowed = new Float32Array(b * steps * v);
  const mask = new Float32Array(v);
  sentences.forEach((s, k) => {
    const n = s.words.length;
    const gold = goldTreeTokens(s, known, fallback);
    const constraint = treeConstraint(n, vocabulary.relations);
    const out = [...gold.tokens, TREE_END_TOKEN];
    stepLengths[k] = out.length;
    let cursor: TreeCursor = startCursor(constraint);
    out.forEach((token, t) => {
      const at = k * steps + t;
      inputs[at] = t === 0 ? TREE_SOS : id.get(out[t - 1]!)!;
      labels[at] = gold.unknown[t] ? -1 : id.get(token)!;
      next[at] = nextWord(cursor, n);
      bracket[at] = bracketWord(cursor);
      constraint.allowedMask(cursor.state, tokens, mask);
      for (let j = 0; j < v; j++) allowed[at * v + j] = mask[j] ? 0 : FORBIDDEN;
      cursor = advanceCursor(constraint, cursor, token);
    });
    if (labels[k * steps + out.length - 1] !== TREE_EOS) throw new InputError('treeBatch: internal error, the gold output does not end with <eos>');
    // Padding steps: everything allowed (their loss is not counted).
  });
  return { words, steps, stepLengths, inputs, labels, next, bracket, allowed };
}
