import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from './errors';
import { ones, zeros } from './initializers';
import { Module, withoutInitialisers } from './module';
import { Rng } from './rng';

class Leaf extends Module {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  constructor(rng: Rng) {
    super();
    this.kernel = this.addParameter('kernel', [2, 3], ones(), rng);
    this.bias = this.addParameter('bias', [3], zeros(), rng);
  }
}

/** A leaf that keeps a derived tensor for itself, as a cell keeps its transposes. */
class CachingLeaf extends Leaf {
  cache: tf.Tensor | null = null;
  cachesFreed = 0;
  use(): void {
    this.cache ??= tf.transpose(this.kernel);
  }
  protected override disposeCaches(): void {
    this.cachesFreed++;
    this.cache?.dispose();
  }
}

class Tree extends Module {
  constructor(rng: Rng) {
    super();
    this.addModule('l0', new Leaf(rng));
    this.addModule('l1', new Leaf(rng));
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Module', () => {
  it('names parameters hierarchically and counts them', () => {
    const m = new Tree(new Rng(0));
    expect(m.namedParameters().map(([n]) => n)).toEqual(['l0.kernel', 'l0.bias', 'l1.kernel', 'l1.bias']);
    expect(m.countParameters()).toBe(18);
    m.dispose();
  });

  it('freezes by name and switches train/eval on the whole tree', () => {
    const m = new Tree(new Rng(0));
    m.freeze((n) => n.startsWith('l0.'));
    expect(m.trainableVariables()).toHaveLength(2);
    m.unfreeze();
    expect(m.trainableVariables()).toHaveLength(4);
    m.eval();
    expect(m.children().every(([, c]) => !c.training)).toBe(true);
    m.dispose();
  });

  it('loads weights by name and rejects mismatches without changing anything', () => {
    const m = new Tree(new Rng(0));
    const before = tf.memory().numTensors;
    const w = new Map<string, tf.Tensor>([
      ['l0.kernel', tf.fill([2, 3], 2)],
      ['l0.bias', tf.fill([3], 3)],
      ['l1.kernel', tf.fill([2, 3], 4)],
      ['l1.bias', tf.fill([4], 5)],
    ]);
    expect(() => m.loadWeights(w)).toThrow(/'l1.bias' has shape \[4\], expected \[3\]/);
    expect(m.getWeights().get('l0.kernel')!.dataSync()[0]).toBe(1);
    w.get('l1.bias')!.dispose();
    w.set('l1.bias', tf.fill([3], 5));
    m.loadWeights(w);
    expect(m.getWeights().get('l1.bias')!.dataSync()[0]).toBe(5);
    expect(() => m.loadWeights(new Map([['l0.kernel', w.get('l0.kernel')!]]))).toThrow(/missing 'l0.bias'/);
    for (const t of w.values()) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('rejects duplicate and dotted names', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.addParameter('a', [1], zeros(), new Rng(0));
        this.addParameter(name, [1], zeros(), new Rng(0));
      }
    }
    expect(() => new Bad('a')).toThrow(/already used/);
    expect(() => new Bad('a.b')).toThrow(/must match/);
  });

  it('dispose() frees parameters, children and their caches, once', () => {
    const before = tf.memory().numTensors;
    const root = new Tree(new Rng(0));
    const leaf = new CachingLeaf(new Rng(1));
    class Outer extends Module {
      constructor() {
        super();
        this.addModule('tree', root);
        this.addModule('leaf', leaf);
      }
    }
    const outer = new Outer();
    leaf.use();
    expect(tf.memory().numTensors).toBe(before + 4 + 2 + 1);
    outer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(leaf.cachesFreed).toBe(1);
    expect(outer.isDisposed && root.isDisposed && leaf.isDisposed).toBe(true);
    outer.dispose(); // harmless
    expect(leaf.cachesFreed).toBe(1);
  });

  it('rejects bad or repeated names with an InputError', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.addModule('a', new Leaf(new Rng(0)));
        this.addModule(name, new Leaf(new Rng(0)));
      }
    }
    expect(() => new Bad('a')).toThrow(InputError);
    expect(() => new Bad('a.b')).toThrow(/must match/);
  });

  it('withoutInitialisers builds parameters as zeros, runs no initialiser, and ends with the call (also on a throw)', () => {
    let calls = 0;
    const counting = () => (shape: readonly number[]) => {
      calls += 1;
      return tf.ones(shape as number[]);
    };
    class Counted extends Module {
      readonly kernel: tf.Variable;
      constructor() {
        super();
        this.kernel = this.addParameter('kernel', [2, 2], counting(), new Rng(0));
      }
    }
    const skipped = withoutInitialisers(() => new Counted());
    expect(calls).toBe(0);
    expect(Array.from(skipped.kernel.dataSync())).toEqual([0, 0, 0, 0]);
    expect(() =>
      withoutInitialisers(() => {
        throw new InputError('boom');
      }),
    ).toThrow('boom');
    const built = new Counted();
    expect(calls).toBe(1);
    expect(Array.from(built.kernel.dataSync())).toEqual([1, 1, 1, 1]);
    skipped.dispose();
    built.dispose();
  });
});
