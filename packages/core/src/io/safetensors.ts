/**
 * The safetensors format (Hugging Face), the checkpoint format of this project: PyTorch, JAX and
 * this package read and write the same file.
 *
 *   [8 bytes: N, unsigned little-endian] [N bytes: JSON header] [data section]
 *
 * The header maps each tensor name to `{ "dtype": "F32", "shape": [2, 3], "data_offsets": [b, e] }`
 * (byte offsets into the data section, little-endian, row-major), plus an optional
 * `"__metadata__"` object of string to string. The tensors cover the data section exactly, without
 * overlaps or holes.
 *
 * The decoder treats every file as untrusted: it checks the whole header (sizes, offsets, dtypes,
 * shapes, coverage) before it allocates any tensor, and reports each violation as a
 * {@link WeightsError} naming the tensor and what was wrong.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, WeightsError } from '../errors';
import { bfloat16ToFloat32, float16ToFloat32, float32ToFloat16Checked } from './float16';

/** Element types of safetensors that this package reads. */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

/** Bytes per element, and the tfjs dtype each safetensors dtype decodes to. */
const DTYPES: Readonly<Record<SafetensorsDtype, { size: number; tf: 'float32' | 'int32' | 'bool' }>> = {
  F64: { size: 8, tf: 'float32' }, // rounded to float32
  F32: { size: 4, tf: 'float32' },
  F16: { size: 2, tf: 'float32' },
  BF16: { size: 2, tf: 'float32' },
  I64: { size: 8, tf: 'int32' }, // every value must fit int32
  I32: { size: 4, tf: 'int32' },
  I16: { size: 2, tf: 'int32' },
  I8: { size: 1, tf: 'int32' },
  U64: { size: 8, tf: 'int32' }, // every value must fit int32
  U32: { size: 4, tf: 'int32' }, // every value must fit int32
  U16: { size: 2, tf: 'int32' },
  U8: { size: 1, tf: 'int32' },
  BOOL: { size: 1, tf: 'bool' },
};

/** Dtypes of the format that this package knows but cannot represent in tfjs. */
const UNSUPPORTED_DTYPES = ['F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64'];

/** The reference implementation's cap on the header (100 MB): larger headers are refused. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** Default cap on the file size and on the memory of the decoded tensors: 2 GiB. */
export const SAFETENSORS_DEFAULT_MAX_BYTES = 2 ** 31;

/** One tensor as the header describes it. */
export interface SafetensorsEntry {
  /** The tensor's name (a key of the header). */
  name: string;
  /** Its element type in the file. */
  dtype: SafetensorsDtype;
  /** Its shape (`[]` for a scalar). */
  shape: number[];
  /** Byte offsets `[begin, end)` into the data section. */
  dataOffsets: [number, number];
}

/** A validated header. */
export interface SafetensorsHeader {
  /** Tensors in the order the header lists them. */
  entries: SafetensorsEntry[];
  /** The `__metadata__` object, `{}` when absent. */
  metadata: Record<string, string>;
  /** Where the data section starts in the file: `8 + header length`. */
  dataStart: number;
  /** Length of the data section in bytes. */
  dataLength: number;
}

/** Options of {@link decodeSafetensors} and {@link readSafetensorsHeader}. */
export interface DecodeSafetensorsOptions {
  /**
   * Largest file accepted, and largest total size of the decoded tensors, in bytes.
   * Default 2 GiB ({@link SAFETENSORS_DEFAULT_MAX_BYTES}).
   */
  maxBytes?: number;
  /** Largest header accepted, in bytes. Default 100 MB ({@link SAFETENSORS_MAX_HEADER_BYTES}). */
  maxHeaderBytes?: number;
}

/** Options of {@link encodeSafetensors}. */
export interface EncodeSafetensorsOptions {
  /**
   * Store float32 tensors as F16 (half the size; about 3 significant digits, relative error at
   * most 2^-11, range ±65504). A value that would overflow to infinity throws an
   * {@link InputError}. Default `false`.
   */
  float16?: boolean;
}

