import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { binarizedMnist, bitString } from './binarized';
import { mnistPools } from './pools';

describe('binarizedMnist', () => {
  const train = binarizedMnist('train');
  const test = binarizedMnist('test');

  it('holds the pools of mnistPools, digit by digit, thresholded at one half', () => {
    const pools = mnistPools();
    expect(train.count).toBe(pools.train.reduce((n, d) => n + d.length, 0));
    expect(test.count).toBe(pools.test.reduce((n, d) => n + d.length, 0));
    expect(train.count + test.count).toBe(10000);
    // The first test image of digit 3 sits after the test images of 0, 1 and 2.
    const offset = pools.test[0]!.length + pools.test[1]!.length + pools.test[2]!.length;
    expect(test.labels[offset]).toBe(3);
    expect(test.labels[offset - 1]).toBe(2);
    const pixels = pools.test[3]![0]!.pixels;
    for (let p = 0; p < 784; p++) expect(test.bits[offset * 784 + p]).toBe(pixels[p]! >= 128 ? 1 : 0);
  });

  it('a pixel-independent model fitted on the training pool scores about 207.4 nats on the test pool', () => {
    // The reference number of the draw app's issue, measured on exactly this data.
    const p = new Float64Array(784);
    for (let i = 0; i < train.count; i++) for (let k = 0; k < 784; k++) p[k]! += train.bits[i * 784 + k]!;
    for (let k = 0; k < 784; k++) p[k] = (p[k]! + 1) / (train.count + 2); // Laplace smoothing
    let nats = 0;
    for (let i = 0; i < test.count; i++) {
      for (let k = 0; k < 784; k++) nats -= Math.log(test.bits[i * 784 + k] === 1 ? p[k]! : 1 - p[k]!);
    }
    expect(nats / test.count).toBeGreaterThan(206.5);
    expect(nats / test.count).toBeLessThan(208.5);
  });

  it('a higher threshold turns fewer pixels on', () => {
    const on = (bits: Uint8Array) => bits.reduce((n, b) => n + b, 0);
    expect(on(binarizedMnist('test', { threshold: 0.9 }).bits)).toBeLessThan(on(test.bits));
  });

  it('bitString writes one image as 784 characters', () => {
    const s = bitString(test, 5);
    expect(s).toMatch(/^[01]{784}$/);
    expect([...s].map(Number)).toEqual([...test.bits.subarray(5 * 784, 6 * 784)]);
  });

  it('rejects a bad pool, threshold or index with what was expected', () => {
    expect(() => binarizedMnist('dev' as 'test')).toThrow(DatasetError);
    expect(() => binarizedMnist('dev' as 'test')).toThrow(/expected pool 'train' or 'test', got "dev"/);
    expect(() => binarizedMnist('train', { threshold: 1 })).toThrow(/expected threshold in \[0, 1\), got 1/);
    expect(() => bitString(test, test.count)).toThrow(/expected an image index from 0 to 2003, got 2004/);
  });
});
