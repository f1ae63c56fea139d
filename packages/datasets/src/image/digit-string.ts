/**
 * Multi-digit images for reading digit strings, the task of Ba, Mnih and Kavukcuoglu 2014
 * ("Multiple object recognition with visual attention") and Goodfellow et al. 2014 (street
 * numbers), made from single MNIST digits.
 *
 * Generator (issue 14), with every draw uniform and made in this order from the one random source:
 * 1. k in 1..5 digits; for each, a class in 0..9 and an image of that class from the pool;
 * 2. x of the first digit in 0..8 (drawn once);
 * 3. sizes s_i in 18..32 and gaps g_i in -4..4 between neighbours, where
 *    x_i = x_{i-1} + s_{i-1} + g_i; sizes and gaps are redrawn together until the last digit ends
 *    within the canvas (x_{k-1} + s_{k-1} <= 160);
 * 4. per digit, its top y_i in 0..48 - s_i;
 * 5. each 28x28 digit is resized bilinearly to s_i x s_i (see resizeBilinear) and pasted at
 *    (x_i, y_i) onto a 160x48 black canvas by maximum;
 * 6. clutter: 0..4 fragments, each a 9x9 crop (top-left in 0..19, 0..19) of a random pool image
 *    (class, then image) pasted by maximum at a place in 0..151, 0..39 (inside the canvas).
 * The label is the classes left to right (x strictly increases: s >= 18 > 4 >= -g), e.g. "40712".
 * Digits and fragments come only from the pool given: a generator given the training pool never
 * shows a test-pool pixel.
 */
import { DatasetError } from '../errors';
import type { RandomSource } from '../text/random';
import { crop, pasteMax } from './compose';
import { blankImage, checkGrayImage, type GrayImage } from './gray-image';
import { checkRandom, uniformInt } from './random';
import { resizeBilinear } from './resize';
import { distortImage, type DistortOptions } from './distort';

/** The sizes and ranges of the digit-string generator (module comment), fixed by issue 14. */
export const DIGIT_STRING = {
  /** Canvas width. */
  width: 160,
  /** Canvas height. */
  height: 48,
  /** Fewest and most digits. */
  minDigits: 1,
  maxDigits: 5,
  /** Side of a resized digit, smallest and largest. */
  minSize: 18,
  maxSize: 32,
  /** Largest x of the first digit. */
  maxFirstX: 8,
  /** Gap between neighbouring digits, smallest and largest (negative: they overlap). */
  minGap: -4,
  maxGap: 4,
  /** Most clutter fragments. */
  maxClutter: 4,
  /** Side of a clutter fragment. */
  clutterSize: 9,
} as const;

/** One digit of a {@link DigitString}: which image went where. */
export interface PlacedDigit {
  /** The class, 0-9. */
  digit: number;
  /** The pool image it was made from (`pool[digit][index]`). */
  source: GrayImage;
  /** Index of `source` in `pool[digit]`. */
  index: number;
  /** Left column on the canvas. */
  x: number;
  /** Top row on the canvas. */
  y: number;
  /** Side after resizing (width = height). */
  size: number;
}

/** One clutter fragment of a {@link DigitString}. */
export interface PlacedFragment {
  /** The pool image the fragment was cut from (`pool[digit][index]`). */
  source: GrayImage;
  /** Class of `source`. */
  digit: number;
  /** Index of `source` in `pool[digit]`. */
  index: number;
  /** Left column of the crop in `source`. */
  cropX: number;
  /** Top row of the crop in `source`. */
  cropY: number;
  /** Left column on the canvas. */
  x: number;
  /** Top row on the canvas. */
  y: number;
}

/** Options of {@link makeDigitString}. */
export interface DigitStringOptions {
  /** Distort each digit (training augmentation; see {@link distortImage}). Default: none. */
  distort?: DistortOptions;
}

/** An image of a digit string, its label and how it was made. */
export interface DigitString {
  /** 160x48 grayscale canvas. */
  image: GrayImage;
  /** The digits left to right, e.g. "40712" (1 to 5 characters). */
  label: string;
  /** The digits in label order (left to right). */
  digits: PlacedDigit[];
  /** The clutter fragments, in the order pasted. */
  clutter: PlacedFragment[];
}

