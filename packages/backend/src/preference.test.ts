import { describe, expect, it } from 'vitest';
import { BackendConfigError } from './errors';
import { resolvePreference } from './preference';

describe('resolvePreference', () => {
  it('defaults to webgpu, wasm, cpu', () => {
    expect(resolvePreference(undefined, undefined)).toEqual({ order: ['webgpu', 'wasm', 'cpu'], note: null });
  });

  it('keeps the caller order and drops repeats', () => {
    expect(resolvePreference(['cpu', 'wasm', 'cpu'], undefined).order).toEqual(['cpu', 'wasm']);
  });

  it('rejects an empty list, naming what it expected', () => {
    expect(() => resolvePreference([], undefined)).toThrow(BackendConfigError);
    expect(() => resolvePreference([], undefined)).toThrow(/non-empty list of webgpu, wasm, cpu/);
  });

  it('rejects an unknown name, naming its position', () => {
    expect(() => resolvePreference(['wasm', 'webgl'], undefined)).toThrow(/prefer\[1\] is "webgl"; expected one of/);
  });

  it('lets SEQ2SEQ_BACKEND replace the list and says so', () => {
    const preference = resolvePreference(['webgpu', 'wasm'], 'cpu');
    expect(preference.order).toEqual(['cpu']);
    expect(preference.note).toBe('SEQ2SEQ_BACKEND=cpu replaces the preference [webgpu, wasm]');
  });

  it('ignores an empty SEQ2SEQ_BACKEND', () => {
    expect(resolvePreference(['wasm'], ' ').order).toEqual(['wasm']);
  });

  it('rejects a bad SEQ2SEQ_BACKEND, naming the variable', () => {
    expect(() => resolvePreference(undefined, 'gpu')).toThrow(/SEQ2SEQ_BACKEND="gpu" is not a backend/);
  });
});
