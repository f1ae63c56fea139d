/**
 * The recurrent glimpse reader of Ba, Mnih and Kavukcuoglu (2014), "Multiple Object Recognition
 * with Visual Attention" (DRAM): instead of convolving the whole image, a recurrent network looks
 * at a small multi-resolution patch at a time, at a location it chooses, and after a few glimpses
 * says the next object's label. It reads a digit string left to right, one digit every
 * `glimpsesPerToken` glimpses, then `<eos>`.
 *
 *   g_n = relu(W_i relu(V_i retina(x, l_n))) * relu(W_l l_n)        glimpse network (sec. 3)
 *   r1_n = LSTM_1(g_n, r1_{n-1})                                     says what
 *   r2_n = LSTM_2(r1_n, r2_{n-1}),   r2_0 = tanh(W_c pool(x))          says where (context network)
 *   l_{n+1} ~ N(tanh(E r2_n), sigma^2)                              emission network
 *   p(y_s | x) = softmax(C r1_n)                at the last glimpse n of token s
 *
 * Locations are sampled, so their gradient is not backpropagation: the classifier (the glimpse
 * network, r1, C) learns by the cross-entropy of the labels, the location policy by REINFORCE
 * (Williams 1992), with reward 1 for every token read right and a learned baseline b_n = B r2_n:
 *
 *   loss = CE - mean_n (R_n - b_n) log N(l_n; tanh(E r2_{n-1}), sigma^2) + mean_n (R_n - b_n)^2
 *
 * where R_n counts the tokens read right from glimpse n's token on (the return of glimpse n).
 * Reading uses the policy's mean locations.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RNN, type CellState } from '@seq2seq/cells';
import { InputError, Linear, Module, Rng, toRng } from '@seq2seq/core';
import { teacherForcing } from '../batch';
import { maskedCrossEntropy } from '../losses';
import { EOS_ID, checkImageTokenBatch, type ImageSourceBatch, type ImageTokenBatch } from '../image/batch';
import { resolveGlimpseReaderConfig, type GlimpseReaderConfig, type ResolvedGlimpseReaderConfig } from './config';
import { glimpseWindow, retina, type GlimpseWindow } from './retina';

/** Options of {@link GlimpseReader.forward} and {@link GlimpseReader.loss}. */
export interface GlimpseRunOptions {
  /**
   * Where to look, `[batch, tokens * glimpsesPerToken, 2]` (x, y in [-1, 1]): the policy's log
   * probability is then scored at these locations instead of sampling new ones (to replay samples,
   * and for gradient checks). Default: sampled from the policy with `rng`.
   */
  locations?: tf.Tensor3D;
  /** Sample the locations from the policy (training); `false` looks at its means. Default true. */
  sample?: boolean;
  /** Source of the location noise (a seed or an Rng, which advances). Default `new Rng(0)`. */
  rng?: Rng | number;
}

/** The terms of {@link GlimpseReader.loss}; `total` is what the trainer minimises. Scalars. */
export interface GlimpseLoss {
  total: tf.Scalar;
  /** Mean masked cross-entropy of the labels. */
  crossEntropy: tf.Scalar;
  /** REINFORCE's surrogate `-mean (R - b) log pi(l)` (its value is not a loss to watch, its gradient is the policy gradient). */
  policy: tf.Scalar;
  /** Mean squared error of the baseline. */
  baseline: tf.Scalar;
  /** Mean share of tokens read right (the reward per token), for logging. */
  reward: tf.Scalar;
}

/** What {@link GlimpseReader.forward} returns (tensors: dispose them). */
export interface GlimpseForward {
  /** `[batch, tokens, vocab]`. */
  logits: tf.Tensor3D;
  /** Policy means `[batch, glimpses, 2]` and the locations looked at `[batch, glimpses, 2]`. */
  means: tf.Tensor3D;
  locations: tf.Tensor3D;
  /** The baseline's prediction of each glimpse's return, `[batch, glimpses]`. */
  baselines: tf.Tensor2D;
}

/** One image read by {@link GlimpseReader.read}. */
export interface GlimpseReading {
  /** Token ids, `<eos>` excluded. */
  tokens: number[];
  /** Where the reader looked for each output token (`<eos>` included): its glimpses in order. */
  glimpses: GlimpseWindow[][];
}

