import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incircle, orient2d } from './predicates';

/** Oracle independent of the implementation: coordinates >= 2^-28 in [0, 1) are integers once scaled by 2^80. */
const SCALE = 2 ** 80;
const big = (x: number): bigint => BigInt(x * SCALE);
const sign = (v: bigint): number => (v > 0n ? 1 : v < 0n ? -1 : 0);

function exactOrient(a: readonly number[], b: readonly number[], c: readonly number[]): number {
  const [ax, ay, bx, by, cx, cy] = [a[0], a[1], b[0], b[1], c[0], c[1]].map((v) => big(v as number)) as bigint[];
  return sign((bx! - ax!) * (cy! - ay!) - (by! - ay!) * (cx! - ax!));
}

function exactIncircle(a: readonly number[], b: readonly number[], c: readonly number[], d: readonly number[]): number {
  const [ax, ay, bx, by, cx, cy] = [a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!].map(big) as bigint[];
  const [dx, dy] = [big(d[0]!), big(d[1]!)];
  const rows = [
    [ax! - dx, ay! - dy],
    [bx! - dx, by! - dy],
    [cx! - dx, cy! - dy],
  ] as [bigint, bigint][];
  const lift = rows.map(([x, y]) => x * x + y * y);
  const [[r0x, r0y], [r1x, r1y], [r2x, r2y]] = rows as [[bigint, bigint], [bigint, bigint], [bigint, bigint]];
  return sign(lift[0]! * (r1x * r2y - r2x * r1y) + lift[1]! * (r2x * r0y - r0x * r2y) + lift[2]! * (r0x * r1y - r1x * r0y));
}

const coordinate = fc.double({ min: 2 ** -28, max: 1, maxExcluded: true, noNaN: true });
const point = fc.tuple(coordinate, coordinate);
/** A point on (or rounded onto) the line through a and b: the hard case for floating point. */
const nearlyOnLine = (a: readonly number[], b: readonly number[]) =>
  fc.double({ min: -1, max: 2, noNaN: true }).map((t) => [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)] as const)
    .filter(([x, y]) => x >= 2 ** -28 && x < 1 && y >= 2 ** -28 && y < 1);

describe('orient2d', () => {
  it('gives +1 for counter-clockwise, -1 for clockwise, 0 for collinear', () => {
    expect(orient2d(0, 0, 1, 0, 0, 1)).toBe(1);
    expect(orient2d(0, 0, 0, 1, 1, 0)).toBe(-1);
    expect(orient2d(0, 0, 1, 1, 2, 2)).toBe(0);
    expect(orient2d(0.1, 0.1, 0.3, 0.3, 0.7, 0.7)).toBe(orient2d(0.1, 0.1, 0.3, 0.3, 0.7, 0.7));
  });

  it('is exact on nearly collinear triples', () => {
    fc.assert(
      fc.property(
        point.chain((a) => point.chain((b) => nearlyOnLine(a, b).map((c) => [a, b, c] as const))),
        ([a, b, c]) => {
          expect(orient2d(a[0], a[1], b[0], b[1], c[0], c[1])).toBe(exactOrient(a, b, c));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('handles a case where the rounded determinant loses the sign', () => {
    // (0.5, 0.5), (12, 12), (24, 24) are collinear; shifting the first right by 2^-53 puts it
    // below the line y = x, but the naive (12 - ax)(24 - ay) - (12 - ay)(24 - ax) rounds to 0.
    const ax = 0.5 + 2 ** -53;
    expect(orient2d(ax, 0.5, 12, 12, 24, 24)).toBe(-1);
    expect(orient2d(0.5, 0.5, 12, 12, 24, 24)).toBe(0);
  });

  it('stays exact when the products underflow to zero', () => {
    // det = 2^-1079 - 2^-1080 > 0, but both products round to 0 (below the smallest subnormal)
    expect(orient2d(0, 0, 2 ** -540, 2 ** -540, 2 ** -540, 2 ** -539)).toBe(1);
    expect(orient2d(0, 0, 2 ** -540, 2 ** -539, 2 ** -540, 2 ** -540)).toBe(-1);
    expect(incircle(0, 0, 2 ** -540, 0, 0, 2 ** -540, 2 ** -541, 2 ** -541)).toBe(1);
  });
});

describe('incircle', () => {
  it('is positive inside, negative outside and zero on the circle of a counter-clockwise triangle', () => {
    // unit circle through (1, 0), (0, 1), (-1, 0)
    expect(incircle(1, 0, 0, 1, -1, 0, 0, 0)).toBe(1);
    expect(incircle(1, 0, 0, 1, -1, 0, 2, 0)).toBe(-1);
    expect(incircle(1, 0, 0, 1, -1, 0, 0, -1)).toBe(0);
  });

  it('is exact on points near the circle', () => {
    // d is a rotated copy of a around the circumcentre, rounded: within an ulp of the circle.
    fc.assert(
      fc.property(point, point, point, fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), (a, b, c, angle) => {
        const ccw = orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
        fc.pre(ccw !== 0);
        const [p, q] = ccw > 0 ? [b, c] : [c, b];
        const ux = a[0]; const uy = a[1];
        const bx = p[0] - ux; const by = p[1] - uy; const cx = q[0] - ux; const cy = q[1] - uy;
        const dd = 2 * (bx * cy - by * cx);
        const ox = ux + (cy * (bx * bx + by * by) - by * (cx * cx + cy * cy)) / dd;
        const oy = uy + (bx * (cx * cx + cy * cy) - cx * (bx * bx + by * by)) / dd;
        const r = Math.hypot(ux - ox, uy - oy);
        const d = [ox + r * Math.cos(angle), oy + r * Math.sin(angle)] as const;
        fc.pre(d[0] >= 2 ** -28 && d[0] < 1 && d[1] >= 2 ** -28 && d[1] < 1);
        expect(incircle(a[0], a[1], p[0], p[1], q[0], q[1], d[0], d[1])).toBe(exactIncircle(a, p, q, d));
      }),
      { numRuns: 300 },
    );
  });
});
