import type { AdapterSummary } from '../runtime';

/** Names that adapters emulating a GPU on the CPU report in `GPUAdapter.info`. */
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render|software/i;

/**
 * Whether a WebGPU adapter runs on the CPU: the browser marks it `isFallbackAdapter`, or its
 * vendor, architecture, device or description names a software rasteriser (headless Chromium's
 * SwiftShader reports `google` / `swiftshader` without the fallback flag).
 */
export function isSoftwareAdapter(summary: AdapterSummary): boolean {
  if (summary.isFallbackAdapter) return true;
  return [summary.vendor, summary.architecture, summary.device, summary.description].some((text) =>
    SOFTWARE_NAMES.test(text),
  );
}
