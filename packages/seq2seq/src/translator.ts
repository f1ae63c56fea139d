/**
 * A trained encoder-decoder with its data pipeline: text in, text out, with the attention of
 * every output word. What the translation CLI and web page run.
 *
 * Unknown-word replacement (Luong et al. 2015, "Addressing the rare word problem"): an output
 * `<unk>` is replaced by the source word it attended to most.
 */
import { InputError, Rng, withoutInitialisers } from '@seq2seq/core';
import { EOS_ID, SOS_ID, UNK, Vocabulary, collate, tokenizerFromJSON, type Tokenizer, type TokenizerJSON, type VocabularyJSON } from '@seq2seq/datasets';
import type { LoadedCheckpoint } from './checkpoint';
import type { Seq2SeqConfig } from './config';
import { beamProgram } from './decoding/beam';
import { greedyProgram, sampleProgram } from './decoding/greedy';
import { runDecoder, runDecoderAsync, type DecoderProgram } from './decoding/read';
import type { Hypothesis } from './decoding/types';
import { Seq2Seq } from './model';

/** The data pipeline a translation checkpoint carries. */
export interface TranslationData {
  sourceTokenizer: TokenizerJSON;
  targetTokenizer: TokenizerJSON;
  sourceVocab: VocabularyJSON;
  targetVocab: VocabularyJSON;
  /** Longest source (in tokens, without `<eos>`) the model accepts; longer inputs are truncated. */
  maxSourceLength: number;
}

/** Options of {@link Translator.translate}. Every field has a default. */
export interface TranslateOptions {
  /** `'greedy'`, `'beam'` or `'sample'`. Default `'beam'` when `beamWidth > 1`, else `'greedy'`. */
  method?: 'greedy' | 'beam' | 'sample';
  /** Beam width. Default 5. */
  beamWidth?: number;
  /** Length-normalisation exponent of beam search. Default 0.6. */
  lengthPenalty?: number;
  /** Longest output, in tokens. Default `2 * sourceLength + 10`, for each sentence its own. */
  maxLength?: number;
  /** Sampling temperature. Default 1. */
  temperature?: number;
  /** Seed for sampling. Default 0. */
  seed?: number;
  /** Replace output `<unk>` by the most-attended source word. Default true. */
  replaceUnknown?: boolean;
  /**
   * Sentences decoded together (sorted by length first, so a batch holds sentences of similar
   * length); a sentence's translation does not depend on the batch it is in, up to float
   * rounding (sampling draws do). Default 32.
   */
  batchSize?: number;
}

/** One translation. */
export interface Translation {
  source: string;
  /** The tokens the model read (after truncation). */
  sourceTokens: string[];
  /** Output tokens (after unknown-word replacement). */
  tokens: string[];
  /** Detokenised output text. */
  text: string;
  /** Log-probability of the output under the model. */
  logProb: number;
  /** `[outputStep][sourceToken]` attention weights (the `<eos>` step included); empty without attention. */
  attention: number[][];
  /** Set when the input was cut to `maxSourceLength` tokens. */
  truncated: boolean;
}

/**
 * A model plus tokenisers and vocabularies. Whoever creates the model disposes it: a translator
 * built around a model the caller passed in leaves it alone on {@link Translator.dispose}; one made
 * by {@link Translator.fromCheckpoint} owns its model and frees it.
 */
export class Translator {
  readonly sourceTokenizer: Tokenizer;
  readonly targetTokenizer: Tokenizer;
  readonly sourceVocab: Vocabulary;
  readonly targetVocab: Vocabulary;
  #ownsModel = false;

  constructor(readonly model: Seq2Seq, readonly data: TranslationData) {
    this.sourceTokenizer = tokenizerFromJSON(data.sourceTokenizer);
    this.targetTokenizer = tokenizerFromJSON(data.targetTokenizer);
    this.sourceVocab = Vocabulary.fromJSON(data.sourceVocab);
    this.targetVocab = Vocabulary.fromJSON(data.targetVocab);
    if (this.sourceVocab.size !== model.config.encoder.vocabSize || this.targetVocab.size !== model.config.decoder.vocabSize) {
      throw new InputError(
        `Translator: vocabulary sizes (${this.sourceVocab.size}, ${this.targetVocab.size}) do not match the model (${model.config.encoder.vocabSize}, ${model.config.decoder.vocabSize})`,
      );
    }
    model.eval();
  }

