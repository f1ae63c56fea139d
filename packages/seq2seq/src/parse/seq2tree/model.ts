/**
 * A dependency parser whose decoder writes the tree: an attention LSTM decoder generates the
 * sentence's tree as a bracketed token sequence, as in Vinyals et al. 2014, "Grammar as a Foreign
 * Language" (there for constituency trees). For "She saw him ." it writes
 * `(root (nsubj XX ) XX (obj XX ) (punct XX ) )`: each word is one bracket `(rel ... XX ... )`
 * holding its dependents, and the k-th `XX` is word k (`linearizeTree` in @seq2seq/datasets).
 *
 *     r       = BiLSTM^L([E_word[w]; charBiLSTM(w)])               // [batch, words, 2H]  (the parser's word encoder)
 *     s_t     = LSTM(s_{t-1}, [E_tok[y_{t-1}]; r_{k(t)}; r_{b(t)}])  // [batch, Hd]
 *     a_tj    = softmax_j( s_t^T W_a r_j + p[clip(j - k(t), -w, w)] )  // [batch, words]   (Luong "general" + relative position)
 *     c_t     = sum_j a_tj r_j                                     // [batch, 2H]
 *     h~_t    = tanh(W_c [c_t; s_t])                               // [batch, A]
 *     p(y_t)  = softmax(W_o h~_t + b_o + log m_t)                  // [batch, tokens]
 *
 * k(t) is the next word to write (the words come in order, so the k-th `XX` is word k: the
 * decoder is fed that word's encoder state and the attention knows where it is), b(t) the word of
 * the innermost open bracket once its `XX` is written (zeros before), and m_t the 0/1 mask of the
 * tokens {@link TreeConstraint} allows after y_{<t}: every output, greedy or beam, is a tree over
 * exactly the input words, with one `root`. The decoder starts from `tanh(W_s mean_j r_j)`.
 * Training maximises the log-probability of the projectivised gold tree's tokens (teacher forcing),
 * normalised over the allowed tokens as decoding is.
 *
 * Parameters: `wordEmbedding`, `charEmbedding`, `charRnn`, `encoder` (as `DependencyParser`),
 * `tokenEmbedding`, `bridge`, `decoder`, `attentionKey`, `positionBias`, `combine`, `output`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dropout, Embedding, gatherRows, InputError, Linear, Module, Rng, zeros } from '@seq2seq/core';
import { RNN } from '@seq2seq/cells';
import { delinearizeTree, withTree, type ConlluSentence, type DependencyTree } from '@seq2seq/datasets';
import { lengthBuckets, parseBatch, type ParseBatch } from '../batch';
import { createWordEncoder, encodeWords } from '../encoder';
import { ParserVocabulary, type ParserVocabularyJSON } from '../vocabulary';
import { beamSearch } from '../../decoding/beam';
import { greedyDecode } from '../../decoding/greedy';
import type { TreeBatch } from './batch';
import { resolveTreeGeneratorConfig, type ResolvedTreeGeneratorConfig, type TreeGeneratorConfig } from './config';
import { treeStepModel } from './step';
import { treeTokens, TREE_EOS, TREE_SOS } from './tokens';

/** Options of the {@link TreeGenerator} constructor. */
export interface TreeGeneratorOptions {
  /** The word, character and relation vocabularies (from `ParserVocabulary.fromTreebank`); relations must include `root`. Required. */
  vocabulary: ParserVocabulary | ParserVocabularyJSON;
  /** The model's hyper-parameters; see {@link TreeGeneratorConfig}. Default all defaults. */
  config?: TreeGeneratorConfig;
}

/** Options of {@link TreeGenerator.parseTrees}. */
export interface TreeParseOptions {
  /** Hypotheses kept per sentence; 1 decodes greedily. Default 1. */
  beamWidth?: number;
  /** Most words (padding included) decoded at once. Default 2000. */
  maxTokens?: number;
}

/** One parsed sentence with its output tokens. */
export interface GeneratedTree extends DependencyTree {
  /** The bracketed tokens the decoder wrote (3n, the end token not included). */
  tokens: string[];
  /** Sum of the log-probabilities of the tokens (the end token included). */
  logProb: number;
}

