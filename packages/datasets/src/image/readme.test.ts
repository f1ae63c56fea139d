/** The example of the `## Images` section of the package README, run as written. */
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, imageBatch, makeDigitString, mnistPools, mulberry32 } from './index';

describe('README example', () => {
  it('draws, batches and round-trips digit strings as documented', () => {
    const { train, test } = mnistPools();
    expect(train.flat().length).toBe(7996);
    expect(test.flat().length).toBe(2004);
    const random = mulberry32(1);
    const examples = Array.from({ length: 32 }, () => makeDigitString(train, random));
    expect(examples.every((e) => e.image.width === 160 && e.image.height === 48 && /^\d{1,5}$/.test(e.label))).toBe(true);

    const batch = imageBatch(examples.map((e) => e.image));
    expect(batch.shape).toEqual({ batch: 32, height: 48, width: 160, channels: 1 });
    expect(batch.pixels.length).toBe(32 * 48 * 160);
    expect(batch.pixels.every((v) => v >= 0 && v <= 1)).toBe(true);

    const fresh = makeDigitString(test, mulberry32(7));
    const back = decodePng(encodePng(fresh.image));
    expect([back.width, back.height]).toEqual([160, 48]);
    expect(back.pixels).toEqual(fresh.image.pixels);
  });
});
