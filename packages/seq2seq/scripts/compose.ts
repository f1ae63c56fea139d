import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { Embedding, Module, Rng } from '@seq2seq/core';
import { RNN } from '@seq2seq/cells';
import { Attention } from '@seq2seq/attention';
import { MLP } from '@seq2seq/blocks';
import { generatePairs, sortTask, type TranslationPair } from '@seq2seq/datasets';
import { Adam, maskedCrossEntropy } from '@seq2seq/seq2seq';

await createRuntime({ prefer: ['cpu'] });

const LENGTH = 5; // digits per sequence
const START = 10; // the decoder's first input; the digits are tokens 0..9
const rng = new Rng(0);

/** Sorts digit sequences: a bidirectional GRU encoder, a GRU decoder attending to it, an MLP head. */
class DigitSorter extends Module {
  readonly embed = this.addModule('embed', new Embedding({ vocabSize: 11, embeddingSize: 8, rng }));
  readonly encoder = this.addModule('encoder', new RNN({ cell: 'gru', inputSize: 8, hiddenSize: 16, bidirectional: true, rng }));
  readonly decoder = this.addModule('decoder', new RNN({ cell: 'gru', inputSize: 8, hiddenSize: 32, rng }));
  readonly attention = this.addModule('attention', new Attention({ kind: 'general', encoderSize: 32, decoderSize: 32, rng }));
  readonly head = this.addModule('head', new MLP({ inputSize: 64, hiddenSizes: [32], outputSize: 10, activation: 'tanh', rng }));

  /** Teacher forcing: source `[batch, LENGTH]` and decoder inputs `[batch, LENGTH]` -> logits `[batch, LENGTH, 10]`. */
  logits(source: tf.Tensor2D, decoderInput: tf.Tensor2D): tf.Tensor3D {
    const encoded = this.encoder.apply(this.embed.apply(source) as tf.Tensor3D).output; // [batch, LENGTH, 32]
    const decoded = this.decoder.apply(this.embed.apply(decoderInput) as tf.Tensor3D).output; // [batch, LENGTH, 32]
    const { context } = this.attention.apply(encoded, decoded); // [batch, LENGTH, 32]
    return this.head.apply(tf.concat([context, decoded], 2)) as tf.Tensor3D;
  }

  /** Greedy decoding with the step forms: source `[batch, LENGTH]` -> outputs `[batch, LENGTH]`. */
  sort(source: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const encoded = this.encoder.apply(this.embed.apply(source) as tf.Tensor3D).output;
      const memory = this.attention.prepare(encoded); // what depends only on the encoder, computed once
      let state = this.decoder.initialState(source.shape[0]);
      let token = tf.fill([source.shape[0]], START, 'int32') as tf.Tensor1D;
      const outputs: tf.Tensor1D[] = [];
      for (let t = 0; t < LENGTH; t++) {
        const step = this.decoder.step(this.embed.apply(token) as tf.Tensor2D, state); // new input, then state
        const { context } = this.attention.step(step.output, memory); // [batch, 32]
        token = tf.argMax(this.head.apply(tf.concat([context, step.output], 1)), 1) as tf.Tensor1D;
        outputs.push(token);
        state = step.state;
      }
      memory.dispose();
      return tf.stack(outputs, 1) as tf.Tensor2D;
    });
  }
}

/** Digit ids `[count, LENGTH]` of each source, target, and decoder input (START, then the target shifted). */
function toTensors(pairs: TranslationPair[]) {
  const digits = (s: string) => Array.from(s, Number);
  return {
    source: tf.tensor2d(pairs.map((p) => digits(p.source)), [pairs.length, LENGTH], 'int32'),
    target: tf.tensor2d(pairs.map((p) => digits(p.target)), [pairs.length, LENGTH], 'int32'),
    decoderInput: tf.tensor2d(pairs.map((p) => [START, ...digits(p.target).slice(0, -1)]), [pairs.length, LENGTH], 'int32'),
  };
}

const task = sortTask({ minLength: LENGTH, maxLength: LENGTH });
const test = toTensors(generatePairs(task, 200, 2));
const accuracy = (model: DigitSorter): number =>
  tf.tidy(() => tf.mean(tf.cast(tf.equal(model.sort(test.source), test.target), 'float32')).dataSync()[0]!);

const model = new DigitSorter();
const adam = new Adam();
const params = model.getWeights(); // hierarchical name -> variable, as Adam keys its state
console.log(`accuracy before training: ${(100 * accuracy(model)).toFixed(1)}%`);
for (let step = 0; step < 200; step++) {
  const batch = toTensors(generatePairs(task, 32, rng));
  const { value, grads } = tf.variableGrads(() => maskedCrossEntropy(model.logits(batch.source, batch.decoderInput), batch.target), [...params.values()]);
  adam.apply(params, Object.fromEntries([...params].map(([name, v]) => [name, grads[v.name]!])), 0.01);
  tf.dispose([value, ...Object.values(grads), ...Object.values(batch)]);
}
console.log(`accuracy after 200 steps: ${(100 * accuracy(model)).toFixed(1)}%`);

tf.dispose(Object.values(test));
adam.dispose();
model.dispose();
