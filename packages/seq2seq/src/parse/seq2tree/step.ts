/**
 * The {@link TreeGenerator}'s decoder one step at a time, as a `StepModel` for the library's
 * greedy and beam decoders. Each row carries, on the host, its {@link TreeCursor}: the token it is
 * fed advances it, and the tokens the {@link TreeConstraint} forbids next get log-probability
 * -Infinity (before the softmax, so the allowed ones share all the probability), so whatever the
 * decoder picks is a tree over exactly the sentence's words.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellState } from '@seq2seq/cells';
import type { TreeConstraint } from '@seq2seq/datasets';
import type { StepModel, StepState } from '../../decoding/types';
import type { TreeEncoded, TreeGenerator } from './model';
import { advanceCursor, bracketWord, nextWord, startCursor, treeConstraint, TREE_EOS, TREE_SOS, type TreeCursor } from './tokens';

/** A decoder state: the LSTM's, plus each row's sentence, cursor and whether it left the constraint (padding rows). */
export interface TreeStepState extends StepState {
  layers: CellState[];
  /** Sentence of each row. */
  rows: Int32Array;
  /** Cursor of each row after the tokens it has been fed. */
  cursors: TreeCursor[];
  /** 1 for a row fed a token the constraint forbids (a finished row, a beam's padding row): it may only end. */
  dead: Uint8Array;
}

function stepState(layers: CellState[], rows: Int32Array, cursors: TreeCursor[], dead: Uint8Array): TreeStepState {
  let disposed = false;
  return {
    layers,
    rows,
    cursors,
    dead,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of layers) tf.dispose([s.h, s.c!]);
    },
  };
}

/**
 * A step model over an encoded batch of sentences of `lengths` words, and its initial state (one
 * row per sentence). Dispose the session when decoding is done (it caches per-row encoder copies).
 */
export function treeStepModel(
  generator: TreeGenerator,
  enc: TreeEncoded,
  lengths: Int32Array,
): { model: StepModel<TreeStepState>; initialState: TreeStepState; dispose(): void } {
  const n = enc.words.shape[1];
  const vocab = generator.tokens;
  const v = vocab.length;
  const constraints: TreeConstraint[] = Array.from(lengths, (len) => treeConstraint(len, generator.vocabulary.relations));
  // Per-row copies of the encoder states and keys, for the latest two row sets (rows change only
  // when finished sentences are dropped or beams are reordered across sentences).
  const caches = new Map<string, { words: tf.Tensor3D; keys: tf.Tensor3D }>();
  const rowsOf = (rows: Int32Array) => {
    const key = rows.join(',');
    let c = caches.get(key);
    if (!c) {
      c = tf.tidy(() => {
        const idx = tf.tensor1d(rows, 'int32');
        return { words: tf.gather(enc.words, idx) as tf.Tensor3D, keys: tf.gather(enc.keys, idx) as tf.Tensor3D };
      });
      caches.set(key, c);
      for (const [old, cached] of caches) {
        if (caches.size <= 2) break;
        tf.dispose([cached.words, cached.keys]);
        caches.delete(old);
      }
    }
    return c;
  };
  const mask = new Float32Array(v);
  const model: StepModel<TreeStepState> = {
    step: (tokens, state) => {
      const r = tokens.length;
      const cursors: TreeCursor[] = new Array(r);
      const dead = Uint8Array.from(state.dead);
      const next = new Int32Array(r);
      const bracket = new Int32Array(r);
      const localNext = new Int32Array(r);
      const rowLengths = new Int32Array(r);
      const logMask = new Float32Array(r * v);
      for (let i = 0; i < r; i++) {
        const s = state.rows[i]!;
        const c = constraints[s]!;
        let cursor = state.cursors[i]!;
        const token = vocab[tokens[i]!]!;
        const first = tokens[i] === TREE_SOS && cursor.state.length === 0;
        if (!first && !dead[i]) {
          if (c.isAllowed(cursor.state, token)) cursor = advanceCursor(c, cursor, token);
          else dead[i] = 1;
        }
        cursors[i] = cursor;
        const len = lengths[s]!;
        rowLengths[i] = len;
        localNext[i] = nextWord(cursor, len);
        next[i] = s * n + localNext[i]!;
        const b = bracketWord(cursor);
        bracket[i] = b < 0 ? -1 : s * n + b;
        if (dead[i]) {
          logMask.fill(Number.NEGATIVE_INFINITY, i * v, (i + 1) * v);
          logMask[i * v + TREE_EOS] = 0;
        } else {
          c.allowedMask(cursor.state, vocab, mask);
          for (let j = 0; j < v; j++) logMask[i * v + j] = mask[j] ? 0 : Number.NEGATIVE_INFINITY;
        }
      }
      const cache = rowsOf(state.rows);
      const out = tf.tidy(() => {
        const emb = generator.tokenEmbedding.apply(tf.tensor1d(tokens, 'int32')) as tf.Tensor2D; // [rows, E]
        const x = tf.concat([emb, generator.wordInputs(enc.table, next, bracket, [r]) as tf.Tensor2D], 1) as tf.Tensor2D; // [rows, E + 4H]
        const stepped = generator.decoder.step(x, state.layers); // [rows, Hd]
        const { logits } = generator.readout(tf.expandDims(stepped.output, 1) as tf.Tensor3D, cache.words, cache.keys, localNext, rowLengths); // [rows, 1, tokens]
        const logProbs = tf.logSoftmax(tf.add(tf.reshape(logits, [r, v]), tf.tensor2d(logMask, [r, v]))) as tf.Tensor2D; // [rows, tokens]
        return { logProbs, layers: stepped.state } as unknown as tf.TensorContainer;
      }) as unknown as { logProbs: tf.Tensor2D; layers: CellState[] };
      return { logProbs: out.logProbs, state: stepState(out.layers, state.rows, cursors, dead) };
    },
    gather: (state, rows) => {
      const layers = tf.tidy(() => {
        const idx = tf.tensor1d(rows, 'int32');
        return state.layers.map((s) => ({ h: tf.gather(s.h, idx), c: tf.gather(s.c!, idx) })) as unknown as tf.TensorContainer;
      }) as unknown as CellState[];
      return stepState(
        layers,
        Int32Array.from(rows, (i) => state.rows[i]!),
        Array.from(rows, (i) => state.cursors[i]!),
        Uint8Array.from(rows, (i) => state.dead[i]!),
      );
    },
  };
  const b = lengths.length;
  const initialState = stepState(
    [{ h: enc.start.clone(), c: tf.zerosLike(enc.start) }],
    Int32Array.from({ length: b }, (_, i) => i),
    constraints.map((c) => startCursor(c)),
    new Uint8Array(b),
  );
  return {
    model,
    initialState,
    dispose() {
      for (const c of caches.values()) tf.dispose([c.words, c.keys]);
      caches.clear();
    },
  };
}
