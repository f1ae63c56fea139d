/**
 * The word encoder shared by the parse decoders ({@link DependencyParser} points, `TreeGenerator`
 * writes bracketed trees): every word read twice, as a word and as characters, then a BiLSTM over
 * the sentence (Kiperwasser and Goldberg 2016; Dozat and Manning 2017):
 *
 *     x_i = [ E_word[w_i] ; charBiLSTM(chars of w_i) ]     // [batch, time, Dw + 2Hc]
 *     r   = BiLSTM^L(dropout(x))                            // [batch, time, 2H]
 *
 * The four modules are registered on the model that owns them, under the names `wordEmbedding`,
 * `charEmbedding`, `charRnn` and `encoder` (so the parser's checkpoints keep their parameter names).
 */
import * as tf from '@tensorflow/tfjs-core';
import { dropout, Embedding, type Module, type Rng } from '@seq2seq/core';
import { RNN } from '@seq2seq/cells';
import type { ParseBatch } from './batch';
import { PARSER_UNK, type ParserVocabulary } from './vocabulary';

/** Sizes of the word encoder (fields of the parse models' configs). */
export interface WordEncoderSizes {
  wordEmbeddingSize: number;
  charEmbeddingSize: number;
  charHiddenSize: number;
  hiddenSize: number;
  numLayers: number;
  dropout: number;
}

/** The modules of the word encoder. */
export interface WordEncoderModules {
  wordEmbedding: Embedding;
  charEmbedding: Embedding;
  charRnn: RNN;
  encoder: RNN;
}

/**
 * Builds the encoder's modules and registers each through `register` (the owner's `addModule`),
 * drawing their initial weights from `rng` in a fixed order.
 */
export function createWordEncoder(
  sizes: WordEncoderSizes,
  vocabulary: ParserVocabulary,
  rng: Rng,
  register: <M extends Module>(name: string, module: M) => M,
): WordEncoderModules {
  const c = sizes;
  const wordEmbedding = register('wordEmbedding', new Embedding({ vocabSize: vocabulary.wordCount, embeddingSize: c.wordEmbeddingSize, paddingIdx: 0, rng }));
  const charEmbedding = register('charEmbedding', new Embedding({ vocabSize: vocabulary.charCount, embeddingSize: c.charEmbeddingSize, paddingIdx: 0, rng }));
  const charRnn = register('charRnn', new RNN({ cell: 'lstm', inputSize: c.charEmbeddingSize, hiddenSize: c.charHiddenSize, bidirectional: true, rng }));
  const input = c.wordEmbeddingSize + 2 * c.charHiddenSize;
  const encoder = register('encoder', new RNN({ cell: 'lstm', inputSize: input, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: true, dropout: c.dropout, rng }));
  return { wordEmbedding, charEmbedding, charRnn, encoder };
}

/** How {@link encodeWords} runs: training mode applies dropout and word dropout. */
export interface EncodeWordsOptions {
  training: boolean;
  /** Dropout rate on the word vectors and the encoder output. */
  dropout: number;
  /** Rate at which a known word becomes the unknown word (training only). */
  wordDropout: number;
  /** Random source of dropout and word dropout. */
  rng: Rng;
}

/** Word ids with word dropout applied (training mode). */
export function droppedWordIds(batch: ParseBatch, options: EncodeWordsOptions): Int32Array {
  const p = options.wordDropout;
  if (!options.training || p === 0) return batch.words;
  const ids = batch.words.slice();
  for (let k = 0; k < ids.length; k++) if (ids[k]! > PARSER_UNK && options.rng.next() < p) ids[k] = PARSER_UNK;
  return ids;
}

/** The encoder states `[batch, time, 2H]` of a host batch (dropout applied to its output in training). */
export function encodeWords(m: WordEncoderModules, batch: ParseBatch, options: EncodeWordsOptions): tf.Tensor3D {
  const { batch: b, time: t, chars: l } = batch;
  const drop = (x: tf.Tensor): tf.Tensor => (options.training && options.dropout > 0 ? dropout(x, options.dropout, options.rng) : x);
  return tf.tidy(() => {
    const words = m.wordEmbedding.apply(tf.tensor2d(droppedWordIds(batch, options), [b, t], 'int32')) as tf.Tensor3D; // [batch, time, Dw]
    const charX = m.charEmbedding.apply(tf.tensor2d(batch.charIds, [b * t, l], 'int32')) as tf.Tensor3D; // [batch*time, chars, Dc]
    const { state } = m.charRnn.apply(charX, { lengths: batch.charLengths });
    const hc = state[0]!.h.shape[1];
    const charVec = tf.reshape(tf.concat([state[0]!.h, state[1]!.h], -1), [b, t, 2 * hc]); // [batch, time, 2Hc]
    const x = drop(tf.concat([words, charVec], -1)) as tf.Tensor3D; // [batch, time, Dw + 2Hc]
    const { output } = m.encoder.apply(x, { lengths: batch.lengths }); // [batch, time, 2H]
    return drop(output) as tf.Tensor3D;
  });
}
