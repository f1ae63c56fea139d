/**
 * A minimal safetensors reader for the test fixtures (F32 only): 8-byte little-endian header
 * length, a JSON header `{name: {dtype, shape, data_offsets}}`, then the raw data.
 * Test-only stand-in until `@seq2seq/core` ships its decoder.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

export function readSafetensors(path: string): Map<string, tf.Tensor> {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const base = 8 + headerLength;
  const out = new Map<string, tf.Tensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (entry.dtype !== 'F32') throw new Error(`readSafetensors: ${name} has dtype ${entry.dtype}; only F32 is supported here`);
    const [begin, end] = entry.data_offsets;
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + base + begin, bytes.byteOffset + base + end));
    out.set(name, tf.tensor(data, entry.shape, 'float32'));
  }
  return out;
}