/** Encoder outputs of a batch for the decoder (owned by the caller). */
export interface TreeEncoded {
  /** `[batch, words, 2H]` */
  words: tf.Tensor3D;
  /** `[batch * words + 1, 2H]`: the rows of `words` then a zero row (index `batch * words`), for picking by index. */
  table: tf.Tensor2D;
  /** `W_a r`, `[batch, words, Hd]`. */
  keys: tf.Tensor3D;
  /** The decoder's initial hidden state, `[batch, Hd]`. */
  start: tf.Tensor2D;
}

const NEG = -1e9;

/** The generator; see the module comment. */
export class TreeGenerator extends Module {
  readonly config: ResolvedTreeGeneratorConfig;
  readonly vocabulary: ParserVocabulary;
  /** The output vocabulary: `<pad> <sos> <eos> XX ) (rel...`. */
  readonly tokens: readonly string[];
  readonly wordEmbedding: Embedding;
  readonly charEmbedding: Embedding;
  readonly charRnn: RNN;
  readonly encoder: RNN;
  readonly tokenEmbedding: Embedding;
  readonly bridge: Linear;
  readonly decoder: RNN;
  readonly attentionKey: Linear;
  readonly positionBias: tf.Variable;
  readonly combine: Linear;
  readonly output: Linear;
  /** Random source of dropout and word dropout (saved by `TrainingRun`). */
  readonly rng: Rng;

  constructor(options: TreeGeneratorOptions) {
    super();
    if (options == null || typeof options !== 'object' || options.vocabulary == null) {
      throw new InputError('TreeGenerator: expected { vocabulary, config? }');
    }
    const c = resolveTreeGeneratorConfig(options.config ?? {});
    this.config = Object.freeze(c);
    this.vocabulary = options.vocabulary instanceof ParserVocabulary ? options.vocabulary : new ParserVocabulary(options.vocabulary);
    this.tokens = Object.freeze(treeTokens(this.vocabulary.relations));
    const rng = new Rng(c.seed);
    const enc = 2 * c.hiddenSize;
    const words = createWordEncoder(c, this.vocabulary, rng, (name, m) => this.addModule(name, m));
    this.wordEmbedding = words.wordEmbedding;
    this.charEmbedding = words.charEmbedding;
    this.charRnn = words.charRnn;
    this.encoder = words.encoder;
    const v = this.tokens.length;
    this.tokenEmbedding = this.addModule('tokenEmbedding', new Embedding({ vocabSize: v, embeddingSize: c.tokenEmbeddingSize, paddingIdx: 0, rng }));
    this.bridge = this.addModule('bridge', new Linear({ inputSize: enc, outputSize: c.decoderHiddenSize, rng }));
    this.decoder = this.addModule('decoder', new RNN({ cell: 'lstm', inputSize: c.tokenEmbeddingSize + 2 * enc, hiddenSize: c.decoderHiddenSize, rng }));
    this.attentionKey = this.addModule('attentionKey', new Linear({ inputSize: enc, outputSize: c.decoderHiddenSize, bias: false, rng }));
    this.positionBias = this.addParameter('positionBias', [2 * c.positionWindow + 1, 1], zeros(), rng);
    this.combine = this.addModule('combine', new Linear({ inputSize: enc + c.decoderHiddenSize, outputSize: c.attentionalSize, bias: false, rng }));
    this.output = this.addModule('output', new Linear({ inputSize: c.attentionalSize, outputSize: v, rng }));
    this.rng = rng.fork();
  }

  /** Dropout in training mode only. */
  drop(x: tf.Tensor): tf.Tensor {
    return this.training && this.config.dropout > 0 ? dropout(x, this.config.dropout, this.rng) : x;
  }

  /** Encoder outputs of a word batch, ready for the decoder. */
  encode(batch: ParseBatch): TreeEncoded {
    const { batch: b, time: n } = batch;
    const c = this.config;
    return tf.tidy(() => {
      const words = encodeWords(this, batch, { training: this.training, dropout: c.dropout, wordDropout: c.wordDropout, rng: this.rng }); // [batch, words, 2H]
      const enc = words.shape[2];
      const table = tf.concat([tf.reshape(words, [b * n, enc]), tf.zeros([1, enc])], 0); // [batch*words + 1, 2H]
      const keys = this.attentionKey.apply(words) as tf.Tensor3D; // [batch, words, Hd]
      const real = tf.tensor3d(wordMask(batch), [b, n, 1]); // [batch, words, 1]
      const mean = tf.div(tf.sum(tf.mul(words, real), 1), tf.tensor2d(Float32Array.from(batch.lengths), [b, 1])); // [batch, 2H]
      const start = tf.tanh(this.bridge.apply(mean)) as tf.Tensor2D; // [batch, Hd]
      return { words, table, keys, start } as unknown as tf.TensorContainer;
    }) as unknown as TreeEncoded;
  }

