/**
 * Training DRAW on the importance-weighted bound (IWAE, Burda et al. 2016): `Draw.loss` with
 * `importanceSamples` K is the mean of `importanceWeightedBound` over the same draws, its
 * gradients match finite differences, `drawTask` trains and validates on that bound (and a few
 * steps lower it), no leaks, and a KL warm-up or a bad K is refused with a clear error.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import type { DrawConfig } from './config';
import type { DrawImages } from './images';
import { Draw } from './model';
import { drawTask } from './task';

const TINY: DrawConfig = { width: 6, height: 5, steps: 3, hiddenSize: 5, latentSize: 3, readSize: 2, writeSize: 3, seed: 1 };

function randomImages(count: number, seed = 0): DrawImages {
  const rng = new Rng(seed);
  return { count, width: 6, height: 5, bits: Uint8Array.from({ length: count * 30 }, () => (rng.next() < 0.4 ? 1 : 0)) };
}

const meanOf = async (t: tf.Tensor) => Array.from(await t.data()).reduce((s, v) => s + Number(v), 0) / t.size;

describeBackends('Draw.loss with importanceSamples (IWAE training)', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 20;

  it('is the mean importance-weighted bound of the same draws, below the one-draw loss on average', async () => {
    const model = new Draw(TINY);
    const images = randomImages(5, 1);
    const loss = model.loss(images, { importanceSamples: 4, rng: 9 });
    const bound = model.importanceWeightedBound(images, { samples: 4, rng: 9 });
    await expectClose(loss, [await meanOf(bound)], tol);
    // The IWAE loss with K = 8 is below the ELBO loss, averaged over draws (Burda et al., thm. 1).
    let elbo = 0;
    let iwae = 0;
    for (let seed = 0; seed < 20; seed++) {
      const [e, w] = [model.loss(images, { rng: seed }), model.loss(images, { importanceSamples: 8, rng: 100 + seed })];
      elbo += (await e.data())[0]! / 20;
      iwae += (await w.data())[0]! / 20;
      tf.dispose([e, w]);
    }
    expect(iwae).toBeLessThan(elbo);
    tf.dispose([loss, bound]);
    model.dispose();
  });

  for (const attention of [true, false]) {
    it(`${attention ? 'attention' : 'no attention'}: gradients of the importance-weighted loss match finite differences`, async () => {
      const model = new Draw({ ...TINY, attention });
      const images = randomImages(3, 4);
      const p = new Map(model.namedParameters());
      const names = ['encoder.kernel', 'decoder.kernel', 'latent.kernel', 'latent.bias', 'write.kernel', 'canvas_0', 'decoder_h0'];
      if (attention) names.push('read_attention.kernel', 'write_attention.bias');
      const vars = Object.fromEntries(names.map((n) => [n, p.get(n)!]));
      // A fixed seed per call: the same draws at every perturbed point, so the loss is a smooth function of the weights.
      await checkGradients(() => model.loss(images, { importanceSamples: 3, rng: 5 }), vars, { samples: 4, eps: 1e-2, tol: 3e-2 });
      model.dispose();
    });
  }

  it('drawTask trains and validates on the bound: the dev loss is that bound, and a few steps lower it', async () => {
    const images = randomImages(16, 3);
    const model = new Draw({ ...TINY, hiddenSize: 8 });
    const task = drawTask(model, { train: images, dev: images, batchSize: 16, seed: 4, importanceSamples: 4 });
    const trainer = new Trainer(task, { clipNorm: 100, schedule: { kind: 'constant', lr: 3e-2 } });
    const before = trainer.evaluate(task.devBatches!());
    // The dev noise is Rng(seed + 1) = Rng(5), drawn afresh for every evaluation.
    const bound = model.importanceWeightedBound(images, { samples: 4, rng: new Rng(5) });
    expect(before).toBeCloseTo(await meanOf(bound), 3);
    bound.dispose();
    const batch = task.trainBatches(0)[Symbol.iterator]().next().value as DrawImages;
    for (let s = 0; s < 20; s++) trainer.trainStep(batch);
    const after = trainer.evaluate(task.devBatches!());
    expect(after).toBeLessThan(before - 1);
    trainer.optimizer.dispose();
    model.dispose();
  });

  it('leaks no tensors, and refuses a KL warm-up with it or a bad number of samples', async () => {
    const model = new Draw(TINY);
    const images = randomImages(2);
    await expectNoTensorLeak(() => model.loss(images, { importanceSamples: 3 }));
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => model.loss(images, { importanceSamples: 3, rng: 2 }));
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(() => model.loss(images, { importanceSamples: 3, klWeight: 0.5 })).toThrow(/a KL warm-up \('klWeight' 0.5\) applies to the negative ELBO, not to the importance-weighted bound/);
    expect(() => model.loss(images, { importanceSamples: 0 })).toThrow(InputError);
    expect(() => model.loss(images, { importanceSamples: 1.5 })).toThrow(/'importanceSamples' must be an integer >= 1, got 1.5/);
    expect(() => drawTask(model, { train: images, importanceSamples: 2, klWarmupEpochs: 1 })).toThrow(/cannot be combined with 'importanceSamples' 2/);
    expect(() => drawTask(model, { train: images, importanceSamples: -1 })).toThrow(/'importanceSamples' must be an integer >= 1, got -1/);
    model.dispose();
  });
});
