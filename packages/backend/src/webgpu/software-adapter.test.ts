import { describe, expect, it } from 'vitest';
import type { AdapterSummary } from '../runtime';
import { isSoftwareAdapter } from './software-adapter';

const adapter = (info: Partial<AdapterSummary>): AdapterSummary => ({
  vendor: '',
  architecture: '',
  device: '',
  description: '',
  isFallbackAdapter: false,
  ...info,
});

describe('isSoftwareAdapter', () => {
  it('recognises the fallback flag and software rasterisers by name', () => {
    expect(isSoftwareAdapter(adapter({ isFallbackAdapter: true, vendor: 'intel' }))).toBe(true);
    expect(isSoftwareAdapter(adapter({ vendor: 'google', architecture: 'swiftshader' }))).toBe(true);
    expect(isSoftwareAdapter(adapter({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))).toBe(true);
    expect(isSoftwareAdapter(adapter({ description: 'Microsoft Basic Render Driver' }))).toBe(true);
  });

  it('leaves hardware adapters alone, including ones that say nothing', () => {
    expect(isSoftwareAdapter(adapter({ vendor: 'nvidia', architecture: 'turing' }))).toBe(false);
    expect(isSoftwareAdapter(adapter({ vendor: 'apple', architecture: 'metal-3' }))).toBe(false);
    expect(isSoftwareAdapter(adapter({}))).toBe(false);
  });
});