/**
 * Draws one digit-string image from `pool` (indexed by digit 0-9, such as
 * `mnistPools().train`) with the generator in the module comment. The result is a fixed function
 * of the pool and of the random source's stream, so a seed gives the same strings everywhere.
 *
 * @param pool - images per digit class; each class needs at least one image of at least 9x9.
 * @param rng - a random source with `next()` in [0, 1), such as `Rng` of `@seq2seq/core`.
 * @param options - `distort`: for training only, each digit is randomly distorted
 *   ({@link distortImage}) before it is resized, its draws made right after its placement's
 *   (step 5); without it the generator is exactly the one above.
 * @throws DatasetError if the pool does not have ten non-empty classes or `rng` has no `next()`.
 */
export function makeDigitString(pool: readonly (readonly GrayImage[])[], rng: RandomSource, options: DigitStringOptions = {}): DigitString {
  checkPool(pool);
  const random = checkRandom(rng, 'makeDigitString');
  const G = DIGIT_STRING;

  // 1. How many digits, which classes, which images.
  const k = uniformInt(random, G.minDigits, G.maxDigits);
  const chosen: { digit: number; index: number }[] = [];
  for (let i = 0; i < k; i++) {
    const digit = uniformInt(random, 0, 9);
    chosen.push({ digit, index: uniformInt(random, 0, pool[digit]!.length - 1) });
  }

  // 2-3. First x once; sizes and gaps until the string fits the canvas.
  const firstX = uniformInt(random, 0, G.maxFirstX);
  let sizes: number[];
  let xs: number[];
  do {
    sizes = [];
    xs = [firstX];
    for (let i = 0; i < k; i++) {
      sizes.push(uniformInt(random, G.minSize, G.maxSize));
      if (i > 0) xs.push(xs[i - 1]! + sizes[i - 1]! + uniformInt(random, G.minGap, G.maxGap));
    }
  } while (xs[k - 1]! + sizes[k - 1]! > G.width);

  // 4. Vertical positions.
  const ys = sizes.map((s) => uniformInt(random, 0, G.height - s));

  // 5. Resize and paste by maximum.
  const image = blankImage(G.width, G.height);
  const digits: PlacedDigit[] = chosen.map(({ digit, index }, i) => {
    const source = checkGrayImage(pool[digit]![index], `pool[${digit}][${index}]`, 'makeDigitString');
    const size = sizes[i]!;
    const drawn = options.distort ? distortImage(source, random, options.distort) : source;
    pasteMax(image, resizeBilinear(drawn, size, size), xs[i]!, ys[i]!);
    return { digit, source, index, x: xs[i]!, y: ys[i]!, size };
  });

  // 6. Clutter.
  const clutter: PlacedFragment[] = [];
  const fragments = uniformInt(random, 0, G.maxClutter);
  for (let f = 0; f < fragments; f++) {
    const digit = uniformInt(random, 0, 9);
    const index = uniformInt(random, 0, pool[digit]!.length - 1);
    const source = checkGrayImage(pool[digit]![index], `pool[${digit}][${index}]`, 'makeDigitString');
    if (source.width < G.clutterSize || source.height < G.clutterSize) {
      throw new DatasetError(`makeDigitString: expected pool images of at least 9x9 (clutter is cut from them), got ${source.width}x${source.height} at pool[${digit}][${index}]`);
    }
    const cropX = uniformInt(random, 0, source.width - G.clutterSize);
    const cropY = uniformInt(random, 0, source.height - G.clutterSize);
    const x = uniformInt(random, 0, G.width - G.clutterSize);
    const y = uniformInt(random, 0, G.height - G.clutterSize);
    pasteMax(image, crop(source, cropX, cropY, G.clutterSize, G.clutterSize), x, y);
    clutter.push({ source, digit, index, cropX, cropY, x, y });
  }

  return { image, label: digits.map((d) => String(d.digit)).join(''), digits, clutter };
}

function checkPool(pool: readonly (readonly GrayImage[])[]): void {
  if (!Array.isArray(pool) || pool.length !== 10) {
    throw new DatasetError(
      `makeDigitString: expected 'pool' to be an array of 10 image lists indexed by digit (such as mnistPools().train), got ${Array.isArray(pool) ? `${pool.length} lists` : typeof pool}`,
    );
  }
  pool.forEach((images, digit) => {
    if (!Array.isArray(images) || images.length === 0) {
      throw new DatasetError(`makeDigitString: expected pool[${digit}] to be a non-empty array of images of digit ${digit}`);
    }
  });
}
