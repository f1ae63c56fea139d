import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { Embedding, Linear, loadModuleWeights, Module, Rng, saveModuleWeights } from '@seq2seq/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

await createRuntime({ prefer: ['wasm'] }); // WASM: the backend where plain tf.gather cannot train

/** Predicts the next token from the current one: ids [batch, time] -> logits [batch, time, vocab]. */
class Bigram extends Module {
  readonly embedding: Embedding;
  readonly out: Linear;
  constructor(vocab: number, dim: number, rng: Rng) {
    super();
    this.embedding = this.addModule('embedding', new Embedding({ vocabSize: vocab, embeddingSize: dim, paddingIdx: 0, rng }));
    this.out = this.addModule('out', new Linear({ inputSize: dim, outputSize: vocab, rng }));
  }
  apply(ids: tf.Tensor): tf.Tensor {
    return this.out.apply(this.embedding.apply(ids)); // [B, T] -> [B, T, dim] -> [B, T, vocab]
  }
}

const model = new Bigram(16, 8, new Rng(0));
const ids = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 0]], [2, 4], 'int32');
const next = tf.oneHot(tf.tensor2d([[2, 3, 4, 5], [6, 7, 8, 0]], [2, 4], 'int32'), 16);
const loss = (): tf.Scalar => tf.losses.softmaxCrossEntropy(next, model.apply(ids));

const optimizer = tf.train.adam(0.05);
const before = (await loss().data())[0]!;
for (let step = 0; step < 50; step++) optimizer.minimize(loss, false, model.trainableVariables());
const after = (await loss().data())[0]!;
console.log(`${tf.getBackend()}: loss ${before.toFixed(3)} -> ${after.toFixed(3)}`);

// Save as safetensors (atomic write; names 'embedding.weight', 'out.kernel', 'out.bias'),
// then load into a fresh model.
const path = join(tmpdir(), 'bigram.safetensors');
await saveModuleWeights(model, path, { metadata: { steps: '50' } });
const restored = new Bigram(16, 8, new Rng(1));
const metadata = await loadModuleWeights(restored, path);
const same = (await tf.sub(model.apply(ids), restored.apply(ids)).abs().max().data())[0];
console.log(metadata, `largest difference after reload: ${same}`); // { steps: '50' } largest difference after reload: 0
