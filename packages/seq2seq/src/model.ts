/**
 * Encoder-decoder with attention.
 *
 * Sutskever, Vinyals and Le (2014), "Sequence to Sequence Learning with Neural Networks": an
 * encoder RNN reads the source (optionally reversed), a decoder RNN started from the encoder's
 * final state writes the target. Bahdanau et al. (2015) and Luong et al. (2015) add attention:
 *
 *   alpha_{t,s} = softmax_t(score(e_t, d_s)),   c_s = sum_t alpha_{t,s} e_t
 *   h~_s = tanh(W_c [c_s; d_s]),                p(y_s | y_<s, x) = softmax(W_o h~_s)
 *
 * Teacher-forced training without input feeding runs the decoder recurrence with the fused
 * sequence runner and attention for all steps as one batched matMul; input feeding (the previous
 * h~ joins the next input) and scheduled sampling (Bengio et al. 2015) need the step loop.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Attention, type AttentionState } from '@seq2seq/attention';
import { DerivedWeights, RNN, linearLogSoftmax, pickRows, type CellState } from '@seq2seq/cells';
import { Dropout, Embedding, InputError, Linear, Module, Rng, normal, uniform, type Initializer, type Rng as RngType } from '@seq2seq/core';
import { reverseSources, teacherForcing, type SourceBatch, type TokenBatch } from './batch';
import { resolveSeq2SeqConfig, type EmbeddingInit, type ResolvedSeq2SeqConfig, type Seq2SeqConfig } from './config';
import type { StepModel } from './decoding/types';
import { maskedCrossEntropy } from './losses';

/** What the encoder hands the decoder. Holds tensors: call `dispose()` when done (twice is harmless). */
export interface Encoded {
  /** `[batch, sourceTime, encoderWidth]` */
  states: tf.Tensor3D;
  /** `[batch]` valid source lengths (host). */
  lengths: Int32Array;
  /** Initial decoder state of every decoder layer. */
  decoderState: CellState[];
  /** Frees `states` and `decoderState`. */
  dispose(): void;
}

/** Options of {@link Seq2Seq.loss}. */
export interface LossOptions {
  /** Label smoothing in [0, 1). Default 0. */
  labelSmoothing?: number;
  /** Probability of feeding the gold previous token (1 = pure teacher forcing). Default 1. */
  teacherForcingRatio?: number;
  /** Random source for scheduled sampling. Required when `teacherForcingRatio < 1`. */
  rng?: RngType;
}

/** Decoder step state for {@link Seq2Seq.stepModel}; `dispose()` frees its tensors. */
export interface DecoderStepState {
  layers: CellState[];
  /** Previous attentional state `h~` (input feeding), `[rows, attentionalSize]`. */
  feed: tf.Tensor2D | null;
  /** Which source row each decoder row attends to (host). */
  sourceRows: Int32Array;
  dispose(): void;
}

/** A step state whose `dispose()` frees its tensors once. */
function decoderStepState(layers: CellState[], feed: tf.Tensor2D | null, sourceRows: Int32Array): DecoderStepState {
  let disposed = false;
  return {
    layers,
    feed,
    sourceRows,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of layers) tf.dispose([s.h, s.c]);
      feed?.dispose();
    },
  };
}

/** An encoder-decoder built from one {@link Seq2SeqConfig}. */
export class Seq2Seq extends Module {
  readonly config: ResolvedSeq2SeqConfig;
  readonly sourceEmbedding: Embedding;
  readonly encoder: RNN;
  readonly bridge: Linear | null;
  readonly bridgeCell: Linear | null;
  readonly targetEmbedding: Embedding;
  readonly decoder: RNN;
  readonly attention: Attention | null;
  readonly combine: Linear | null;
  readonly output: Linear;
  readonly #dropoutEnc: Dropout;
  readonly #dropoutDec: Dropout;
  /** The output kernel packed for the native output layer of decoding (kept while it does not change). */
  readonly #outputPacked = new DerivedWeights();
  readonly encoderWidth: number;