  /**
   * Attention logits `s^T W_a r_j + p[clip(j - k)] (+ -1e9 past the sentence)` of decoder states
   * `[rows, steps, Hd]` over the words of their sentences: `keys` `[rows, words, Hd]`, `next`
   * (k per row and step) and the sentence lengths per row.
   */
  attentionScores(states: tf.Tensor3D, keys: tf.Tensor3D, next: Int32Array, lengths: ArrayLike<number>): tf.Tensor3D {
    const [rows, steps] = states.shape;
    const n = keys.shape[1];
    const w = this.config.positionWindow;
    const offsets = new Int32Array(rows * steps * n);
    const pad = new Float32Array(rows * n);
    for (let r = 0; r < rows; r++) {
      pad.fill(NEG, r * n + lengths[r]!, (r + 1) * n);
      for (let t = 0; t < steps; t++) {
        const k = next[r * steps + t]!;
        for (let j = 0; j < n; j++) offsets[(r * steps + t) * n + j] = Math.max(-w, Math.min(w, j - k)) + w;
      }
    }
    return tf.tidy(() => {
      const content = tf.matMul(states, keys, false, true); // [rows, steps, words]
      const position = tf.reshape(gatherRows(this.positionBias, tf.tensor3d(offsets, [rows, steps, n], 'int32')), [rows, steps, n]); // [rows, steps, words]
      return tf.add(tf.add(content, position), tf.tensor3d(pad, [rows, 1, n])) as tf.Tensor3D;
    });
  }

  /** Output logits `[rows, steps, tokens]` (mask not added) and attention weights of decoder states over `words`. */
  readout(states: tf.Tensor3D, words: tf.Tensor3D, keys: tf.Tensor3D, next: Int32Array, lengths: ArrayLike<number>): { logits: tf.Tensor3D; weights: tf.Tensor3D } {
    return tf.tidy(() => {
      const weights = tf.softmax(this.attentionScores(states, keys, next, lengths)) as tf.Tensor3D; // [rows, steps, words]
      const context = tf.matMul(weights, words); // [rows, steps, 2H]
      const attentional = this.drop(tf.tanh(this.combine.apply(tf.concat([context, states], -1)))); // [rows, steps, A]
      return { logits: this.output.apply(attentional) as tf.Tensor3D, weights } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor3D; weights: tf.Tensor3D };
  }

  /** The decoder's word inputs `[r_k; r_b]` for word indices into `table` (`-1` = none: the zero row). */
  wordInputs(table: tf.Tensor2D, next: Int32Array, bracket: Int32Array, shape: number[]): tf.Tensor {
    const zero = table.shape[0] - 1;
    return tf.tidy(() => {
      const ids = (a: Int32Array) => tf.tensor(Int32Array.from(a, (x) => (x < 0 ? zero : x)), shape, 'int32');
      return tf.concat([gatherRows(table, ids(next)), gatherRows(table, ids(bracket))], -1); // [..., 4H]
    });
  }

  /** Mean cross-entropy over the output tokens of a teacher-forcing batch (what training minimises). */
  loss(batch: TreeBatch): tf.Scalar {
    const { steps } = batch;
    const { batch: b, time: n } = batch.words;
    const v = this.tokens.length;
    return tf.tidy(() => {
      const enc = this.encode(batch.words);
      const offset = (a: Int32Array) => Int32Array.from(a, (x, i) => (x < 0 ? -1 : Math.floor(i / steps) * n + x));
      const emb = this.tokenEmbedding.apply(tf.tensor2d(batch.inputs, [b, steps], 'int32')) as tf.Tensor3D; // [batch, steps, E]
      const x = this.drop(tf.concat([emb, this.wordInputs(enc.table, offset(batch.next), offset(batch.bracket), [b, steps])], -1)) as tf.Tensor3D; // [batch, steps, E + 4H]
      const c0 = tf.zerosLike(enc.start);
      const { output } = this.decoder.apply(x, { initialState: [{ h: enc.start, c: c0 }], lengths: batch.stepLengths }); // [batch, steps, Hd]
      const { logits } = this.readout(this.drop(output) as tf.Tensor3D, enc.words, enc.keys, batch.next, batch.words.lengths);
      const masked = tf.add(logits, tf.tensor3d(batch.allowed, [b, steps, v])); // [batch, steps, tokens]
      const oneHot = tf.oneHot(tf.tensor2d(batch.labels, [b, steps], 'int32'), v).toFloat(); // [batch, steps, tokens]; -1 -> zeros
      const picked = tf.sum(tf.mul(tf.logSoftmax(masked), oneHot)); // sum of gold log-probabilities
      return tf.div(tf.neg(picked), tf.maximum(tf.sum(oneHot), 1)) as tf.Scalar;
    });
  }

  /** Checks that every sentence can be parsed; throws an {@link InputError} saying which cannot. */
  #checkInput(sentences: readonly ConlluSentence[], op: string): void {
    if (!Array.isArray(sentences)) throw new InputError(`${op}: expected an array of sentences`);
    sentences.forEach((s, i) => {
      const n = s?.words?.length;
      if (!n) throw new InputError(`${op}: sentence ${i + 1} has no words; expected at least one word`);
      if (n > this.config.maxWords) {
        throw new InputError(`${op}: sentence ${i + 1} has ${n} words; this parser reads at most ${this.config.maxWords} (maxWords): split it`);
      }
    });
  }

