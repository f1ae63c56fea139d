import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectClose } from '@seq2seq/backend/testing';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Embedding,
  encodeSafetensors,
  fileHandler,
  InputError,
  Linear,
  loadModuleWeights,
  loadSafetensorsFile,
  loadWeights,
  Module,
  readSafetensorsHeader,
  Rng,
  saveModuleWeights,
  saveSafetensorsFile,
  saveWeights,
  WeightsError,
} from '../index';

class Tiny extends Module {
  readonly embedding: Embedding;
  readonly proj: Linear;
  constructor(seed: number, dim = 4) {
    super();
    const rng = new Rng(seed);
    this.embedding = this.addModule('embedding', new Embedding({ vocabSize: 10, embeddingSize: dim, rng }));
    this.proj = this.addModule('proj', new Linear({ inputSize: dim, outputSize: 3, rng }));
  }
}

async function weightsOf(m: Module): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, v] of m.namedParameters()) out[name] = Array.from(await v.data());
  return out;
}

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'seq2seq-core-io-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('module weights in safetensors files', () => {
  it('saves a module by hierarchical name and loads it into another, with metadata', async () => {
    const a = new Tiny(1);
    const b = new Tiny(2);
    const path = join(dir, 'tiny.safetensors');
    await saveModuleWeights(a, path, { metadata: { step: '42' } });
    const header = readSafetensorsHeader(new Uint8Array(await readFile(path)));
    expect(header.entries.map((e) => [e.name, e.dtype, e.shape])).toEqual([
      ['embedding.weight', 'F32', [10, 4]],
      ['proj.kernel', 'F32', [4, 3]],
      ['proj.bias', 'F32', [3]],
    ]);
    expect(await weightsOf(b)).not.toEqual(await weightsOf(a));
    const before = tf.memory().numTensors;
    expect(await loadModuleWeights(b, path)).toEqual({ step: '42' });
    expect(tf.memory().numTensors).toBe(before);
    expect(await weightsOf(b)).toEqual(await weightsOf(a));
    a.dispose();
    b.dispose();
  });

  it('stores float16 in about half the bytes, within 1e-3 relative error', async () => {
    const a = new Tiny(3, 64);
    const full = join(dir, 'full.safetensors');
    const half = join(dir, 'half.safetensors');
    await saveModuleWeights(a, full);
    await saveModuleWeights(a, half, { float16: true });
    expect((await stat(half)).size).toBeLessThan((await stat(full)).size * 0.55);
    const b = new Tiny(4, 64);
    await loadModuleWeights(b, `file://${half}`);
    const [wa, wb] = [await weightsOf(a), await weightsOf(b)];
    for (const name of Object.keys(wa)) {
      wa[name]!.forEach((v, i) => expect(Math.abs(wb[name]![i]! - v)).toBeLessThanOrEqual(1e-3 * Math.abs(v) + 1e-7));
    }
    a.dispose();
    b.dispose();
  });

  it('loads strictly by default and leaves the module unchanged on a mismatch', async () => {
    const a = new Tiny(5, 4);
    const path = join(dir, 'strict.safetensors');
    await saveModuleWeights(a, path);
    const wider = new Tiny(6, 8);
    const kept = await weightsOf(wider);
    const before = tf.memory().numTensors;
    await expect(loadModuleWeights(wider, path)).rejects.toThrow(WeightsError);
    await expect(loadModuleWeights(wider, path)).rejects.toThrow(/'embedding.weight' has shape \[10, 4\], expected \[10, 8\]/);
    expect(tf.memory().numTensors).toBe(before);
    expect(await weightsOf(wider)).toEqual(kept);
    // Only the projection's weights: strict refuses, non-strict loads what is there.
    const proj = new Map([...a.getWeights()].filter(([name]) => name.startsWith('proj.')));
    const bytes = await encodeSafetensors(proj);
    const b = new Tiny(7, 4);
    await expect(loadModuleWeights(b, bytes)).rejects.toThrow(/missing 'embedding.weight'/);
    await loadModuleWeights(b, bytes, { strict: false });
    expect((await weightsOf(b))['proj.kernel']).toEqual((await weightsOf(a))['proj.kernel']);
    for (const m of [a, wider, b]) m.dispose();
  });

  it('treats a path without .safetensors as a directory holding model.safetensors', async () => {
    const a = new Tiny(8);
    const target = join(dir, 'ckpt', 'step-1');
    await saveWeights(a, `file://${target}/`);
    expect((await readdir(target))).toEqual(['model.safetensors']);
    const loaded = await loadWeights(`file://${target}`);
    expect([...loaded.keys()]).toEqual(['embedding.weight', 'proj.kernel', 'proj.bias']);
    await expectClose(loaded.get('proj.kernel')!, a.proj.kernel, 0);
    tf.dispose([...loaded.values()]);
    a.dispose();
  });

  it('reports unreadable and corrupt files as WeightsErrors naming the file', async () => {
    await expect(loadSafetensorsFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/could not open '.*missing.safetensors'/);
    const good = await encodeSafetensors({ w: tf.ones([4, 4]) });
    const cut = join(dir, 'cut.safetensors');
    await writeFile(cut, good.subarray(0, good.length - 3));
    await expect(loadSafetensorsFile(cut)).rejects.toThrow(WeightsError);
    await expect(loadSafetensorsFile(cut)).rejects.toThrow(/safetensors: '.*cut.safetensors': tensor 'w': data_offsets \[0, 64\] run past the data section of 61 bytes/);
    const huge = join(dir, 'huge.safetensors');
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(4, 7, true); // header length > 2^32
    await writeFile(huge, bytes);
    await expect(loadSafetensorsFile(huge)).rejects.toThrow(/more than the limit of 100000000/);
    await expect(loadSafetensorsFile(cut, { maxBytes: 10 })).rejects.toThrow(/more than maxBytes = 10/);
  });
});

