import * as tf from '@tensorflow/tfjs-core';
import { InputError, Linear, Rng, ShapeError } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak, checkGradients } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { DenseBlock, LayerNorm, MLP, Residual, Sequential, lesion, type Block } from './index';

const random = (rng: Rng, shape: number[], scale = 1): tf.Tensor =>
  tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -scale, scale), shape);

/** Float64 layer norm of each row of `x` (last axis), with gain g and bias b. */
function refLayerNorm(x: number[][], g: number[], b: number[], eps: number): number[][] {
  return x.map((row) => {
    const mu = row.reduce((s, v) => s + v, 0) / row.length;
    const v = row.reduce((s, x) => s + (x - mu) ** 2, 0) / row.length;
    return row.map((x, i) => (g[i]! * (x - mu)) / Math.sqrt(v + eps) + b[i]!);
  });
}

/** Checks a block's gradients w.r.t. its input and every parameter with sum(y * r) as the loss. */
async function gradCheckBlock(block: Block, inShape: number[], seed: number): Promise<void> {
  const rng = new Rng(seed);
  const x = tf.variable(random(rng, inShape));
  const y0 = block.apply(x);
  const r = random(rng, y0.shape);
  y0.dispose();
  const vars: Record<string, tf.Variable> = { x };
  for (const [n, v] of block.namedParameters()) vars[n] = v;
  await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(block.apply(x), r)) as tf.Scalar), vars, { samples: 4 });
  tf.dispose([x, r]);
}