/** A decoded file. */
export interface DecodedSafetensors {
  /** New tensors by name, in the order of the header; the caller disposes them. */
  tensors: Map<string, tf.Tensor>;
  /** The `__metadata__` object, `{}` when absent. */
  metadata: Record<string, string>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function requireLittleEndian(op: string): void {
  if (!LITTLE_ENDIAN) throw new WeightsError(`${op}: safetensors data is little-endian and this host is big-endian, which is not supported`);
}

/**
 * Encodes tensors (float32, int32 or bool) and string metadata as a safetensors file.
 * Tensors are laid out by decreasing element size, so every tensor is aligned to its element
 * size; the header is padded with spaces to a multiple of 8 bytes.
 *
 * Reads each tensor with `await tensor.data()`; the tensors are not disposed.
 *
 * @throws InputError for a tensor of another dtype, a name `__metadata__`, a non-string
 * metadata value, or (with `float16`) a value beyond the float16 range.
 */
export async function encodeSafetensors(
  tensors: ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>,
  metadata?: Readonly<Record<string, string>>,
  options: EncodeSafetensorsOptions = {},
): Promise<Uint8Array> {
  requireLittleEndian('encodeSafetensors');
  const op = 'encodeSafetensors';
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors as Record<string, tf.Tensor>);
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object') throw new InputError(`${op}: 'metadata' must be an object of strings`);
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new InputError(`${op}: metadata '${k}' must be a string, got ${typeof v}`);
    }
  }
  const items: Array<{ name: string; dtype: SafetensorsDtype; shape: number[]; bytes: Uint8Array }> = [];
  for (const [name, t] of list) {
    if (name === '__metadata__') throw new InputError(`${op}: '__metadata__' is reserved and cannot name a tensor`);
    if (t == null || typeof t !== 'object' || !('dtype' in t) || !('shape' in t)) {
      throw new InputError(`${op}: '${name}' must be a tf.Tensor, got ${t === null ? 'null' : typeof t}`);
    }
    if (t.isDisposed) throw new InputError(`${op}: tensor '${name}' is disposed`);
    const values = await t.data();
    let dtype: SafetensorsDtype;
    let bytes: Uint8Array;
    if (t.dtype === 'float32' && options.float16) {
      let half: Uint16Array;
      try {
        half = float32ToFloat16Checked(values as Float32Array, `tensor '${name}'`);
      } catch (error) {
        throw new InputError(`${op}: ${(error as Error).message}; save it without float16`);
      }
      dtype = 'F16';
      bytes = new Uint8Array(half.buffer);
    } else if (t.dtype === 'float32' || t.dtype === 'int32') {
      dtype = t.dtype === 'float32' ? 'F32' : 'I32';
      const typed = values as Float32Array | Int32Array;
      bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    } else if (t.dtype === 'bool') {
      dtype = 'BOOL';
      bytes = Uint8Array.from(values as Uint8Array, (v) => (v ? 1 : 0));
    } else {
      throw new InputError(`${op}: tensor '${name}' has dtype ${t.dtype}; only float32, int32 and bool can be saved`);
    }
    items.push({ name, dtype, shape: [...t.shape], bytes });
  }
  // Largest elements first keeps each tensor aligned to its element size (the data section
  // starts at a multiple of 8). Array.prototype.sort is stable, so names keep their order.
  items.sort((a, b) => DTYPES[b.dtype].size - DTYPES[a.dtype].size);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const item of items) {
    header[item.name] = { dtype: item.dtype, shape: item.shape, data_offsets: [offset, offset + item.bytes.byteLength] };
    offset += item.bytes.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const item of items) {
    out.set(item.bytes, at);
    at += item.bytes.byteLength;
  }
  return out;
}

/**
 * Reads and validates the header of a safetensors file without touching the data section.
 * `bytes` needs to hold only the first `8 + N` bytes when `fileSize` gives the size of the whole
 * file (as when reading a file piecewise).
 *
 * @throws WeightsError naming the tensor and the problem.
 */
