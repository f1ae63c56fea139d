import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng, ShapeError } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { BatchNorm2D, Conv2D, DenseConvBlock, MaxPool2D, ResNetBlock, blurPool2d, type ConvNorm } from '../index';
import { onCpu, outputAndGradients, randomTensor } from './testing';

/** Gives every parameter seeded random values (norm scales near 1), so that checks see non-trivial weights. */
function randomise(block: { namedParameters(): Array<[string, tf.Variable]> }, seed: number): void {
  const rng = new Rng(seed);
  for (const [name, v] of block.namedParameters()) {
    if (name.endsWith('runningVar')) v.assign(tf.tensor(rng.uniformArray(v.size, 0.5, 2), v.shape));
    else if (name.endsWith('gamma')) v.assign(tf.tensor(rng.uniformArray(v.size, 0.5, 1.5), v.shape));
    else v.assign(tf.tensor(rng.uniformArray(v.size, -0.5, 0.5), v.shape));
  }
}

describeBackends('ResNetBlock and DenseConvBlock', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  it('ResNetBlock: identity shortcut when the shape is kept, projection otherwise; output shapes', () => {
    const same = new ResNetBlock({ inputSize: 4 });
    expect(same.namedParameters().map(([n, v]) => `${n}:${v.shape.join('x')}`)).toEqual([
      'conv1.kernel:3x3x4x4', 'norm1.gamma:4', 'norm1.beta:4', 'norm1.runningMean:4', 'norm1.runningVar:4',
      'conv2.kernel:3x3x4x4', 'norm2.gamma:4', 'norm2.beta:4', 'norm2.runningMean:4', 'norm2.runningVar:4',
    ]);
    expect(same.shortcut).toBeNull();
    const down = new ResNetBlock({ inputSize: 4, outputSize: 8, stride: 2, norm: 'group' });
    expect(down.namedParameters().map(([n]) => n)).toEqual([
      'conv1.kernel', 'norm1.gamma', 'norm1.beta', 'conv2.kernel', 'norm2.gamma', 'norm2.beta', 'shortcut.kernel', 'shortcutNorm.gamma', 'shortcutNorm.beta',
    ]);
    const plain = new ResNetBlock({ inputSize: 3, outputSize: 5, norm: 'none' });
    expect(plain.namedParameters().map(([n]) => n)).toEqual(['conv1.kernel', 'conv1.bias', 'conv2.kernel', 'conv2.bias', 'shortcut.kernel', 'shortcut.bias']);
    const x = tf.zeros([2, 7, 10, 4]) as unknown as tf.Tensor4D;
    const y = down.apply(x);
    expect(y.shape).toEqual([2, 4, 5, 8]);
    tf.dispose([x, y]);
    for (const b of [same, down, plain]) b.dispose();
  });

  it('ResNetBlock computes relu(norm(shortcut(x)) + norm2(conv2(relu(norm1(conv1(x))))))', async () => {
    const block = new ResNetBlock({ inputSize: 3, outputSize: 4, stride: 2, rng: new Rng(1) });
    randomise(block, 2);
    const x = randomTensor<tf.Rank.R4>(new Rng(3), [2, 6, 5, 3]);
    for (const training of [true, false]) {
      block.train(training);
      const expected = tf.tidy(() => {
        const n = (m: BatchNorm2D, t: tf.Tensor4D): tf.Tensor4D => m.apply(t);
        const h = tf.relu(n(block.norm1 as BatchNorm2D, block.conv1.apply(x)));
        const f = n(block.norm2 as BatchNorm2D, block.conv2.apply(h));
        return tf.relu(tf.add(n(block.shortcutNorm as BatchNorm2D, block.shortcut!.apply(x)), f));
      });
      const y = block.apply(x);
      await expectClose(y, expected, tol);
      tf.dispose([y, expected]);
    }
    x.dispose();
    block.dispose();
  });

  it('ResNetBlock with antialias: conv1 at stride 1, blur-pooled after its ReLU, the shortcut reading a blur-pooled input', async () => {
    const block = new ResNetBlock({ inputSize: 3, outputSize: 4, stride: 2, antialias: true, rng: new Rng(1) });
    const plain = new ResNetBlock({ inputSize: 3, outputSize: 4, stride: 2, rng: new Rng(1) });
    // The same weights as without it, so a trained block can be switched.
    expect(block.namedParameters().map(([n, v]) => `${n}:${v.shape}`)).toEqual(plain.namedParameters().map(([n, v]) => `${n}:${v.shape}`));
    expect(block.conv1.stride).toEqual([1, 1]);
    randomise(block, 2);
    const x = randomTensor<tf.Rank.R4>(new Rng(3), [2, 6, 5, 3]);
    for (const training of [true, false]) {
      block.train(training);
      const expected = tf.tidy(() => {
        const n = (m: BatchNorm2D, t: tf.Tensor4D): tf.Tensor4D => m.apply(t);
        const h = blurPool2d(tf.relu(n(block.norm1 as BatchNorm2D, block.conv1.apply(x))), 2);
        const f = n(block.norm2 as BatchNorm2D, block.conv2.apply(h));
        return tf.relu(tf.add(n(block.shortcutNorm as BatchNorm2D, block.shortcut!.apply(blurPool2d(x, 2))), f));
      });
      const y = block.apply(x);
      expect(y.shape).toEqual([2, 3, 3, 4]);
      await expectClose(y, expected, tol);
      tf.dispose([y, expected]);
    }
    expect(() => new ResNetBlock({ inputSize: 3, antialias: 'yes' as unknown as boolean })).toThrow(/'antialias' must be a boolean/);
    x.dispose();
    block.dispose();
    plain.dispose();
  });

  for (const [norm, antialias] of [['batch', false], ['group', false], ['none', false], ['batch', true]] as Array<[ConvNorm, boolean]>) {
    it(`ResNetBlock (norm '${norm}', stride 2, projection${antialias ? ', antialias' : ''}) gradients match finite differences`, async () => {
      const block = new ResNetBlock({ inputSize: 2, outputSize: 4, stride: 2, norm, antialias, rng: new Rng(4) });
      randomise(block, 5);
      const rng = new Rng(6);
      const x = tf.variable(randomTensor(rng, [2, 4, 5, 2]));
      const r = randomTensor(rng, [2, 2, 3, 4]);
      const vars: Record<string, tf.Variable> = { x };
      for (const [n, v] of block.namedParameters()) if (v.trainable) vars[n] = v;
      await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(block.apply(x as tf.Tensor4D), r)) as tf.Scalar), vars, { samples: 3, eps: 1e-3 }); // a small step: a larger one carries some ReLU inputs across 0
      tf.dispose([x, r]);
      block.dispose();
    });
  }

  it('ResNetBlock and DenseConvBlock: outputs and gradients equal the CPU backend', async () => {
    const xv = new Rng(7).uniformArray(2 * 6 * 7 * 3, -1, 1);
    const makers = [
      () => new ResNetBlock({ inputSize: 3, outputSize: 6, stride: 2, rng: new Rng(8) }),
      () => new ResNetBlock({ inputSize: 3, outputSize: 6, stride: 2, antialias: true, rng: new Rng(8) }),
      () => new ResNetBlock({ inputSize: 3, norm: 'group', numGroups: 3, rng: new Rng(9) }),
      () => new DenseConvBlock({ inputSize: 3, growthRate: 2, numLayers: 3, rng: new Rng(10) }),
    ];
    for (const make of makers) {
      const run = (): Record<string, Float32Array> => {
        const block = make();
        randomise(block, 11);
        const x = tf.tensor4d(xv, [2, 6, 7, 3]);
        const out = outputAndGradients(block, x);
        x.dispose();
        block.dispose();
        return out;
      };
      const cpu = await onCpu(run);
      const here = run();
      expect(Object.keys(here)).toEqual(Object.keys(cpu));
      for (const key of Object.keys(cpu)) await expectClose(tf.tensor(here[key]!), cpu[key]!, tol);
    }
  });

  it('DenseConvBlock concatenates the input and each layer\'s maps; gradients match finite differences', async () => {
    const block = new DenseConvBlock({ inputSize: 2, growthRate: 3, numLayers: 2, rng: new Rng(12) });
    expect(block.outputSize).toBe(8);
    expect(block.namedParameters().filter(([, v]) => v.trainable).map(([n, v]) => `${n}:${v.shape.join('x')}`)).toEqual([
      'norm0.gamma:2', 'norm0.beta:2', 'conv0.kernel:3x3x2x3', 'norm1.gamma:5', 'norm1.beta:5', 'conv1.kernel:3x3x5x3',
    ]);
    randomise(block, 13);
    const rng = new Rng(14);
    const x = tf.variable(randomTensor(rng, [2, 3, 4, 2]));
    const y = block.apply(x as tf.Tensor4D);
    expect(y.shape).toEqual([2, 3, 4, 8]);
    const head = tf.slice(y, [0, 0, 0, 0], [2, 3, 4, 2]);
    await expectClose(head, x, 0);
    const layer0 = tf.tidy(() => block.convs[0]!.apply(tf.relu(block.norms[0]!.apply(x as tf.Tensor4D))));
    await expectClose(tf.slice(y, [0, 0, 0, 2], [2, 3, 4, 3]), layer0, tol);
    const r = randomTensor(rng, [2, 3, 4, 8]);
    const vars: Record<string, tf.Variable> = { x };
    for (const [n, v] of block.namedParameters()) if (v.trainable) vars[n] = v;
    await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(block.apply(x as tf.Tensor4D), r)) as tf.Scalar), vars, { samples: 3, eps: 1e-3 });
    const none = new DenseConvBlock({ inputSize: 2, growthRate: 1, numLayers: 1, norm: 'none' });
    expect(none.namedParameters().map(([n]) => n)).toEqual(['conv0.kernel', 'conv0.bias']);
    tf.dispose([x, y, head, layer0, r]);
    block.dispose();
    none.dispose();
  });

  it('a small ResNet trains: SGD lowers the loss of a fixed batch, with no tensor leak per step', async () => {
    const rng = new Rng(15);
    const stem = new Conv2D({ inputSize: 1, outputSize: 4, kernelSize: 3, bias: false, rng });
    const block = new ResNetBlock({ inputSize: 4, outputSize: 8, stride: 2, rng });
    const pool = new MaxPool2D({ poolSize: 2 });
    const head = new Conv2D({ inputSize: 8, outputSize: 2, kernelSize: 1, rng });
    const vars = [...stem.trainableVariables(), ...block.trainableVariables(), ...head.trainableVariables()];
    const x = randomTensor<tf.Rank.R4>(rng, [4, 8, 8, 1]);
    const target = randomTensor(rng, [4, 2, 2, 2]);
    const optimizer = tf.train.sgd(0.05);
    const step = (): tf.Scalar =>
      optimizer.minimize(() => tf.tidy(() => tf.mean(tf.square(tf.sub(head.apply(pool.apply(block.apply(stem.apply(x)))), target))) as tf.Scalar), true, vars)!;
    const first = step();
    const l0 = (await first.data())[0]!;
    first.dispose();
    await expectNoTensorLeak(step, { iterations: 3 });
    let last = l0;
    for (let i = 0; i < 15; i++) {
      const l = step();
      last = (await l.data())[0]!;
      l.dispose();
    }
    expect(last).toBeLessThan(0.7 * l0);
    optimizer.dispose();
    tf.dispose([x, target]);
    for (const m of [stem, block, pool, head]) m.dispose();
  });

  it('bad input and configs get clear errors', () => {
    const block = new ResNetBlock({ inputSize: 4 });
    expect(() => block.apply(tf.zeros([2, 5, 5, 3]) as unknown as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => block.apply(tf.zeros([2, 5, 5, 3]) as unknown as tf.Tensor4D)).toThrow(/ResNetBlock.apply: argument 'x' must have shape \[batch=2, height=5, width=5, 4\], got \[2, 5, 5, 3\]/);
    expect(() => block.apply(tf.zeros([5, 5, 4]) as unknown as tf.Tensor4D)).toThrow(/must have shape \[batch, height, width, 4\], got \[5, 5, 4\]/);
    expect(() => new ResNetBlock({ inputSize: 4, norm: 'layer' as never })).toThrow(/'norm' must be one of 'batch', 'group', 'none'/);
    expect(() => new ResNetBlock({ inputSize: 4, outputSize: 6, norm: 'group', numGroups: 4 })).toThrow(/'numGroups' must divide 'outputSize' \(6\), got 4/);
    expect(() => new ResNetBlock({ inputSize: 0 })).toThrow(InputError);
    const dense = new DenseConvBlock({ inputSize: 2, growthRate: 2, numLayers: 2 });
    expect(() => dense.apply(tf.zeros([1, 3, 3, 4]) as unknown as tf.Tensor4D)).toThrow(/DenseConvBlock.apply: argument 'x' must have shape \[batch=1, height=3, width=3, 2\]/);
    expect(() => new DenseConvBlock({ inputSize: 2, growthRate: 0, numLayers: 2 })).toThrow(/'growthRate' must be an integer >= 1/);
    block.dispose();
    dense.dispose();
  });
});
