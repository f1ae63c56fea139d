/** The example of the `## Images` section of the package README, run as written. */
import { describe, expect, it } from 'vitest';
import {
  captionMatchesLayout,
  decodePng,
  encodePng,
  imageBatch,
  makeDigitString,
  mnistPools,
  mulberry32,
  parseCaption,
  sceneSplit,
} from './index';

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

describe('README example: scenes', () => {
  it('draws the split and parses a caption as documented', () => {
    const { train, test, heldOut } = sceneSplit({ seed: 14, train: 200, test: 50, heldOut: 50 });
    const scene = heldOut[0]!;
    expect([scene.image.width, scene.image.height]).toEqual([96, 96]);
    const layout = parseCaption(scene.caption)!.items;
    expect(layout[0]).toMatchObject({ column: 0, row: 0 });
    expect(layout.map((it) => it.name)).toEqual(scene.items.map((it) => it.name));
    expect(captionMatchesLayout(scene.caption, scene.items)).toBe(true);
    const batch = imageBatch(train.map((s) => s.image));
    expect(batch.shape).toEqual({ batch: 200, height: 96, width: 96, channels: 1 });
    expect(test).toHaveLength(50);
  });
});
