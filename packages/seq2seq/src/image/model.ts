/**
 * Image to sequence: Show, Attend and Tell (Xu et al. 2015) with Luong et al. (2015)'s
 * attentional decoder, the recipe of `Seq2Seq` with a convolutional encoder in place of the RNN.
 *
 *   a = CNN(x) + p                          [batch, positions, features]   (see ./encoder.ts)
 *   h_0 = tanh(W_h mean_i a_i),  c_0 = tanh(W_c mean_i a_i)                (Xu et al. 2015, sec. 3.1.2)
 *   d_s = LSTM([E y_{s-1}; h~_{s-1}], d_{s-1})                            (input feeding)
 *   alpha_{s,i} = softmax_i(score(a_i, d_s)),   c_s = sum_i alpha_{s,i} a_i
 *   h~_s = tanh(W_c [c_s; d_s]),   p(y_s | y_<s, x) = softmax(W_o h~_s)
 *
 * `alpha_s` over the grid is where the model looked for output token s: {@link ImageToSequence.stepModel}
 * hands it to the decoders (`greedyDecode`, `beamSearch`), and `grid` says how to draw it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Attention, dot } from '@seq2seq/attention';
import { RNN, type CellState } from '@seq2seq/cells';
import { Dropout, Embedding, InputError, Linear, Module, Rng, uniform, zeros } from '@seq2seq/core';
import { teacherForcing } from '../batch';
import type { StepModel } from '../decoding/types';
import { maskedCrossEntropy } from '../losses';
import { checkImageTokenBatch, type ImageSourceBatch, type ImageTokenBatch } from './batch';
import { resolveImageToSequenceConfig, type ImageToSequenceConfig, type ResolvedImageToSequenceConfig } from './config';
import { ConvEncoder } from './encoder';

/** What the encoder hands the decoder. Holds tensors: call `dispose()` when done (twice is harmless). */
export interface EncodedImages {
  /** `[batch, positions, featureSize]`: the annotation vectors, grid positions row by row. */
  features: tf.Tensor3D;
  /** The grid the positions come from: `positions = grid.height * grid.width`. */
  grid: { height: number; width: number };
  /** Initial decoder state. */
  decoderState: CellState[];
  /** Frees `features` and `decoderState`. */
  dispose(): void;
}

/** Decoder step state of {@link ImageToSequence.stepModel}; `dispose()` frees its tensors. */
export interface ImageDecoderState {
  layers: CellState[];
  /** Previous attentional state `h~` (input feeding), `[rows, attentionalSize]`. */
  feed: tf.Tensor2D | null;
  /** Which image each decoder row attends to (host). */
  imageRows: Int32Array;
  dispose(): void;
}

/** Options of {@link ImageToSequence.loss}. */
export interface ImageLossOptions {
  /** Label smoothing in [0, 1). Default 0. */
  labelSmoothing?: number;
}

function decoderState(layers: CellState[], feed: tf.Tensor2D | null, imageRows: Int32Array): ImageDecoderState {
  let disposed = false;
  return {
    layers,
    feed,
    imageRows,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of layers) tf.dispose([s.h, s.c]);
      feed?.dispose();
    },
  };
}

/**
 * Reads an image into a token sequence (digits, words): see the module comment.
 *
 * @example
 * const model = new ImageToSequence({ height: 48, width: 160, vocabSize: 13, seed: 1 });
 * const loss = model.loss(batch); // an ImageTokenBatch
 * const enc = model.eval().encode(images);
 * const session = model.stepModel(enc);
 * const [best] = greedyDecode(session.model, session.initialState, images.shape.batch, { startToken: SOS_ID, endToken: EOS_ID, maxLength: 8 });
 * session.dispose(); enc.dispose();
 */
export class ImageToSequence extends Module {
  readonly config: ResolvedImageToSequenceConfig;
  readonly encoder: ConvEncoder;
  readonly initH: Linear;
  readonly initC: Linear | null;
  /** With `initialAttention`: the query over positions for the initial state (its `kernel`, `[F, 1]`), and its readouts (`V_h`, `V_c`). */
  readonly initQuery: Linear | null = null;
  readonly initHAttended: Linear | null = null;
  readonly initCAttended: Linear | null = null;
  readonly embedding: Embedding;
  readonly decoder: RNN;
  readonly attention: Attention;
  readonly combine: Linear;
  readonly output: Linear;
  readonly #dropout: Dropout;

