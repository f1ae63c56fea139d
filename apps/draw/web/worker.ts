/**
 * The models' Web Worker: TensorFlow.js, the checkpoints, sampling, scoring and the texture's
 * training live here, off the page's thread, so the page stays responsive while a model draws
 * or learns. Every model goes through the app's registry (src/models), as in the command.
 */
import { createRuntime, formatRuntimeReport } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { CausalNeighbourhood, Trainer, causalNeighbourhoodTask, fetchCheckpoint } from '@seq2seq/seq2seq';
import { kindOf, type DrawModel } from '../src/models/index';
import type { ModelInfo, WorkerEvent, WorkerRequest } from './protocol';

const scope = self as unknown as { postMessage(event: WorkerEvent, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
const post = (event: WorkerEvent, transfer: Transferable[] = []): void => scope.postMessage(event, transfer);

const models = new Map<string, DrawModel>();
let loaded: Promise<void> | undefined;

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  try {
    const runtime = await createRuntime({ prefer: request.prefer, wasmPaths: request.wasmPaths });
    post({ status: 'runtime', runtime, report: formatRuntimeReport(runtime) });
  } catch (error) {
    post({ status: 'error', stage: 'runtime', message: (error as Error).message });
    throw error;
  }
  const started = performance.now();
  const infos: ModelInfo[] = [];
  const failed: Array<{ name: string; message: string }> = [];
  for (const source of request.models) {
    try {
      const checkpoint = await fetchCheckpoint<unknown, unknown>(source.url);
      const kind = kindOf(checkpoint.manifest.kind);
      if (!kind) throw new Error(`${source.url} holds a '${checkpoint.manifest.kind}' model, which this page does not know`);
      const model = kind.fromCheckpoint(checkpoint, source.url);
      models.set(source.name, model);
      const { manifest } = checkpoint;
      infos.push({ name: source.name, kind: model.kind, width: model.width, height: model.height, sampleSteps: model.sampleSteps, step: manifest.step, metrics: manifest.metrics ?? {}, attribution: manifest.attribution });
    } catch (error) {
      failed.push({ name: source.name, message: (error as Error).message });
    }
  }
  if (infos.length === 0) {
    post({ status: 'error', stage: 'model', message: failed.map((f) => `${f.name}: ${f.message}`).join('; ') || 'no model to load' });
    throw new Error('no model');
  }
  post({ status: 'ready', models: infos, failed, ms: performance.now() - started });
}

async function ready(name: string): Promise<DrawModel | undefined> {
  try {
    if (!loaded) throw new Error('no model: the page must send "load" first');
    await loaded;
  } catch {
    return undefined; // reported by load
  }
  return models.get(name);
}

async function sample(request: Extract<WorkerRequest, { type: 'sample' }>): Promise<void> {
  const model = await ready(request.model);
  if (!model) return post({ status: 'error', stage: 'sample', id: request.id, message: `no model '${request.model}'` });
  try {
    if (!model.sample) throw new Error(`'${request.model}' is a '${model.kind}' model, which does not sample`);
    const started = performance.now();
    const every = Math.max(1, Math.ceil(model.sampleSteps / request.frames));
    model.sample(request.n, new Rng(request.seed), (s) => {
      if (s.step % every !== 0 && s.step !== s.steps) return;
      post({ status: 'step', id: request.id, model: request.model, step: s.step, steps: s.steps, n: request.n, canvases: s.canvases, ...(s.windows ? { windows: s.windows } : {}) }, [s.canvases.buffer]);
    });
    post({ status: 'sampled', id: request.id, model: request.model, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'sample', id: request.id, message: (error as Error).message });
  }
}

async function paint(request: Extract<WorkerRequest, { type: 'paint' }>): Promise<void> {
  const model = await ready(request.model);
  if (!model) return post({ status: 'error', stage: 'paint', id: request.id, message: `no model '${request.model}'` });
  try {
    if (!model.paint) throw new Error(`'${request.model}' is a '${model.kind}' model, which does not paint`);
    const started = performance.now();
    model.paint(request.pixels, 1, (s) => post({ status: 'step', id: request.id, model: request.model, step: s.step, steps: s.steps, n: 1, canvases: s.canvases, strokes: s.strokes }, [s.canvases.buffer]));
    post({ status: 'sampled', id: request.id, model: request.model, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'paint', id: request.id, message: (error as Error).message });
  }
}

async function score(request: Extract<WorkerRequest, { type: 'score' }>): Promise<void> {
  const model = await ready(request.model);
  if (!model) return post({ status: 'error', stage: 'score', id: request.id, message: `no model '${request.model}'` });
  try {
    if (!model.score) throw new Error(`'${request.model}' is a '${model.kind}' model, which does not score images`);
    const started = performance.now();
    const s = model.score({ count: 1, bits: request.bits });
    post({ status: 'scored', id: request.id, model: request.model, natsPerImage: s.natsPerImage, bound: s.bound, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'score', id: request.id, message: (error as Error).message });
  }
}

async function texture(request: Extract<WorkerRequest, { type: 'texture' }>): Promise<void> {
  try {
    await loaded;
  } catch {
    return;
  }
  const started = performance.now();
  const model = new CausalNeighbourhood({ radius: 3, hiddenSize: 16, seed: request.seed });
  const trainer = new Trainer(causalNeighbourhoodTask(model, { image: request.image, batchSize: 256, batchesPerEpoch: 40, seed: request.seed }), {
    epochs: request.epochs,
    schedule: { kind: 'constant', lr: 0.02 },
    clipNorm: 5,
  });
  let natsPerPixel = Number.NaN;
  try {
    await trainer.fit({
      onEpochEnd: async (e) => {
        natsPerPixel = e.trainLoss;
        post({ status: 'texture-epoch', id: request.id, epoch: e.epoch + 1, epochs: request.epochs, natsPerPixel });
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
    const { growWidth: width, growHeight: height } = request;
    model.grow(width, height, new Rng(request.seed), (row, bits) => {
      if (row % 4 === 3 || row === height - 1) post({ status: 'texture-row', id: request.id, row, width, height, bits: bits.slice() });
    });
    post({ status: 'texture-done', id: request.id, ms: performance.now() - started, natsPerPixel });
  } catch (error) {
    post({ status: 'error', stage: 'texture', id: request.id, message: (error as Error).message });
  } finally {
    trainer.optimizer.dispose();
    model.dispose();
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'load') {
    loaded = load(request);
    loaded.catch(() => undefined);
  } else if (request.type === 'sample') void sample(request);
  else if (request.type === 'score') void score(request);
  else if (request.type === 'paint') void paint(request);
  else void texture(request);
};
