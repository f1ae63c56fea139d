import { describe, expect, it } from 'vitest';
import { BackendConfigError } from '../errors';
import { testBackendsFromEnv } from './test-backends';

describe('SEQ2SEQ_TEST_BACKENDS', () => {
  it('means every backend when unset or empty', () => {
    expect(testBackendsFromEnv(undefined)).toEqual({ backends: ['cpu', 'wasm', 'webgpu'], explicit: false });
    expect(testBackendsFromEnv(' ')).toEqual({ backends: ['cpu', 'wasm', 'webgpu'], explicit: false });
  });

  it('narrows the list, in the standard order', () => {
    expect(testBackendsFromEnv('wasm, cpu')).toEqual({ backends: ['cpu', 'wasm'], explicit: true });
  });

  it('rejects an unknown name, naming the variable', () => {
    expect(() => testBackendsFromEnv('cpu,webgl')).toThrow(BackendConfigError);
    expect(() => testBackendsFromEnv('cpu,webgl')).toThrow(/SEQ2SEQ_TEST_BACKENDS="cpu,webgl": "webgl" is not a backend/);
  });
});
