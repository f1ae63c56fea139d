import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { Linear, Rng } from '@seq2seq/core';
import { lengthsToMask, RNN } from '@seq2seq/cells';

await createRuntime({ prefer: ['wasm'] });

// Toy task: echo the input one step late (y_t = x_{t-1}), on sequences of different lengths.
const rng = new Rng(0);
const [batch, time] = [32, 12];
const lengths = Array.from({ length: batch }, () => 4 + rng.int(time - 3)); // 4..12 real steps
const x = tf.tensor3d(rng.uniformArray(batch * time, -1, 1), [batch, time, 1]); // [batch, time, 1]
const y = tf.concat([tf.zeros([batch, 1, 1]), tf.slice(x, [0, 0, 0], [batch, time - 1, 1])], 1); // [batch, time, 1]
const mask = tf.expandDims(lengthsToMask(lengths, time), 2); // [batch, time, 1], 1 on real steps

const gru = new RNN({ cell: 'gru', inputSize: 1, hiddenSize: 32, rng });
const head = new Linear({ inputSize: 32, outputSize: 1, rng });
const loss = (): tf.Scalar =>
  tf.tidy(() => {
    const { output } = gru.apply(x, { lengths }); // [batch, time, 32], zeros after each length
    const err = tf.mul(tf.square(tf.sub(head.apply(output), y)), mask); // padded steps do not count
    return tf.div(tf.sum(err), tf.sum(mask)) as tf.Scalar;
  });

const optimizer = tf.train.adam(0.01);
const vars = [...gru.trainableVariables(), ...head.trainableVariables()];
const before = loss().dataSync()[0]!;
for (let step = 0; step < 40; step++) optimizer.minimize(loss, false, vars);
const after = loss().dataSync()[0]!;
console.log(`${tf.getBackend()}: loss ${before.toFixed(4)} -> ${after.toFixed(4)}`);