  constructor(config: ImageToSequenceConfig = {}) {
    super();
    const c = (this.config = resolveImageToSequenceConfig(config));
    const rng = new Rng(c.seed);
    this.encoder = this.addModule('encoder', new ConvEncoder(c, rng));
    const features = this.encoder.featureSize;
    this.initH = this.addModule('init_h', new Linear({ inputSize: features, outputSize: c.hiddenSize, rng }));
    this.initC = c.cell === 'lstm' ? this.addModule('init_c', new Linear({ inputSize: features, outputSize: c.hiddenSize, rng })) : null;
    this.embedding = this.addModule('embedding', new Embedding({ vocabSize: c.vocabSize, embeddingSize: c.embeddingSize, paddingIdx: 0, weightInit: uniform(0.1), rng }));
    const feedWidth = c.inputFeeding ? c.attentionalSize : 0;
    this.decoder = this.addModule('decoder', new RNN({ cell: c.cell, inputSize: c.embeddingSize + feedWidth, hiddenSize: c.hiddenSize, numLayers: 1, rng }));
    this.attention = this.addModule('attention', new Attention({ kind: c.attention, encoderSize: features, decoderSize: c.hiddenSize, rng }));
    this.combine = this.addModule('combine', new Linear({ inputSize: features + c.hiddenSize, outputSize: c.attentionalSize, bias: false, rng }));
    this.output = this.addModule('output', new Linear({ inputSize: c.attentionalSize, outputSize: c.vocabSize, rng }));
    this.#dropout = new Dropout({ rate: c.dropout, rng: rng.fork() });
    if (c.initialAttention) {
      // Built last, from their own stream, so the other weights are those of a model without it.
      const own = rng.fork();
      this.initQuery = this.addModule('init_query', new Linear({ inputSize: features, outputSize: 1, bias: false, rng: own }));
      this.initHAttended = this.addModule('init_h_attended', new Linear({ inputSize: features, outputSize: c.hiddenSize, bias: false, weightInit: zeros(), rng: own }));
      if (c.cell === 'lstm') this.initCAttended = this.addModule('init_c_attended', new Linear({ inputSize: features, outputSize: c.hiddenSize, bias: false, weightInit: zeros(), rng: own }));
    }
  }

  override train(training = true): this {
    super.train(training);
    this.#dropout.train(training);
    return this;
  }

  /** The feature grid (`positions = height * width`), for drawing attention over the image. */
  get grid(): { height: number; width: number } {
    return this.encoder.grid;
  }

