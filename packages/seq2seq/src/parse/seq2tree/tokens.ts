/**
 * The output side of a {@link TreeGenerator}: its token vocabulary (padding, start, end, `XX`,
 * `)` and one `(rel` per relation) and the {@link TreeCursor} that follows an output prefix, under
 * the {@link TreeConstraint} that keeps it a tree, to tell the decoder which word comes next and
 * which word's bracket it is in.
 */
import { CLOSE_TOKEN, openToken, TreeConstraint, WORD_TOKEN, type TreeDecodingState } from '@seq2seq/datasets';
import { InputError } from '@seq2seq/core';

/** Id of padding in the output vocabulary. */
export const TREE_PAD = 0;
/** Id of the start token (the decoder's first input). */
export const TREE_SOS = 1;
/** Id of the end token. */
export const TREE_EOS = 2;
/** The end token's string (the constraint's `endToken`). */
export const TREE_END_TOKEN = '<eos>';

/** The output vocabulary of a generator over `relations`: `<pad> <sos> <eos> XX ) (rel...`. */
export function treeTokens(relations: readonly string[]): string[] {
  if (!relations.includes('root')) throw new InputError("TreeGenerator: the relations must include 'root' (the root word's relation)");
  return ['<pad>', '<sos>', TREE_END_TOKEN, WORD_TOKEN, CLOSE_TOKEN, ...relations.map(openToken)];
}

/** The constraint of a sentence of `length` words over `relations`. */
export function treeConstraint(length: number, relations: readonly string[]): TreeConstraint {
  return new TreeConstraint({ length, relations, endToken: TREE_END_TOKEN });
}

/** An open bracket and its word (0-based; -1 until its `XX` is written), shared between cursors. */
interface WordFrame {
  readonly word: number;
  readonly parent: WordFrame | null;
}

/**
 * Where a decoder is in its output: the constraint's state plus the word of each open bracket.
 * Immutable, so beam hypotheses share prefixes.
 */
export interface TreeCursor {
  readonly state: TreeDecodingState;
  readonly frames: WordFrame | null;
}

/** The cursor before the first token. */
export function startCursor(constraint: TreeConstraint): TreeCursor {
  return { state: constraint.start(), frames: null };
}

/** The cursor after `token`; throws (a `DatasetError` naming what was allowed) when the constraint forbids it. */
export function advanceCursor(constraint: TreeConstraint, cursor: TreeCursor, token: string): TreeCursor {
  const state = constraint.advance(cursor.state, token);
  const f = cursor.frames;
  if (token === WORD_TOKEN) return { state, frames: { word: cursor.state.words, parent: f!.parent } };
  if (token === CLOSE_TOKEN) return { state, frames: f!.parent };
  if (token === TREE_END_TOKEN) return { state, frames: f };
  return { state, frames: { word: -1, parent: f } };
}

/** The next word to be written (0-based; the last word once all are written). */
export function nextWord(cursor: TreeCursor, length: number): number {
  return Math.min(cursor.state.words, length - 1);
}

/** The word of the innermost open bracket once its `XX` is written, else -1. */
export function bracketWord(cursor: TreeCursor): number {
  return cursor.frames?.word ?? -1;
}
