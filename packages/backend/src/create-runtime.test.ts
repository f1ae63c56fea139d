import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { BackendConfigError, WasmFilesNotFoundError } from './errors';
import { createRuntime } from './create-runtime';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createRuntime in Node', () => {
  it('rejects bad input before starting anything', async () => {
    await expect(createRuntime({ prefer: [] })).rejects.toBeInstanceOf(BackendConfigError);
    await expect(createRuntime({ prefer: ['tpu' as never] })).rejects.toThrow(/prefer\[0\] is "tpu"/);
    await expect(createRuntime({ prefer: ['wasm'], wasmPaths: '/nonexistent/wasm/' })).rejects.toBeInstanceOf(
      WasmFilesNotFoundError,
    );
    expect(tf.getBackend()).toBeFalsy();
  });

  it('starts WASM with SIMD from the installed package, single-threaded', async () => {
    const runtime = await createRuntime({ prefer: ['wasm', 'cpu'] });
    expect(runtime.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(runtime.capabilities).toMatchObject({ simd: true, threads: false, threadCount: 1 });
    expect(runtime.reasons).toEqual([expect.stringMatching(/^wasm chosen \(first preference\): SIMD binary .*tfjs-backend-wasm-simd\.wasm/)]);
    const product = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
    expect(Array.from(await product.data())).toEqual([17, 39]);
  });

  it('lets SEQ2SEQ_BACKEND override the preference', async () => {
    vi.stubEnv('SEQ2SEQ_BACKEND', 'cpu');
    const runtime = await createRuntime({ prefer: ['wasm'] });
    expect(runtime.backend).toBe('cpu');
    expect(runtime.reasons[0]).toBe('SEQ2SEQ_BACKEND=cpu replaces the preference [wasm]');
  });

  it('falls through from WebGPU with a reason when it cannot start', async () => {
    // Without a Vulkan driver Dawn finds no adapter; with one (CI sets VK_ICD_FILENAMES) WebGPU wins.
    const runtime = await createRuntime({ prefer: ['webgpu', 'cpu'] });
    if (runtime.backend === 'webgpu') {
      expect(runtime.capabilities.webgpu).toBe(true);
      expect(runtime.capabilities.adapter).not.toBeNull();
    } else {
      expect(runtime.backend).toBe('cpu');
      expect(runtime.capabilities.webgpu).toBe(false);
      expect(runtime.reasons[0]).toMatch(/^webgpu skipped: /);
      expect(runtime.reasons[1]).toMatch(/^cpu chosen \(preference 2 of 2\)/);
    }
  });
});
