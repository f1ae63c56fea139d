/**
 * PyTorch parity: our modules, given PyTorch's weights, reproduce PyTorch's outputs, input and
 * weight gradients of L = sum(y * r), and running statistics after a training step. Fixtures
 * from scripts/make-torch-fixtures.py (PyTorch state dicts in NCHW / [out, in, kh, kw] layout,
 * converted here to NHWC / [kh, kw, in, out]).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { decodeSafetensors, type Module } from '@seq2seq/core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { BatchNorm2D, Conv2D, GroupNorm, ResNetBlock } from '../index';

interface FixtureCase {
  name: string;
  module: 'Conv2d' | 'BatchNorm2d' | 'GroupNorm' | 'BasicBlock';
  inputSize: number;
  outputSize?: number;
  kernelSize?: number;
  stride?: number;
  padding?: 'same' | 'valid';
  momentum?: number;
  epsilon?: number;
  numGroups?: number;
}

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const CASES = (JSON.parse(readFileSync(fixture('torch_conv.json'), 'utf8')) as { cases: FixtureCase[] }).cases;
const BYTES = new Uint8Array(readFileSync(fixture('torch_conv.safetensors')));

/** Our parameter name for a PyTorch state-dict key (`bn1.running_var` -> `norm1.runningVar`). */
function ourName(torchKey: string): string {
  const parts = torchKey.split('.');
  const leaf = parts.pop()!;
  const isNorm = parts.length > 0 && /^(bn\d|downsample\.1)$/.test(parts.join('.'));
  const prefix = parts.join('.').replace(/^bn(\d)$/, 'norm$1').replace(/^downsample\.0$/, 'shortcut').replace(/^downsample\.1$/, 'shortcutNorm');
  const leafName = { running_mean: 'runningMean', running_var: 'runningVar', weight: isNorm || parts.length === 0 ? 'weight' : 'kernel', bias: 'bias' }[leaf] ?? leaf;
  return prefix ? `${prefix}.${leafName}` : leafName;
}

/** Converts a PyTorch tensor to our layout: NCHW -> NHWC, conv weights [out, in, kh, kw] -> [kh, kw, in, out]. */
const fromTorch = (t: tf.Tensor, isConvWeight: boolean): tf.Tensor =>
  t.rank !== 4 ? t.clone() : tf.transpose(t, isConvWeight ? [2, 3, 1, 0] : [0, 2, 3, 1]);

function build(c: FixtureCase): Module & { apply(x: tf.Tensor4D): tf.Tensor4D } {
  switch (c.module) {
    case 'Conv2d':
      return new Conv2D({ inputSize: c.inputSize, outputSize: c.outputSize!, kernelSize: c.kernelSize!, stride: c.stride, padding: c.padding });
    case 'BatchNorm2d':
      return new BatchNorm2D({ inputSize: c.inputSize, momentum: c.momentum, epsilon: c.epsilon });
    case 'GroupNorm':
      return new GroupNorm({ inputSize: c.inputSize, numGroups: c.numGroups!, epsilon: c.epsilon });
    case 'BasicBlock':
      return new ResNetBlock({ inputSize: c.inputSize, outputSize: c.outputSize, stride: c.stride });
  }
}

/** The state-dict names of a case, our names for them, and whether each is a conv weight. */
function stateDict(c: FixtureCase, all: Map<string, tf.Tensor>): Array<{ torch: string; ours: string; conv: boolean }> {
  const keys = [...all.keys()].filter((k) => k.startsWith(`${c.name}.`)).map((k) => k.slice(c.name.length + 1));
  const params = keys.filter((k) => !/^(x|r|y)$|^(grad|after|eval)\./.test(k));
  return params.map((k) => {
    let ours = ourName(k);
    if (c.module === 'BatchNorm2d' || c.module === 'GroupNorm' || /^(norm\d|shortcutNorm)\./.test(ours)) ours = ours.replace(/weight$/, 'gamma').replace(/bias$/, 'beta');
    if (c.module === 'Conv2d') ours = ours.replace(/^weight$/, 'kernel');
    return { torch: k, ours, conv: all.get(`${c.name}.${k}`)!.rank === 4 };
  });
}

describeBackends('PyTorch fixtures (conv)', ({ backend }) => {
  const tol = backend === 'cpu' ? 2e-5 : 2e-4;

  it('the fixtures cover Conv2d (same, valid stride 2, same stride 2), BatchNorm2d, GroupNorm and two basic blocks', () => {
    expect(CASES.map((c) => c.name)).toEqual(['conv_same', 'conv_valid_stride2', 'conv_same_stride2', 'batchnorm', 'groupnorm', 'block_identity', 'block_down']);
  });

  for (const c of CASES) {
    it(`${c.name}: outputs, gradients and running statistics match PyTorch`, async () => {
      const { tensors } = decodeSafetensors(BYTES);
      const get = (k: string): tf.Tensor => {
        const t = tensors.get(`${c.name}.${k}`);
        if (!t) throw new Error(`fixture ${c.name} has no '${k}'`);
        return t;
      };
      const module = build(c);
      const names = stateDict(c, tensors);
      const weights = new Map(names.map((n) => [n.ours, fromTorch(get(n.torch), n.conv)] as const));
      module.loadWeights(weights); // strict: every parameter of ours has a PyTorch counterpart and vice versa
      const x = tf.variable(fromTorch(get('x'), false));
      const r = fromTorch(get('r'), false);
      const modes = tensors.has(`${c.name}.eval.y`) ? ['', 'eval.'] : ['']; // batch norm: also eval() mode, after the step
      for (const mode of modes) {
        module.train(mode === '');
        const trainable = module.namedParameters().filter(([, v]) => v.trainable);
        const y = module.apply(x as tf.Tensor4D);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(module.apply(x as tf.Tensor4D), r)) as tf.Scalar, [x, ...trainable.map(([, v]) => v)]);
        const want = (k: string): tf.Tensor => tf.tidy(() => fromTorch(get(`${mode}${k}`), false));
        await expectClose(y, want('y'), tol);
        await expectClose(grads[x.name]!, want('grad.x'), tol);
        const compared = names.filter((m) => trainable.some(([o]) => o === m.ours));
        expect(compared.length).toBe(trainable.length); // every trainable parameter's gradient is checked
        for (const n of compared) {
          const g = tf.tidy(() => fromTorch(get(`${mode}grad.${n.torch}`), n.conv));
          await expectClose(grads[module.getWeights().get(n.ours)!.name]!, g, tol);
          g.dispose();
        }
        tf.dispose([y, ...Object.values(grads)]);
        if (mode === '') {
          // Two training-mode passes ran (apply, and apply under variableGrads); PyTorch ran one:
          // reload the pre-step statistics and take exactly one step to compare the update.
          const stats = names.filter((n) => /running/.test(n.ours));
          if (stats.length) {
            module.loadWeights(new Map(stats.map((n) => [n.ours, weights.get(n.ours)!] as const)), { strict: false });
            tf.dispose(module.apply(x as tf.Tensor4D));
            for (const n of stats) await expectClose(module.getWeights().get(n.ours)!, get(`after.${n.torch}`), tol);
          }
        }
      }
      tf.dispose([x, r, ...weights.values(), ...tensors.values()]);
      module.dispose();
    });
  }
});