export function readSafetensorsHeader(
  bytes: Uint8Array,
  options: DecodeSafetensorsOptions & { fileSize?: number } = {},
): SafetensorsHeader {
  const fail = (message: string): never => {
    throw new WeightsError(`safetensors: ${message}`);
  };
  if (!(bytes instanceof Uint8Array)) fail(`expected the file as a Uint8Array, got ${describeValue(bytes)}`);
  const fileSize = options.fileSize ?? bytes.length;
  const maxBytes = options.maxBytes ?? SAFETENSORS_DEFAULT_MAX_BYTES;
  const maxHeaderBytes = options.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES;
  if (fileSize > maxBytes) fail(`the file is ${fileSize} bytes, more than maxBytes = ${maxBytes}`);
  if (bytes.length < 8) fail(`the file is ${bytes.length} bytes, too short for the 8-byte header length (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > maxHeaderBytes) {
    fail(`the header length is ${headerLength} bytes, more than the limit of ${maxHeaderBytes} (not a safetensors file?)`);
  }
  if (8 + headerLength > fileSize) {
    fail(`the header length is ${headerLength} bytes but the file has only ${fileSize - 8} after the length field (truncated?)`);
  }
  if (8 + headerLength > bytes.length) fail(`only ${bytes.length} bytes were given, the header needs ${8 + headerLength}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`the header must be a JSON object starting with '{', got ${JSON.stringify(text.slice(0, 20))}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`the header is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail('the header must be a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = fileSize - dataStart;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  let decodedBytes = 0;
  for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`'__metadata__' must be an object of strings`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`'__metadata__' entry '${k}' must be a string, got ${describeValue(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const bad = (what: string): never => fail(`tensor '${name}': ${what}`);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad(`expected { dtype, shape, data_offsets }, got ${describeValue(raw)}`);
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = info.dtype;
    if (typeof dtype !== 'string') bad(`'dtype' must be a string, got ${describeValue(dtype)}`);
    if (!(dtype as string in DTYPES)) {
      if (UNSUPPORTED_DTYPES.includes(dtype as string)) bad(`dtype '${dtype}' is not supported (tfjs has no such type); convert it to F32 or F16`);
      bad(`unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPES).join(', ')})`);
    }
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      bad(`'shape' must be an array of non-negative integers, got ${describeValue(shape)}`);
    }
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      bad(`'data_offsets' must be [begin, end] of non-negative integers, got ${describeValue(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) bad(`data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLength) bad(`data_offsets [${begin}, ${end}] run past the data section of ${dataLength} bytes (truncated file?)`);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(size)) bad(`shape [${(shape as number[]).join(', ')}] has too many elements`);
    const { size: itemSize, tf: tfDtype } = DTYPES[dtype as SafetensorsDtype];
    if (end - begin !== size * itemSize) {
      bad(`shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${size * itemSize} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
    }
    decodedBytes += size * (tfDtype === 'bool' ? 1 : 4);
    entries.push({ name, dtype: dtype as SafetensorsDtype, shape: [...(shape as number[])], dataOffsets: [begin, end] });
  }
  if (decodedBytes > maxBytes) fail(`the decoded tensors would take ${decodedBytes} bytes, more than maxBytes = ${maxBytes}`);
  // The tensors must tile the data section: sorted by offset, each begins where the last ended.
  const byOffset = [...entries].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let covered = 0;
  let previous: SafetensorsEntry | null = null;
  for (const entry of byOffset) {
    const [begin, end] = entry.dataOffsets;
    if (begin < covered) {
      fail(`tensor '${entry.name}': data_offsets [${begin}, ${end}] overlap tensor '${previous!.name}' [${previous!.dataOffsets.join(', ')}]`);
    }
    if (begin > covered) fail(`tensor '${entry.name}': data_offsets [${begin}, ${end}] leave bytes [${covered}, ${begin}) of the data section unused`);
    covered = end;
    previous = entry;
  }
  if (covered !== dataLength) {
    fail(`the tensors cover ${covered} bytes but the data section has ${dataLength} (truncated file or trailing data)`);
  }
  return { entries, metadata, dataStart, dataLength };
}

/**
 * Decodes a safetensors file into tensors (float types to float32, integer types to int32,
 * BOOL to bool) and its metadata. The header is validated in full first, then every tensor is
 * converted on the host, and only then are tfjs tensors created, so a bad file allocates no
 * tensor and leaks nothing.
 *
 * @throws WeightsError naming the tensor and the problem: truncated file, bad JSON, unknown
 * dtype, shape/offset mismatch, overlapping or missing data, an I64/U32/U64 value outside int32.
 */