  /** Checks a host image batch against the config; returns its `[batch, h, w, c]` tensor. */
  #images(images: ImageSourceBatch, op: string): tf.Tensor4D {
    if (images == null || typeof images !== 'object' || images.shape == null || !(images.pixels instanceof Float32Array)) {
      throw new InputError(`${op}: expected an image batch { pixels: Float32Array, shape: { batch, height, width, channels } }, got ${String(images)}`);
    }
    const { batch, height, width, channels } = images.shape;
    const c = this.config;
    if (height !== c.height || width !== c.width || channels !== c.channels) {
      throw new InputError(`${op}: the model reads ${c.width}x${c.height} images with ${c.channels} channel(s) (width x height), got ${width}x${height} with ${channels} channel(s)`);
    }
    if (!Number.isInteger(batch) || batch < 1) throw new InputError(`${op}: 'shape.batch' must be an integer >= 1, got ${String(batch)}`);
    if (images.pixels.length !== batch * height * width * channels) {
      throw new InputError(`${op}: 'pixels' must hold batch*height*width*channels = ${batch * height * width * channels} values, got ${images.pixels.length}`);
    }
    return tf.tensor4d(images.pixels, [batch, height, width, channels]);
  }

  /** Runs the encoder over a host image batch. The caller disposes the result (`enc.dispose()`). */
  encode(images: ImageSourceBatch): EncodedImages {
    const x = this.#images(images, 'ImageToSequence.encode');
    const { features, decoderState: initial } = tf.tidy(() => {
      const features = this.encoder.apply(x); // [B, P, F]
      return { features, decoderState: this.#initialState(features) } as unknown as tf.TensorContainer;
    }) as unknown as { features: tf.Tensor3D; decoderState: CellState[] };
    x.dispose();
    let disposed = false;
    return {
      features,
      grid: this.grid,
      decoderState: initial,
      dispose() {
        if (disposed) return;
        disposed = true;
        features.dispose();
        for (const s of initial) tf.dispose([s.h, s.c]);
      },
    };
  }

  /** `h_0 = tanh(W_h mean a)`, `c_0 = tanh(W_c mean a)`; with `initialAttention`, `+ V sum_p alpha_p a_p` inside the tanh. */
  #initialState(features: tf.Tensor3D): CellState[] {
    const mean = tf.mean(features, 1) as tf.Tensor2D; // [B, F]
    let pooled: tf.Tensor2D | null = null;
    if (this.initQuery) {
      // Dot attention over the positions with one learned query for every image.
      const [B, , F] = features.shape;
      const query = tf.tile(tf.reshape(this.initQuery.kernel, [1, 1, F]), [B, 1, 1]); // [B, 1, F]
      pooled = tf.reshape(dot(features, query).context, [B, F]) as tf.Tensor2D; // [B, F]
    }
    const state = (init: Linear, attended: Linear | null): tf.Tensor2D => {
      const a = init.apply(mean); // [B, H]
      return tf.tanh(pooled && attended ? tf.add(a, attended.apply(pooled)) : a) as tf.Tensor2D;
    };
    const h = state(this.initH, this.initHAttended);
    return [this.initC ? { h, c: state(this.initC, this.initCAttended) } : { h }];
  }

  /** One decoder step: token ids `[rows]` -> logits `[rows, vocab]`, weights `[rows, positions]`, next state. */
  #step(tokens: tf.Tensor1D, layers: CellState[], feed: tf.Tensor2D | null, prepared: ReturnType<Attention['prepare']>): { logits: tf.Tensor2D; weights: tf.Tensor2D; layers: CellState[]; top: tf.Tensor2D } {
    let x = this.embedding.apply(tokens) as tf.Tensor2D; // [R, E]
    if (feed) x = tf.concat([x, feed], 1); // [R, E + Ha]
    const r = this.decoder.step(x, layers); // [R, H]
    const a = this.attention.step(r.output, prepared); // [R, F], [R, P]
    const top = tf.tanh(this.combine.apply(tf.concat([a.context, r.output], 1))) as tf.Tensor2D; // [R, Ha]
    const logits = this.output.apply(this.#dropout.apply(top)) as tf.Tensor2D; // [R, V]
    return { logits, weights: a.weights, layers: r.state, top };
  }

  /**
   * Teacher-forced logits `[batch, targetTime - 1, vocab]` and attention `[batch, targetTime - 1,
   * positions]`, with the labels and their mask.
   */
  forward(batch: ImageTokenBatch): { logits: tf.Tensor3D; weights: tf.Tensor3D; labels: tf.Tensor2D; mask: tf.Tensor2D } {
    const op = 'ImageToSequence.forward';
    checkImageTokenBatch(batch, op);
    return tf.tidy(() => {
      const enc = this.encode(batch);
      const tfv = teacherForcing(batch);
      const [rows, steps] = tfv.inputs.shape;
      const gold = tf.unstack(tf.transpose(tfv.inputs)) as tf.Tensor1D[]; // steps x [B]
      const prepared = this.attention.prepare(enc.features);
      try {
        let layers = enc.decoderState;
        let feed: tf.Tensor2D | null = this.config.inputFeeding ? tf.zeros([rows, this.config.attentionalSize]) : null;
        const logits: tf.Tensor2D[] = [];
        const weights: tf.Tensor2D[] = [];
        for (let s = 0; s < steps; s++) {
          const out = this.#step(gold[s]!, layers, feed, prepared);
          layers = out.layers;
          if (feed) feed = out.top;
          logits.push(out.logits);
          weights.push(out.weights);
        }
        return {
          logits: tf.stack(logits, 1) as tf.Tensor3D, // [B, T, V]
          weights: tf.stack(weights, 1) as tf.Tensor3D, // [B, T, P]
          labels: tfv.labels,
          mask: tfv.mask,
        } as unknown as tf.TensorContainer;
      } finally {
        prepared.dispose();
      }
    }) as unknown as { logits: tf.Tensor3D; weights: tf.Tensor3D; labels: tf.Tensor2D; mask: tf.Tensor2D };
  }

  /** Mean masked cross-entropy of a batch (what the trainer minimises). */
  loss(batch: ImageTokenBatch, options: ImageLossOptions = {}): tf.Scalar {
    return tf.tidy(() => {
      const { logits, labels, mask } = this.forward(batch);
      return maskedCrossEntropy(logits, labels, mask, { labelSmoothing: options.labelSmoothing });
    });
  }

  /**
   * A {@link StepModel} over encoded images, for `greedyDecode` / `beamSearch`; each step's
   * `attention` is `[rows, positions]` over {@link EncodedImages.grid}. Call `dispose()` on the
   * session when decoding is done (it owns the attention caches); `enc` stays the caller's.
   */
  stepModel(enc: EncodedImages): { model: StepModel<ImageDecoderState>; initialState: ImageDecoderState; dispose(): void } {
    const batch = enc.features.shape[0];
    const caches = new Map<string, ReturnType<Attention['prepare']>>();
    const prepared = (rows: Int32Array) => {
      const key = rows.join(',');
      let p = caches.get(key);
      if (!p) {
        const idx = tf.tensor1d(rows, 'int32');
        const features = tf.gather(enc.features, idx) as tf.Tensor3D; // [R, P, F]
        p = this.attention.prepare(features);
        tf.dispose([idx, features]);
        caches.set(key, p);
      }
      return p;
    };
    const inputFeeding = this.config.inputFeeding;
    const model: StepModel<ImageDecoderState> = {
      step: (tokens, state) => {
        const cache = prepared(state.imageRows); // outlives this step: made outside the tidy
        const out = tf.tidy(() => {
          const r = this.#step(tf.tensor1d(tokens, 'int32'), state.layers, state.feed, cache);
          return { logProbs: tf.logSoftmax(r.logits), layers: r.layers, feed: inputFeeding ? r.top : null, attention: r.weights } as unknown as tf.TensorContainer;
        }) as unknown as { logProbs: tf.Tensor2D; layers: CellState[]; feed: tf.Tensor2D | null; attention: tf.Tensor2D };
        return { logProbs: out.logProbs, state: decoderState(out.layers, out.feed, state.imageRows), attention: out.attention };
      },
      gather: (state, rows) => {
        const picked = tf.tidy(() => {
          const idx = tf.tensor1d(rows, 'int32');
          const pick = (t: tf.Tensor2D) => tf.gather(t, idx) as tf.Tensor2D;
          return {
            layers: state.layers.map((s) => (s.c ? { h: pick(s.h), c: pick(s.c) } : { h: pick(s.h) })),
            feed: state.feed ? pick(state.feed) : null,
          } as unknown as tf.TensorContainer;
        }) as unknown as { layers: CellState[]; feed: tf.Tensor2D | null };
        return decoderState(picked.layers, picked.feed, Int32Array.from(rows, (r) => state.imageRows[r]!));
      },
    };
    const initialState = decoderState(
      enc.decoderState.map((s) => ({ h: s.h.clone(), ...(s.c ? { c: s.c.clone() } : {}) })),
      inputFeeding ? (tf.zeros([batch, this.config.attentionalSize]) as tf.Tensor2D) : null,
      Int32Array.from({ length: batch }, (_, i) => i),
    );
    return {
      model,
      initialState,
      dispose: () => {
        for (const p of caches.values()) p.dispose();
        caches.clear();
      },
    };
  }
}