describe('atomic writes', () => {
  const listTemps = async (folder: string): Promise<string[]> => (await readdir(folder)).filter((f) => f.endsWith('.tmp'));

  it('replaces an existing file whole and leaves no temporary file', async () => {
    const folder = join(dir, 'atomic');
    const path = join(folder, 'w.safetensors');
    await saveSafetensorsFile(path, { w: tf.fill([1000], 1) });
    await saveSafetensorsFile(path, { w: tf.fill([10], 2) }, { v: '2' });
    const { tensors, metadata } = await loadSafetensorsFile(path);
    expect(metadata).toEqual({ v: '2' });
    expect(Array.from(await tensors.get('w')!.data())).toEqual(Array(10).fill(2));
    expect(await listTemps(folder)).toEqual([]);
    tf.dispose([...tensors.values()]);
  });

  it('keeps the old file when encoding or writing fails', async () => {
    const folder = join(dir, 'atomic-fail');
    const path = join(folder, 'w.safetensors');
    await saveSafetensorsFile(path, { w: tf.fill([3], 1) });
    const old = await readFile(path);
    await expect(saveSafetensorsFile(path, { w: tf.fill([3], 1e6) }, undefined, { float16: true })).rejects.toThrow(InputError);
    expect(await readFile(path)).toEqual(old);
    // The target is a non-empty directory: the rename fails, the temporary file is removed.
    const blocked = join(folder, 'blocked.safetensors');
    await mkdir(join(blocked, 'inside'), { recursive: true });
    await expect(saveSafetensorsFile(blocked, { w: tf.fill([3], 1) })).rejects.toThrow(/could not write '.*blocked.safetensors'/);
    expect(await listTemps(folder)).toEqual([]);
  });

  it('never leaves a partial file when the writer is killed mid-write', { timeout: 120_000 }, async () => {
    const folder = join(dir, 'crash');
    await mkdir(folder, { recursive: true });
    const here = dirname(fileURLToPath(import.meta.url));
    const child = join(here, 'node-file.crash-child.ts');
    const packageRoot = join(here, '..', '..');
    const size = 4_000_000;
    const rng = new Rng(5);
    for (let trial = 0; trial < 4; trial++) {
      const path = join(folder, `w${trial}.bin`);
      // tsx (a dev dependency of the workspace) runs the TypeScript child; cwd makes it resolvable.
      const proc = spawn(process.execPath, ['--import', 'tsx', child, path, String(size)], {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          proc.kill('SIGKILL');
          reject(new Error('the writer did not finish its first write within 30 s'));
        }, 30_000);
        proc.stdout.once('data', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the writer exited early with code ${code}`));
        });
      });
      // Kill it somewhere in a later write (each takes a few milliseconds).
      await new Promise((r) => setTimeout(r, rng.int(40)));
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
      const bytes = await readFile(path);
      expect(bytes.length).toBe(size);
      expect(bytes.every((b) => b === bytes[0])).toBe(true);
    }
  });
});

describe('weights through tf.io handlers', () => {
  const store = new Map<string, tf.io.ModelArtifacts>();
  beforeAll(() => {
    // A scheme of our own, routed like indexeddb:// is in a browser. (tfjs routers return null
    // for URLs they do not serve, although tfjs's IORouter type omits it.)
    const none = null as unknown as tf.io.IOHandler;
    tf.io.registerSaveRouter((url) => {
      const key = String(url);
      if (!key.startsWith('memory://')) return none;
      return tf.io.withSaveHandler(async (artifacts) => {
        store.set(key, artifacts);
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      });
    });
    tf.io.registerLoadRouter((url) => {
      const key = String(url);
      return key.startsWith('memory://') && store.has(key) ? tf.io.fromMemory(store.get(key)!) : none;
    });
  });

  it('saves and loads through a registered URL scheme, with float16 quantization and metadata', async () => {
    const a = new Tiny(9, 16);
    await saveWeights(a, 'memory://tiny', { float16: true, metadata: { lang: 'en-fr' } });
    const artifacts = store.get('memory://tiny')!;
    expect(artifacts.weightSpecs!.map((s) => [s.name, s.quantization?.dtype])).toEqual([
      ['embedding.weight', 'float16'],
      ['proj.kernel', 'float16'],
      ['proj.bias', 'float16'],
    ]);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(2 * (10 * 16 + 16 * 3 + 3));
    const b = new Tiny(10, 16);
    expect(await loadModuleWeights(b, 'memory://tiny')).toEqual({ lang: 'en-fr' });
    await expectClose(b.embedding.weight, a.embedding.weight, 1e-3);
    a.dispose();
    b.dispose();
  });

  it('accepts a tf.io.IOHandler directly', async () => {
    let saved: tf.io.ModelArtifacts | null = null;
    const tensors = new Map<string, tf.Tensor>([['x', tf.tensor1d([1, 2])], ['n', tf.tensor1d([3], 'int32')], ['m', tf.tensor1d([1], 'bool')]]);
    await saveWeights(tensors, tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }));
    const loaded = await loadWeights(tf.io.fromMemory(saved!));
    expect([...loaded].map(([k, t]) => [k, t.dtype])).toEqual([['x', 'float32'], ['n', 'int32'], ['m', 'bool']]);
    await expectClose(loaded.get('x')!, [1, 2], 0);
    tf.dispose([...tensors.values(), ...loaded.values()]);
  });

  it('names the URL when no handler serves it', async () => {
    await expect(saveWeights(new Map(), 'nosuch://x')).rejects.toThrow(InputError);
    await expect(saveWeights(new Map(), 'nosuch://x')).rejects.toThrow(/saveWeights: no tf.io handler can save 'nosuch:\/\/x'/);
    await expect(loadWeights('nosuch://x')).rejects.toThrow(/loadWeights: no tf.io handler can load 'nosuch:\/\/x'/);
  });

  it('keeps a tfjs model topology and metadata in the safetensors file handler', async () => {
    const { data, specs } = await tf.io.encodeWeights({ 'dense/kernel': tf.ones([2, 2]) });
    const handler = fileHandler(join(dir, 'layers.safetensors'));
    await handler.save({
      modelTopology: { class_name: 'Sequential', config: { layers: [] } },
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
      weightSpecs: specs,
      weightData: data,
      userDefinedMetadata: { note: 'hello' },
    });
    const artifacts = await handler.load();
    expect(artifacts.modelTopology).toEqual({ class_name: 'Sequential', config: { layers: [] } });
    expect([artifacts.format, artifacts.generatedBy, artifacts.userDefinedMetadata]).toEqual([
      'layers-model',
      'TensorFlow.js tfjs-layers v4.22.0',
      { note: 'hello' },
    ]);
    const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    await expectClose(weights['dense/kernel']!, [[1, 1], [1, 1]], 0);
    tf.dispose(weights);
  });
});