describeBackends('blocks', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  it('LayerNorm normalises the last axis, then scales and shifts', async () => {
    const rng = new Rng(1);
    const ln = new LayerNorm({ inputSize: 5, epsilon: 1e-3 });
    const g = Array.from(rng.uniformArray(5, 0.5, 2));
    const b = Array.from(rng.uniformArray(5, -1, 1));
    ln.loadWeights({ gain: tf.tensor1d(g), bias: tf.tensor1d(b) });
    const x = random(rng, [2, 3, 5], 3);
    const y = ln.apply(x);
    expect(y.shape).toEqual([2, 3, 5]);
    const rows = ((await x.array()) as number[][][]).flat();
    await expectClose(y, refLayerNorm(rows, g, b, 1e-3).flat(), tol);
    expect(() => ln.apply(tf.zeros([2, 4]))).toThrow(ShapeError);
    expect(() => ln.apply(tf.zeros([2, 4]))).toThrow(/LayerNorm.apply: argument 'x' must have shape \[2, 5\], got \[2, 4\]/);
    expect(new LayerNorm({ inputSize: 3, affine: false }).parameters()).toHaveLength(0);
    tf.dispose([x, y]);
    ln.dispose();
  });

  it('MLP composes its layers with the activation between them', async () => {
    const rng = new Rng(2);
    const mlp = new MLP({ inputSize: 3, hiddenSizes: [6, 4], outputSize: 2, activation: 'tanh', rng });
    expect(mlp.namedParameters().map(([n, v]) => `${n}:${v.shape.join('x')}`)).toEqual(['l0.kernel:3x6', 'l0.bias:6', 'l1.kernel:6x4', 'l1.bias:4', 'l2.kernel:4x2', 'l2.bias:2']);
    const x = random(rng, [5, 3]);
    const [l0, l1, l2] = mlp.layers as [Linear, Linear, Linear];
    const expected = tf.tidy(() => l2.apply(tf.tanh(l1.apply(tf.tanh(l0.apply(x))))));
    const y = mlp.apply(x);
    await expectClose(y, expected, tol);
    const activated = new MLP({ inputSize: 3, outputSize: 2, activation: 'relu', activateOutput: true, rng: new Rng(3) });
    const ya = activated.apply(x);
    expect(Math.min(...(await ya.data()))).toBeGreaterThanOrEqual(0);
    expect(() => new MLP({ inputSize: 3, hiddenSizes: [0], outputSize: 3 })).toThrow(/MLP: 'hiddenSizes\[0\]' must be an integer >= 1/);
    expect(() => new MLP({ inputSize: 3 } as never)).toThrow(/MLP: 'outputSize' must be an integer >= 1, got undefined/);
    expect(() => new MLP({ inputSize: 3, outputSize: 2, activation: 'swish' as 'relu' })).toThrow(/'activation' must be one of/);
    expect(() => mlp.apply(tf.zeros([5, 4]))).toThrow(/MLP.apply: argument 'x' must have shape \[5, 3\], got \[5, 4\]/);
    tf.dispose([x, y, expected, ya]);
    mlp.dispose();
    activated.dispose();
  });

  it('MLP dropout is active in training mode only', async () => {
    const mlp = new MLP({ inputSize: 8, hiddenSizes: [256], outputSize: 8, dropout: 0.5, rng: new Rng(4) });
    const x = tf.ones([4, 8]);
    const a = mlp.apply(x);
    const b = mlp.apply(x);
    expect(Array.from(await a.data())).not.toEqual(Array.from(await b.data()));
    mlp.eval();
    const c = mlp.apply(x);
    const d = mlp.apply(x);
    expect(Array.from(await c.data())).toEqual(Array.from(await d.data()));
    tf.dispose([x, a, b, c, d]);
    mlp.dispose();
  });

  it('Residual: y = x + f(x), a projection shortcut when widths differ, pre- and post-norm', async () => {
    const rng = new Rng(5);
    const x = random(rng, [3, 4]);
    const f = new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 4, rng });
    const plain = new Residual(f);
    const fx = f.apply(x);
    const y = plain.apply(x);
    await expectClose(y, tf.add(x, fx), tol);
    expect(plain.shortcut).toBeNull();

    const g = new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 6, rng });
    const proj = new Residual(g, { rng });
    expect(proj.outputSize).toBe(6);
    expect(proj.shortcut!.kernel.shape).toEqual([4, 6]);
    expect(proj.shortcut!.bias).toBeNull();
    await expectClose(proj.apply(x), tf.add(tf.matMul(x, proj.shortcut!.kernel), g.apply(x)), tol);

    const pre = new Residual(new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 4, rng }), { norm: 'pre' });
    await expectClose(pre.apply(x), tf.add(x, pre.f.apply(pre.norm!.apply(x))), tol);
    expect(pre.norm!.inputSize).toBe(4);
    const post = new Residual(new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 6, rng }), { norm: 'post', rng });
    await expectClose(post.apply(x), post.norm!.apply(tf.add(post.shortcut!.apply(x), post.f.apply(x))), tol);
    expect(post.norm!.inputSize).toBe(6);
    expect(post.namedParameters().map(([n]) => n)).toEqual(['f.l0.kernel', 'f.l0.bias', 'f.l1.kernel', 'f.l1.bias', 'shortcut.kernel', 'norm.gain', 'norm.bias']);

    // The lesioned block is its shortcut.
    await expectClose(pre.applyWithoutBranch(x), x, 0);
    await expectClose(post.applyWithoutBranch(x), tf.matMul(x, post.shortcut!.kernel), tol);
    expect(() => new Residual(f, { outputSize: 5 })).toThrow(/'outputSize' is 5 but f has outputSize 4/);
    expect(() => new Residual(f, { norm: 'middle' as 'pre' })).toThrow(InputError);
    expect(() => plain.apply(tf.zeros([3, 5]))).toThrow(/Residual.apply: argument 'x' must have shape \[3, 4\]/);
    for (const m of [plain, proj, pre, post]) m.dispose();
  });

  it('DenseBlock: each layer sees the block input and every earlier output', async () => {
    const rng = new Rng(6);
    const block = new DenseBlock({ inputSize: 3, growthRate: 2, numLayers: 3, rng });
    expect(block.outputSize).toBe(9);
    expect(block.linears.map((l) => l.kernel.shape)).toEqual([[3, 2], [5, 2], [7, 2]]);
    const x = random(rng, [2, 4, 3]);
    const y = block.apply(x);
    expect(y.shape).toEqual([2, 4, 9]);
    // Recompute layer by layer: x_l = Linear_l(relu(LN_l([x_0 .. x_{l-1}]))).
    const expected = tf.tidy(() => {
      let feats = x;
      block.linears.forEach((lin, l) => {
        feats = tf.concat([feats, lin.apply(tf.relu(block.norms[l]!.apply(feats)))], -1);
      });
      return feats;
    });
    await expectClose(y, expected, tol);
    await expectClose(tf.slice(y, [0, 0, 0], [-1, -1, 3]), x, 0); // the input passes through unchanged
    const noNorm = new DenseBlock({ inputSize: 3, growthRate: 2, numLayers: 2, norm: false, activation: 'tanh', rng });
    expect(noNorm.norms).toHaveLength(0);
    expect(() => block.apply(tf.zeros([2, 4]))).toThrow(/DenseBlock.apply: argument 'x' must have shape \[2, 3\]/);
    tf.dispose([x, y, expected]);
    block.dispose();
    noNorm.dispose();
  });

  it('lesion: a residual block becomes its shortcut; a plain block is removed', async () => {
    const rng = new Rng(7);
    const x = random(rng, [5, 4]);
    const res = new Sequential([0, 1, 2, 3].map(() => new Residual(new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 4, rng }), { norm: 'pre' })));
    const blocks = res.blocks as Residual[];
    for (let k = 0; k < 4; k++) {
      const expected = tf.tidy(() => blocks.reduce((h, b, i) => (i === k ? h : b.apply(h)), x));
      const got = lesion(res, k).apply(x);
      await expectClose(got, expected, tol);
      tf.dispose([expected, got]);
    }
    const two = lesion(res, [3, 1]);
    expect(two.skipped).toEqual([1, 3]);
    const expected2 = tf.tidy(() => blocks[2]!.apply(blocks[0]!.apply(x)));
    await expectClose(two.apply(x), expected2, tol);
    const all = lesion(res, [0, 1, 2, 3]).apply(x);
    await expectClose(all, x, 0); // every residual block deleted: the identity

    const plain = new Sequential([new MLP({ inputSize: 4, outputSize: 4, activateOutput: true, rng }), new MLP({ inputSize: 4, outputSize: 4, activateOutput: true, rng }), new MLP({ inputSize: 4, outputSize: 2, rng })]);
    const p = plain.blocks;
    const dropped = tf.tidy(() => p[2]!.apply(p[0]!.apply(x))); // block 1 removed: block 2 sees block 0's output
    await expectClose(lesion(plain, 1).apply(x), dropped, tol);
    const full = tf.tidy(() => p[2]!.apply(p[1]!.apply(p[0]!.apply(x))));
    await expectClose(plain.apply(x), full, tol);
    expect(() => lesion(plain, 2)).toThrow(/lesion: block 2 maps 4 to 2 features/);
    expect(() => lesion(plain, 3)).toThrow(/'k' must be an integer in \[0, 2\], got number 3/);
    expect(() => new Sequential([new MLP({ inputSize: 4, outputSize: 3 }), new MLP({ inputSize: 4, outputSize: 3 })])).toThrow(/'blocks\[0\]' outputs 3 features but 'blocks\[1\]' expects 4/);
    // A residual block with a projection is lesioned to its projection.
    const widen = new Sequential([new Residual(new MLP({ inputSize: 4, outputSize: 6 }), { rng })]);
    const w = widen.blocks[0] as Residual;
    await expectClose(lesion(widen, 0).apply(x), tf.matMul(x, w.shortcut!.kernel), tol);
    tf.dispose([x, expected2, all, dropped, full]);
    for (const m of [res, plain, widen]) m.dispose();
  });

  it('gradients match finite differences', async () => {
    await gradCheckBlock(new LayerNorm({ inputSize: 5 }), [3, 5], 10);
    await gradCheckBlock(new MLP({ inputSize: 3, hiddenSizes: [5], outputSize: 2, activation: 'gelu', rng: new Rng(1) }), [4, 3], 11);
    await gradCheckBlock(new MLP({ inputSize: 3, hiddenSizes: [5], outputSize: 2, activation: 'tanh', rng: new Rng(2) }), [2, 2, 3], 12);
    await gradCheckBlock(new Residual(new MLP({ inputSize: 3, hiddenSizes: [5], outputSize: 4, activation: 'tanh', rng: new Rng(3) }), { norm: 'pre', rng: new Rng(4) }), [4, 3], 13);
    await gradCheckBlock(new Residual(new MLP({ inputSize: 4, hiddenSizes: [5], outputSize: 4, activation: 'sigmoid', rng: new Rng(5) }), { norm: 'post' }), [4, 4], 14);
    await gradCheckBlock(new DenseBlock({ inputSize: 3, growthRate: 2, numLayers: 2, activation: 'tanh', rng: new Rng(6) }), [4, 3], 15);
  });

  it('leaves no tensors behind across repeated calls', async () => {
    const rng = new Rng(8);
    const x = random(rng, [3, 4]);
    const stack = new Sequential([
      new Residual(new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 4, dropout: 0.1, rng }), { norm: 'pre' }),
      new Residual(new DenseBlock({ inputSize: 4, growthRate: 2, numLayers: 2, rng }), { norm: 'post', rng }),
      new LayerNorm({ inputSize: 8 }),
      new MLP({ inputSize: 8, outputSize: 8, activateOutput: true, rng }),
    ]);
    await expectNoTensorLeak(() => stack.apply(x), { iterations: 3 });
    await expectNoTensorLeak(() => lesion(stack, [0, 3]).apply(x), { iterations: 3 });
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(stack.apply(x)) as tf.Scalar, stack.parameters());
      return [value, ...Object.values(grads)];
    }, { iterations: 2 });
    x.dispose();
    stack.dispose();
  });

  it('dispose() of a whole stack frees every parameter of every block, once', async () => {
    const x = random(new Rng(9), [3, 4]);
    await expectNoTensorLeak(() => {
      const rng = new Rng(10);
      const stack = new Sequential([
        new Residual(new MLP({ inputSize: 4, hiddenSizes: [8], outputSize: 4, rng }), { norm: 'pre' }),
        new Residual(new DenseBlock({ inputSize: 4, growthRate: 2, numLayers: 2, rng }), { norm: 'post', rng }),
        new LayerNorm({ inputSize: 8 }),
      ]);
      tf.dispose(stack.apply(x));
      stack.dispose();
      stack.dispose(); // harmless
      expect(stack.parameters().every((v) => v.isDisposed)).toBe(true);
    });
    x.dispose();
  });
});
