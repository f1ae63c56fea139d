/**
 * The model's Web Worker: TensorFlow.js, the checkpoint and every translation live here, off the
 * page's thread, so typing and drawing never wait for the model. The page sends one `load`, then
 * any number of `translate` requests; each step is reported back as a {@link WorkerEvent}.
 */
import { createRuntime, formatRuntimeReport, type Runtime } from '@seq2seq/backend';
import { fetchCheckpoint, Translator, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';
import type { ModelInfo, WorkerEvent, WorkerRequest } from './protocol';

/** The worker's side of `postMessage` (typed here so this file compiles with the DOM library). */
const scope = self as unknown as {
  postMessage(event: WorkerEvent): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

const post = (event: WorkerEvent): void => scope.postMessage(event);

/** Settles once the runtime and the model are loaded; rejects when either fails. */
let loaded: Promise<Translator> | undefined;

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<Translator> {
  let started = performance.now();
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ prefer: request.prefer, wasmPaths: request.wasmPaths });
  } catch (error) {
    post({ status: 'error', stage: 'runtime', ...describe(error) });
    throw error;
  }
  post({ status: 'runtime', runtime, report: formatRuntimeReport(runtime), ms: performance.now() - started });

  started = performance.now();
  try {
    post({ status: 'loading', stage: 'fetch', url: request.modelUrl });
    // Progress at most every 1% (a 17 MB model arrives in thousands of chunks).
    let reported = -1;
    const checkpoint = await fetchCheckpoint<Seq2SeqConfig, TranslationData>(request.modelUrl, {
      kind: 'seq2seq',
      onProgress: (loaded, total) => {
        const step = total ? Math.floor((100 * loaded) / total) : Math.floor(loaded / 1e6);
        if (step === reported) return;
        reported = step;
        post({ status: 'loading', stage: 'fetch', url: request.modelUrl, loaded, total });
      },
    });
    let parameters = 0;
    for (const tensor of checkpoint.weights.values()) parameters += tensor.size;
    post({ status: 'loading', stage: 'build', url: request.modelUrl });
    const translator = Translator.fromCheckpoint(checkpoint);
    // One short sentence compiles the kernels (WebGPU shaders, WASM warm-up) before the user waits.
    await translator.translateAsync(['a'], { method: 'greedy', maxLength: 2 });
    const { manifest } = checkpoint;
    const model: ModelInfo = {
      url: request.modelUrl,
      step: manifest.step,
      parameters,
      tokenizer: manifest.data.sourceTokenizer.type,
      maxSourceLength: manifest.data.maxSourceLength,
      sourceVocabSize: translator.sourceVocab.size,
      targetVocabSize: translator.targetVocab.size,
      attribution: manifest.attribution,
      metrics: manifest.metrics ?? {},
    };
    post({ status: 'ready', model, ms: performance.now() - started });
    return translator;
  } catch (error) {
    post({ status: 'error', stage: 'model', ...describe(error) });
    throw error;
  }
}


async function translate(request: Extract<WorkerRequest, { type: 'translate' }>): Promise<void> {
  let translator: Translator;
  try {
    if (!loaded) throw new Error('no model: the page must send "load" before "translate"');
    translator = await loaded;
  } catch {
    return; // The load error was reported already.
  }
  try {
    const started = performance.now();
    const beamWidth = Math.max(1, Math.floor(request.beamWidth));
    const [t] = await translator.translateAsync([request.text], { method: beamWidth > 1 ? 'beam' : 'greedy', beamWidth });
    const ms = performance.now() - started;
    const unknown = [...new Set(t!.sourceTokens.filter((token) => !translator.sourceVocab.has(token)))];
    post({
      status: 'result',
      id: request.id,
      beamWidth,
      ms,
      translation: {
        source: t!.source,
        sourceTokens: t!.sourceTokens,
        tokens: t!.tokens,
        text: t!.text,
        logProb: t!.logProb,
        attention: t!.attention,
        truncated: t!.truncated,
        unknown,
      },
    });
  } catch (error) {
    post({ status: 'error', stage: 'translate', id: request.id, ...describe(error) });
  }
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'load') {
    loaded ??= load(request);
    loaded.catch(() => {}); // Reported as an 'error' event; translate requests then do nothing.
  } else if (request.type === 'translate') {
    void translate(request);
  }
};
