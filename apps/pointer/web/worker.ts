/**
 * The model's Web Worker: TensorFlow.js, the checkpoint and every search live here, off the page's
 * thread, so clicking and drawing never wait for the model. The page sends `load` (again whenever
 * the task or model changes), then any number of `solve` requests; each step is reported back as
 * a {@link WorkerEvent}. Requests run one at a time, in order, so a model is never replaced while
 * a search still reads it.
 */
import { createRuntime, formatRuntimeReport, type Runtime } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { solvePointSetsAsync, type PointerNetwork } from '@seq2seq/seq2seq';
import { fetchPointerModel } from './load-model';
import { pointingSteps } from './pointing-steps';
import type { WorkerEvent, WorkerRequest } from './protocol';

/** The worker's side of `postMessage` (typed here so this file compiles with the DOM library). */
const scope = self as unknown as {
  postMessage(event: WorkerEvent): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

const post = (event: WorkerEvent): void => scope.postMessage(event);

/** Started by the first `load`; a failure is reported once and every later request gives up. */
let runtime: Promise<Runtime> | undefined;
/** The loaded model, or null before the first load and after a failed one. */
let current: { model: string; net: PointerNetwork } | null = null;
/** The tail of the request queue. */
let queue: Promise<void> = Promise.resolve();

/** A small instance every model can answer: compiles the kernels before the user waits. */
const WARM_UP: Array<[number, number]> = [[0.1, 0.1], [0.9, 0.2], [0.5, 0.9], [0.4, 0.4]];

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

async function ensureRuntime(request: Extract<WorkerRequest, { type: 'load' }>): Promise<Runtime> {
  runtime ??= (async () => {
    const started = performance.now();
    try {
      const rt = await createRuntime({ prefer: request.prefer, wasmPaths: request.wasmPaths });
      post({ status: 'runtime', runtime: rt, report: formatRuntimeReport(rt), ms: performance.now() - started });
      return rt;
    } catch (error) {
      post({ status: 'error', stage: 'runtime', ...describe(error) });
      throw error;
    }
  })();
  return runtime;
}

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  try {
    await ensureRuntime(request);
  } catch {
    return; // Reported once, by ensureRuntime.
  }
  current?.net.dispose();
  current = null;
  const started = performance.now();
  try {
    const { net, info } = await fetchPointerModel(
      request.modelUrl,
      (stage) => post({ status: 'loading', stage, model: request.model }),
      (loaded, total) => post({ status: 'loading', stage: 'fetch', model: request.model, loaded, total }),
    );
    await solvePointSetsAsync(net, [WARM_UP]);
    current = { model: request.model, net };
    post({ status: 'ready', info: { model: request.model, ...info }, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'model', model: request.model, ...describe(error) });
  }
}

async function solve(request: Extract<WorkerRequest, { type: 'solve' }>): Promise<void> {
  try {
    if (!current || current.model !== request.model) {
      throw new Error(`the model ${request.model} is not loaded${current ? ` (${current.model} is)` : ''}: the page must send "load" first`);
    }
    const started = performance.now();
    // Asynchronous reads: WebGPU blocks on synchronous ones (and SwiftShader returns zeros).
    const { method, beamWidth, samples, twoOpt, symmetries } = request.decoding;
    // Hull answers (distinct vertices, variable length) run counter-clockwise: mirrored views reverse them.
    const { variableLength, noRepeat } = current.net.config.rules;
    const options = { method, beamWidth, samples, twoOpt, symmetries: symmetries ? 8 : 1, mirroredOutput: variableLength && noRepeat ? 'reverse' : 'keep' } as const;
    const [output = []] = await solvePointSetsAsync(current.net, [request.points], { ...options, rng: new Rng(0) });
    const ms = performance.now() - started;
    const steps = await pointingSteps(current.net, request.points, output);
    post({ status: 'result', id: request.id, model: request.model, output, steps, ms });
  } catch (error) {
    post({ status: 'error', stage: 'solve', id: request.id, model: request.model, ...describe(error) });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  const run = request.type === 'load' ? () => load(request) : () => solve(request);
  queue = queue.then(run, run);
};
