/**
 * The Fashion-MNIST item pools of the caption scenes: a vendored subset (scripts/vendor-fashion.ts)
 * of the six classes of {@link FASHION_ITEMS}. The training pool comes from Fashion-MNIST's
 * training file, the test pool from its test file, so they never share an image.
 */
import { base64Bytes } from '../base64';
import type { GrayImage } from '../gray-image';
import { decodePng } from '../png';
import { FASHION_ITEM_PNGS } from './items';

/** Images per scene item, indexed like FASHION_ITEMS: `pool[item][i]` is a 28x28 image. */
export type ItemPool = GrayImage[][];

/** The training and test pools of {@link fashionPools}. */
export interface FashionPools {
  /** Per item, 200 images from Fashion-MNIST's training file. */
  train: ItemPool;
  /** Per item, 50 images from Fashion-MNIST's test file. Never train on these. */
  test: ItemPool;
}

let cached: FashionPools | undefined;

/**
 * The Fashion-MNIST item pools (1,200 training and 300 test images, 28x28, item on black),
 * indexed like FASHION_ITEMS. The first call decodes 0.6 MB of PNG; later calls return the same
 * images in fresh arrays. They are shared: do not write into their pixels.
 */
export function fashionPools(): FashionPools {
  cached ??= { train: FASHION_ITEM_PNGS.train.map(decodeStrip), test: FASHION_ITEM_PNGS.test.map(decodeStrip) };
  return { train: cached.train.map((images) => images.slice()), test: cached.test.map((images) => images.slice()) };
}

function decodeStrip(png: string): GrayImage[] {
  const strip = decodePng(base64Bytes(png));
  const images: GrayImage[] = [];
  for (let start = 0; start < strip.pixels.length; start += 784) {
    images.push({ width: 28, height: 28, pixels: strip.pixels.slice(start, start + 784) });
  }
  return images;
}
