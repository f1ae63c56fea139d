import type { AdapterSummary } from '../runtime';
import type { GpuAdapterLike, GpuLike } from './gpu-types';

/** A WebGPU adapter and what it says about itself. */
export interface FoundAdapter {
  adapter: GpuAdapterLike;
  summary: AdapterSummary;
}

/**
 * Asks `gpu` for the adapter tfjs-backend-webgpu will use (high-performance, its default).
 *
 * @returns the adapter and its summary, or null when the browser (or Dawn) has none.
 */
export async function findAdapter(gpu: GpuLike): Promise<FoundAdapter | null> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null || adapter === undefined) return null;
  let info: GpuAdapterInfoLike = adapter.info ?? {};
  if (adapter.info === undefined && typeof adapter.requestAdapterInfo === 'function') {
    info = await adapter.requestAdapterInfo().catch(() => ({}));
  }
  return {
    adapter,
    summary: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    },
  };
}

/** `'google swiftshader (SwiftShader driver 5.0.0, fallback)'`: an adapter in one phrase. */
export function adapterName(summary: AdapterSummary): string {
  const name = [summary.vendor, summary.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  const extra = [summary.description || summary.device, summary.isFallbackAdapter ? 'fallback' : '']
    .filter(Boolean)
    .join(', ');
  return extra ? `${name} (${extra})` : name;
}

type GpuAdapterInfoLike = NonNullable<GpuAdapterLike['info']>;
