import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { navigatorGpu } from '../webgpu/gpu-types';
import { findVulkanLoader } from '../webgpu/vulkan-loader';

/**
 * A quick, synchronous guess whether WebGPU can start, so that test files on machines without
 * any GPU stack register no WebGPU suites at all: true where `navigator.gpu` exists, or in Node
 * where Dawn could load Vulkan (Linux) or the native API (macOS, Windows). The real check,
 * asking for an adapter, happens when the suite is collected.
 */
export function webgpuMayStart(): boolean {
  if (navigatorGpu()) return true;
  if (typeof process === 'undefined' || process.platform !== 'linux') return typeof process !== 'undefined';
  const found = findVulkanLoader({ fs: { existsSync, readFileSync }, path: { join, dirname, resolve }, env: process.env });
  return found.path !== null;
}
