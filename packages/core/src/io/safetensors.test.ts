import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, InputError, readSafetensorsHeader, Rng, WeightsError } from '../index';

/**
 * Written by the reference implementation (safetensors 0.8.0, numpy 2.4):
 *
 *   from safetensors.numpy import save
 *   save({'w': np.array([[1.5, -2.0, 0.25]], np.float32), 'h': np.array([0.5, -65504, 1e-4], np.float16),
 *         'i': np.array([7, -3], np.int64), 'b': np.array([True, False])}, metadata={'format': 'np'}).hex()
 */
const PYTHON_FILE =
  '00010000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a226e70227d2c2269223a7b226474797065223a22493634222c' +
  '227368617065223a5b325d2c22646174615f6f666673657473223a5b302c31365d7d2c2277223a7b226474797065223a22463332222c22736861' +
  '7065223a5b312c335d2c22646174615f6f666673657473223a5b31362c32385d7d2c2268223a7b226474797065223a22463136222c2273686170' +
  '65223a5b335d2c22646174615f6f666673657473223a5b32382c33345d7d2c2262223a7b226474797065223a22424f4f4c222c22736861706522' +
  '3a5b325d2c22646174615f6f666673657473223a5b33342c33365d7d7d20200700000000000000fdffffffffffffff0000c03f000000c0000080' +
  '3e0038fffb8e060100';

// The other direction was checked by hand: files from encodeSafetensors (F32, I32, BOOL, a scalar,
// metadata; and with float16) load in safetensors 0.8.0 (`safetensors.numpy.load_file`,
// `safe_open(...).metadata()`) with the same dtypes, shapes, values and metadata.

const fromHex = (hex: string): Uint8Array => new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));

/** A file from a header (object or raw JSON text) and a data section. */
function build(header: unknown, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

function withHeaderLength(bytes: Uint8Array, low: number, high = 0): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(0, low, true);
  new DataView(copy.buffer).setUint32(4, high, true);
  return copy;
}

describeBackends('safetensors round trip', ({ tolerance }) => {
  it('decodes a file written by the reference implementation', async () => {
    const { tensors, metadata } = decodeSafetensors(fromHex(PYTHON_FILE));
    expect(metadata).toEqual({ format: 'np' });
    expect([...tensors.keys()].sort()).toEqual(['b', 'h', 'i', 'w']);
    const w = tensors.get('w')!;
    expect([w.dtype, w.shape]).toEqual(['float32', [1, 3]]);
    await expectClose(w, [[1.5, -2, 0.25]], 0);
    const h = tensors.get('h')!;
    expect(h.dtype).toBe('float32');
    // float16 of 1e-4 is 1.0001659393310547e-4
    await expectClose(h, [0.5, -65504, 1.0001659393310547e-4], 1e-7);
    const i = tensors.get('i')!;
    expect(i.dtype).toBe('int32');
    expect(Array.from(await i.data())).toEqual([7, -3]);
    const b = tensors.get('b')!;
    expect(b.dtype).toBe('bool');
    expect(Array.from(await b.data())).toEqual([1, 0]);
    tf.dispose([...tensors.values()]);
  });

  it('round-trips float32 exactly, int32, bool, scalars and empty tensors', async () => {
    const special = [0, -0, 1e-45, -3.4028234663852886e38, Infinity, -Infinity, Number.NaN, 1 / 3];
    const input = new Map<string, tf.Tensor>([
      ['encoder.embedding.weight', tf.tensor(new Rng(1).normalArray(6 * 4), [6, 4])],
      ['special', tf.tensor1d(special)],
      ['ids', tf.tensor2d([[1, -2147483648], [2147483647, 0]], [2, 2], 'int32')],
      ['mask', tf.tensor1d([1, 0, 1], 'bool')],
      ['scalar', tf.scalar(2.5)],
      ['empty', tf.zeros([0, 3])],
    ]);
    const bytes = await encodeSafetensors(input, { step: '10' });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ step: '10' });
    for (const [name, t] of input) {
      const u = tensors.get(name)!;
      expect([name, u.dtype, u.shape]).toEqual([name, t.dtype, t.shape]);
      const [a, b] = [await t.data(), await u.data()];
      // bit-exact, NaN and -0 included
      expect(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).toEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    tf.dispose([...input.values(), ...tensors.values()]);
  });

  it('stores float16 at about half the size, within 1e-3 relative error', async () => {
    const values = new Rng(2).normalArray(64 * 32, 0, 3);
    const w = tf.tensor(values, [64, 32]);
    const ids = tf.tensor1d([3, 4], 'int32');
    const full = await encodeSafetensors({ w, ids });
    const half = await encodeSafetensors({ w, ids }, undefined, { float16: true });
    expect(half.length).toBeLessThan(full.length * 0.55);
    const header = readSafetensorsHeader(half);
    expect(header.entries.map((e) => [e.name, e.dtype])).toEqual([['ids', 'I32'], ['w', 'F16']]);
    const { tensors } = decodeSafetensors(half);
    const back = await tensors.get('w')!.data();
    for (let i = 0; i < values.length; i++) {
      expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual(1e-3 * Math.abs(values[i]!) + 1e-7);
    }
    await expectClose(tensors.get('ids')!, [3, 4], tolerance);
    tf.dispose([w, ids, ...tensors.values()]);
  });
});

