/**
 * A pointer-network checkpoint fetched by URL: its manifest (`checkpoint.json`, the library's
 * format that `train` writes, or the earlier `config.json` of the shipped models, migrated by
 * src/manifest.ts as on the command line) and `model.safetensors`, whose bytes go to
 * `loadModuleWeights` of `@seq2seq/core` (the browser form of the command line's `loadNetwork`).
 * `optimizer.safetensors`, Adam's moments for resuming training, is never downloaded.
 */
import { loadModuleWeights, WeightsError } from '@seq2seq/core';
import { PointerNetwork } from '@seq2seq/seq2seq';
import { MANIFEST_FILES, pointerManifestFrom, type PointerManifest } from '../src/manifest';
import type { ModelInfo } from './protocol';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new WeightsError(`could not fetch ${url}: HTTP ${response.status}`);
  return response;
}

/** A response's bytes, reporting `(loaded, total)` as chunks arrive (`total` null without Content-Length). */
async function readWithProgress(response: Response, onProgress: (loaded: number, total: number | null) => void): Promise<Uint8Array> {
  const header = Number(response.headers.get('content-length'));
  const total = header > 0 ? header : null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    loaded += read.value.length;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.length), 0);
  return bytes;
}

/**
 * Builds the network of the checkpoint at `baseUrl` (a folder URL) and loads its weights.
 * @param onStage called before the download and before the build, for progress reports.
 * @param onProgress called as model.safetensors arrives.
 */
export async function fetchPointerModel(
  baseUrl: string,
  onStage: (stage: 'fetch' | 'build') => void = () => {},
  onProgress: (loaded: number, total: number | null) => void = () => {},
): Promise<{ net: PointerNetwork; info: Omit<ModelInfo, 'model'> }> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  onStage('fetch');
  const manifest = await fetchManifest(base);
  const bytes = (await readWithProgress(await fetchOk(`${base}model.safetensors`), onProgress)).buffer as ArrayBuffer;
  onStage('build');
  const net = new PointerNetwork(manifest.config);
  try {
    await loadModuleWeights(net, bytes);
  } catch (error) {
    net.dispose();
    throw error;
  }
  const c = net.config;
  return {
    net,
    info: {
      url: base,
      task: manifest.data.task,
      n: manifest.data.n,
      encoder: c.encoder,
      hiddenSize: c.hiddenSize,
      embeddingDim: c.embeddingSize,
      glimpses: c.numGlimpses,
      parameters: net.countParameters(),
      steps: manifest.step,
      trainSeconds: manifest.training?.elapsedSeconds ?? null,
      lastCheck: (manifest.training?.history?.at(-1) as Record<string, number> | undefined) ?? null,
    },
  };
}

/** The first manifest file the folder has (see MANIFEST_FILES), read into a pointer manifest. */
async function fetchManifest(base: string): Promise<PointerManifest> {
  for (const name of MANIFEST_FILES) {
    const response = await fetch(`${base}${name}`);
    if (response.status === 404) continue;
    if (!response.ok) throw new WeightsError(`could not fetch ${base}${name}: HTTP ${response.status}`);
    return pointerManifestFrom(await response.json(), `${base}${name}`);
  }
  throw new WeightsError(`${base} has no checkpoint: expected ${MANIFEST_FILES.join(' or ')} beside model.safetensors`);
}

