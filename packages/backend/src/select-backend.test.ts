import { describe, expect, it } from 'vitest';
import type { BackendName } from './backend-name';
import { NoBackendStartedError } from './errors';
import { selectBackend } from './select-backend';
import type { StartOutcome } from './start-outcome';

const fails = (reason: string): StartOutcome & { ok: false } => ({ ok: false, reason, found: {} });
const starts = (detail: string): StartOutcome => ({ ok: true, detail, found: { simd: true } });

describe('selectBackend', () => {
  it('keeps the first backend that starts and says why the others were skipped', async () => {
    const tried: BackendName[] = [];
    const selection = await selectBackend(['webgpu', 'wasm', 'cpu'], async (name) => {
      tried.push(name);
      return name === 'webgpu' ? fails("tf.setBackend('webgpu') returned false") : starts('SIMD binary');
    });
    expect(tried).toEqual(['webgpu', 'wasm']);
    expect(selection.backend).toBe('wasm');
    expect(selection.found).toEqual({ simd: true });
    expect(selection.reasons).toEqual([
      "webgpu skipped: tf.setBackend('webgpu') returned false",
      'wasm chosen (preference 2 of 3): SIMD binary',
    ]);
  });

  it('moves a backend that asks to be retried after a later one behind it, and says why', async () => {
    const tried: string[] = [];
    const start = async (name: BackendName, later: readonly BackendName[]): Promise<StartOutcome> => {
      tried.push(`${name} before [${later.join(', ')}]`);
      if (name === 'webgpu' && later.includes('wasm')) return { ...fails('software adapter'), retryAfter: 'wasm' };
      return name === 'webgpu' ? starts('software adapter, insisted') : fails(`${name} broke`);
    };
    const selection = await selectBackend(['webgpu', 'wasm', 'cpu'], start);
    expect(tried).toEqual(['webgpu before [wasm, cpu]', 'wasm before [webgpu, cpu]', 'webgpu before [cpu]']);
    expect(selection.backend).toBe('webgpu');
    expect(selection.reasons).toEqual([
      'webgpu ranked below wasm: software adapter',
      'wasm skipped: wasm broke',
      'webgpu chosen (first preference): software adapter, insisted',
    ]);
  });

  it('skips a backend whose retryAfter is not later in the order', async () => {
    const selection = await selectBackend(['wasm', 'webgpu', 'cpu'], async (name) =>
      name === 'cpu' ? starts('always') : { ...fails(`${name} deferred`), retryAfter: 'wasm' },
    );
    expect(selection.backend).toBe('cpu');
    expect(selection.reasons.slice(0, 2)).toEqual(['wasm skipped: wasm deferred', 'webgpu skipped: webgpu deferred']);
  });

  it('throws NoBackendStartedError listing every failure', async () => {
    const attempt = selectBackend(['wasm', 'cpu'], async (name) => fails(`${name} broke`));
    await expect(attempt).rejects.toBeInstanceOf(NoBackendStartedError);
    await expect(attempt).rejects.toThrow(/wasm skipped: wasm broke\n {2}- cpu skipped: cpu broke/);
  });

  it('lets configuration errors through instead of falling back', async () => {
    const attempt = selectBackend(['wasm', 'cpu'], async () => {
      throw new TypeError('bad wasmPaths');
    });
    await expect(attempt).rejects.toThrow('bad wasmPaths');
  });
});
