import { describe, expect, it } from 'vitest';
import { driverManifests, findVulkanLoader } from './vulkan-loader';

describe('driverManifests', () => {
  it('reads VK_ICD_FILENAMES, colon-separated', () => {
    expect(driverManifests({ VK_ICD_FILENAMES: '/a/icd.json::/b/icd.json' })).toEqual(['/a/icd.json', '/b/icd.json']);
  });

  it('prefers the newer VK_DRIVER_FILES', () => {
    expect(driverManifests({ VK_DRIVER_FILES: '/new.json', VK_ICD_FILENAMES: '/old.json' })).toEqual(['/new.json']);
  });

  it('is empty when neither is set', () => {
    expect(driverManifests({})).toEqual([]);
  });
});

describe('findVulkanLoader', () => {
  const path = { join: (...p: string[]) => p.join('/'), dirname: (p: string) => p.slice(0, p.lastIndexOf('/')), resolve: (_: string, p: string) => p };
  const fsWith = (files: Record<string, string>) => ({
    existsSync: (p: unknown) => String(p) in files,
    readFileSync: ((p: unknown) => {
      if (!(String(p) in files)) throw new Error('ENOENT');
      return files[String(p)];
    }) as never,
  });

  it('prefers a system-wide loader', () => {
    const found = findVulkanLoader({ fs: fsWith({ '/usr/lib/x86_64-linux-gnu/libvulkan.so.1': '' }), path, env: {} });
    expect(found).toMatchObject({ path: '/usr/lib/x86_64-linux-gnu/libvulkan.so.1', needsPreload: false });
  });

  it('finds the loader Chromium ships beside its SwiftShader driver', () => {
    const fs = fsWith({
      '/usr/lib/chromium/vk_swiftshader_icd.json': '{"ICD":{"library_path":"./libvk_swiftshader.so"}}',
      '/usr/lib/chromium/libvulkan.so.1': '',
    });
    const found = findVulkanLoader({ fs, path, env: { VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json' } });
    expect(found).toMatchObject({ path: '/usr/lib/chromium/libvulkan.so.1', needsPreload: true });
  });

  it('says where it looked when there is none', () => {
    const found = findVulkanLoader({ fs: fsWith({}), path, env: { VK_ICD_FILENAMES: '/x/icd.json' } });
    expect(found.path).toBeNull();
    expect(found.note).toMatch(/no Vulkan loader \(libvulkan\.so\.1\) in the system library folders or beside \/x\/icd\.json/);
  });
});
