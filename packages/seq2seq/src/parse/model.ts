/**
 * A graph-based dependency parser whose decoder points: every word chooses its head among ROOT
 * and the other words with a softmax over positions (the pointing of pointer networks, Vinyals et
 * al. 2015, applied to heads), scored biaffinely (Dozat and Manning 2017, "Deep biaffine attention
 * for neural dependency parsing"):
 *
 *     x_i   = [ E_word[w_i] ; charBiLSTM(chars of w_i) ]          // [batch, time, Dw + 2Hc]
 *     r_i   = BiLSTM^L(x)_i,  r_0 = ROOT (a learned vector)        // [batch, time + 1, 2H]
 *     s(i, j) = dep_i^T U head_j + u^T head_j                       // [batch, time, time + 1]
 *     dep_i = relu(A_d r_i),  head_j = relu(A_h r_j)
 *     p(head of i = j) = softmax_j s(i, j)
 *     relation of i = softmax(W [d_i ; h_j ; d_i * h_j] + b) with d, h further relu projections and j the head
 *     upos of i = softmax(T r_i + t)                                (when `tagUpos`)
 *
 * Training maximises the log-probability of the gold heads, of the gold relations given the gold
 * heads and of the gold tags. Parsing takes the maximum spanning tree of the head scores
 * (`maximumSpanningTree`, Chu-Liu/Edmonds with exactly one root), so every output is a tree, then
 * each word's best relation given its head (`root` exactly for the word attached to ROOT).
 *
 * Parameters: `wordEmbedding`, `charEmbedding`, `charRnn`, `encoder`, `root`, `arcDep`, `arcHead`,
 * `arcBilinear`, `arcHeadBias`, `relDep`, `relHead`, `relation`, `upos` (with `tagUpos`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { dropout, glorotUniform, InputError, Linear, Module, Rng, type Embedding } from '@seq2seq/core';
import type { RNN } from '@seq2seq/cells';
import { maximumSpanningTree, withTree, type ConlluSentence, type DependencyTree } from '@seq2seq/datasets';
import { resolveDependencyParserConfig, type DependencyParserConfig, type ResolvedDependencyParserConfig } from './config';
import { lengthBuckets, parseBatch, type ParseBatch } from './batch';
import { createWordEncoder, encodeWords } from './encoder';
import { ParserVocabulary, type ParserVocabularyJSON } from './vocabulary';

/** Options of the {@link DependencyParser} constructor. */
export interface DependencyParserOptions {
  /** The word, character, tag and relation vocabularies (from `ParserVocabulary.fromTreebank`). Required. */
  vocabulary: ParserVocabulary | ParserVocabularyJSON;
  /** The model's hyper-parameters; see {@link DependencyParserConfig}. Default all defaults. */
  config?: DependencyParserConfig;
}

/** Losses of one batch (scalars, mean over the words that have a gold value). */
export interface ParserLosses {
  /** Sum of the three (two without tagging): what training minimises. */
  total: tf.Scalar;
  heads: tf.Scalar;
  relations: tf.Scalar;
  upos: tf.Scalar | null;
}

/** One parsed sentence. */
export interface ParsedSentence extends DependencyTree {
  /** Predicted UPOS tags (with `tagUpos`). */
  upos?: string[];
  /**
   * With `headProbabilities: true`: `[words, words + 1]`, row `i` is word `i + 1`'s distribution
   * p(head = j) over ROOT (`j = 0`) and the words (`j = 1..n`; 0 at `j = i + 1`, itself), the
   * softmax the tree was decoded from. Each row sums to 1.
   */
  headProbabilities?: number[][];
}

/** Options of {@link DependencyParser.parse}. */
export interface ParseOptions {
  /** Most words (padding included) read at once. Default 2000. */
  maxTokens?: number;
  /** Also return each word's head distribution (`ParsedSentence.headProbabilities`). Default false. */
  headProbabilities?: boolean;
}

/** Encoder outputs of a batch (owned by the caller). */
export interface ParserEncoded {
  /** `[batch, time, 2H]` */
  words: tf.Tensor3D;
  /** ROOT then the words, `[batch, time + 1, 2H]` */
  withRoot: tf.Tensor3D;
}

const NEG = -1e9;

