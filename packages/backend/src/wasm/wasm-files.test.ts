import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WasmFilesNotFoundError } from '../errors';
import { locateWasmFiles, WASM_BINARIES, wasmBinaryFor } from './wasm-files';

describe('wasmBinaryFor', () => {
  it('matches the binary tfjs-backend-wasm picks', () => {
    expect(wasmBinaryFor(true, true)).toBe(WASM_BINARIES.threadedSimd);
    expect(wasmBinaryFor(true, false)).toBe(WASM_BINARIES.simd);
    expect(wasmBinaryFor(false, false)).toBe(WASM_BINARIES.plain);
  });
});

describe('locateWasmFiles in Node', () => {
  it('finds the SIMD binary in the installed @tensorflow/tfjs-backend-wasm', async () => {
    const files = await locateWasmFiles(undefined, WASM_BINARIES.simd);
    expect(files.binary).toMatch(/tfjs-backend-wasm[/\\]dist[/\\]tfjs-backend-wasm-simd\.wasm$/);
    expect(files.paths).toMatch(new RegExp(`dist\\${sep}$`));
  });

  it('throws WasmFilesNotFoundError naming the file and the folder it looked in', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-wasm-'));
    const attempt = locateWasmFiles(empty, WASM_BINARIES.simd);
    await expect(attempt).rejects.toBeInstanceOf(WasmFilesNotFoundError);
    await expect(attempt).rejects.toThrow(`expected tfjs-backend-wasm-simd.wasm in ${empty}`);
  });

  it('rejects a file map without every binary', async () => {
    const attempt = locateWasmFiles({ [WASM_BINARIES.simd]: '/x.wasm' }, WASM_BINARIES.simd);
    await expect(attempt).rejects.toThrow(/the map has no entry for tfjs-backend-wasm\.wasm, tfjs-backend-wasm-threaded-simd\.wasm/);
  });

  it('rejects an empty prefix', async () => {
    await expect(locateWasmFiles('', WASM_BINARIES.simd)).rejects.toThrow(/wasmPaths is an empty string/);
  });
});