  constructor(config: Seq2SeqConfig) {
    super();
    const c = (this.config = resolveSeq2SeqConfig(config));
    const rng = new Rng(c.seed);
    const { encoder: e, decoder: d } = c;
    this.encoderWidth = e.hiddenSize * (e.bidirectional ? 2 : 1);
    this.sourceEmbedding = this.addModule('source_embedding', new Embedding({ vocabSize: e.vocabSize, embeddingSize: e.embeddingSize, paddingIdx: 0, weightInit: embeddingInit(e.embeddingInit), rng }));
    this.encoder = this.addModule(
      'encoder',
      new RNN({ cell: e.cell, inputSize: e.embeddingSize, hiddenSize: e.hiddenSize, numLayers: e.numLayers, bidirectional: e.bidirectional, residual: e.residual, dropout: e.dropout, rng }),
    );
    const lstm = d.cell === 'lstm';
    this.bridge = c.bridge === 'linear' ? this.addModule('bridge', new Linear({ inputSize: this.encoderWidth, outputSize: d.numLayers * d.hiddenSize, rng })) : null;
    this.bridgeCell =
      c.bridge === 'linear' && lstm && e.cell === 'lstm'
        ? this.addModule('bridge_cell', new Linear({ inputSize: this.encoderWidth, outputSize: d.numLayers * d.hiddenSize, rng }))
        : null;
    this.targetEmbedding = this.addModule('target_embedding', new Embedding({ vocabSize: d.vocabSize, embeddingSize: d.embeddingSize, paddingIdx: 0, weightInit: embeddingInit(d.embeddingInit), rng }));
    const feedWidth = d.inputFeeding ? d.attentionalSize : 0;
    this.decoder = this.addModule(
      'decoder',
      new RNN({ cell: d.cell, inputSize: d.embeddingSize + feedWidth, hiddenSize: d.hiddenSize, numLayers: d.numLayers, residual: d.numLayers > 1 && e.residual, dropout: d.dropout, rng }),
    );
    if (d.attention === 'none') {
      this.attention = null;
      this.combine = null;
    } else {
      this.attention = this.addModule('attention', new Attention({ kind: d.attention, encoderSize: this.encoderWidth, decoderSize: d.hiddenSize, rng }));
      this.combine = this.addModule('combine', new Linear({ inputSize: this.encoderWidth + d.hiddenSize, outputSize: d.attentionalSize, bias: false, rng }));
    }
    const top = d.attention === 'none' ? d.hiddenSize : d.attentionalSize;
    this.output = this.addModule('output', new Linear({ inputSize: top, outputSize: d.vocabSize, rng }));
    this.#dropoutEnc = new Dropout({ rate: e.dropout, rng: rng.fork() });
    this.#dropoutDec = new Dropout({ rate: d.dropout, rng: rng.fork() });
  }

  /** Frees the packed output kernel; {@link Module.dispose} calls it. */
  protected override disposeCaches(): void {
    this.#outputPacked.dispose();
  }

  override train(training = true): this {
    super.train(training);
    this.#dropoutEnc.train(training);
    this.#dropoutDec.train(training);
    return this;
  }

