/**
 * createRuntime with a fake `navigator.gpu` whose adapter is SwiftShader (as headless Chromium
 * reports it): WASM is chosen over it, and the reasons say why. Its own file: the fake GPU is set
 * once per process (the package looks for `navigator.gpu` once).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendConfigError } from './errors';
import { createRuntime } from './create-runtime';

const swiftShader = { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver', isFallbackAdapter: false };
const holder = globalThis as { navigator?: { gpu?: unknown } };
const hadNavigator = holder.navigator !== undefined;
let adapterRequests = 0;
const fakeGpu = {
  requestAdapter: async () => {
    adapterRequests += 1;
    return { info: swiftShader };
  },
};
if (!hadNavigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
Object.defineProperty(holder.navigator!, 'gpu', { value: fakeGpu, configurable: true, writable: true });

afterAll(() => {
  delete holder.navigator!.gpu;
  if (!hadNavigator) delete holder.navigator;
});

describe('createRuntime with a software WebGPU adapter', () => {
  it('ranks it below WASM and says why', async () => {
    const runtime = await createRuntime({ prefer: ['webgpu', 'wasm', 'cpu'] });
    expect(runtime.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(runtime.capabilities.webgpu).toBe(true);
    expect(runtime.capabilities.adapter).toMatchObject({ architecture: 'swiftshader' });
    expect(runtime.reasons[0]).toMatch(
      /^webgpu ranked below wasm: the adapter google swiftshader \(SwiftShader driver\) emulates a GPU on the CPU.*softwareWebGpu: 'as-listed'/,
    );
    expect(runtime.reasons[1]).toMatch(/^wasm chosen \(preference 2 of 3\)/);
    expect(runtime.reasons).toHaveLength(2);
  });

  it('keeps it first when the caller insists (it is then started, and fails here: the fake adapter has no device)', async () => {
    const before = adapterRequests;
    const runtime = await createRuntime({ prefer: ['webgpu', 'wasm'], softwareWebGpu: 'as-listed' });
    expect(adapterRequests).toBeGreaterThan(before);
    expect(runtime.reasons[0]).toMatch(/^webgpu skipped: tf\.setBackend\('webgpu'\)/);
    expect(runtime.reasons[1]).toMatch(/^wasm chosen \(preference 2 of 2\)/);
  });

  it('rejects an unknown softwareWebGpu value', async () => {
    await expect(createRuntime({ prefer: ['wasm'], softwareWebGpu: 'never' as never })).rejects.toThrow(BackendConfigError);
    await expect(createRuntime({ prefer: ['wasm'], softwareWebGpu: 'never' as never })).rejects.toThrow(
      /softwareWebGpu is "never"; expected 'below-wasm' or 'as-listed'/,
    );
  });
});
