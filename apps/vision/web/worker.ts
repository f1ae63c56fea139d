/**
 * The model's Web Worker: TensorFlow.js, the checkpoint and every reading live here, off the
 * page's thread, so drawing never waits for the model.
 */
import { createRuntime, formatRuntimeReport } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { fashionPools, makeScene } from '@seq2seq/datasets/images';
import { fetchCheckpoint, imageToSequenceFromCheckpoint, readImages, shiftGrid, type ImageToSequence, type ImageToSequenceConfig, type ImageToSequenceData, type SymbolVocabulary } from '@seq2seq/seq2seq';
import type { ModelInfo, WorkerEvent, WorkerRequest } from './protocol';

const scope = self as unknown as { postMessage(event: WorkerEvent): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
const post = (event: WorkerEvent): void => scope.postMessage(event);

let loaded: Promise<Loaded> | undefined;

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<Loaded> {
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

type Loaded = { model: ImageToSequence; vocabulary: SymbolVocabulary };

/** The loaded model, or undefined when loading failed (already reported by `load`). */
async function loadedModel(request: WorkerRequest['type']): Promise<Loaded | undefined> {
  try {
    if (!loaded) throw new Error(`no model: the page must send "load" before "${request}"`);
    return await loaded;
  } catch {
    return undefined;
  }
}

/** Digits are read as the CLI reads them: also shifted by up to a pixel each way (9 views, one ensemble). */
const DIGIT_SHIFTS = shiftGrid(1);

/** Reads one image (pixels in 0..1 at the model's size): the text, its symbols and attention. */
function readOne({ model, vocabulary }: Loaded, pixels: Float32Array, beamWidth: number, maxLength: number, shifts = shiftGrid(0)) {
  const { width, height } = model.config;
  const [r] = readImages(model, vocabulary, { pixels, shape: { batch: 1, height, width, channels: 1 } }, { beamWidth, maxLength, shifts });
  return { text: r!.text, symbols: r!.tokens.map((t) => vocabulary.tokens[t] ?? '?'), attention: r!.attention, grid: r!.grid };
}

async function read(request: Extract<WorkerRequest, { type: 'read' }>): Promise<void> {
  const ready = await loadedModel('read');
  if (!ready) return;
  try {
    const started = performance.now();
    post({ status: 'result', id: request.id, ...readOne(ready, request.pixels, request.beamWidth, 8, DIGIT_SHIFTS), ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'read', message: (error as Error).message });
  }
}

/** A scene from the item test pool (as `eval` draws its test scenes), captioned. */
async function scene(request: Extract<WorkerRequest, { type: 'scene' }>): Promise<void> {
  const ready = await loadedModel('scene');
  if (!ready) return;
  try {
    const started = performance.now();
    const { width, height } = ready.model.config;
    const s = makeScene(fashionPools().test, new Rng(request.seed), { split: request.heldOut ? 'held-out' : 'train' });
    if (s.image.width !== width || s.image.height !== height) throw new Error(`the model reads ${width}x${height} images, a scene is ${s.image.width}x${s.image.height}: is it a caption model?`);
    const pixels = Float32Array.from(s.image.pixels, (v) => v / 255);
    const reading = readOne(ready, pixels, request.beamWidth, 24);
    post({ status: 'scene', id: request.id, image: s.image.pixels, width, height, reference: s.caption, heldOut: request.heldOut, ...reading, ms: performance.now() - started });
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
