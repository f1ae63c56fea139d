import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DAWN_NOT_INSTALLED, dawnPackagePath } from './node-gpu';

describe('dawnPackagePath', () => {
  it('finds the installed webgpu package without loading it', () => {
    // The workspace installs it as a devDependency for its own WebGPU tests.
    expect(dawnPackagePath(createRequire(import.meta.url).resolve)).toMatch(/[\\/]webgpu[\\/]index\.js$/);
  });

  it('is null when the package is not installed', () => {
    const missing = (id: string): string => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(dawnPackagePath(missing)).toBeNull();
    expect(DAWN_NOT_INSTALLED).toMatch(/not installed; `npm install webgpu`/);
  });

  it('passes on other resolution errors', () => {
    const broken = (): string => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(() => dawnPackagePath(broken)).toThrow('EACCES');
  });
});
