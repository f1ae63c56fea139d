import * as tf from '@tensorflow/tfjs-core';
import { isNode } from '../platform';
import { activate, type StartOutcome } from '../start-outcome';
import { adapterName, findAdapter } from './adapter';
import { navigatorGpu, type GpuLike } from './gpu-types';
import { installNodeGpu } from './node-gpu';

/**
 * Starts the WebGPU backend when an adapter exists: the browser's `navigator.gpu`, or Dawn in
 * Node (see `installNodeGpu`). tfjs-backend-webgpu registers itself only if `navigator.gpu`
 * exists when it is first imported, so it is imported only after that is settled.
 */
export async function startWebGpu(): Promise<StartOutcome> {
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
  return { ok: true, detail: `adapter ${adapterName(found.summary)} via ${via}`, found: adapterFound };
}
