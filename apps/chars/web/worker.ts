/**
 * The training Web Worker: TensorFlow.js, the model, its training loop and every question the page
 * asks of it (samples, completions, unit activations, connectivity) live here, off the page's
 * thread. Training runs one optimiser step at a time (stateful truncated back-propagation through
 * time, `charLanguageModelTask`, through `Trainer.trainStep`) and yields to the event loop after
 * each, so `pause`, `sample` and the rest are answered between steps.
 *
 * With more than one worker asked for (`workers`), each step's gradient is computed by that many
 * replica Web Workers (replica-worker.ts, started from here) through `WebDataParallel`, each on its
 * block of the batch's rows (`splitTbpttBatch`); this worker sums them, applies Adam to its own
 * model (the one sampled, saved and probed) and the replicas load the new weights next step. A
 * replica that fails stops training with the weights of the last good step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime, formatRuntimeReport } from '@seq2seq/backend';
import { CharVocabulary, type TbpttBatch } from '@seq2seq/datasets';
import { CharLanguageModel, charLanguageModelTask, streamChars, Trainer, type CharLanguageModelTask, type TrainingTask } from '@seq2seq/seq2seq';
import { charLanguageModelReplica, poolTask, splitTbpttBatch, WebDataParallel, type PoolTask } from '@seq2seq/seq2seq/parallel-web';
import { checkpointFiles, restoreCheckpoint } from './checkpoint-files';
import { CURVE_EVERY, EVAL_EVERY, SAMPLE_EVERY, VAL_FRACTION, type CurvePoint, type ModelInfo, type TrainSetup, type WorkerEvent, type WorkerRequest } from './protocol';
import { loadFromStore, saveToStore } from './store';

/** The worker's side of `postMessage` (typed here so this file compiles with the DOM library). */
const scope = self as unknown as {
  postMessage(event: WorkerEvent, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};
const post = (event: WorkerEvent, transfer?: Transferable[]): void => scope.postMessage(event, transfer);

/** Everything about the model being trained. */
interface Session {
  setup: TrainSetup;
  model: CharLanguageModel;
  task: CharLanguageModelTask;
  /** The trainer's task: `task`, with `gradients` from {@link Session.pool} while one runs. */
  trainTask: TrainingTask<TbpttBatch>;
  trainer: Trainer<TbpttBatch>;
  /** The replica workers computing the gradients, when more than one is asked for. */
  pool?: PoolTask<TbpttBatch, WebDataParallel<TbpttBatch>>;
  /** The `parallel` event last posted for this session (to post it again only on a change). */
  shown?: string;
  info: ModelInfo;
  batches: TbpttBatch[];
  /** Next batch of the current epoch. */
  index: number;
  train: CurvePoint[];
  val: CurvePoint[];
  /** Losses since the last curve point. */
  pending: number[];
  elapsedSeconds: number;
}

let ready: Promise<void> | undefined;
let session: Session | undefined;
let running = false;
/** The training loop running now, if any (awaited before its session is disposed). */
let looping: Promise<void> | undefined;
/** Web Workers that compute the gradients (the page's `workers` request); 1: this one. */
let workerCount = 1;
/** The step in flight while replica workers compute its gradients (weights change when it settles). */
let stepping: Promise<unknown> | null = null;
/** A checkpoint being written: training waits for it, so weights and Adam's moments are of one step. */
let snapshotting: Promise<unknown> | null = null;
/** Bumped by every `train` request: a loop of an older one stops at its next step. */
let generation = 0;
/** The sample being streamed: a newer one (or an automatic one) supersedes it. */
let sampleId = 0;
/**
 * Settles when the sample being streamed ends. Training waits for it: interleaved, each
 * training step (~100 ms) would let only one character through.
 */
let sampling: Promise<void> | null = null;

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

function split(text: string): { train: Int32Array; val: Int32Array } {
  const { ids } = new CharVocabulary().encode(text);
  const cut = Math.floor(ids.length * (1 - VAL_FRACTION));
  return { train: ids.subarray(0, cut), val: ids.subarray(cut) };
}

/** Builds a session for `setup`, with a fresh model or the one given (restored from a save). */
function build(setup: TrainSetup, restored?: CharLanguageModel): Session {
  const { train, val } = split(setup.text);
  const model = restored ?? new CharLanguageModel({ cell: setup.cell, hiddenSize: setup.hiddenSize, numLayers: setup.numLayers, dropout: 0, seed: setup.seed });
  // Few dev rows: the validation text is short, and evaluating it often must stay cheap.
  const task = charLanguageModelTask(model, { train, dev: val, batchSize: setup.batchSize, seqLen: setup.seqLen, devBatchSize: 8 });
  // Its own object, so that a pool's `gradients` can be set and removed between steps.
  const trainTask: TrainingTask<TbpttBatch> = {
    model: task.model,
    loss: (batch, training) => task.loss(batch, training),
    tokens: (batch) => batch.batch * batch.time,
    trainBatches: (epoch) => task.trainBatches(epoch),
    devBatches: () => task.devBatches!(),
  };
  const trainer = new Trainer(trainTask, { schedule: { kind: 'constant', lr: setup.lr }, clipNorm: 5, epochs: Number.POSITIVE_INFINITY });
  const batches = task.trainBatches(0) as TbpttBatch[];
  const parameters = model.namedParameters().reduce((n, [, v]) => n + v.size, 0);
  const info: ModelInfo = {
    cell: model.config.cell,
    hiddenSize: model.config.hiddenSize,
    numLayers: model.config.numLayers,
    parameters,
    trainChars: train.length,
    valChars: val.length,
    batchSize: setup.batchSize,
    seqLen: setup.seqLen,
    stepsPerEpoch: batches.length,
    corpus: setup.corpus,
  };
  return { setup, model, task, trainTask, trainer, info, batches, index: 0, train: [], val: [], pending: [], elapsedSeconds: 0 };
}

function dispose(s: Session | undefined): void {
  if (!s) return;
  void dropPool(s);
  s.task.dispose();
  s.trainer.optimizer.dispose();
  s.model.dispose();
}

function progress(s: Session, charsPerSecond = 0): void {
  post({ status: 'progress', step: s.trainer.state.step, epoch: s.trainer.state.epoch, train: s.train, val: s.val, charsPerSecond, running, tensors: tf.memory().numTensors });
}

/** Validation loss of the current weights (nats per character), as a curve point. */
function validate(s: Session): void {
  const loss = s.trainer.evaluate(s.task.devBatches!());
  s.val.push([s.trainer.state.step, loss]);
}

/** Ends the session's replica workers, if any: the trainer computes gradients itself again. */
async function dropPool(s: Session): Promise<void> {
  const pool = s.pool;
  if (!pool) return;
  s.pool = undefined;
  delete s.trainTask.gradients;
  await pool.dispose();
}

/** Starts or ends replica workers so that `workerCount` workers compute the next step's gradients; tells the page. */
async function usePool(s: Session): Promise<void> {
  const want = workerCount;
  if ((s.pool?.pool.workers ?? 1) !== want || s.pool?.pool.failure) await dropPool(s);
  if (want > 1 && !s.pool) {
    const pool = await WebDataParallel.start<TbpttBatch>(s.model, {
      workers: want,
      createWorker: (index) => new Worker(new URL('./replica-worker.js', import.meta.url), { type: 'module', name: `chars-replica-${index}` }),
      replica: charLanguageModelReplica({ model: s.model.config }),
    });
    s.pool = poolTask(s.task, pool, splitTbpttBatch);
    s.trainTask.gradients = s.pool.gradients;
  }
  const shown = { workers: s.pool?.pool.workers ?? 1, sharedMemory: s.pool?.pool.sharedMemory ?? false };
  if (s.shown !== JSON.stringify(shown)) {
    s.shown = JSON.stringify(shown);
    post({ status: 'parallel', ...shown });
  }
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Trains until paused (or a new setup replaces the session). */
async function loop(s: Session, gen: number): Promise<void> {
  let windowStart = performance.now();
  let windowChars = 0;
  let charsPerSecond = 0;
  s.model.train(true);
  while (running && session === s && gen === generation) {
    if (s.index >= s.batches.length) {
      s.trainer.state.epoch += 1;
      s.index = 0;
      s.batches = s.task.trainBatches(s.trainer.state.epoch) as TbpttBatch[];
    }
    if (sampling || snapshotting) {
      await (sampling ?? snapshotting!.catch(() => undefined));
      continue;
    }
    const batch = s.batches[s.index]!;
    const started = performance.now();
    let loss: number;
    try {
      await usePool(s);
      if (!running || session !== s || gen !== generation) break;
      if (s.pool) {
        const step = s.trainer.trainStepAsync(batch);
        stepping = step;
        try {
          loss = (await step).loss;
        } finally {
          stepping = null;
        }
      } else {
        loss = s.trainer.trainStep(batch).loss;
      }
    } catch (error) {
      running = false;
      const { name, message } = describe(error);
      const parallel = s.pool !== undefined || workerCount > 1;
      await dropPool(s);
      post({
        status: 'error',
        stage: 'train',
        name,
        message: parallel ? `training on ${workerCount} workers stopped, keeping the weights of step ${s.trainer.state.step}: ${message}` : message,
      });
      break;
    }
    s.elapsedSeconds += (performance.now() - started) / 1000;
    s.index += 1;
    s.trainer.state.batchInEpoch = s.index;
    windowChars += batch.batch * batch.time;
    s.pending.push(loss);
    const step = s.trainer.state.step;
    if (s.pending.length >= CURVE_EVERY) {
      s.train.push([step, s.pending.reduce((a, b) => a + b, 0) / s.pending.length]);
      s.pending = [];
      const now = performance.now();
      charsPerSecond = (1000 * windowChars) / Math.max(1, now - windowStart);
      windowStart = now;
      windowChars = 0;
      if (step % EVAL_EVERY === 0 || s.val.length === 0) validate(s);
      progress(s, charsPerSecond);
    }
    if (step % SAMPLE_EVERY === 0) void sample({ id: ++sampleId, prime: '\n', length: 200, temperature: 0.8, seed: step }, true);
    await nextTick();
  }
  s.model.train(false);
  if (session === s) progress(s, charsPerSecond);
}

/** Streams a sample to the page, a few characters per message; stops when superseded. Training waits meanwhile. */
async function sample(request: { id: number; prime: string; length: number; temperature: number; seed: number }, auto = false): Promise<void> {
  const done = streamSample(request, auto);
  sampling = done;
  await done;
  if (sampling === done) sampling = null;
}

async function streamSample(request: { id: number; prime: string; length: number; temperature: number; seed: number }, auto: boolean): Promise<void> {
  const s = session;
  if (!s) return;
  sampleId = request.id;
  // The step of the weights the sample starts from (training goes on between its characters).
  const step = s.trainer.state.step;
  let chunk = '';
  let last = performance.now();
  try {
    for await (const char of streamChars(s.model, { prime: request.prime, length: request.length, temperature: request.temperature, seed: request.seed })) {
      if (sampleId !== request.id || session !== s) return;
      chunk += char;
      if (performance.now() - last > 60) {
        post({ status: 'sample-chars', id: request.id, step, text: chunk, done: false, auto });
        chunk = '';
        last = performance.now();
        await nextTick();
      }
    }
    post({ status: 'sample-chars', id: request.id, step, text: chunk, done: true, auto });
  } catch (error) {
    post({ status: 'error', stage: 'sample', id: request.id, ...describe(error) });
  }
}

/**
 * The session's checkpoint (weights; with `training`, Adam's moments, curves and setup), all of one
 * step: it waits for the step in flight, and training waits for it.
 */
async function snapshot(s: Session, training: boolean) {
  const files = (async () => {
    await stepping?.catch(() => undefined);
    return checkpointOf(s, training);
  })();
  snapshotting = files;
  try {
    return await files;
  } finally {
    if (snapshotting === files) snapshotting = null;
  }
}

/** The checkpoint files of the session as it is now. */
function checkpointOf(s: Session, training: boolean) {
  return checkpointFiles(s.model, s.trainer.state.step, {
    data: { corpus: s.setup.corpus, trainedIn: 'the seq2seq-chars web page' },
    ...(training
      ? {
          training: {
            trainer: s.trainer.state,
            optimizer: s.trainer.optimizer,
            history: [],
            elapsedSeconds: s.elapsedSeconds,
            extra: { setup: s.setup, index: s.index, train: s.train, val: s.val },
          },
        }
      : {}),
  });
}

/** Stops training and ends the sample being streamed, so the session's model may be disposed. */
async function quiet(): Promise<void> {
  running = false;
  sampleId += 1;
  if (sampling) await sampling;
  if (looping) await looping;
}

async function restore(): Promise<void> {
  const saved = await loadFromStore();
  if (!saved) throw new Error('nothing saved in this browser yet: train, then press Save');
  const { model, manifest, optimizer } = restoreCheckpoint(saved.files);
  const extra = manifest.training?.extra as { setup: TrainSetup; index: number; train: CurvePoint[]; val: CurvePoint[] } | undefined;
  if (!extra || !manifest.training) {
    model.dispose();
    throw new Error('the saved model has no training state');
  }
  await quiet();
  dispose(session);
  const s = build(extra.setup, model);
  if (optimizer) {
    s.trainer.optimizer.setState(optimizer, new Map(model.namedParameters().filter(([, v]) => v.trainable)));
    tf.dispose([...optimizer.tensors.values()]);
  }
  s.trainer.state = { ...manifest.training.trainer };
  s.batches = s.task.trainBatches(s.trainer.state.epoch) as TbpttBatch[];
  s.index = extra.index;
  s.train = extra.train;
  s.val = extra.val;
  s.elapsedSeconds = manifest.training.elapsedSeconds ?? 0;
  session = s;
  post({ status: 'ready', model: s.info, step: s.trainer.state.step, train: s.train, val: s.val, restored: saved.savedAt });
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'init') {
    ready ??= (async () => {
      const runtime = await createRuntime({ prefer: request.prefer, wasmPaths: request.wasmPaths });
      post({ status: 'runtime', runtime, report: formatRuntimeReport(runtime) });
    })();
    try {
      await ready;
    } catch (error) {
      post({ status: 'error', stage: 'runtime', ...describe(error) });
    }
    return;
  }
  await ready;
  if (request.type === 'workers') {
    workerCount = Math.max(1, Math.floor(request.workers));
    return;
  }
  const s = session;
  switch (request.type) {
    case 'setup': {
      await quiet();
      dispose(session);
      session = undefined;
      try {
        const next = build(request.setup);
        session = next;
        validate(next);
        post({ status: 'ready', model: next.info, step: 0, train: [], val: next.val });
      } catch (error) {
        post({ status: 'error', stage: 'setup', ...describe(error) });
      }
      return;
    }
    case 'load':
      try {
        await restore();
      } catch (error) {
        post({ status: 'error', stage: 'load', ...describe(error) });
      }
      return;
  }
  if (!s) return post({ status: 'error', stage: request.type, name: 'Error', message: 'no model yet: choose a text first' });
  try {
    switch (request.type) {
      case 'train':
        if (!running) {
          running = true;
          const gen = ++generation;
          const previous = looping;
          // A loop paused mid-step (awaiting its replicas) ends first.
          const done = (async () => {
            await previous;
            if (gen === generation && running) await loop(s, gen);
          })();
          looping = done;
          void done.finally(() => {
            if (looping === done) looping = undefined;
          });
        }
        break;
      case 'pause':
        running = false;
        break;
      case 'sample':
        await sample(request);
        break;
      case 'stop-sample':
        sampleId += 1;
        break;
      case 'complete':
        post({ status: 'completions', id: request.id, prefix: request.prefix, completions: s.model.complete(request.prefix, { k: request.k, maxLength: 20 }) });
        break;
      case 'units': {
        const u = s.model.units(request.text, { layer: request.layer });
        post({ status: 'units', id: request.id, units: { chars: u.chars, layer: u.layer, h: u.h, ...(u.c ? { c: u.c } : {}), ...(u.r ? { r: u.r, z: u.z } : {}) } });
        break;
      }
      case 'connectivity': {
        const c = s.model.connectivity(request.text, { position: request.position });
        post({ status: 'connectivity', id: request.id, ...c });
        break;
      }
      case 'save': {
        const files = await snapshot(s, true);
        const saved = await saveToStore(files);
        const bytes = Object.values(files).reduce((n, f: Uint8Array) => n + f.byteLength, 0);
        post({ status: 'saved', step: s.trainer.state.step, bytes, at: saved.savedAt });
        break;
      }
      case 'download': {
        const files = await snapshot(s, false);
        post({ status: 'files', step: s.trainer.state.step, files: { ...files } });
        break;
      }
    }
  } catch (error) {
    post({ status: 'error', stage: request.type, ...('id' in request ? { id: request.id } : {}), ...describe(error) });
  }
}

scope.onmessage = (event) => void handle(event.data);