  /** Builds a translator from a loaded `'seq2seq'` checkpoint (the weights are consumed). */
  static fromCheckpoint(checkpoint: LoadedCheckpoint<Seq2SeqConfig, TranslationData>): Translator {
    // The checkpoint's weights replace every parameter: skip the initialisers (seconds for the
    // orthogonal recurrent matrices of a large model).
    const model = withoutInitialisers(() => new Seq2Seq(checkpoint.manifest.config));
    try {
      model.loadWeights(checkpoint.weights);
    } finally {
      for (const t of checkpoint.weights.values()) t.dispose();
    }
    try {
      const translator = new Translator(model, checkpoint.manifest.data);
      translator.#ownsModel = true;
      return translator;
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** Tokenises a source sentence as the model saw its training data. */
  sourceTokens(text: string): { tokens: string[]; truncated: boolean } {
    const tokens = this.sourceTokenizer.tokenize(text);
    const max = this.data.maxSourceLength;
    return tokens.length > max ? { tokens: tokens.slice(0, max), truncated: true } : { tokens, truncated: false };
  }

  /**
   * Translates sentences, `batchSize` at a time (sorted by length), and returns them in input
   * order; each translation is the one the sentence gets alone. Empty sentences give empty
   * translations without running the model.
   */
  translate(texts: readonly string[], options: TranslateOptions = {}): Translation[] {
    return runDecoder(this.#translateProgram(texts, options));
  }

  /**
   * {@link Translator.translate} with asynchronous reads of the model's outputs: use it on
   * WebGPU (and wherever the page must stay responsive). Same results as `translate`.
   */
  async translateAsync(texts: readonly string[], options: TranslateOptions = {}): Promise<Translation[]> {
    return runDecoderAsync(this.#translateProgram(texts, options));
  }

  *#translateProgram(texts: readonly string[], options: TranslateOptions): DecoderProgram<Translation[]> {
    const beamWidth = options.beamWidth ?? 5;
    const method = options.method ?? (beamWidth > 1 ? 'beam' : 'greedy');
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError(`Translator.translate: batchSize must be an integer >= 1, got ${batchSize}`);
    const results: Translation[] = new Array(texts.length);
    const pending: Array<{ index: number; tokens: string[]; truncated: boolean }> = [];
    texts.forEach((source, index) => {
      if (typeof source !== 'string') throw new InputError(`Translator.translate: texts[${index}] must be a string, got ${typeof source}`);
      const { tokens, truncated } = this.sourceTokens(source);
      if (tokens.length === 0) results[index] = { source, sourceTokens: [], tokens: [], text: '', logProb: 0, attention: [], truncated };
      else pending.push({ index, tokens, truncated });
    });
    // Sentences of similar length decode together: less padding, and a batch's inputs finish at
    // about the same step. Each sentence's result does not depend on its batch.
    pending.sort((a, b) => a.tokens.length - b.tokens.length);
    const rng = new Rng(options.seed ?? 0);
    for (let start = 0; start < pending.length; start += batchSize) {
      const chunk = pending.slice(start, start + batchSize);
      const hyps = yield* this.#decode(chunk.map((c) => c.tokens), method, beamWidth, options, rng);
      chunk.forEach((c, i) => {
        const h = hyps[i]!;
        const tokens = this.#outputTokens(h, c.tokens, options.replaceUnknown ?? true);
        results[c.index] = {
          source: texts[c.index]!,
          sourceTokens: c.tokens,
          tokens,
          text: this.targetTokenizer.detokenize(tokens),
          logProb: h.logProb,
          attention: h.attention.map((row) => row.slice(0, c.tokens.length + 1)),
          truncated: c.truncated,
        };
      });
    }
    return results;
  }

  *#decode(sources: string[][], method: 'greedy' | 'beam' | 'sample', beamWidth: number, options: TranslateOptions, rng: Rng): DecoderProgram<Hypothesis[]> {
    const pairs = sources.map((tokens) => ({ source: this.sourceVocab.encode(tokens, { addEos: true }), target: [SOS_ID, EOS_ID] }));
    const batch = collate(pairs);
    const maxLength = sources.map((s) => options.maxLength ?? 2 * s.length + 10);
    const decodeOptions = { startToken: SOS_ID, endToken: EOS_ID, maxLength };
    const enc = this.model.encode(batch);
    const session = this.model.stepModel(enc);
    try {
      const rows = sources.length;
      if (method === 'beam') {
        const beams = yield* beamProgram(session.model, session.initialState, rows, { ...decodeOptions, beamWidth, lengthPenalty: options.lengthPenalty ?? 0.6, returnCount: 1 });
        return beams.map((h) => h[0]!);
      }
      if (method === 'sample') return yield* sampleProgram(session.model, session.initialState, rows, { ...decodeOptions, temperature: options.temperature ?? 1, rng });
      return yield* greedyProgram(session.model, session.initialState, rows, decodeOptions);
    } finally {
      session.dispose();
      enc.dispose();
    }
  }

  #outputTokens(h: Hypothesis, sourceTokens: string[], replaceUnknown: boolean): string[] {
    return h.tokens.map((id, step) => {
      const token = this.targetVocab.tokenOf(id);
      if (token !== UNK || !replaceUnknown) return token;
      const row = h.attention[step];
      if (!row) return token;
      let best = 0;
      for (let s = 1; s < sourceTokens.length; s++) if (row[s]! > row[best]!) best = s;
      return sourceTokens[best] ?? token;
    });
  }

  /** Frees the model if this translator created it ({@link Translator.fromCheckpoint}); a model passed in is the caller's to dispose. */
  dispose(): void {
    if (this.#ownsModel) this.model.dispose();
  }
}