describe('encodeSafetensors', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('aligns every tensor and pads the header to 8 bytes', async () => {
    const bytes = await encodeSafetensors({
      flag: tf.tensor1d([1], 'bool'),
      x: tf.tensor1d([1, 2, 3]),
      i: tf.tensor1d([5], 'int32'),
    }, undefined, {});
    const header = readSafetensorsHeader(bytes);
    expect(header.dataStart % 8).toBe(0);
    // 4-byte types first, in the given order, then 1-byte types.
    expect(header.entries.map((e) => [e.name, e.dataOffsets])).toEqual([['x', [0, 12]], ['i', [12, 16]], ['flag', [16, 17]]]);
    expect(new TextDecoder().decode(bytes.subarray(8, header.dataStart))).toMatch(/^\{"x":\{"dtype":"F32","shape":\[3\],"data_offsets":\[0,12\]\}.*\} *$/);
  });

  it('rejects what safetensors or tfjs cannot hold', async () => {
    const x = tf.tensor1d([1]);
    await expect(encodeSafetensors({ __metadata__: x })).rejects.toThrow(/'__metadata__' is reserved/);
    await expect(encodeSafetensors({ x }, { step: 3 as unknown as string })).rejects.toThrow(/metadata 'step' must be a string, got number/);
    const c = tf.complex([1], [2]);
    await expect(encodeSafetensors({ c })).rejects.toThrow(/tensor 'c' has dtype complex64; only float32, int32 and bool/);
    const big = tf.tensor1d([1, 70000]);
    await expect(encodeSafetensors({ big }, undefined, { float16: true })).rejects.toThrow(InputError);
    await expect(encodeSafetensors({ big }, undefined, { float16: true })).rejects.toThrow(
      /tensor 'big' holds 70000 at flat index 1, beyond the float16 range/,
    );
    await expect(encodeSafetensors({ y: 'nope' as unknown as tf.Tensor })).rejects.toThrow(/'y' must be a tf.Tensor/);
    tf.dispose([x, c, big]);
  });
});