  /**
   * Parses sentences (only their FORMs are read) by writing each tree, greedily or with a beam,
   * every step constrained so that the output is a tree over exactly the sentence's words.
   * Dropout off. Throws an {@link InputError} for an empty sentence or one longer than `maxWords`.
   */
  parseTrees(sentences: readonly ConlluSentence[], options: TreeParseOptions = {}): GeneratedTree[] {
    const op = 'TreeGenerator.parse';
    this.#checkInput(sentences, op);
    const beamWidth = options.beamWidth ?? 1;
    if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new InputError(`${op}: 'beamWidth' must be an integer >= 1, got ${String(beamWidth)}`);
    const was = this.training;
    this.eval();
    try {
      const out: GeneratedTree[] = new Array(sentences.length);
      const buckets = lengthBuckets(sentences.map((s) => s.words.length), { maxTokens: options.maxTokens ?? 2000, maxSentences: 256 });
      for (const idx of buckets) {
        const batch = parseBatch(idx.map((i) => sentences[i]!), this.vocabulary, { maxWordChars: this.config.maxWordChars, gold: false });
        const parsed = this.#decodeBatch(batch, beamWidth);
        idx.forEach((i, k) => (out[i] = parsed[k]!));
      }
      return out;
    } finally {
      this.train(was);
    }
  }

  /** {@link TreeGenerator.parseTrees}, written into copies of the sentences (HEAD and DEPREL). */
  parse(sentences: readonly ConlluSentence[], options: TreeParseOptions = {}): ConlluSentence[] {
    const trees = this.parseTrees(sentences, options);
    return sentences.map((s, i) => withTree(s, trees[i]!));
  }

  #decodeBatch(batch: ParseBatch, beamWidth: number): GeneratedTree[] {
    const enc = this.encode(batch);
    const session = treeStepModel(this, enc, batch.lengths);
    try {
      const limits = Array.from(batch.lengths, (n) => 3 * n + 1);
      const decode = { startToken: TREE_SOS, endToken: TREE_EOS, maxLength: limits };
      const hyps =
        beamWidth === 1
          ? greedyDecode(session.model, session.initialState, batch.batch, decode)
          : beamSearch(session.model, session.initialState, batch.batch, { ...decode, beamWidth, lengthPenalty: 0, returnCount: 1 }).map((h) => h[0]!);
      return hyps.map((h, s) => {
        const tokens = h.tokens.map((id) => this.tokens[id]!);
        return { ...delinearizeTree(tokens, batch.lengths[s]!), tokens, logProb: h.logProb };
      });
    } finally {
      session.dispose();
      tf.dispose([enc.words, enc.table, enc.keys, enc.start]);
    }
  }
}

/** 1 for a real word, 0 for padding, `[batch * words]`. */
function wordMask(batch: ParseBatch): Float32Array {
  const m = new Float32Array(batch.batch * batch.time);
  for (let s = 0; s < batch.batch; s++) m.fill(1, s * batch.time, s * batch.time + batch.lengths[s]!);
  return m;
}
