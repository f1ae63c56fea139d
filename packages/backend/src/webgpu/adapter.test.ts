import { describe, expect, it } from 'vitest';
import { adapterName, findAdapter } from './adapter';

describe('findAdapter', () => {
  it('is null when the GPU offers no adapter', async () => {
    expect(await findAdapter({ requestAdapter: async () => null })).toBeNull();
  });

  it('summarises GPUAdapter.info', async () => {
    const info = { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver', isFallbackAdapter: true };
    const found = await findAdapter({ requestAdapter: async () => ({ info }) });
    expect(found?.summary).toEqual({ ...info, device: '' });
    expect(adapterName(found!.summary)).toBe('google swiftshader (SwiftShader driver, fallback)');
  });

  it('falls back to requestAdapterInfo() in older browsers', async () => {
    const found = await findAdapter({
      requestAdapter: async () => ({ requestAdapterInfo: async () => ({ vendor: 'intel', architecture: 'gen-12lp' }) }),
    });
    expect(adapterName(found!.summary)).toBe('intel gen-12lp');
  });
});
