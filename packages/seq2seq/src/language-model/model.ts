/**
 * A character language model (Karpathy 2015, "The unreasonable effectiveness of recurrent neural
 * networks"; the lecture's char-RNN exercise), built from the library's pieces:
 *
 *     x_t = onehot(c_t)  or  E[c_t]                   // [batch, time, V] or [batch, time, E]
 *     h_t = RNN(x_t, h_{t-1})                          // stacked LSTM / GRU / plain RNN, dropout between layers
 *     p(c_{t+1} | c_<=t) = softmax(dropout(h_t) W + b) // [batch, time, V]
 *
 * The recurrent state is an input and an output of {@link CharLanguageModel.forward}, so a caller
 * carries it across windows of a long text (truncated back-propagation through time, see
 * `charLanguageModelTask`), through a whole text when scoring, and step by step when sampling.
 *
 * Parameters: `embedding.weight` (with `embeddingSize`), `rnn.l{k}.*` (see `RNN`),
 * `readout.kernel` and `readout.bias`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkTensor, dropout, Embedding, InputError, Linear, Module, Rng } from '@seq2seq/core';
import { RNN, runSequence, type CellState, type GRUCell } from '@seq2seq/cells';
import { CharVocabulary } from '@seq2seq/datasets';
import { resolveCharLanguageModelConfig, type CharLanguageModelConfig, type ResolvedCharLanguageModelConfig } from './config';
import { runHostProgram, runHostProgramAsync, type HostProgram } from './host-read';

/** Options of {@link CharLanguageModel.forward}. */
export interface CharForwardOptions {
  /** State of every layer (`RNN` order), e.g. the `state` of the previous window. Default zeros. */
  initialState?: readonly CellState[];
}

/** Result of {@link CharLanguageModel.forward}; the caller disposes it. */
export interface CharForwardOutput {
  /** Next-character logits, `[batch, time, vocabSize]`. */
  logits: tf.Tensor3D;
  /** Final state of every layer, to carry into the next window. */
  state: CellState[];
}

/** Result of {@link CharLanguageModel.score}. */
export interface CharScore {
  /** Characters (code points) in the text. */
  chars: number;
  /** Mean negative log-probability, in nats, of every character after the first. */
  natsPerChar: number;
  /** The same in bits (`natsPerChar / ln 2`). */
  bitsPerChar: number;
  /** Characters outside the vocabulary (scored as its unknown symbol). */
  unknownChars: number;
}

/** Options of {@link CharLanguageModel.complete}. */
export interface CompleteOptions {
  /** Continuations returned. Default 5. */
  k?: number;
  /** Longest continuation, in characters. Default 20. */
  maxLength?: number;
  /** A continuation ends with the first character in this set (included). Default whitespace and `.,;:!?"`. */
  stopChars?: string;
}

/** One continuation of a prefix. */
export interface Completion {
  /** The characters after the prefix. */
  text: string;
  /** Its probability given the prefix: the product of its characters' probabilities. */
  probability: number;
}

/** Options of {@link CharLanguageModel.units}. */
export interface UnitsOptions {
  /** Recurrent layer, 0-based. Default the top layer. */
  layer?: number;
  /** Unit indices to report. Default all. */
  units?: readonly number[];
}

/** Activations of chosen units over a text: one row per character, one column per chosen unit. */
export interface UnitActivations {
  /** The characters of the text, as the vocabulary reads them. */
  chars: string[];
  layer: number;
  units: number[];
  /** Hidden state after each character, `[chars][units]`. */
  h: number[][];
  /** LSTM: memory cell after each character. */
  c?: number[][];
  /** GRU: reset gate at each character. */
  r?: number[][];
  /** GRU: update gate at each character. */
  z?: number[][];
}

/** Characters fed at a time when reading a long text (bounds the memory of one forward pass). */
const CHUNK = 512;

/** A character-level language model; see the module comment. */
export class CharLanguageModel extends Module {
  /** The resolved configuration (every default filled in). */
  readonly config: ResolvedCharLanguageModelConfig;
  /** The alphabet the text methods read and write. */
  readonly vocabulary = new CharVocabulary();
  /** The learned embedding, or null for one-hot input. */
  readonly embedding: Embedding | null;
  /** The recurrent stack. */
  readonly rnn: RNN;
  /** Hidden state -> next-character logits. */
  readonly readout: Linear;
  /** Random source of the readout's dropout masks. */
  readonly rng: Rng;

