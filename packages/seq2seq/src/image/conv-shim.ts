/**
 * TEMPORARY stand-in for the convolutional blocks of @seq2seq/blocks (Conv2D, BatchNorm2D,
 * ResNetBlock) while they are being written; same constructor options and parameter names.
 * Trains on the CPU backend only (tfjs's own conv gradients). Deleted when the blocks land.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Module, Rng, glorotUniform, zeros, ones, type Initializer } from '@seq2seq/core';

export class Conv2D extends Module {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;
  readonly stride: number;
  readonly padding: 'same' | 'valid';
  constructor(c: { inputSize: number; outputSize: number; kernelSize: number; stride?: number; padding?: 'same' | 'valid'; bias?: boolean; weightInit?: Initializer; rng: Rng }) {
    super();
    this.stride = c.stride ?? 1;
    this.padding = c.padding ?? 'same';
    this.kernel = this.addParameter('kernel', [c.kernelSize, c.kernelSize, c.inputSize, c.outputSize], c.weightInit ?? glorotUniform(), c.rng);
    this.bias = c.bias ?? true ? this.addParameter('bias', [c.outputSize], zeros(), c.rng) : null;
  }
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const y = tf.conv2d(x, this.kernel as tf.Tensor4D, this.stride, this.padding);
      return this.bias ? tf.add(y, this.bias) : y;
    }) as tf.Tensor4D;
  }
}

export class BatchNorm2D extends Module {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;
  constructor(c: { inputSize: number; momentum?: number; epsilon?: number }) {
    super();
    const rng = new Rng(0);
    this.gamma = this.addParameter('gamma', [c.inputSize], ones(), rng);
    this.beta = this.addParameter('beta', [c.inputSize], zeros(), rng);
    this.runningMean = this.addParameter('running_mean', [c.inputSize], zeros(), rng, false);
    this.runningVar = this.addParameter('running_var', [c.inputSize], ones(), rng, false);
  }
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      if (!this.training) return tf.add(tf.mul(tf.div(tf.sub(x, this.runningMean), tf.sqrt(tf.add(this.runningVar, 1e-5))), this.gamma), this.beta);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const n = x.size / x.shape[3];
      tf.tidy(() => {
        this.runningMean.assign(tf.add(tf.mul(this.runningMean, 0.9), tf.mul(mean, 0.1)));
        this.runningVar.assign(tf.add(tf.mul(this.runningVar, 0.9), tf.mul(variance, (0.1 * n) / Math.max(1, n - 1))));
      });
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), this.gamma), this.beta);
    }) as tf.Tensor4D;
  }
}

export class ResNetBlock extends Module {
  readonly conv1: Conv2D;
  readonly norm1: BatchNorm2D | null;
  readonly conv2: Conv2D;
  readonly norm2: BatchNorm2D | null;
  readonly projection: Conv2D | null;
  readonly projectionNorm: BatchNorm2D | null;
  constructor(c: { inputSize: number; outputSize?: number; stride?: number; norm?: 'batch' | 'group' | 'none'; rng: Rng }) {
    super();
    const out = c.outputSize ?? c.inputSize;
    const stride = c.stride ?? 1;
    const bn = (c.norm ?? 'batch') !== 'none';
    this.conv1 = this.addModule('conv1', new Conv2D({ inputSize: c.inputSize, outputSize: out, kernelSize: 3, stride, bias: !bn, rng: c.rng }));
    this.norm1 = bn ? this.addModule('norm1', new BatchNorm2D({ inputSize: out })) : null;
    this.conv2 = this.addModule('conv2', new Conv2D({ inputSize: out, outputSize: out, kernelSize: 3, bias: !bn, rng: c.rng }));
    this.norm2 = bn ? this.addModule('norm2', new BatchNorm2D({ inputSize: out })) : null;
    const project = stride !== 1 || out !== c.inputSize;
    this.projection = project ? this.addModule('projection', new Conv2D({ inputSize: c.inputSize, outputSize: out, kernelSize: 1, stride, bias: !bn, rng: c.rng })) : null;
    this.projectionNorm = project && bn ? this.addModule('projection_norm', new BatchNorm2D({ inputSize: out })) : null;
  }
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let y = this.conv1.apply(x);
      if (this.norm1) y = this.norm1.apply(y);
      y = this.conv2.apply(tf.relu(y));
      if (this.norm2) y = this.norm2.apply(y);
      let s: tf.Tensor4D = x;
      if (this.projection) {
        s = this.projection.apply(x);
        if (this.projectionNorm) s = this.projectionNorm.apply(s);
      }
      return tf.relu(tf.add(y, s));
    }) as tf.Tensor4D;
  }
}