  /**
   * Runs the encoder over a host batch of source ids (a {@link TokenBatch}, a `collate` result,
   * or just its source half). The caller disposes the result (`enc.dispose()`).
   */
  encode(sources: SourceBatch): Encoded {
    const op = 'Seq2Seq.encode';
    if (sources == null || typeof sources !== 'object' || sources.shape == null) {
      throw new InputError(`${op}: 'sources' must be a batch { source, sourceLengths, shape: { batch, sourceTime } }, got ${String(sources)}`);
    }
    const { source, sourceLengths: lengths } = sources;
    const { batch, sourceTime } = sources.shape;
    if (source?.length !== batch * sourceTime || lengths?.length !== batch) {
      throw new InputError(`${op}: 'source' must hold batch*sourceTime = ${batch * sourceTime} ids and 'sourceLengths' ${batch}, got ${source?.length} and ${lengths?.length}`);
    }
    for (let b = 0; b < batch; b++) {
      const n = lengths[b]!;
      if (!(n >= 1 && n <= sourceTime)) throw new InputError(`${op}: 'sourceLengths[${b}]' must be in [1, ${sourceTime}], got ${n}`);
    }
    const ids = this.config.encoder.reverseSource ? reverseSources(source, lengths, sourceTime, true) : source;
    const { states, decoderState } = tf.tidy(() => {
      const emb = this.sourceEmbedding.apply(tf.tensor2d(ids, [batch, sourceTime], 'int32')) as tf.Tensor3D; // [B, S, E]
      const { output, state } = this.encoder.apply(this.#dropoutEnc.apply(emb) as tf.Tensor3D, { lengths }); // [B, S, He]
      return { states: output, decoderState: this.#bridgeState(state, batch) } as unknown as tf.TensorContainer;
    }) as unknown as { states: tf.Tensor3D; decoderState: CellState[] };
    let disposed = false;
    return {
      states,
      lengths,
      decoderState,
      dispose() {
        if (disposed) return;
        disposed = true;
        states.dispose();
        for (const s of decoderState) tf.dispose([s.h, s.c]);
      },
    };
  }

  /** Decoder initial states from the encoder's top-layer final states. */
  #bridgeState(finalState: CellState[], batch: number): CellState[] {
    const { decoder: d, encoder: e } = this.config;
    const dirs = e.bidirectional ? 2 : 1;
    const top = finalState.slice(finalState.length - dirs);
    const zeros = (): CellState[] => this.decoder.initialState(batch);
    if (!this.bridge) return zeros();
    const cat = (k: 'h' | 'c'): tf.Tensor2D => (dirs === 1 ? top[0]![k]! : tf.concat(top.map((s) => s[k]!), 1)) as tf.Tensor2D; // [B, He]
    const split = (x: tf.Tensor): tf.Tensor2D[] => (d.numLayers === 1 ? [x as tf.Tensor2D] : (tf.split(x, d.numLayers, 1) as tf.Tensor2D[]));
    const hs = split(tf.tanh(this.bridge.apply(cat('h')))); // numLayers x [B, Hd]
    if (d.cell !== 'lstm') return hs.map((h) => ({ h }));
    const cs = this.bridgeCell ? split(tf.tanh(this.bridgeCell.apply(cat('c')))) : zeros().map((s) => s.c!);
    return hs.map((h, i) => ({ h, c: cs[i]! }));
  }

  /** `h~ = tanh(W_c [c; d])` for `[.., encoderWidth]` contexts and `[.., hidden]` decoder states. */
  #attentional(context: tf.Tensor, hidden: tf.Tensor): tf.Tensor {
    return tf.tanh(this.combine!.apply(tf.concat([context, hidden], -1)));
  }

