/**
 * Draw.importanceWeightedBound against host arithmetic: with a posterior of fixed mean and scale
 * the log importance ratio is known in closed form for the drawn noise; with the posterior equal
 * to the prior the bound is the log-mean-exp of the per-draw reconstruction terms; one draw
 * estimates the negative ELBO without bias; no leaks; clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng } from '@seq2seq/core';
import { expect, it } from 'vitest';
import type { DrawConfig } from './config';
import type { DrawImages } from './images';
import { Draw } from './model';

const TINY: DrawConfig = { width: 6, height: 5, steps: 3, hiddenSize: 5, latentSize: 3, readSize: 2, writeSize: 3, seed: 1 };
const { steps: T, latentSize: Z } = { steps: 3, latentSize: 3 };

function randomImages(count: number, seed = 0): DrawImages {
  const rng = new Rng(seed);
  return { count, width: 6, height: 5, bits: Uint8Array.from({ length: count * 30 }, () => (rng.next() < 0.4 ? 1 : 0)) };
}

/** Sets the latent layer so that Q(z_t | x) = N(mu, exp(logSigma)^2) for every image and step. */
function fixPosterior(model: Draw, mu: number, logSigma: number): void {
  const w = model.getWeights();
  w.get('latent.kernel')!.assign(tf.zeros(w.get('latent.kernel')!.shape));
  w.get('latent.bias')!.assign(tf.tensor1d([...Array(Z).fill(mu), ...Array(Z).fill(logSigma)]));
}

/** The images repeated `k` times, row `j * count + b` being image `b`. */
function tiledBits(images: DrawImages, k: number): DrawImages {
  const bits = new Uint8Array(images.bits.length * k);
  for (let j = 0; j < k; j++) bits.set(images.bits, j * images.bits.length);
  return { ...images, count: images.count * k, bits };
}

describeBackends('Draw.importanceWeightedBound', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 20;

  for (const attention of [true, false]) {
    it(`${attention ? 'attention' : 'no attention'}: one draw is the reconstruction term plus the closed-form log ratio of the drawn noise`, async () => {
      const model = new Draw({ ...TINY, attention });
      const images = randomImages(4);
      const [mu, s] = [0.3, -0.5];
      fixPosterior(model, mu, s);
      const bound = model.importanceWeightedBound(images, { samples: 1, rng: 7 });
      const elbo = model.negativeElbo(images, { rng: 7 }); // the same noise: the same z
      const eps = new Rng(7).normalArray(T * 4 * Z); // [T, batch, Z]
      const expected = Array.from(await elbo.reconstruction.data(), (recon, b) => {
        let logQminusLogP = 0;
        for (let t = 0; t < T; t++) {
          for (let d = 0; d < Z; d++) {
            const e = eps[(t * 4 + b) * Z + d]!;
            const z = mu + Math.exp(s) * e;
            logQminusLogP += 0.5 * z * z - 0.5 * e * e - s; // log N(z; mu, s^2) - log N(z; 0, 1)
          }
        }
        return recon + logQminusLogP;
      });
      await expectClose(bound, expected, tol);
      tf.dispose([bound, elbo.total, elbo.reconstruction, elbo.kl]);
      model.dispose();
    });
  }

  it('with the prior as posterior, K draws give -log mean_k exp(-reconstruction_k) of those draws', async () => {
    const model = new Draw({ ...TINY, attention: false });
    fixPosterior(model, 0, 0);
    const images = randomImages(3, 2);
    const K = 5;
    const bound = model.importanceWeightedBound(images, { samples: K, rng: 11 });
    // negativeElbo of the images repeated K times draws the same noise, row j * 3 + b.
    const perDraw = model.negativeElbo(tiledBits(images, K), { rng: 11 });
    const recon = await perDraw.reconstruction.data();
    const expected = [0, 1, 2].map((b) => {
      const r = Array.from({ length: K }, (_, j) => recon[j * 3 + b]!);
      const m = Math.min(...r);
      return m - Math.log(r.reduce((acc, v) => acc + Math.exp(m - v), 0) / K);
    });
    await expectClose(bound, expected, tol);
    expect(Array.from(await bound.data()).every((v, b) => v <= Array.from({ length: K }, (_, j) => recon[j * 3 + b]!).reduce((a, c) => a + c, 0) / K + 1e-4)).toBe(true);
    tf.dispose([bound, perDraw.total, perDraw.reconstruction, perDraw.kl]);
    model.dispose();
  });

  it('one draw estimates the negative ELBO without bias, and many draws tighten it', async () => {
    const model = new Draw({ ...TINY, attention: false });
    // Sharper latents than at initialisation, so that draws differ.
    for (const [, v] of model.getWeights()) v.assign(tf.mul(v, 3));
    const one = randomImages(1, 5);
    const many = tiledBits(one, 2000);
    const mean = async (t: tf.Tensor1D) => Array.from(await t.data()).reduce((a, v) => a + v, 0) / t.size;
    const iw1 = model.importanceWeightedBound(many, { samples: 1, rng: 1 });
    const elbo = model.negativeElbo(many, { rng: 2 });
    const elboMean = await mean(elbo.total);
    expect(Math.abs((await mean(iw1)) - elboMean)).toBeLessThan(0.02 * Math.abs(elboMean));
    const iw256 = model.importanceWeightedBound(one, { samples: 256, rng: 3 });
    expect(await mean(iw256)).toBeLessThan(elboMean - 0.05);
    tf.dispose([iw1, iw256, elbo.total, elbo.reconstruction, elbo.kl]);
    model.dispose();
  });

  it('leaks no tensors and rejects a bad number of samples', async () => {
    const model = new Draw(TINY);
    const images = randomImages(2);
    await expectNoTensorLeak(() => model.importanceWeightedBound(images, { samples: 3 }));
    expect(() => model.importanceWeightedBound(images, { samples: 0 })).toThrow(InputError);
    expect(() => model.importanceWeightedBound(images, { samples: 2.5 })).toThrow(/'samples' must be an integer >= 1, got 2.5/);
    model.dispose();
  });
});