/** The parser; see the module comment. */
export class DependencyParser extends Module {
  readonly config: ResolvedDependencyParserConfig;
  readonly vocabulary: ParserVocabulary;
  readonly wordEmbedding: Embedding;
  readonly charEmbedding: Embedding;
  readonly charRnn: RNN;
  readonly encoder: RNN;
  readonly root: tf.Variable;
  readonly arcDep: Linear;
  readonly arcHead: Linear;
  readonly arcBilinear: Linear;
  readonly arcHeadBias: Linear;
  readonly relDep: Linear;
  readonly relHead: Linear;
  readonly relation: Linear;
  readonly upos: Linear | null;
  /** Random source of dropout and word dropout (saved by `TrainingRun`). */
  readonly rng: Rng;

  constructor(options: DependencyParserOptions) {
    super();
    if (options == null || typeof options !== 'object' || options.vocabulary == null) {
      throw new InputError('DependencyParser: expected { vocabulary, config? }');
    }
    const c = resolveDependencyParserConfig(options.config ?? {});
    this.config = Object.freeze(c);
    this.vocabulary = options.vocabulary instanceof ParserVocabulary ? options.vocabulary : new ParserVocabulary(options.vocabulary);
    const v = this.vocabulary;
    if (c.tagUpos && v.upos.length === 0) throw new InputError('DependencyParser: tagUpos needs UPOS tags in the vocabulary; set tagUpos: false');
    const rng = new Rng(c.seed);
    const enc = 2 * c.hiddenSize;
    const words = createWordEncoder(c, v, rng, (name, m) => this.addModule(name, m));
    this.wordEmbedding = words.wordEmbedding;
    this.charEmbedding = words.charEmbedding;
    this.charRnn = words.charRnn;
    this.encoder = words.encoder;
    this.root = this.addParameter('root', [1, 1, enc], glorotUniform(), rng);
    this.arcDep = this.addModule('arcDep', new Linear({ inputSize: enc, outputSize: c.arcSize, rng }));
    this.arcHead = this.addModule('arcHead', new Linear({ inputSize: enc, outputSize: c.arcSize, rng }));
    this.arcBilinear = this.addModule('arcBilinear', new Linear({ inputSize: c.arcSize, outputSize: c.arcSize, bias: false, rng }));
    this.arcHeadBias = this.addModule('arcHeadBias', new Linear({ inputSize: c.arcSize, outputSize: 1, bias: false, rng }));
    this.relDep = this.addModule('relDep', new Linear({ inputSize: enc, outputSize: c.relationSize, rng }));
    this.relHead = this.addModule('relHead', new Linear({ inputSize: enc, outputSize: c.relationSize, rng }));
    this.relation = this.addModule('relation', new Linear({ inputSize: 3 * c.relationSize, outputSize: v.relations.length, rng }));
    this.upos = c.tagUpos ? this.addModule('upos', new Linear({ inputSize: enc, outputSize: v.upos.length, rng })) : null;
    this.rng = rng.fork();
  }

