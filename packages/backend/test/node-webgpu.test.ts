/**
 * WebGPU in Node: Dawn (the `webgpu` package) on Chromium's SwiftShader Vulkan driver, where
 * Chromium is installed. Sets VK_ICD_FILENAMES for this test process only (vitest runs each test
 * file in its own worker), so other suites keep to CPU and WASM unless their environment says so.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRuntime, formatRuntimeReport } from '../src/index';
import { describeBackends, expectClose } from '../src/testing/index';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
const configured = Boolean(process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES);
if (!configured && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;
const available = configured || existsSync(SWIFTSHADER);

describe.skipIf(!available)('createRuntime with WebGPU in Node', () => {
  it('starts WebGPU on Dawn and reports the adapter', async () => {
    const runtime = await createRuntime({ prefer: ['webgpu', 'cpu'] });
    console.log(formatRuntimeReport(runtime));
    expect(runtime.backend).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(runtime.capabilities.webgpu).toBe(true);
    expect(runtime.capabilities.adapter?.vendor).toBeTruthy();
    expect(runtime.reasons[0]).toMatch(/^webgpu chosen \(first preference\): adapter .* via Dawn \(npm "webgpu"\)/);
  });
});

// With VK_ICD_FILENAMES set above, describeBackends also runs this suite on WebGPU.
describeBackends('matMul on every backend', ({ backend, tolerance }) => {
  it('agrees with the reference values', async () => {
    expect(tf.getBackend()).toBe(backend);
    // numpy: (np.arange(12).reshape(3, 4) / 4) @ (np.arange(8).reshape(4, 2) - 3.5)
    //   -> [[1.75, 3.25], [-0.25, 5.25], [-2.25, 7.25]]
    const a = tf.div(tf.reshape(tf.range(0, 12), [3, 4]), 4);
    const b = tf.sub(tf.reshape(tf.range(0, 8), [4, 2]), 3.5);
    const product = tf.matMul(a, b);
    await expectClose(product, [[1.75, 3.25], [-0.25, 5.25], [-2.25, 7.25]], tolerance);
    tf.dispose([a, b, product]);
  });
});
