/**
 * The few WebGPU types this package touches, declared here so that neither the package nor its
 * users need `@webgpu/types`.
 */

/** `GPUAdapterInfo`. */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** `GPUAdapter`: `info` in current browsers, `requestAdapterInfo()` in older ones. */
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}

/** `navigator.gpu`. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** `navigator.gpu`, if this global has one. */
export function navigatorGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}
