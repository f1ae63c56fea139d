/**
 * Adam (Kingma and Ba 2015) whose moments are keyed by the model's hierarchical parameter names,
 * so that optimiser state saves with a checkpoint and resumes exactly (tfjs's own optimiser keys
 * state by generated variable names, which differ between runs).
 *
 * m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
 * p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 */
import * as tf from '@tensorflow/tfjs-core';
import { WeightsError } from '@seq2seq/core';

/** Hyper-parameters of {@link Adam}. */
export interface AdamConfig {
  /** Decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-8. */
  epsilon?: number;
}

/** Adam with named state. */
export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Number of updates applied so far. */
  step = 0;
  readonly #m = new Map<string, tf.Variable>();
  readonly #v = new Map<string, tf.Variable>();

  constructor(config: AdamConfig = {}) {
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-8;
  }

  /** Applies one update with learning rate `lr` to `params` (by name) from `grads` (by name). */
  apply(params: ReadonlyMap<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): void {
    this.step += 1;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    for (const [name, g] of Object.entries(grads)) {
      const p = params.get(name);
      if (!p) throw new WeightsError(`Adam: gradient for unknown parameter '${name}'`);
      const m = this.#slot(this.#m, name, p);
      const v = this.#slot(this.#v, name, p);
      tf.tidy(() => {
        const m2 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const v2 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        m.assign(m2);
        v.assign(v2);
        const update = tf.div(tf.mul(m2, lr / c1), tf.add(tf.sqrt(tf.div(v2, c2)), eps));
        p.assign(tf.sub(p, update));
      });
    }
  }

  #slot(store: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let s = store.get(name);
    if (!s) {
      const zeros = tf.zerosLike(like);
      s = tf.variable(zeros, false);
      zeros.dispose();
      store.set(name, s);
    }
    return s;
  }

  /** State for a checkpoint: `m.<name>`, `v.<name>` tensors (the live variables) and the step. */
  getState(): { step: number; tensors: Map<string, tf.Tensor> } {
    const tensors = new Map<string, tf.Tensor>();
    for (const [n, t] of this.#m) tensors.set(`m.${n}`, t);
    for (const [n, t] of this.#v) tensors.set(`v.${n}`, t);
    return { step: this.step, tensors };
  }

  /** Restores state saved by {@link Adam.getState}; shapes must match the parameters. */
  setState(state: { step: number; tensors: ReadonlyMap<string, tf.Tensor> }, params: ReadonlyMap<string, tf.Variable>): void {
    for (const [key, t] of state.tensors) {
      const kind = key.slice(0, 2);
      const name = key.slice(2);
      const p = params.get(name);
      if ((kind !== 'm.' && kind !== 'v.') || !p) throw new WeightsError(`Adam.setState: unexpected entry '${key}'`);
      if (t.shape.join(',') !== p.shape.join(',')) {
        throw new WeightsError(`Adam.setState: '${key}' has shape [${t.shape.join(', ')}], expected [${p.shape.join(', ')}]`);
      }
    }
    // Copy before freeing the old moments: `state` may hold them (this optimiser's own getState()).
    const copies = [...state.tensors].map(([key, t]) => [key, tf.tidy(() => tf.variable(t.clone(), false))] as const);
    this.dispose();
    this.step = state.step;
    for (const [key, v] of copies) (key.startsWith('m.') ? this.#m : this.#v).set(key.slice(2), v);
  }

  /** Frees the moment tensors. */
  dispose(): void {
    for (const t of [...this.#m.values(), ...this.#v.values()]) t.dispose();
    this.#m.clear();
    this.#v.clear();
  }
}
