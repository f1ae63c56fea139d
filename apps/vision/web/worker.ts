/**
 * The model's Web Worker: TensorFlow.js, the checkpoint and every reading live here, off the
 * page's thread, so drawing never waits for the model.
 */
import { createRuntime, formatRuntimeReport } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { fashionPools, makeScene } from '@seq2seq/datasets/images';
import { fetchCheckpoint, imageToSequenceFromCheckpoint, readImages, type ImageToSequence, type ImageToSequenceConfig, type ImageToSequenceData, type SymbolVocabulary } from '@seq2seq/seq2seq';
import type { ModelInfo, WorkerEvent, WorkerRequest } from './protocol';

const scope = self as unknown as { postMessage(event: WorkerEvent): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
const post = (event: WorkerEvent): void => scope.postMessage(event);

let loaded: Promise<{ model: ImageToSequence; vocabulary: SymbolVocabulary }> | undefined;

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<{ model: ImageToSequence; vocabulary: SymbolVocabulary }> {
  try {
    const runtime = await createRuntime({ prefer: request.prefer, wasmPaths: request.wasmPaths });
    post({ status: 'runtime', runtime, report: formatRuntimeReport(runtime) });
  } catch (error) {
    post({ status: 'error', stage: 'runtime', message: (error as Error).message });
    throw error;
  }
  try {
    const started = performance.now();
    const checkpoint = await fetchCheckpoint<ImageToSequenceConfig, ImageToSequenceData>(request.modelUrl, { kind: 'image-to-sequence' });
    const { manifest } = checkpoint;
    const { model, vocabulary } = imageToSequenceFromCheckpoint(checkpoint, request.modelUrl);
    const { width, height } = model.config;
    // One blank image compiles the kernels before the user waits.
    readImages(model, vocabulary, { pixels: new Float32Array(width * height), shape: { batch: 1, height, width, channels: 1 } }, { maxLength: 2 });
    const info: ModelInfo = { step: manifest.step, parameters: model.countParameters(), width, height, grid: model.grid, metrics: manifest.metrics ?? {}, attribution: manifest.attribution };
    post({ status: 'ready', model: info, ms: performance.now() - started });
    return { model, vocabulary };
  } catch (error) {
    post({ status: 'error', stage: 'model', message: (error as Error).message });
    throw error;
  }
}

async function read(request: Extract<WorkerRequest, { type: 'read' }>): Promise<void> {
  let ready: { model: ImageToSequence; vocabulary: SymbolVocabulary };
  try {
    if (!loaded) throw new Error('no model: the page must send "load" before "read"');
    ready = await loaded;
  } catch {
    return; // reported by load
  }
  try {
    const started = performance.now();
    const { model, vocabulary } = ready;
    const { width, height } = model.config;
    const [r] = readImages(model, vocabulary, { pixels: request.pixels, shape: { batch: 1, height, width, channels: 1 } }, { beamWidth: request.beamWidth, maxLength: 8 });
    const symbols = r!.tokens.map((t) => vocabulary.tokens[t] ?? '?');
    post({ status: 'result', id: request.id, text: r!.text, symbols, attention: r!.attention, grid: r!.grid, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'read', message: (error as Error).message });
  }
}

/** A scene from the item test pool (as `eval` draws its test scenes), captioned. */
async function scene(request: Extract<WorkerRequest, { type: 'scene' }>): Promise<void> {
  let ready: { model: ImageToSequence; vocabulary: SymbolVocabulary };
  try {
    if (!loaded) throw new Error('no model: the page must send "load" before "scene"');
    ready = await loaded;
  } catch {
    return; // reported by load
  }
  try {
    const started = performance.now();
    const { model, vocabulary } = ready;
    const { width, height } = model.config;
    const s = makeScene(fashionPools().test, new Rng(request.seed), { split: request.heldOut ? 'held-out' : 'train' });
    if (s.image.width !== width || s.image.height !== height) throw new Error(`the model reads ${width}x${height} images, a scene is ${s.image.width}x${s.image.height}: is it a caption model?`);
    const pixels = Float32Array.from(s.image.pixels, (v) => v / 255);
    const [r] = readImages(model, vocabulary, { pixels, shape: { batch: 1, height, width, channels: 1 } }, { beamWidth: request.beamWidth, maxLength: 24 });
    const symbols = r!.tokens.map((t) => vocabulary.tokens[t] ?? '?');
    post({ status: 'scene', id: request.id, image: s.image.pixels, width, height, reference: s.caption, heldOut: request.heldOut, text: r!.text, symbols, attention: r!.attention, grid: r!.grid, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'scene', message: (error as Error).message });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'load') {
    loaded = load(request);
    loaded.catch(() => undefined);
  } else if (request.type === 'scene') void scene(request);
  else void read(request);
};
