/**
 * Exact geometric predicates on IEEE-754 doubles.
 *
 * A floating-point filter answers almost every call; when the rounded result is too close to zero
 * to trust its sign, the determinant is recomputed exactly with `BigInt` (every double is an
 * integer times a power of two, so the arithmetic below is exact rational arithmetic).
 * Error bounds are those of J. R. Shewchuk, "Adaptive Precision Floating-Point Arithmetic and
 * Fast Robust Geometric Predicates" (1997): `ccwerrboundA` and `iccerrboundA`.
 *
 * @internal Not part of the public API; used by the hull, polygon and Delaunay code and tests.
 */

const EPSILON = 2 ** -53;
/** Shewchuk's `ccwerrboundA = (3 + 16 eps) eps`. */
const ORIENT_BOUND = (3 + 16 * EPSILON) * EPSILON;
/** Shewchuk's `iccerrboundA = (10 + 96 eps) eps`. */
const INCIRCLE_BOUND = (10 + 96 * EPSILON) * EPSILON;

const view = new DataView(new ArrayBuffer(8));

/** A double written exactly as `mantissa * 2^exponent`. */
interface ExactDouble {
  readonly mantissa: bigint;
  readonly exponent: number;
}

function decompose(x: number): ExactDouble {
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const negative = high >>> 31 === 1;
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074; // subnormal (or zero)
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return { mantissa: negative ? -mantissa : mantissa, exponent };
}

/**
 * Scales finite doubles to integers sharing one power of two; determinants that are homogeneous
 * polynomials keep their sign under that common scaling.
 */
function toCommonIntegers(values: readonly number[]): bigint[] {
  const parts = values.map(decompose);
  let minExponent = Infinity;
  for (const part of parts) if (part.mantissa !== 0n) minExponent = Math.min(minExponent, part.exponent);
  if (minExponent === Infinity) return parts.map(() => 0n);
  return parts.map((part) => part.mantissa << BigInt(part.exponent - minExponent));
}

function sign(value: bigint): number {
  return value > 0n ? 1 : value < 0n ? -1 : 0;
}

/**
 * Orientation of the triple (a, b, c).
 *
 * @returns `1` when a, b, c turn counter-clockwise (c lies left of the directed line a -> b),
 *   `-1` when they turn clockwise, `0` when they are exactly collinear.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  // det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax), arranged as in Shewchuk's orient2dfast
  const acx = ax - cx; // differences of doubles are exact when zero: x - y === 0 iff x === y
  const bcy = by - cy;
  const acy = ay - cy;
  const bcx = bx - cx;
  const left = acx * bcy;
  const right = acy * bcx;
  // Products keep their sign unless they underflow to 0, so opposite signs decide at once.
  if (left > 0 && right <= 0) return 1;
  if (left < 0 && right >= 0) return -1;
  if ((acx === 0 || bcy === 0) && (acy === 0 || bcx === 0)) return 0; // both products exactly 0
  const det = left - right;
  const bound = ORIENT_BOUND * (Math.abs(left) + Math.abs(right));
  if (det > bound) return 1;
  if (-det > bound) return -1;
  const [iax, iay, ibx, iby, icx, icy] = toCommonIntegers([ax, ay, bx, by, cx, cy]) as [
    bigint, bigint, bigint, bigint, bigint, bigint,
  ];
  return sign((iax - icx) * (iby - icy) - (iay - icy) * (ibx - icx));
}

/**
 * Position of d relative to the circle through a, b, c, where a, b, c are counter-clockwise.
 *
 * @returns `1` when d lies strictly inside the circle, `-1` strictly outside, `0` on it.
 *   (For clockwise a, b, c the sign flips; for collinear a, b, c the result is the side of
 *   the line, as for the classical determinant.)
 */
export function incircle(
  ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number,
): number {
  if ((ax === dx && ay === dy) || (bx === dx && by === dy) || (cx === dx && cy === dy)) return 0;
  const adx = ax - dx;
  const ady = ay - dy;
  const bdx = bx - dx;
  const bdy = by - dy;
  const cdx = cx - dx;
  const cdy = cy - dy;
  const bdxcdy = bdx * cdy;
  const cdxbdy = cdx * bdy;
  const alift = adx * adx + ady * ady;
  const cdxady = cdx * ady;
  const adxcdy = adx * cdy;
  const blift = bdx * bdx + bdy * bdy;
  const adxbdy = adx * bdy;
  const bdxady = bdx * ady;
  const clift = cdx * cdx + cdy * cdy;
  const det = alift * (bdxcdy - cdxbdy) + blift * (cdxady - adxcdy) + clift * (adxbdy - bdxady);
  const permanent =
    (Math.abs(bdxcdy) + Math.abs(cdxbdy)) * alift +
    (Math.abs(cdxady) + Math.abs(adxcdy)) * blift +
    (Math.abs(adxbdy) + Math.abs(bdxady)) * clift;
  const bound = INCIRCLE_BOUND * permanent;
  if (det > bound) return 1;
  if (-det > bound) return -1;
  const [iax, iay, ibx, iby, icx, icy, idx, idy] = toCommonIntegers([ax, ay, bx, by, cx, cy, dx, dy]) as [
    bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint,
  ];
  const eax = iax - idx;
  const eay = iay - idy;
  const ebx = ibx - idx;
  const eby = iby - idy;
  const ecx = icx - idx;
  const ecy = icy - idy;
  const exact =
    (eax * eax + eay * eay) * (ebx * ecy - ecx * eby) +
    (ebx * ebx + eby * eby) * (ecx * eay - eax * ecy) +
    (ecx * ecx + ecy * ecy) * (eax * eby - ebx * eay);
  return sign(exact);
}