describe('decodeSafetensors on malformed files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const entry = (dtype: string, shape: unknown, offsets: unknown): unknown => ({ dtype, shape, data_offsets: offsets });

  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ['an empty file', () => new Uint8Array(0), /the file is 0 bytes, too short for the 8-byte header length/],
    ['a 5-byte file', () => new Uint8Array(5), /the file is 5 bytes, too short/],
    ['an oversize header length', () => withHeaderLength(build({}), 0, 1), /header length is 4294967296 bytes, more than the limit of 100000000/],
    ['a header running past the file', () => withHeaderLength(build({}), 500), /header length is 500 bytes but the file has only 2 after the length field \(truncated\?\)/],
    ['bad JSON', () => build('{"w": {"dtype": "F32",'), /the header is not valid JSON/],
    ['a JSON array', () => build('[1, 2]'), /must be a JSON object starting with '\{'/],
    ['invalid UTF-8', () => build('{"x": 1}').map((b, i) => (i === 10 ? 0xff : b)), /not valid UTF-8/],
    ['an unknown dtype', () => build({ w: entry('Q7', [1], [0, 4]) }, 4), /tensor 'w': unknown dtype "Q7" \(known: F64, F32, F16, BF16/],
    ['an unsupported dtype', () => build({ w: entry('F8_E4M3', [4], [0, 4]) }, 4), /tensor 'w': dtype 'F8_E4M3' is not supported/],
    ['a non-string dtype', () => build({ w: entry(7 as unknown as string, [1], [0, 4]) }, 4), /tensor 'w': 'dtype' must be a string, got 7/],
    ['a negative dimension', () => build({ w: entry('F32', [-1, 2], [0, 4]) }, 4), /tensor 'w': 'shape' must be an array of non-negative integers, got \[-1,2\]/],
    ['a fractional dimension', () => build({ w: entry('F32', [1.5], [0, 4]) }, 4), /tensor 'w': 'shape' must be an array/],
    ['a missing shape', () => build({ w: { dtype: 'F32', data_offsets: [0, 4] } }, 4), /tensor 'w': 'shape' must be an array of non-negative integers, got nothing/],
    ['offsets outside the file', () => build({ w: entry('F32', [2], [0, 8]) }, 4), /tensor 'w': data_offsets \[0, 8\] run past the data section of 4 bytes/],
    ['reversed offsets', () => build({ w: entry('F32', [1], [4, 0]) }, 4), /tensor 'w': data_offsets \[4, 0\] end before they begin/],
    ['three offsets', () => build({ w: entry('F32', [1], [0, 4, 8]) }, 8), /tensor 'w': 'data_offsets' must be \[begin, end\]/],
    ['a shape that does not match the bytes', () => build({ w: entry('F32', [2, 2], [0, 12]) }, 12), /tensor 'w': shape \[2, 2\] of F32 needs 16 bytes, but data_offsets \[0, 12\] hold 12/],
    ['an entry that is not an object', () => build({ w: [1, 2] }), /tensor 'w': expected \{ dtype, shape, data_offsets \}, got \[1,2\]/],
    ['overlapping tensors', () => build({ a: entry('F32', [2], [0, 8]), b: entry('F32', [1], [4, 8]) }, 8), /tensor 'b': data_offsets \[4, 8\] overlap tensor 'a' \[0, 8\]/],
    ['a hole in the data', () => build({ a: entry('F32', [1], [0, 4]), b: entry('F32', [1], [8, 12]) }, 12), /tensor 'b': data_offsets \[8, 12\] leave bytes \[4, 8\) of the data section unused/],
    ['trailing data', () => build({ a: entry('F32', [1], [0, 4]) }, 6), /the tensors cover 4 bytes but the data section has 6/],
    ['non-string metadata', () => build({ __metadata__: { step: 3 } }), /'__metadata__' entry 'step' must be a string, got 3/],
    ['an I64 beyond int32', () => build({ i: entry('I64', [2], [0, 16]) }, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 0])), /tensor 'i' \(I64\) holds 2147483648 at flat index 1, outside the int32 range/],
    ['a negative I64 beyond int32', () => build({ i: entry('I64', [1], [0, 8]) }, new Uint8Array([255, 255, 255, 127, 255, 255, 255, 255])), /holds -2147483649 at flat index 0/],
    ['a U32 beyond int32', () => build({ u: entry('U32', [1], [0, 4]) }, new Uint8Array([0, 0, 0, 128])), /tensor 'u' \(U32\) holds 2147483648/],
  ];

  it.each(cases)('refuses %s with a WeightsError that says what is wrong', (_, make, message) => {
    const before = tf.memory().numTensors;
    const bytes = make();
    expect(() => decodeSafetensors(bytes)).toThrow(WeightsError);
    expect(() => decodeSafetensors(bytes)).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies maxBytes to the file and to the decoded tensors', async () => {
    const bytes = await encodeSafetensors({ w: tf.zeros([100]) }, undefined, { float16: true });
    expect(() => decodeSafetensors(bytes, { maxBytes: 100 })).toThrow(/the file is \d+ bytes, more than maxBytes = 100/);
    // The F16 file is 200 data bytes, its float32 tensor 400.
    expect(() => decodeSafetensors(bytes, { maxBytes: bytes.length })).toThrow(/the decoded tensors would take 400 bytes, more than maxBytes/);
    expect(() => decodeSafetensors(bytes, { maxHeaderBytes: 16 })).toThrow(/more than the limit of 16/);
  });

  it('decodes the other integer and float types', async () => {
    const data = new Uint8Array([
      ...new Uint8Array(new Float64Array([0.1, -2]).buffer), // F64 [0, 16)
      ...new Uint8Array(new Uint32Array([7, 2147483647]).buffer), // U32 [16, 24)
      ...new Uint8Array(new Int16Array([-300, 300]).buffer), // I16 [24, 28)
      ...new Uint8Array(new Uint16Array([65535]).buffer), // U16 [28, 30)
      0x80, 0x3f, // BF16 1.0 [30, 32)
      ...new Uint8Array(new Int8Array([-5]).buffer), // I8 [32, 33)
      200, // U8 [33, 34)
    ]);
    const { tensors } = decodeSafetensors(build({
      f64: entry('F64', [2], [0, 16]),
      u32: entry('U32', [2], [16, 24]),
      i16: entry('I16', [2], [24, 28]),
      u16: entry('U16', [1], [28, 30]),
      bf16: entry('BF16', [1], [30, 32]),
      i8: entry('I8', [1], [32, 33]),
      u8: entry('U8', [1], [33, 34]),
    }, data));
    const read = async (name: string): Promise<[string, number[]]> => {
      const t = tensors.get(name)!;
      return [t.dtype, Array.from(await t.data())];
    };
    expect(await read('f64')).toEqual(['float32', [Math.fround(0.1), -2]]);
    expect(await read('u32')).toEqual(['int32', [7, 2147483647]]);
    expect(await read('i16')).toEqual(['int32', [-300, 300]]);
    expect(await read('u16')).toEqual(['int32', [65535]]);
    expect(await read('bf16')).toEqual(['float32', [1]]);
    expect(await read('i8')).toEqual(['int32', [-5]]);
    expect(await read('u8')).toEqual(['int32', [200]]);
    tf.dispose([...tensors.values()]);
  });

  it('never throws anything but a WeightsError, and leaks nothing, on truncated or mutated files', async () => {
    const valid = await encodeSafetensors(
      { a: tf.tensor2d([[1, 2], [3, 4]]), b: tf.tensor1d([1, 2, 3], 'int32'), c: tf.tensor1d([1, 0], 'bool') },
      { note: 'fuzz' },
      {},
    );
    const before = tf.memory().numTensors;
    const attempt = (bytes: Uint8Array): void => {
      try {
        const { tensors } = decodeSafetensors(bytes);
        tf.dispose([...tensors.values()]);
      } catch (error) {
        if (!(error instanceof WeightsError)) throw new Error(`not a WeightsError: ${String(error)}`);
      }
    };
    for (let n = 0; n < valid.length; n++) {
      expect(() => decodeSafetensors(valid.subarray(0, n))).toThrow(WeightsError);
    }
    const rng = new Rng(11);
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = valid.slice();
      const flips = 1 + rng.int(4);
      for (let f = 0; f < flips; f++) bytes[rng.int(bytes.length)] = rng.int(256);
      attempt(bytes);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('decodeSafetensors on Node Buffers', () => {
  it('decodes a small file read into a pooled Buffer', async () => {
    const { Buffer } = await import('node:buffer');
    const bytes = await encodeSafetensors(new Map([['w', tf.tensor1d([1.5, -2, 3.25])]]));
    // Buffer.from(array) of a small size lives inside Node's shared pool (byteOffset > 0).
    const pooled = Buffer.concat([Buffer.from('padding!'), Buffer.from(bytes)]).subarray(8);
    const { tensors } = decodeSafetensors(pooled);
    expect(Array.from(tensors.get('w')!.dataSync())).toEqual([1.5, -2, 3.25]);
    tf.dispose([...tensors.values()]);
  });
});
