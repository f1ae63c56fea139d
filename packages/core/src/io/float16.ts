/**
 * IEEE 754 half precision (binary16) and bfloat16 conversions, written out so that weight files
 * can be shipped at half size without a dependency.
 *
 * binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits; largest finite 65504,
 * smallest subnormal 2^-24. bfloat16: the upper 16 bits of a float32.
 */
import { InputError } from '../errors';

/** Largest finite float16 value. */
export const FLOAT16_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Rounds one number to the nearest float16 (ties to even) and returns its 16 bits. Values
 * beyond ±65504 (after rounding) become ±Infinity; NaN stays NaN.
 */
export function float16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0); // Inf or (quiet) NaN
  const e = exponent - 127 + 15; // re-biased exponent
  if (e >= 0x1f) return sign | 0x7c00; // overflow -> Inf
  if (e <= 0) {
    // Subnormal half (or zero): value = (1.mantissa) * 2^(exponent - 127) = h * 2^-24.
    if (e < -10) return sign; // below half the smallest subnormal: rounds to ±0
    mantissa |= 0x800000; // the implicit leading 1
    const shift = 14 - e; // 14..24
    let h = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Round to nearest even; a carry out of the mantissa correctly bumps the exponent (to Inf at most).
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

/** The number whose float16 bits are `h`. */
export function float16Value(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Converts float32 values to float16 bits (round to nearest even). */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]!);
  return out;
}

/**
 * {@link float32ToFloat16}, but throws an InputError naming `what` when a finite value would
 * overflow to infinity (|x| >= 65520), instead of silently storing Infinity.
 */
export function float32ToFloat16Checked(values: ArrayLike<number>, what: string): Uint16Array {
  const half = float32ToFloat16(values);
  for (let i = 0; i < half.length; i++) {
    if ((half[i]! & 0x7fff) === 0x7c00 && Number.isFinite(values[i]!)) {
      throw new InputError(`${what} holds ${values[i]} at flat index ${i}, beyond the float16 range (±${FLOAT16_MAX})`);
    }
  }
  return half;
}

let halfTable: Float32Array | null = null;

/** Converts float16 bits to float32 values (exact: every float16 is a float32). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  if (!halfTable) {
    // 65536 entries (256 KiB), built on first use: a lookup is several times faster than the formula.
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = float16Value(h);
  }
  const table = halfTable;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}

/** Converts bfloat16 bits to float32 values (exact: bfloat16 is a truncated float32). */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bits[i]! << 16;
  return new Float32Array(out.buffer);
}
