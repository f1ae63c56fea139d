/**
 * WebGPU for Node through Dawn (the `webgpu` npm package, an optional peer dependency: 132 MB
 * that only users who want WebGPU in Node install): `Object.assign(globalThis, globals);
 * navigator.gpu = create([])`.
 */
import { describeError, importNodeOnly, nodeBuiltin } from '../platform';
import { navigatorGpu, type GpuLike } from './gpu-types';
import { ensureVulkanLoader } from './vulkan-loader';

/** The part of the `webgpu` package used here. */
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** `navigator.gpu` in Node, or why there is none. */
export type NodeGpu = { gpu: GpuLike; note: string } | { gpu: null; note: string };

let installed: Promise<NodeGpu> | null = null;

/**
 * Gives Node a `navigator.gpu` backed by Dawn (once per process), so that tfjs-backend-webgpu,
 * imported afterwards, registers itself. Sets the WebGPU globals (`GPUBufferUsage`, ...) that are
 * not already defined, and creates `globalThis.navigator` when Node (20) has none.
 */
export function installNodeGpu(): Promise<NodeGpu> {
  installed ??= install();
  return installed;
}

/** Why WebGPU is skipped in Node when Dawn is not installed, and how to opt in. */
export const DAWN_NOT_INSTALLED =
  'the optional peer package "webgpu" (Dawn for Node) is not installed; `npm install webgpu` to use WebGPU in Node';

/**
 * Where the `webgpu` package is installed, found without loading it, or null when it is not
 * installed. `resolve` is `require.resolve` as seen from this package.
 */
export function dawnPackagePath(resolve: (id: string) => string): string | null {
  try {
    return resolve('webgpu');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
}

async function install(): Promise<NodeGpu> {
  const existing = navigatorGpu();
  if (existing) return { gpu: existing, note: 'navigator.gpu (set before this package looked)' };

  const { createRequire } = await nodeBuiltin<typeof import('node:module')>('node:module');
  if (dawnPackagePath(createRequire(import.meta.url).resolve) === null) return { gpu: null, note: DAWN_NOT_INSTALLED };

  const loader = await ensureVulkanLoader();
  if (!loader.ok) return { gpu: null, note: loader.note };

  let dawn: DawnModule;
  try {
    dawn = await importNodeOnly<DawnModule>('webgpu');
  } catch (error) {
    return {
      gpu: null,
      note: `the package "webgpu" (Dawn for Node) is installed but did not load: ${describeError(error)}`,
    };
  }
  const gpu = dawn.create([]);
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(holder.navigator as object, 'gpu', { value: gpu, configurable: true, writable: true });
  return { gpu, note: `Dawn (npm "webgpu"), ${loader.note}` };
}