  constructor(config: CharLanguageModelConfig = {}) {
    super();
    const c = resolveCharLanguageModelConfig(config);
    this.config = Object.freeze(c);
    const rng = new Rng(c.seed);
    this.embedding = c.embeddingSize === null ? null : this.addModule('embedding', new Embedding({ vocabSize: c.vocabSize, embeddingSize: c.embeddingSize, rng }));
    this.rnn = this.addModule('rnn', new RNN({ cell: c.cell, inputSize: c.embeddingSize ?? c.vocabSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, dropout: c.dropout, rng }));
    this.readout = this.addModule('readout', new Linear({ inputSize: c.hiddenSize, outputSize: c.vocabSize, rng }));
    this.rng = rng.fork();
  }

  /** Zero state for `batch` rows. */
  zeroState(batch: number): CellState[] {
    return this.rnn.initialState(batch);
  }

  /** Input vectors of `ids: [batch, time]` int32 -> `[batch, time, E or V]`. */
  #inputs(ids: tf.Tensor2D): tf.Tensor3D {
    if (this.embedding) return this.embedding.apply(ids) as tf.Tensor3D; // [batch, time, E]
    return tf.cast(tf.oneHot(ids, this.config.vocabSize), 'float32') as tf.Tensor3D; // [batch, time, V]
  }

  /**
   * Logits of the next character at every position of `ids: [batch, time]` (int32), from
   * `initialState` (default zeros), and the final state. Dropout is on in training mode.
   */
  forward(ids: tf.Tensor2D, options: CharForwardOptions = {}): CharForwardOutput {
    checkTensor(ids, 'ids', 'CharLanguageModel.forward', ['batch', 'time'], new Map(), 'int32');
    return tf.tidy(() => {
      const x = this.#inputs(ids); // [batch, time, in]
      const { output, state } = this.rnn.apply(x, { initialState: options.initialState }); // [batch, time, H]
      const top = this.training && this.config.dropout > 0 ? dropout(output, this.config.dropout, this.rng) : output;
      const logits = this.readout.apply(top) as tf.Tensor3D; // [batch, time, V]
      return { logits, state } as unknown as tf.TensorContainer;
    }) as unknown as CharForwardOutput;
  }

  /**
   * Sum over positions of `-log p(target)`, and the final state: the loss of one window.
   * `inputs`, `targets`: `[batch, time]` int32.
   */
  windowLoss(inputs: tf.Tensor2D, targets: tf.Tensor2D, initialState?: readonly CellState[]): { loss: tf.Scalar; state: CellState[] } {
    checkTensor(targets, 'targets', 'CharLanguageModel.windowLoss', [inputs.shape[0], inputs.shape[1]], new Map(), 'int32');
    return tf.tidy(() => {
      const { logits, state } = this.forward(inputs, { initialState });
      const logProbs = tf.logSoftmax(logits); // [batch, time, V]
      const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, this.config.vocabSize)), -1); // [batch, time]: the one-hot product, since gather has no WASM gradient
      const loss = tf.neg(tf.mean(picked)) as tf.Scalar; // mean over batch and time
      return { loss, state } as unknown as tf.TensorContainer;
    }) as unknown as { loss: tf.Scalar; state: CellState[] };
  }

  #encode(text: string, op: string, min: number): { ids: Int32Array; unknownChars: number } {
    if (typeof text !== 'string') throw new InputError(`${op}: expected a text string, got ${typeof text}`);
    if (this.config.vocabSize !== this.vocabulary.size) {
      throw new InputError(`${op}: this model has vocabSize ${this.config.vocabSize}; the text methods need the CharVocabulary's ${this.vocabulary.size}`);
    }
    const enc = this.vocabulary.encode(text);
    if (enc.ids.length < min) throw new InputError(`${op}: expected a text of at least ${min} character${min === 1 ? '' : 's'}, got ${enc.ids.length}`);
    return enc;
  }

  /** Runs `fn` with dropout off, restoring the mode after. */
  #inEval<T>(fn: () => T): T {
    const was = this.training;
    this.eval();
    try {
      return fn();
    } finally {
      this.train(was);
    }
  }

  async #inEvalAsync<T>(fn: () => Promise<T>): Promise<T> {
    const was = this.training;
    this.eval();
    try {
      return await fn();
    } finally {
      this.train(was);
    }
  }

  /**
   * The mean negative log-probability of every character after the first, each predicted from
   * all the characters before it (one state carried through the whole text from zeros), in
   * nats and bits, and the number of characters outside the vocabulary. Dropout off.
   */
  score(text: string): CharScore {
    const enc = this.#encode(text, 'CharLanguageModel.score', 2);
    return this.#inEval(() => runHostProgram(this.#scoreProgram(enc)));
  }

  /** {@link CharLanguageModel.score} with asynchronous reads (WebGPU). */
  scoreAsync(text: string): Promise<CharScore> {
    const enc = this.#encode(text, 'CharLanguageModel.score', 2);
    return this.#inEvalAsync(() => runHostProgramAsync(this.#scoreProgram(enc)));
  }

  *#scoreProgram({ ids, unknownChars }: { ids: Int32Array; unknownChars: number }): HostProgram<CharScore> {
    const n = ids.length;
    let state: CellState[] | undefined;
    let total = 0;
    try {
      for (let start = 0; start < n - 1; start += CHUNK) {
        const end = Math.min(start + CHUNK, n - 1);
        const inputs = tf.tensor2d(ids.subarray(start, end), [1, end - start], 'int32');
        const targets = tf.tensor2d(ids.subarray(start + 1, end + 1), [1, end - start], 'int32');
        const r = this.windowLoss(inputs, targets, state);
        tf.dispose([inputs, targets, ...flatState(state)]);
        state = r.state;
        const sum = tf.mul(r.loss, end - start);
        r.loss.dispose();
        total += (yield sum)[0]!;
      }
    } finally {
      tf.dispose(flatState(state));
    }
    const nats = total / (n - 1);
    return { chars: n, natsPerChar: nats, bitsPerChar: nats / Math.LN2, unknownChars };
  }

  /**
   * Runs `text` through the model from a zero state (dropout off) and returns the state after its
   * last character and the log-probabilities of the next character `[1, vocabSize]`. The caller
   * disposes both. For sampling and completion.
   */
  prime(text: string): { state: CellState[]; logProbs: tf.Tensor2D } {
    const { ids } = this.#encode(text, 'CharLanguageModel.prime', 1);
    return this.#inEval(() => {
      let state: CellState[] | undefined;
      let last: tf.Tensor2D | undefined;
      for (let start = 0; start < ids.length; start += CHUNK) {
        const end = Math.min(start + CHUNK, ids.length);
        const inputs = tf.tensor2d(ids.subarray(start, end), [1, end - start], 'int32');
        const r = this.forward(inputs, { initialState: state });
        tf.dispose([inputs, ...flatState(state)]);
        state = r.state;
        if (end === ids.length) last = tf.tidy(() => tf.logSoftmax(tf.reshape(tf.slice(r.logits, [0, end - start - 1, 0], [1, 1, -1]), [1, -1])) as tf.Tensor2D);
        r.logits.dispose();
      }
      return { state: state!, logProbs: last! };
    });
  }

  /**
   * One step from `state` with the characters `ids` (one per row): the log-probabilities of the
   * next character `[rows, vocabSize]` and the new state. Dropout off. Arguments untouched.
   */
  step(ids: Int32Array | readonly number[], state: readonly CellState[]): { logProbs: tf.Tensor2D; state: CellState[] } {
    return this.#inEval(() =>
      tf.tidy(() => {
        const inputs = tf.tensor2d(Int32Array.from(ids), [ids.length, 1], 'int32');
        const r = this.forward(inputs, { initialState: state });
        const logProbs = tf.logSoftmax(tf.reshape(r.logits, [ids.length, -1])) as tf.Tensor2D; // [rows, V]
        return { logProbs, state: r.state } as unknown as tf.TensorContainer;
      }) as unknown as { logProbs: tf.Tensor2D; state: CellState[] },
    );
  }

  /**
   * The `k` most probable continuations of `prefix` (beam search over characters), each ending
   * with a stop character or at `maxLength`, with their probabilities given the prefix.
   */
  complete(prefix: string, options: CompleteOptions = {}): Completion[] {
    const k = options.k ?? 5;
    const maxLength = options.maxLength ?? 20;
    if (!Number.isInteger(k) || k < 1) throw new InputError(`CharLanguageModel.complete: 'k' must be an integer >= 1, got ${String(k)}`);
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new InputError(`CharLanguageModel.complete: 'maxLength' must be an integer >= 1, got ${String(maxLength)}`);
    const stops = new Set(this.vocabulary.encode(options.stopChars ?? ' \t\n.,;:!?"').ids);
    const V = this.config.vocabSize;
    const first = this.prime(prefix);
    let state = first.state;
    let logProbs = first.logProbs;
    let beams: Array<{ ids: number[]; logp: number }> = [{ ids: [], logp: 0 }];
    const done: Array<{ ids: number[]; logp: number }> = [];
    try {
      for (let len = 0; len < maxLength && beams.length > 0; len++) {
        const lp = logProbs.dataSync();
        const candidates: Array<{ beam: number; id: number; logp: number }> = [];
        beams.forEach((b, i) => {
          for (let v = 0; v < V; v++) candidates.push({ beam: i, id: v, logp: b.logp + lp[i * V + v]! });
        });
        candidates.sort((a, b) => b.logp - a.logp);
        const worstDone = () => (done.length >= k ? Math.min(...done.map((d) => d.logp)) : -Infinity);
        const next: Array<{ beam: number; id: number; logp: number }> = [];
        for (const c of candidates) {
          if (next.length >= k || c.logp <= worstDone()) break;
          const ids = [...beams[c.beam]!.ids, c.id];
          if (stops.has(c.id) || len === maxLength - 1) {
            done.push({ ids, logp: c.logp });
            done.sort((a, b) => b.logp - a.logp);
            done.length = Math.min(done.length, k);
          } else next.push(c);
        }
        logProbs.dispose();
        if (next.length === 0) break;
        const rows = tf.tensor1d(next.map((c) => c.beam), 'int32');
        const kept = state.map((s) => ({ h: tf.gather(s.h, rows) as tf.Tensor2D, ...(s.c ? { c: tf.gather(s.c, rows) as tf.Tensor2D } : {}) }));
        tf.dispose([rows, ...flatState(state)]);
        beams = next.map((c) => ({ ids: [...beams[c.beam]!.ids, c.id], logp: c.logp }));
        const stepped = this.step(next.map((c) => c.id), kept);
        tf.dispose(flatState(kept));
        state = stepped.state;
        logProbs = stepped.logProbs;
      }
    } finally {
      tf.dispose([logProbs, ...flatState(state)]);
    }
    return done.map((d) => ({ text: this.vocabulary.decode(d.ids), probability: Math.exp(d.logp) }));
  }

  /**
   * Activations of `units` of layer `layer` after every character of `text`, from a zero state
   * (dropout off): the hidden state `h`, and the memory cell `c` of an LSTM or the gates `r`
   * and `z` of a GRU (from `GRUCell.gateValues`).
   */
  units(text: string, options: UnitsOptions = {}): UnitActivations {
    const op = 'CharLanguageModel.units';
    const { ids } = this.#encode(text, op, 1);
    const L = this.config.numLayers;
    const H = this.config.hiddenSize;
    const layer = options.layer ?? L - 1;
    if (!Number.isInteger(layer) || layer < 0 || layer >= L) throw new InputError(`${op}: 'layer' must be an integer in [0, ${L - 1}], got ${String(layer)}`);
    const units = options.units ? [...options.units] : Array.from({ length: H }, (_, i) => i);
    for (const u of units) if (!Number.isInteger(u) || u < 0 || u >= H) throw new InputError(`${op}: unit indices must be integers in [0, ${H - 1}], got ${String(u)}`);
    const T = ids.length;
    const pick = (values: Float32Array): number[][] => Array.from({ length: T }, (_, t) => units.map((u) => values[t * H + u]!));
    const chars = Array.from(ids, (id) => this.vocabulary.char(id));
    return this.#inEval(() => {
      const host = tf.tidy(() => {
        let x: tf.Tensor3D = this.#inputs(tf.tensor2d(ids, [1, T], 'int32')); // [1, T, in]
        for (let l = 0; l < layer; l++) x = runSequence(this.rnn.cells[l]![0]!, x).output; // [1, T, H]
        const cell = this.rnn.cells[layer]![0]!;
        const out: Record<string, tf.Tensor> = {};
        if (this.config.cell === 'lstm') {
          // The memory cell is not an output of the fused runner: step through the text.
          let s = cell.initialState(1);
          const hs: tf.Tensor2D[] = [];
          const cs: tf.Tensor2D[] = [];
          const xs = tf.unstack(tf.reshape(x, [T, -1])); // T x [in]
          for (const xt of xs) {
            s = cell.step(tf.reshape(xt, [1, -1]) as tf.Tensor2D, s);
            hs.push(s.h);
            cs.push(s.c!);
          }
          out.h = tf.concat(hs, 0); // [T, H]
          out.c = tf.concat(cs, 0); // [T, H]
        } else {
          const h = tf.reshape(runSequence(cell, x).output, [T, H]) as tf.Tensor2D; // [T, H]
          out.h = h;
          if (this.config.cell === 'gru') {
            const prev = tf.concat([tf.zeros([1, H]), tf.slice(h, [0, 0], [T - 1, H])], 0) as tf.Tensor2D; // [T, H]: state before each step
            const { r, z } = (cell as unknown as GRUCell).gateValues(tf.reshape(x, [T, -1]) as tf.Tensor2D, { h: prev }); // time as the batch axis
            out.r = r;
            out.z = z;
          }
        }
        return out;
      });
      const result: UnitActivations = { chars, layer, units, h: [] };
      for (const [name, t] of Object.entries(host)) {
        (result as unknown as Record<string, number[][]>)[name] = pick(Float32Array.from(t.dataSync()));
        t.dispose();
      }
      return result;
    });
  }

  /**
   * How much each character of `text` contributed to one prediction (the connectivity view of
   * "Visualizing memorization in RNNs", distill.pub 2019): the L2 norm of the gradient of
   * `log p(text[position + 1] | text[0..position])` with respect to each input vector
   * `x_0 .. x_position` (one-hot or embedding), from a zero state, dropout off.
   * `position` defaults to the second-to-last character (the prediction of the last).
   */
  connectivity(text: string, options: { position?: number } = {}): { chars: string[]; position: number; target: string; magnitudes: number[] } {
    const op = 'CharLanguageModel.connectivity';
    const { ids } = this.#encode(text, op, 2);
    const position = options.position ?? ids.length - 2;
    if (!Number.isInteger(position) || position < 0 || position > ids.length - 2) {
      throw new InputError(`${op}: 'position' must be an integer in [0, ${ids.length - 2}] (a character with one after it), got ${String(position)}`);
    }
    const T = position + 1;
    const H = this.config.hiddenSize;
    const target = ids[T]!;
    const magnitudes = this.#inEval(() =>
      tf.tidy(() => {
        const x = this.#inputs(tf.tensor2d(ids.subarray(0, T), [1, T], 'int32')); // [1, T, in]
        const logProb = (xv: tf.Tensor): tf.Scalar => {
          const { output } = this.rnn.apply(xv as tf.Tensor3D); // [1, T, H]
          const last = tf.reshape(tf.slice(output, [0, T - 1, 0], [1, 1, H]), [1, H]); // [1, H]
          const lp = tf.logSoftmax(this.readout.apply(last)); // [1, V]
          return tf.sum(tf.mul(lp, tf.oneHot(tf.tensor1d([target], 'int32'), this.config.vocabSize))) as tf.Scalar;
        };
        const g = tf.grad(logProb)(x); // [1, T, in]
        return tf.sqrt(tf.sum(tf.square(g), [0, 2])); // [T]
      }),
    );
    const values = Array.from(magnitudes.dataSync());
    magnitudes.dispose();
    return { chars: Array.from(ids.subarray(0, T + 1), (id) => this.vocabulary.char(id)), position, target: this.vocabulary.char(target), magnitudes: values };
  }
}

/** Every tensor of a list of states (none for undefined). @internal */
export function flatState(state: readonly CellState[] | undefined): tf.Tensor[] {
  return state ? state.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])) : [];
}