  /** Dropout in training mode only. */
  #drop(x: tf.Tensor): tf.Tensor {
    return this.training && this.config.dropout > 0 ? dropout(x, this.config.dropout, this.rng) : x;
  }

  /** Encoder outputs of a host batch. */
  encode(batch: ParseBatch): ParserEncoded {
    const b = batch.batch;
    return tf.tidy(() => {
      const out = encodeWords(this, batch, { training: this.training, dropout: this.config.dropout, wordDropout: this.config.wordDropout, rng: this.rng }); // [batch, time, 2H]
      const root = tf.add(tf.zeros([b, 1, out.shape[2]]), this.root) as tf.Tensor3D; // [batch, 1, 2H]
      const withRoot = tf.concat([root, out], 1); // [batch, time + 1, 2H]
      return { words: out, withRoot } as unknown as tf.TensorContainer;
    }) as unknown as ParserEncoded;
  }

  /** Head scores `[batch, time, time + 1]` with impossible heads (padding, the word itself) at -1e9. */
  arcScores(encoded: ParserEncoded, batch: ParseBatch): tf.Tensor3D {
    const { batch: b, time: t } = batch;
    return tf.tidy(() => {
      const dep = this.#drop(tf.relu(this.arcDep.apply(encoded.words))); // [batch, time, A]
      const head = this.#drop(tf.relu(this.arcHead.apply(encoded.withRoot))) as tf.Tensor3D; // [batch, time + 1, A]
      const bilinear = tf.matMul(this.arcBilinear.apply(dep) as tf.Tensor3D, head, false, true); // [batch, time, time + 1]
      const prior = tf.reshape(this.arcHeadBias.apply(head), [b, 1, t + 1]); // [batch, 1, time + 1]
      return tf.add(tf.add(bilinear, prior), tf.tensor3d(headMask(batch), [b, t, t + 1])) as tf.Tensor3D; // [batch, time, time + 1]
    });
  }

  /** Relation logits `[batch, time, relations]` of every word given its head (`heads`: `[batch, time]`, 0 = root). */
  relationLogits(encoded: ParserEncoded, heads: Int32Array, batch: ParseBatch): tf.Tensor3D {
    const { batch: b, time: t } = batch;
    return tf.tidy(() => {
      const dep = this.#drop(tf.relu(this.relDep.apply(encoded.words))); // [batch, time, R]
      const head = this.#drop(tf.relu(this.relHead.apply(encoded.withRoot))) as tf.Tensor3D; // [batch, time + 1, R]
      const pick = tf.oneHot(tf.tensor2d(heads, [b, t], 'int32'), t + 1).toFloat() as tf.Tensor3D; // [batch, time, time + 1]
      const chosen = tf.matMul(pick, head); // [batch, time, R]: each word's head's vector
      return this.relation.apply(tf.concat([dep, chosen, tf.mul(dep, chosen)], -1)) as tf.Tensor3D; // [batch, time, relations]
    });
  }

  /** The training losses of a batch with gold trees (dropout and word dropout in training mode). */
  losses(batch: ParseBatch): ParserLosses {
    const { batch: b, time: t } = batch;
    if (!batch.heads || !batch.relations || !batch.upos) throw new InputError('DependencyParser.losses: expected a batch with gold heads, relations and tags');
    const heads = batch.heads;
    const relations = batch.relations;
    const upos = batch.upos;
    return tf.tidy(() => {
      const encoded = this.encode(batch);
      const words = tf.tensor2d(wordMask(batch), [b, t]); // [batch, time]
      const headLoss = crossEntropy(this.arcScores(encoded, batch), heads, words, t + 1);
      const relLoss = crossEntropy(this.relationLogits(encoded, heads, batch), relations, null, this.vocabulary.relations.length);
      const tagLoss = this.upos ? crossEntropy(this.upos.apply(encoded.words) as tf.Tensor3D, upos, null, this.vocabulary.upos.length) : null;
      const total = tf.addN([headLoss, relLoss, ...(tagLoss ? [tagLoss] : [])]) as tf.Scalar;
      return { total, heads: headLoss, relations: relLoss, upos: tagLoss } as unknown as tf.TensorContainer;
    }) as unknown as ParserLosses;
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
   * Parses sentences (only their FORMs are read) into trees: the maximum spanning tree of the head
   * scores, the best relation of each word given its head, and the tags. Dropout off. Throws an
   * {@link InputError} for an empty sentence or one longer than `maxWords`.
   */
  parseTrees(sentences: readonly ConlluSentence[], options: ParseOptions = {}): ParsedSentence[] {
    const op = 'DependencyParser.parse';
    this.#checkInput(sentences, op);
    const was = this.training;
    this.eval();
    try {
      const out: ParsedSentence[] = new Array(sentences.length);
      const buckets = lengthBuckets(sentences.map((s) => s.words.length), { maxTokens: options.maxTokens ?? 2000, maxSentences: 256 });
      for (const idx of buckets) {
        const batch = parseBatch(idx.map((i) => sentences[i]!), this.vocabulary, { maxWordChars: this.config.maxWordChars, gold: false });
        // tidy: frees whatever the forward passes leave behind (the results are host arrays)
        const parsed = tf.tidy(() => this.#parseBatch(batch, options.headProbabilities ?? false) as unknown as tf.TensorContainer) as unknown as ParsedSentence[];
        idx.forEach((i, k) => (out[i] = parsed[k]!));
      }
      return out;
    } finally {
      this.train(was);
    }
  }

  /** {@link DependencyParser.parseTrees}, written into copies of the sentences (HEAD, DEPREL, and UPOS when tagged). */
  parse(sentences: readonly ConlluSentence[], options: ParseOptions = {}): ConlluSentence[] {
    const trees = this.parseTrees(sentences, options);
    return sentences.map((s, i) => withParse(s, trees[i]!));
  }

  #parseBatch(batch: ParseBatch, withProbabilities: boolean): ParsedSentence[] {
    const { batch: b, time: t } = batch;
    const relCount = this.vocabulary.relations.length;
    const encoded = this.encode(batch);
    try {
      const logProbs = tf.tidy(() => tf.logSoftmax(this.arcScores(encoded, batch))).dataSync() as Float32Array; // [batch, time, time + 1]
      const heads = new Int32Array(b * t);
      for (let s = 0; s < b; s++) {
        const n = batch.lengths[s]!;
        const scores = Array.from({ length: n }, (_, i) =>
          Array.from({ length: n + 1 }, (_, j) => (j === i + 1 ? Number.NEGATIVE_INFINITY : logProbs[(s * t + i) * (t + 1) + j]!)),
        );
        maximumSpanningTree(scores).heads.forEach((h, i) => (heads[s * t + i] = h));
      }
      const rel = tf.tidy(() => tf.logSoftmax(this.relationLogits(encoded, heads, batch))).dataSync() as Float32Array; // [batch, time, relations]
      const tags = this.upos ? (tf.tidy(() => tf.argMax(this.upos!.apply(encoded.words), -1)).dataSync() as Int32Array) : null; // [batch, time]
      const rootId = this.vocabulary.relationId('root');
      const result: ParsedSentence[] = [];
      for (let s = 0; s < b; s++) {
        const n = batch.lengths[s]!;
        const sh: number[] = [];
        const sr: string[] = [];
        for (let i = 0; i < n; i++) {
          const h = heads[s * t + i]!;
          sh.push(h);
          let best = -1;
          if (rootId >= 0 && h === 0) best = rootId;
          else {
            for (let r = 0; r < relCount; r++) {
              if (r === rootId) continue;
              if (best < 0 || rel[(s * t + i) * relCount + r]! > rel[(s * t + i) * relCount + best]!) best = r;
            }
            if (best < 0) best = 0;
          }
          sr.push(this.vocabulary.relations[best]!);
        }
        // p(head of word i = j) = exp(log softmax_j s(i, j)), j = 0..n: ROOT and the sentence's words
        const probabilities = withProbabilities
          ? Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j === i + 1 ? 0 : Math.exp(logProbs[(s * t + i) * (t + 1) + j]!))))
          : null;
        result.push({
          heads: sh,
          relations: sr,
          ...(tags ? { upos: Array.from(tags.subarray(s * t, s * t + n), (k) => this.vocabulary.upos[k]!) } : {}),
          ...(probabilities ? { headProbabilities: probabilities } : {}),
        });
      }
      return result;
    } finally {
      tf.dispose([encoded.words, encoded.withRoot]);
    }
  }
}

