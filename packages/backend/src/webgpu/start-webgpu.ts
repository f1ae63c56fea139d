import * as tf from '@tensorflow/tfjs-core';
import { isNode } from '../platform';
import { activate, type StartOutcome } from '../start-outcome';
import { adapterName, findAdapter } from './adapter';
import { gpuReadsWork } from './gpu-reads-work';
import { navigatorGpu, type GpuLike } from './gpu-types';
import { installNodeGpu } from './node-gpu';
import { isSoftwareAdapter } from './software-adapter';

/** How {@link startWebGpu} treats the adapter it finds. */
export interface StartWebGpuOptions {
  /**
   * True: an adapter that emulates a GPU on the CPU is not started; the outcome asks to be retried
   * after WASM. False: it is started like any other (the caller insists, or WASM is not an option).
   */
  softwareRanksBelowWasm: boolean;
}

/**
 * Starts the WebGPU backend when an adapter exists: the browser's `navigator.gpu`, or Dawn in
 * Node (see `installNodeGpu`). tfjs-backend-webgpu registers itself only if `navigator.gpu`
 * exists when it is first imported, so it is imported only after that is settled. Once active,
 * one small product is read back ({@link gpuReadsWork}); an adapter that reads back wrong numbers
 * is skipped like one that does not start. A software adapter (SwiftShader: 50-100x slower than
 * WASM, measured in headless Chromium) defers to WASM when `softwareRanksBelowWasm`.
 */
export async function startWebGpu(
  options: StartWebGpuOptions = { softwareRanksBelowWasm: false },
): Promise<StartOutcome> {
  let gpu: GpuLike | undefined = navigatorGpu();
  let via = 'navigator.gpu';
  if (isNode()) {
    const node = await installNodeGpu();
    if (!node.gpu) return { ok: false, reason: node.note, found: { webgpu: false, adapter: null } };
    gpu = node.gpu;
    via = node.note;
  }
  if (!gpu) {
    return {
      ok: false,
      reason: 'navigator.gpu is undefined (this browser has no WebGPU, or the page is not a secure context)',
      found: { webgpu: false, adapter: null },
    };
  }

  const found = await findAdapter(gpu).catch(() => null);
  if (!found) {
    const hint = isNode() ? ' (no usable Vulkan driver? set VK_ICD_FILENAMES)' : '';
    return {
      ok: false,
      reason: `navigator.gpu.requestAdapter() returned no adapter${hint}`,
      found: { webgpu: false, adapter: null },
    };
  }
  const adapterFound = { webgpu: true, adapter: found.summary };
  const software = isSoftwareAdapter(found.summary);
  if (software && options.softwareRanksBelowWasm) {
    return {
      ok: false,
      reason:
        `the adapter ${adapterName(found.summary)} emulates a GPU on the CPU, where WASM is usually ` +
        `much faster (SwiftShader measured 50-100x slower); pass softwareWebGpu: 'as-listed' to keep it first`,
      found: adapterFound,
      retryAfter: 'wasm',
    };
  }

  await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu') === null) {
    return {
      ok: false,
      reason:
        '@tensorflow/tfjs-backend-webgpu did not register: it was imported before navigator.gpu existed',
      found: adapterFound,
    };
  }
  const failed = await activate('webgpu');
  if (failed) return { ok: false, reason: failed, found: adapterFound };
  const detail = `adapter ${adapterName(found.summary)} via ${via}${software ? '; a software adapter (GPU emulated on the CPU)' : ''}`;
  if (!(await gpuReadsWork())) {
    return { ok: false, reason: `it started (${detail}), but reads from the GPU (a product read back with data()) return wrong values in this environment`, found: adapterFound };
  }
  return { ok: true, detail, found: adapterFound };
}
