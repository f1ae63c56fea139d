/**
 * Modules own parameters and child modules, and name them hierarchically
 * (`encoder.rnn.l0.kernel`) so that weights can be listed, frozen, saved and loaded by name.
 *
 * tfjs keeps a global registry of variable names, so the `tf.Variable`s themselves get unique
 * generated names; the hierarchical name exists only in the module tree.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, WeightsError } from './errors';
import type { Initializer } from './initializers';
import type { Rng } from './rng';

/** Options of {@link Module.loadWeights}. */
export interface LoadWeightsOptions {
  /** Throw if a parameter of the module has no entry in the map, or the map has extra entries. Default `true`. */
  strict?: boolean;
}

/** How many {@link withoutInitialisers} calls are running (they may nest). */
let skippingInitialisers = 0;

/**
 * Runs `build` with every parameter created as zeros instead of by its initialiser (the
 * initialisers draw nothing from their `Rng` then). For a model whose weights are loaded right
 * after, from a checkpoint: orthogonal initialisation of large recurrent matrices costs seconds
 * that loading would throw away.
 */
export function withoutInitialisers<T>(build: () => T): T {
  skippingInitialisers += 1;
  try {
    return build();
  } finally {
    skippingInitialisers -= 1;
  }
}

/** A node of the model tree. Subclasses add parameters and children in their constructor. */
export abstract class Module {
  readonly #parameters = new Map<string, tf.Variable>();
  readonly #children = new Map<string, Module>();
  /** Whether the module is in training mode (dropout active). Set through {@link Module.train}. */
  #training = true;
  #disposed = false;

  /**
   * Creates a trainable parameter from an initialiser, inside `tf.tidy`.
   * @param name local name, unique within this module (no dots).
   */
  protected addParameter(name: string, shape: readonly number[], init: Initializer, rng: Rng, trainable = true): tf.Variable {
    const value = tf.tidy(() => (skippingInitialisers > 0 ? tf.zeros(shape as number[]) : init(shape, rng)));
    const variable = tf.variable(value, trainable);
    value.dispose();
    return this.registerVariable(name, variable);
  }

  /** Registers an existing variable as a parameter of this module. */
  protected registerVariable(name: string, variable: tf.Variable): tf.Variable {
    this.#checkName(name);
    this.#parameters.set(name, variable);
    return variable;
  }

  /** Registers a child module under `name`. */
  protected addModule<M extends Module>(name: string, module: M): M {
    this.#checkName(name);
    this.#children.set(name, module);
    return module;
  }

  #checkName(name: string): void {
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new InputError(`Module: parameter and child names must match /^[A-Za-z0-9_]+$/, got '${name}'`);
    }
    if (this.#parameters.has(name) || this.#children.has(name)) {
      throw new InputError(`Module: the name '${name}' is already used in this module`);
    }
  }

  /** Every parameter of this module and its descendants with its hierarchical name, in creation order. */
  namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    for (const [name, v] of this.#parameters) out.push([prefix + name, v]);
    for (const [name, child] of this.#children) out.push(...child.namedParameters(`${prefix}${name}.`));
    return out;
  }

  /** Direct children with their local names. */
  children(): Array<[string, Module]> {
    return [...this.#children];
  }

  /** All parameters. */
  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** Parameters an optimiser should update (not frozen). */
  trainableVariables(): tf.Variable[] {
    return this.parameters().filter((v) => v.trainable);
  }

  /** Number of scalar parameters. */
  countParameters(): number {
    return this.parameters().reduce((n, v) => n + v.size, 0);
  }

  /** Stops training of every parameter whose name matches `filter` (all when omitted). */
  freeze(filter?: (name: string) => boolean): this {
    for (const [name, v] of this.namedParameters()) if (!filter || filter(name)) v.trainable = false;
    return this;
  }

  /** Re-enables training of parameters whose name matches `filter` (all when omitted). */
  unfreeze(filter?: (name: string) => boolean): this {
    for (const [name, v] of this.namedParameters()) if (!filter || filter(name)) v.trainable = true;
    return this;
  }

  /** Sets training mode (dropout on) or evaluation mode on this module and all descendants. */
  train(training = true): this {
    this.#training = training;
    for (const child of this.#children.values()) child.train(training);
    return this;
  }

  /** Sets evaluation mode; same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Whether the module is in training mode. */
  get training(): boolean {
    return this.#training;
  }

  /** The parameters by hierarchical name (the variables themselves, not copies). */
  getWeights(): Map<string, tf.Variable> {
    return new Map(this.namedParameters());
  }

  /**
   * Assigns weights by hierarchical name. Every shape is checked before anything is assigned, so
   * a mismatch leaves the module unchanged.
   */
  loadWeights(weights: ReadonlyMap<string, tf.Tensor> | Record<string, tf.Tensor>, options: LoadWeightsOptions = {}): void {
    const strict = options.strict ?? true;
    const map = weights instanceof Map ? weights : new Map(Object.entries(weights));
    const params = this.namedParameters();
    const problems: string[] = [];
    for (const [name, v] of params) {
      const w = map.get(name);
      if (!w) {
        if (strict) problems.push(`missing '${name}' (expected shape [${v.shape.join(', ')}])`);
        continue;
      }
      if (w.shape.length !== v.shape.length || w.shape.some((d: number, i: number) => d !== v.shape[i])) {
        problems.push(`'${name}' has shape [${w.shape.join(', ')}], expected [${v.shape.join(', ')}]`);
      }
    }
    if (strict) {
      const known = new Set(params.map(([n]) => n));
      for (const name of map.keys()) if (!known.has(name)) problems.push(`unexpected '${name}'`);
    }
    if (problems.length) {
      throw new WeightsError(`loadWeights: the weights do not match the module: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? `; and ${problems.length - 8} more` : ''}`);
    }
    for (const [name, v] of params) {
      const w = map.get(name);
      if (w) tf.tidy(() => v.assign(w.dtype === v.dtype ? w : tf.cast(w, v.dtype)));
    }
  }

  /**
   * Disposes the whole tree: this module's parameters, every child module (through its own
   * `dispose()`, so a child's cached tensors go too) and this module's caches
   * ({@link Module.disposeCaches}). The module is unusable afterwards; a second call does nothing.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const v of this.#parameters.values()) v.dispose();
    for (const child of this.#children.values()) child.dispose();
    this.disposeCaches();
  }

  /** Whether {@link Module.dispose} has run. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Frees tensors the module keeps for itself besides its parameters (for example a cell's kept
   * transposes). Called once by {@link Module.dispose}; override it rather than `dispose()`.
   */
  protected disposeCaches(): void {}
}