/** Zero gradient: the value of `x`, as a constant to the tape (sampled locations, rewards, baseline inputs). */
const detach = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  void save;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as <T extends tf.Tensor>(x: T) => T;

/** `[batch, tokens]` 1 where the token is read right (argmax), 0 elsewhere; a constant to the tape. */
function tokensRight(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Tensor2D {
  const right = tf.customGrad(((l: tf.Tensor, save: tf.GradSaveFunc) => {
    void save;
    return { value: tf.cast(tf.equal(tf.argMax(l, 2), labels), 'float32'), gradFunc: () => tf.zerosLike(l) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (l: tf.Tensor3D) => tf.Tensor2D;
  return right(logits);
}

/**
 * The retina's patches at `location`, a constant to the tape: the location is sampled, not
 * differentiated, so nothing flows back through the filters (their gradients would all be zero).
 */
function glimpseAt(images: tf.Tensor3D, location: tf.Tensor2D, config: ResolvedGlimpseReaderConfig): tf.Tensor2D {
  const read = tf.customGrad(((l: tf.Tensor2D, save: tf.GradSaveFunc) => {
    void save;
    return { value: retina(images, l, config), gradFunc: () => tf.zerosLike(l) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (l: tf.Tensor2D) => tf.Tensor2D;
  return read(location);
}

/**
 * Reads images with glimpses: see the module comment.
 *
 * @example
 * const reader = new GlimpseReader({ height: 48, width: 160, vocabSize: 13, seed: 1 });
 * const { total } = reader.loss(batch, { rng }); // an ImageTokenBatch
 * const [reading] = reader.read(images, { maxLength: 6 });
 */
export class GlimpseReader extends Module {
  readonly config: ResolvedGlimpseReaderConfig;
  /** The glimpse network: `V_i` (retina -> hidden), `W_i` (hidden -> features), `W_l` (location -> features). */
  readonly glimpseHidden: Linear;
  readonly glimpseImage: Linear;
  readonly glimpseLocation: Linear;
  /** `r^(1)` (what) and `r^(2)` (where). */
  readonly classifierCore: RNN;
  readonly locatorCore: RNN;
  /** The context network: the pooled image to `r^(2)`'s initial `h` and `c`. */
  readonly contextH: Linear;
  readonly contextC: Linear;
  readonly emission: Linear;
  readonly baseline: Linear;
  readonly classifier: Linear;

  constructor(config: GlimpseReaderConfig = {}) {
    super();
    const c = (this.config = resolveGlimpseReaderConfig(config));
    const rng = new Rng(c.seed);
    const retinaSize = c.scales.length * c.glimpseSize * c.glimpseSize;
    const pooled = Math.ceil(c.height / c.contextPool) * Math.ceil(c.width / c.contextPool);
    const G = c.glimpseFeatures;
    const H = c.hiddenSize;
    this.glimpseHidden = this.addModule('glimpse_hidden', new Linear({ inputSize: retinaSize, outputSize: G, rng }));
    this.glimpseImage = this.addModule('glimpse_image', new Linear({ inputSize: G, outputSize: G, rng }));
    this.glimpseLocation = this.addModule('glimpse_location', new Linear({ inputSize: 2, outputSize: G, rng }));
    this.classifierCore = this.addModule('classifier_core', new RNN({ cell: 'lstm', inputSize: G, hiddenSize: H, numLayers: 1, rng }));
    this.locatorCore = this.addModule('locator_core', new RNN({ cell: 'lstm', inputSize: H, hiddenSize: H, numLayers: 1, rng }));
    this.contextH = this.addModule('context_h', new Linear({ inputSize: pooled, outputSize: H, rng }));
    this.contextC = this.addModule('context_c', new Linear({ inputSize: pooled, outputSize: H, rng }));
    this.emission = this.addModule('emission', new Linear({ inputSize: H, outputSize: 2, rng }));
    this.baseline = this.addModule('baseline', new Linear({ inputSize: H, outputSize: 1, rng }));
    this.classifier = this.addModule('classifier', new Linear({ inputSize: H, outputSize: c.vocabSize, rng }));
  }

  /** Checks a host image batch against the config; returns its `[batch, height, width]` tensor. */
  #images(images: ImageSourceBatch, op: string): tf.Tensor3D {
    if (images == null || typeof images !== 'object' || images.shape == null || !(images.pixels instanceof Float32Array)) {
      throw new InputError(`${op}: expected an image batch { pixels: Float32Array, shape: { batch, height, width, channels } }, got ${String(images)}`);
    }
    const { batch, height, width, channels } = images.shape;
    const c = this.config;
    if (height !== c.height || width !== c.width || channels !== 1) {
      throw new InputError(`${op}: the reader reads ${c.width}x${c.height} gray images (1 channel; width x height), got ${width}x${height} with ${channels} channel(s)`);
    }
    if (!Number.isInteger(batch) || batch < 1) throw new InputError(`${op}: 'shape.batch' must be an integer >= 1, got ${String(batch)}`);
    if (images.pixels.length !== batch * height * width) {
      throw new InputError(`${op}: 'pixels' must hold batch*height*width = ${batch * height * width} values, got ${images.pixels.length}`);
    }
    return tf.tensor3d(images.pixels, [batch, height, width]);
  }

  /**
   * Runs `tokens` output steps over `images` (`[batch, height, width]`): logits per token, the
   * policy's means, the locations looked at and the baseline per glimpse.
   */
  #run(images: tf.Tensor3D, tokens: number, given: tf.Tensor3D | null, noise: Rng | null): GlimpseForward {
    const c = this.config;
    const [batch, height, width] = images.shape;
    const glimpses = tokens * c.glimpsesPerToken;
    const p = c.contextPool;
    const pooled = tf.reshape(tf.avgPool(tf.reshape(images, [batch, height, width, 1]) as tf.Tensor4D, p, p, 'same'), [batch, -1]) as tf.Tensor2D; // [B, H/p * W/p]
    let what: CellState[] = [{ h: tf.zeros([batch, c.hiddenSize]), c: tf.zeros([batch, c.hiddenSize]) }];
    let where: CellState[] = [{ h: tf.tanh(this.contextH.apply(pooled)) as tf.Tensor2D, c: tf.tanh(this.contextC.apply(pooled)) as tf.Tensor2D }];
    const givenSteps = given ? (tf.unstack(given, 1) as tf.Tensor2D[]) : null; // glimpses x [B, 2]
    const logits: tf.Tensor2D[] = [];
    const means: tf.Tensor2D[] = [];
    const looked: tf.Tensor2D[] = [];
    const baselines: tf.Tensor2D[] = [];
    for (let n = 0; n < glimpses; n++) {
      const mean = tf.tanh(this.emission.apply(where[0]!.h)) as tf.Tensor2D; // [B, 2]
      baselines.push(this.baseline.apply(detach(where[0]!.h)) as tf.Tensor2D); // [B, 1]
      let location: tf.Tensor2D;
      if (givenSteps) location = givenSteps[n]!;
      else if (noise) location = detach(tf.add(mean, tf.tensor2d(noise.normalArray(batch * 2, 0, c.locationStd), [batch, 2])) as tf.Tensor2D);
      else location = detach(mean);
      means.push(mean);
      looked.push(location);
      const patch = glimpseAt(images, location, c); // [B, S*N*N]
      const seen = tf.relu(this.glimpseImage.apply(tf.relu(this.glimpseHidden.apply(patch)))); // [B, G]
      const g = tf.mul(seen, tf.relu(this.glimpseLocation.apply(location))) as tf.Tensor2D; // [B, G]
      const r1 = this.classifierCore.step(g, what);
      const r2 = this.locatorCore.step(r1.output, where);
      what = r1.state;
      where = r2.state;
      if ((n + 1) % c.glimpsesPerToken === 0) logits.push(this.classifier.apply(r1.output) as tf.Tensor2D); // [B, V]
    }
    return {
      logits: tf.stack(logits, 1) as tf.Tensor3D, // [B, T, V]
      means: tf.stack(means, 1) as tf.Tensor3D, // [B, N, 2]
      locations: tf.stack(looked, 1) as tf.Tensor3D, // [B, N, 2]
      baselines: tf.reshape(tf.concat(baselines, 1), [batch, glimpses]) as tf.Tensor2D, // [B, N]
    };
  }

  /**
   * A training pass over `batch`: one output step per label (`y_1 ... y_n <eos>`), locations
   * sampled from the policy (or `options.locations`).
   */
  forward(batch: ImageTokenBatch, options: GlimpseRunOptions = {}): GlimpseForward {
    const op = 'GlimpseReader.forward';
    checkImageTokenBatch(batch, op);
    const tokens = batch.shape.targetTime - 1;
    const glimpses = tokens * this.config.glimpsesPerToken;
    const given = options.locations ?? null;
    if (given && (given.rank !== 3 || given.shape[0] !== batch.shape.batch || given.shape[1] !== glimpses || given.shape[2] !== 2)) {
      throw new InputError(`${op}: 'locations' must have shape [batch=${batch.shape.batch}, glimpses=${glimpses}, 2], got [${given.shape.join(', ')}]`);
    }
    const rng = options.sample === false ? null : toRng(options.rng ?? 0);
    const images = this.#images(batch, op);
    try {
      return tf.tidy(() => this.#run(images, tokens, given, rng) as unknown as tf.TensorContainer) as unknown as GlimpseForward;
    } finally {
      images.dispose();
    }
  }

  /** The hybrid loss of the module comment, on a batch (locations sampled with `options.rng`). */
  loss(batch: ImageTokenBatch, options: GlimpseRunOptions = {}): GlimpseLoss {
    return tf.tidy(() => {
      const out = this.forward(batch, options);
      const tfv = teacherForcing(batch);
      const k = this.config.glimpsesPerToken;
      const [rows, tokens] = tfv.labels.shape;
      const perGlimpse = (t: tf.Tensor2D) => tf.reshape(tf.tile(tf.expandDims(t, 2), [1, 1, k]), [rows, tokens * k]) as tf.Tensor2D; // [B, T] -> [B, T*K]
      const crossEntropy = maskedCrossEntropy(out.logits, tfv.labels, tfv.mask);
      const right = tf.mul(tokensRight(out.logits, tfv.labels), tfv.mask) as tf.Tensor2D; // [B, T]
      const returns = perGlimpse(tf.cumsum(right, 1, false, true) as tf.Tensor2D); // [B, T*K]
      const mask = perGlimpse(tfv.mask); // [B, T*K]
      const count = tf.maximum(tf.sum(mask), 1);
      const advantage = tf.sub(returns, detach(out.baselines)); // [B, T*K]
      const variance = this.config.locationStd ** 2;
      const logPolicy = tf.div(tf.sum(tf.square(tf.sub(out.locations, out.means)), 2), -2 * variance); // [B, T*K], less a constant
      const policy = tf.neg(tf.div(tf.sum(tf.mul(tf.mul(advantage, logPolicy), mask)), count)) as tf.Scalar;
      const baseline = tf.div(tf.sum(tf.mul(tf.square(tf.sub(out.baselines, returns)), mask)), count) as tf.Scalar;
      const reward = tf.div(tf.sum(right), tf.maximum(tf.sum(tfv.mask), 1)) as tf.Scalar;
      return { total: tf.addN([crossEntropy, policy, baseline]) as tf.Scalar, crossEntropy, policy, baseline, reward } as unknown as tf.TensorContainer;
    }) as unknown as GlimpseLoss;
  }

  /**
   * Reads `images` greedily at the policy's mean locations: up to `maxLength` tokens each (the
   * first `<eos>` ends a reading), with the windows looked at for each token.
   */
  read(images: ImageSourceBatch, options: { maxLength: number }): GlimpseReading[] {
    const op = 'GlimpseReader.read';
    const maxLength = options?.maxLength;
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new InputError(`${op}: 'maxLength' must be an integer >= 1 (tokens, <eos> included), got ${String(maxLength)}`);
    const x = this.#images(images, op);
    const out = tf.tidy(() => this.#run(x, maxLength, null, null) as unknown as tf.TensorContainer) as unknown as GlimpseForward;
    x.dispose();
    try {
      const ids = tf.tidy(() => tf.argMax(out.logits, 2));
      const tokenIds = ids.arraySync() as number[][];
      ids.dispose();
      const locations = out.locations.arraySync();
      const k = this.config.glimpsesPerToken;
      return tokenIds.map((row, b) => {
        const end = row.indexOf(EOS_ID);
        const steps = end < 0 ? row.length : end + 1;
        return {
          tokens: row.slice(0, end < 0 ? row.length : end),
          glimpses: Array.from({ length: steps }, (_, s) => locations[b]!.slice(s * k, (s + 1) * k).map((l) => glimpseWindow(l as [number, number], this.config))),
        };
      });
    } finally {
      tf.dispose(out as unknown as tf.TensorContainer);
    }
  }
}
