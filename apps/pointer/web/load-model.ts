/**
 * A pointer-network checkpoint fetched by URL: `config.json` (format `seq2seq-pointer/1`, as
 * apps/pointer/src/checkpoint.ts writes it) and `model.safetensors`, whose bytes go to
 * `loadModuleWeights` of `@seq2seq/core` (the browser form of the command line's `loadNetwork`).
 * `optimizer.safetensors`, Adam's moments for resuming training, is never downloaded.
 */
import { loadModuleWeights, WeightsError } from '@seq2seq/core';
import { PointerNetwork, type PointerNetworkConfig, type PointerTask } from '@seq2seq/seq2seq';
import type { ModelInfo } from './protocol';

/** The part of config.json the page reads. */
interface PointerConfigJson {
  format: string;
  task: PointerTask;
  n: number | [number, number];
  network: PointerNetworkConfig;
  trainSeconds?: number;
  optimizerStep?: number;
  trainer?: { step?: number };
  history?: Array<Record<string, number>>;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new WeightsError(`could not fetch ${url}: HTTP ${response.status}`);
  return response;
}

/**
 * Builds the network of the checkpoint at `baseUrl` (a folder URL) and loads its weights.
 * @param onStage called before the download and before the build, for progress reports.
 */
export async function fetchPointerModel(baseUrl: string, onStage: (stage: 'fetch' | 'build') => void = () => {}): Promise<{ net: PointerNetwork; info: Omit<ModelInfo, 'model'> }> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  onStage('fetch');
  const config = (await (await fetchOk(`${base}config.json`)).json()) as PointerConfigJson;
  if (config.format !== 'seq2seq-pointer/1') throw new WeightsError(`${base}config.json is not a seq2seq-pointer checkpoint (format ${JSON.stringify(config.format)})`);
  const bytes = await (await fetchOk(`${base}model.safetensors`)).arrayBuffer();
  onStage('build');
  const net = new PointerNetwork(config.network);
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
      task: config.task,
      n: config.n,
      encoder: c.encoder,
      hiddenSize: c.hiddenSize,
      embeddingDim: c.embeddingSize,
      glimpses: c.numGlimpses,
      parameters: net.countParameters(),
      steps: config.trainer?.step ?? config.optimizerStep ?? null,
      trainSeconds: config.trainSeconds ?? null,
      lastCheck: config.history?.at(-1) ?? null,
    },
  };
}