/** A copy of `sentence` with a parse written in: HEAD and DEPREL, and UPOS when the parser tags. */
export function withParse(sentence: ConlluSentence, tree: ParsedSentence): ConlluSentence {
  const parsed = withTree(sentence, tree);
  const tags = tree.upos;
  return tags ? { ...parsed, words: parsed.words.map((w, k) => ({ ...w, upos: tags[k]! })) } : parsed;
}

/** 1 for a real word, 0 for padding, `[batch, time]`. */
function wordMask(batch: ParseBatch): Float32Array {
  const m = new Float32Array(batch.batch * batch.time);
  for (let s = 0; s < batch.batch; s++) m.fill(1, s * batch.time, s * batch.time + batch.lengths[s]!);
  return m;
}

/** 0 where word i of sentence s may take head j, -1e9 elsewhere (past the sentence, itself), `[batch, time, time + 1]`. */
function headMask(batch: ParseBatch): Float32Array {
  const { batch: b, time: t } = batch;
  const m = new Float32Array(b * t * (t + 1));
  for (let s = 0; s < b; s++) {
    const n = batch.lengths[s]!;
    for (let i = 0; i < t; i++) {
      const row = (s * t + i) * (t + 1);
      if (i >= n) continue; // padding rows: every head allowed (their loss is masked out)
      for (let j = n + 1; j <= t; j++) m[row + j] = NEG;
      m[row + i + 1] = NEG;
    }
  }
  return m;
}

/**
 * Mean over counted positions of `-log softmax(logits)[target]`; a target of -1 (unknown, padding)
 * is not counted, nor a position where `mask` is 0. The one-hot product, since gather has no WASM gradient.
 */
function crossEntropy(logits: tf.Tensor3D, targets: Int32Array, mask: tf.Tensor2D | null, classes: number): tf.Scalar {
  const [b, t] = logits.shape;
  const oneHot = tf.oneHot(tf.tensor2d(targets, [b, t], 'int32'), classes).toFloat(); // [batch, time, classes]; -1 -> zeros
  let picked = tf.sum(tf.mul(tf.logSoftmax(logits), oneHot), -1); // [batch, time]
  let counted = tf.sum(oneHot, -1); // [batch, time]
  if (mask) {
    picked = tf.mul(picked, mask);
    counted = tf.mul(counted, mask);
  }
  return tf.div(tf.neg(tf.sum(picked)), tf.maximum(tf.sum(counted), 1)) as tf.Scalar;
}