  /**
   * Teacher-forced logits for a batch: `[batch, targetTime - 1, vocab]`, with the attention
   * weights `[batch, targetTime - 1, sourceTime]` (null without attention).
   */
  forward(batch: TokenBatch, options: Pick<LossOptions, 'teacherForcingRatio' | 'rng'> = {}): { logits: tf.Tensor3D; weights: tf.Tensor3D | null; labels: tf.Tensor2D; mask: tf.Tensor2D } {
    const ratio = options.teacherForcingRatio ?? 1;
    return tf.tidy(() => {
      const enc = this.encode(batch);
      const tfv = teacherForcing(batch);
      const stepwise = this.config.decoder.inputFeeding || ratio < 1;
      const out = stepwise ? this.#forwardSteps(enc, tfv.inputs, ratio, options.rng) : this.#forwardFused(enc, tfv.inputs, tfv.lengths);
      return { ...out, labels: tfv.labels, mask: tfv.mask } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor3D; weights: tf.Tensor3D | null; labels: tf.Tensor2D; mask: tf.Tensor2D };
  }

  /** Decoder recurrence with the fused runner, attention over all steps at once. */
  #forwardFused(enc: Encoded, inputs: tf.Tensor2D, lengths: Int32Array): { logits: tf.Tensor3D; weights: tf.Tensor3D | null } {
    const emb = this.#dropoutDec.apply(this.targetEmbedding.apply(inputs)) as tf.Tensor3D; // [B, T, E]
    const { output } = this.decoder.apply(emb, { initialState: enc.decoderState, lengths }); // [B, T, Hd]
    if (!this.attention) return { logits: this.output.apply(this.#dropoutDec.apply(output)) as tf.Tensor3D, weights: null };
    const { context, weights } = this.attention.apply(enc.states, output, { lengths: enc.lengths }); // [B, T, He], [B, T, S]
    const att = this.#dropoutDec.apply(this.#attentional(context, output)); // [B, T, Ha]
    return { logits: this.output.apply(att) as tf.Tensor3D, weights };
  }

  /** Step-by-step decoder: input feeding and/or scheduled sampling. */
  #forwardSteps(enc: Encoded, inputs: tf.Tensor2D, ratio: number, rng: RngType | undefined): { logits: tf.Tensor3D; weights: tf.Tensor3D | null } {
    if (ratio < 1 && !rng) throw new InputError('Seq2Seq.forward: scheduled sampling (teacherForcingRatio < 1) needs an rng');
    const [batch, steps] = inputs.shape;
    const gold = tf.unstack(tf.transpose(inputs)) as tf.Tensor1D[]; // steps x [B]
    const prepared = this.attention?.prepare(enc.states, { lengths: enc.lengths });
    try {
      let layers = enc.decoderState;
      let feed: tf.Tensor2D | null = this.config.decoder.inputFeeding ? tf.zeros([batch, this.config.decoder.attentionalSize]) : null;
      let prev: tf.Tensor1D = gold[0]!;
      const logits: tf.Tensor2D[] = [];
      const weights: tf.Tensor2D[] = [];
      for (let s = 0; s < steps; s++) {
        const token = s === 0 || rng === undefined || rng.next() < ratio ? gold[s]! : prev;
        let x = this.#dropoutDec.apply(this.targetEmbedding.apply(token)) as tf.Tensor2D; // [B, E]
        if (feed) x = tf.concat([x, feed], 1);
        const r = this.decoder.step(x, layers);
        layers = r.state;
        let top: tf.Tensor2D = r.output; // [B, Hd]
        if (this.attention && prepared) {
          const a = this.attention.step(r.output, prepared); // [B, He], [B, S]
          top = this.#attentional(a.context, r.output) as tf.Tensor2D; // [B, Ha]
          weights.push(a.weights);
          if (feed) feed = top;
        }
        const l = this.output.apply(this.#dropoutDec.apply(top)) as tf.Tensor2D; // [B, V]
        logits.push(l);
        prev = tf.cast(tf.argMax(l, 1), 'int32') as tf.Tensor1D; // no gradient flows through a choice
      }
      return {
        logits: tf.stack(logits, 1) as tf.Tensor3D, // [B, T, V]
        weights: weights.length ? (tf.stack(weights, 1) as tf.Tensor3D) : null,
      };
    } finally {
      prepared?.dispose();
    }
  }

  /** Mean masked cross-entropy of a batch (what the trainer minimises). */
  loss(batch: TokenBatch, options: LossOptions = {}): tf.Scalar {
    return tf.tidy(() => {
      const { logits, labels, mask } = this.forward(batch, options);
      return maskedCrossEntropy(logits, labels, mask, { labelSmoothing: options.labelSmoothing });
    });
  }

  /**
   * A {@link StepModel} over encoded sources, for the decoders. Call `dispose()` on the session
   * when decoding is done (it owns the encoder states and the attention caches).
   */
  stepModel(enc: Encoded): { model: StepModel<DecoderStepState>; initialState: DecoderStepState; dispose(): void } {
    const batch = enc.lengths.length;
    const caches = new Map<string, ReturnType<Attention['prepare']>>();
    // The attention keys of every source, computed once; a set of rows picks its sources' rows.
    let all: AttentionState | null = null;
    const prepared = (rows: Int32Array) => {
      const key = rows.join(',');
      let p = caches.get(key);
      if (!p && this.attention) {
        all ??= this.attention.prepare(enc.states, { lengths: enc.lengths });
        p = this.attention.selectRows(all, rows, { pick: pickRows });
        caches.set(key, p);
        // Decoders that drop finished rows move on to new row sets and do not come back to
        // the old ones: keep the two latest (one that is needed again is prepared again).
        for (const [old, cached] of caches) {
          if (caches.size <= 2) break;
          cached.dispose();
          caches.delete(old);
        }
      }
      return p;
    };
    const att = this.attention;
    const inputFeeding = this.config.decoder.inputFeeding;
    const model: StepModel<DecoderStepState> = {
      step: (tokens, state) => {
        // Rows in runs of one source each (a beam's hypotheses side by side; one row per source
        // in greedy decoding) attend to one cached copy per source, which dropping finished
        // sources or reordering beams never recomputes.
        const groups = att ? sourceGroups(state.sourceRows) : null;
        // Prepare (or reuse) the attention cache outside the tidy: it outlives this step.
        const cache = prepared(groups ? groups.sources : state.sourceRows);
        const out = tf.tidy(() => {
          let x = pickRows(this.targetEmbedding.weight as tf.Tensor2D, tokens); // [R, E]: the embedding lookup, natively on WASM
          if (state.feed) x = tf.concat([x, state.feed], 1);
          const r = this.decoder.step(x, state.layers);
          let top: tf.Tensor2D = r.output;
          let weights: tf.Tensor2D | undefined;
          if (att) {
            const a = groups ? attendGrouped(att, cache!, r.output, groups.size) : att.step(r.output, cache!);
            top = this.#attentional(a.context, r.output) as tf.Tensor2D;
            weights = a.weights;
          }
          // One native call on WASM (product and log-softmax): half of a step's time went to
          // tfjs's logSoftmax (scalar exp) and matMul at 8,139 words (scripts/profile-decode.ts).
          const logProbs = linearLogSoftmax(top, this.output.kernel as tf.Tensor2D, this.output.bias as tf.Tensor1D | null, { cache: this.#outputPacked }); // [R, V]
          return { logProbs, layers: r.state, feed: inputFeeding ? top : null, attention: weights } as unknown as tf.TensorContainer;
        }) as unknown as { logProbs: tf.Tensor2D; layers: CellState[]; feed: tf.Tensor2D | null; attention?: tf.Tensor2D };
        return { logProbs: out.logProbs, state: decoderStepState(out.layers, out.feed, state.sourceRows), attention: out.attention };
      },
      gather: (state, rows) => {
        const picked = tf.tidy(() => {
          const pick = (t: tf.Tensor2D) => pickRows(t, rows); // [rows, H]
          return {
            layers: state.layers.map((s) => (s.c ? { h: pick(s.h), c: pick(s.c) } : { h: pick(s.h) })),
            feed: state.feed ? pick(state.feed) : null,
          } as unknown as tf.TensorContainer;
        }) as unknown as { layers: CellState[]; feed: tf.Tensor2D | null };
        return decoderStepState(picked.layers, picked.feed, Int32Array.from(rows, (r) => state.sourceRows[r]!));
      },
    };
    const initialState = decoderStepState(
      enc.decoderState.map((s) => ({ h: s.h.clone(), ...(s.c ? { c: s.c.clone() } : {}) })),
      inputFeeding ? (tf.zeros([batch, this.config.decoder.attentionalSize]) as tf.Tensor2D) : null,
      Int32Array.from({ length: batch }, (_, i) => i),
    );
    return {
      model,
      initialState,
      dispose: () => {
        for (const p of caches.values()) p.dispose();
        caches.clear();
        all?.dispose();
      },
    };
  }
}

/**
 * `rows` as consecutive runs of `size` equal source rows, one run per entry of `sources`; null
 * when the runs differ in length.
 */
function sourceGroups(rows: Int32Array): { sources: Int32Array; size: number } | null {
  let size = 1;
  while (size < rows.length && rows[size] === rows[0]) size++;
  if (rows.length % size !== 0) return null;
  for (let r = 0; r < rows.length; r++) if (rows[r] !== rows[r - (r % size)]) return null;
  return { sources: rows.filter((_, r) => r % size === 0), size };
}

/**
 * Attention of `[sources * size, Dd]` decoder rows, `size` consecutive rows per source, over a
 * state prepared once per source: each source's rows attend as the target steps of one
 * sequence do.
 */
function attendGrouped(att: Attention, cache: AttentionState, hidden: tf.Tensor2D, size: number): { context: tf.Tensor2D; weights: tf.Tensor2D } {
  const [rows, width] = hidden.shape;
  const keep = cache.mask ? tf.expandDims(cache.mask, 1) : null; // [n, 1, S]
  const { context, weights } = att.attendAll(cache, tf.reshape(hidden, [rows / size, size, width]), keep); // [n, size, De], [n, size, S]
  return { context: tf.reshape(context, [rows, -1]) as tf.Tensor2D, weights: tf.reshape(weights, [rows, -1]) as tf.Tensor2D }; // [rows, De], [rows, S]
}

function embeddingInit(kind: EmbeddingInit): Initializer {
  return kind === 'normal' ? normal(1) : uniform(0.08);
}
