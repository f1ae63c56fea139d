/**
 * The core build's esbuild plugin (tfjs-public-imports.ts): the bundled tfjs-core registration
 * code must reach tfjs state only through the public `@tensorflow/tfjs-core`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { afterAll, describe, expect, it } from 'vitest';
import { tfjsPublicImports, type TfjsPublicImportsReport } from '../tfjs-public-imports';

const out = mkdtempSync(join(tmpdir(), 'tfjs-public-imports-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function bundle(entry: string, report?: TfjsPublicImportsReport): Promise<string> {
  await build({
    entry: { bundle: entry },
    format: ['cjs'],
    outDir: out,
    silent: true,
    noExternal: [/@tensorflow\/tfjs-core\/dist\//],
    external: ['@tensorflow/tfjs-core'],
    esbuildPlugins: [tfjsPublicImports(report)],
  });
  return readFileSync(join(out, 'bundle.cjs'), 'utf8');
}

describe('tfjsPublicImports', () => {
  it('bundles the registration with no second engine, Tensor class or environment', async () => {
    const report: TfjsPublicImportsReport = { redirected: 0, bridged: 0, bundledFiles: new Set() };
    const code = await bundle(new URL('../src/tfjs-setup.ts', import.meta.url).pathname, report);
    for (const stateful of ['engine.js', 'tensor.js', 'environment.js']) expect(report.bundledFiles).not.toContain(stateful);
    expect(report.bundledFiles).toContain('register_all_gradients.js');
    expect(report.redirected).toBeGreaterThan(400); // ops, kernel names, registries: public imports
    expect(report.bridged).toBeGreaterThan(100); // chained ops reach the Tensor class through the bridge
    expect(code).toContain('require("@tensorflow/tfjs-core")');
    expect(code).not.toMatch(/class Engine\b|class Tensor\b/);
  }, 60_000);

  it('fails the build when a stateful tfjs-core module would be bundled', async () => {
    const entry = new URL('./fixtures/imports-engine.ts', import.meta.url).pathname;
    await expect(bundle(entry)).rejects.toThrow(/dist\/engine\.js would be bundled: a second copy of tfjs-core state/);
  }, 60_000);
});