export function decodeSafetensors(bytes: Uint8Array | ArrayBuffer, options: DecodeSafetensorsOptions = {}): DecodedSafetensors {
  requireLittleEndian('decodeSafetensors');
  const all = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const header = readSafetensorsHeader(all, options);
  return decodeSafetensorsData(header, all.subarray(header.dataStart));
}

/** Decodes the data section of a file whose header {@link readSafetensorsHeader} validated. */
export function decodeSafetensorsData(header: SafetensorsHeader, data: Uint8Array): DecodedSafetensors {
  requireLittleEndian('decodeSafetensors');
  if (data.length !== header.dataLength) {
    throw new WeightsError(`safetensors: the data section is ${data.length} bytes, the header describes ${header.dataLength}`);
  }
  // Convert everything on the host first: a range error in the last tensor allocates no tensor.
  const host = header.entries.map((entry) => [entry, toHostValues(entry, data)] as const);
  const tensors = new Map<string, tf.Tensor>();
  for (const [entry, values] of host) tensors.set(entry.name, tf.tensor(values, entry.shape, DTYPES[entry.dtype].tf));
  return { tensors, metadata: { ...header.metadata } };
}

/** Copies one tensor's bytes out of the data section and converts them to a tfjs value array. */
function toHostValues(entry: SafetensorsEntry, data: Uint8Array): Float32Array | Int32Array | Uint8Array {
  const [begin, end] = entry.dataOffsets;
  // A copy into a fresh, aligned buffer (the data may sit at any offset in the file).
  // Uint8Array.prototype.slice copies even for a Node Buffer (whose own slice is a view into a
  // shared pool), so the typed arrays below never alias other data.
  const copy = Uint8Array.prototype.slice.call(data, begin, end).buffer;
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(copy);
    case 'F64':
      return Float32Array.from(new Float64Array(copy));
    case 'F16':
      return float16ToFloat32(new Uint16Array(copy));
    case 'BF16':
      return bfloat16ToFloat32(new Uint16Array(copy));
    case 'I32':
      return new Int32Array(copy);
    case 'I16':
      return Int32Array.from(new Int16Array(copy));
    case 'I8':
      return Int32Array.from(new Int8Array(copy));
    case 'U16':
      return Int32Array.from(new Uint16Array(copy));
    case 'U8':
      return Int32Array.from(new Uint8Array(copy));
    case 'BOOL':
      return new Uint8Array(copy).map((v) => (v ? 1 : 0));
    case 'U32': {
      const values = new Int32Array(copy);
      const i = values.findIndex((v) => v < 0);
      if (i >= 0) outOfInt32(entry, i, String(new Uint32Array(copy)[i]));
      return values;
    }
    case 'I64':
    case 'U64': {
      // Each value is (low, high) 32-bit words; it fits int32 when high is the sign extension of low
      // (I64) or when high is 0 and low < 2^31 (U64).
      const words = new Int32Array(copy);
      const out = new Int32Array(words.length / 2);
      const signed = entry.dtype === 'I64';
      for (let i = 0; i < out.length; i++) {
        const low = words[2 * i]!;
        const high = words[2 * i + 1]!;
        if (signed ? high !== low >> 31 : high !== 0 || low < 0) {
          const big = signed ? new BigInt64Array(copy)[i]! : new BigUint64Array(copy)[i]!;
          outOfInt32(entry, i, big.toString());
        }
        out[i] = low;
      }
      return out;
    }
  }
}

function outOfInt32(entry: SafetensorsEntry, flatIndex: number, value: string): never {
  throw new WeightsError(
    `safetensors: tensor '${entry.name}' (${entry.dtype}) holds ${value} at flat index ${flatIndex}, outside the int32 range that tfjs supports`,
  );
}

function describeValue(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) return x.constructor.name;
  try {
    const json = JSON.stringify(x);
    return json.length > 60 ? `${json.slice(0, 60)}...` : json;
  } catch {
    return typeof x;
  }
}
