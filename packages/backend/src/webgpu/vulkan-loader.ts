/**
 * Linux only: makes the Vulkan loader (`libvulkan.so.1`) loadable for Dawn (the `webgpu` npm
 * package), which `dlopen`s it by name.
 *
 * Machines without the `libvulkan1` package can still have a loader beside a Vulkan driver:
 * Chromium ships `libvulkan.so.1` next to its SwiftShader driver in `/usr/lib/chromium`, and
 * `VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json` selects that driver. The loader
 * search path (`LD_LIBRARY_PATH`) is fixed when the process starts, so instead the loader found
 * beside the driver is loaded once into the process with `RTLD_GLOBAL | RTLD_NODELETE`; Dawn's
 * later `dlopen("libvulkan.so.1")` then finds it by its soname.
 */
import { nodeBuiltin } from '../platform';

/** The loader's file name (its soname). */
const LOADER = 'libvulkan.so.1';

/** glibc's dlopen flags; Node exposes RTLD_NOW and RTLD_GLOBAL but not RTLD_NODELETE. */
const RTLD_NOW = 0x2;
const RTLD_GLOBAL = 0x100;
const RTLD_NODELETE = 0x1000;

/** Folders where Linux distributions install the Vulkan loader. */
const SYSTEM_LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/lib64',
  '/lib',
];

/** Whether Dawn can load Vulkan, and how that was made so (or why not). */
export interface LoaderStatus {
  ok: boolean;
  note: string;
}

/** Vulkan driver manifests named by `VK_ICD_FILENAMES` / `VK_DRIVER_FILES` (colon-separated). */
export function driverManifests(env: Record<string, string | undefined>): string[] {
  const list = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES || '';
  return list.split(':').filter((entry) => entry.length > 0);
}

/** The file-system calls the loader search needs (`node:fs` and `node:path`). */
export interface LoaderSearchDeps {
  fs: Pick<typeof import('node:fs'), 'existsSync' | 'readFileSync'>;
  path: Pick<typeof import('node:path'), 'join' | 'dirname' | 'resolve'>;
  env: Record<string, string | undefined>;
}

/** Where a Vulkan loader is: installed system-wide, or beside a driver (and needing a preload). */
export interface FoundLoader {
  path: string;
  /** True when it is not on the library search path and must be loaded into the process first. */
  needsPreload: boolean;
  note: string;
}

/**
 * Looks for the Vulkan loader: `LD_LIBRARY_PATH` and the system library folders, then beside each
 * driver named by `VK_ICD_FILENAMES`. Synchronous and side-effect free.
 *
 * @returns the loader, or a note saying where it looked.
 */
export function findVulkanLoader({ fs, path, env }: LoaderSearchDeps): FoundLoader | { path: null; note: string } {
  const libraryPath = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  const system = [...libraryPath, ...SYSTEM_LIB_DIRS].find((dir) => fs.existsSync(path.join(dir, LOADER)));
  if (system) {
    const found = path.join(system, LOADER);
    return { path: found, needsPreload: false, note: `Vulkan loader ${found}` };
  }
  const manifests = driverManifests(env);
  for (const manifest of manifests) {
    for (const dir of candidateDirs(manifest, fs, path)) {
      const loader = path.join(dir, LOADER);
      if (fs.existsSync(loader)) {
        return { path: loader, needsPreload: true, note: `Vulkan loader ${loader} (beside the driver ${manifest})` };
      }
    }
  }
  const where = manifests.length
    ? `in the system library folders or beside ${manifests.join(', ')}`
    : 'in the system library folders, and VK_ICD_FILENAMES names no driver to look beside';
  return {
    path: null,
    note:
      `no Vulkan loader (${LOADER}) ${where}; install libvulkan1 plus a driver, or set ` +
      'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json where Chromium is installed',
  };
}

let preloaded: string | null = null;

/**
 * Makes a Vulkan loader loadable for Dawn, preloading one from beside a named driver when the
 * system has none. Only meaningful on Linux; other platforms report ok (Dawn uses Metal or
 * D3D12 there).
 */
export async function ensureVulkanLoader(): Promise<LoaderStatus> {
  if (process.platform !== 'linux') return { ok: true, note: `${process.platform} needs no Vulkan loader` };
  if (preloaded) return { ok: true, note: preloaded };
  const fs = await nodeBuiltin<typeof import('node:fs')>('node:fs');
  const path = await nodeBuiltin<typeof import('node:path')>('node:path');
  const found = findVulkanLoader({ fs, path, env: process.env });
  if (found.path === null) return { ok: false, note: found.note };
  if (found.needsPreload) {
    try {
      process.dlopen({ exports: {} }, found.path, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
    } catch {
      // Expected: the loader is not a Node addon ("did not self-register"), but with
      // RTLD_NODELETE it stays loaded, which is all that is needed.
    }
    preloaded = found.note;
  }
  return { ok: true, note: found.note };
}

/** The manifest's folder, and the folder of the driver library it names. */
function candidateDirs(manifest: string, fs: LoaderSearchDeps['fs'], path: LoaderSearchDeps['path']): string[] {
  const dirs = [path.dirname(manifest)];
  try {
    const library = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: string } }).ICD
      ?.library_path;
    if (library) dirs.push(path.dirname(path.resolve(path.dirname(manifest), library)));
  } catch {
    // An unreadable manifest: Dawn will say more when it tries the driver.
  }
  return [...new Set(dirs)];
}
