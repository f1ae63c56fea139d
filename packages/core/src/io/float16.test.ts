import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat32, float16Bits, float16ToFloat32, float16Value, float32ToFloat16, FLOAT16_MAX } from './index';

describe('float16', () => {
  it('round-trips every one of the 65536 bit patterns (NaNs stay NaN)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const values = float16ToFloat32(all);
    const back = float32ToFloat16(values);
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) expect(Number.isNaN(values[h]!)).toBe(true);
      else if (back[h] !== h) expect.fail(`bits ${h.toString(16)} -> ${values[h]} -> ${back[h]!.toString(16)}`);
    }
  });

  it('decodes known values', () => {
    // numpy: np.array([1, -2, 65504, 2**-24, 2**-14, np.inf], np.float16).view(np.uint16)
    //   -> [0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00]
    expect(Array.from(float16ToFloat32(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00])))).toEqual([
      1, -2, FLOAT16_MAX, 2 ** -24, 2 ** -14, Infinity,
    ]);
    expect(Object.is(float16Value(0x8000), -0)).toBe(true);
  });

  it('rounds to nearest, ties to even, in the normal and subnormal ranges', () => {
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie -> even (1.0)
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie -> even (1 + 2^-9)
    expect(float16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(float16Bits(65519)).toBe(0x7bff); // below the overflow tie: 65504
    expect(float16Bits(65520)).toBe(0x7c00); // the tie rounds to even, which is Infinity
    expect(float16Bits(-1e9)).toBe(0xfc00);
    expect(float16Bits(2 ** -25)).toBe(0x0000); // tie between 0 and 2^-24 -> 0
    expect(float16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(float16Bits(3 * 2 ** -24)).toBe(0x0003);
    expect(float16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // largest subnormal + half ulp -> smallest normal (even)
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(Number.NaN) & 0x7e00).toBe(0x7e00);
  });

  it('keeps the relative error of normal values within 2^-11', () => {
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const x = (Math.random() < 0.5 ? -1 : 1) * 2 ** (Math.random() * 29 - 14) * (1 + Math.random());
      if (Math.abs(x) > FLOAT16_MAX) continue;
      worst = Math.max(worst, Math.abs(float16Value(float16Bits(x)) - x) / Math.abs(x));
    }
    expect(worst).toBeLessThanOrEqual(2 ** -11);
  });

  it('decodes bfloat16 as the upper half of a float32', () => {
    // python: [struct.unpack('>f', bytes.fromhex(h + '0000'))[0] for h in ['3f80', 'c020', '7f80', '7f7e']]
    //   -> [1.0, -2.5, inf, 3.3762391092936863e+38]
    const out = bfloat16ToFloat32(new Uint16Array([0x3f80, 0xc020, 0x7f80, 0x7f7e]));
    expect(Array.from(out)).toEqual([1, -2.5, Infinity, 3.3762391092936863e38]);
  });
});
