import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@seq2seq/core';
import { DenseBlock, LayerNorm, MLP, Residual, Sequential, lesion } from '@seq2seq/blocks';

await tf.setBackend('cpu');
const rng = new Rng(0);

// Four pre-norm residual MLP blocks of width 16, a dense block (16 + 3 * 8 = 40 features),
// a residual block with a projection shortcut (40 -> 24), and a final layer norm.
const stack = new Sequential([
  ...[0, 1, 2, 3].map(() => new Residual(new MLP({ inputSize: 16, hiddenSizes: [64], outputSize: 16, activation: 'gelu', dropout: 0.1, rng }), { norm: 'pre' })),
  new DenseBlock({ inputSize: 16, growthRate: 8, numLayers: 3, rng }),
  new Residual(new MLP({ inputSize: 40, outputSize: 24, rng }), { rng }),
  new LayerNorm({ inputSize: 24 }),
]);
stack.eval(); // dropout off

const x = tf.randomNormal([2, 5, 16], 0, 1, 'float32', 1); // [batch, time, 16]
const y = stack.apply(x); // [2, 5, 24]
console.log('output', y.shape, 'parameters', stack.countParameters());

// Delete residual block 2: it becomes the identity, the rest of the stack is unchanged.
const y2 = lesion(stack, 2).apply(x);
console.log('change from deleting block 2:', (await tf.max(tf.abs(tf.sub(y, y2))).data())[0]);

tf.dispose([x, y, y2]);
stack.dispose();
