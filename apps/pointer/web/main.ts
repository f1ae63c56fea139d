/**
 * The pointer-network page: reads the query (task, model, backend, instance), asks the server
 * which models it has (`models/index.json`), starts the model's Web Worker, and draws each
 * answer over the instance beside the exact reference, with the instance's scores, the answer in
 * the command line's JSON and the backend report. Plain DOM, no framework.
 *
 * Query parameters: see params.ts (`task`, `model`, `backend`, `n`, `seed`, `points`).
 */
import type { Point } from '@seq2seq/datasets';
import { formatSolution } from '../src/lines';
import { describeBackend, describeDecoding, describeEntry, describeModel, describeN } from './describe';
import { Board } from './board';
import { examplesFor } from './examples';
import { instanceProblem, MAX_POINTS, randomPoints, roundPoint } from './instance';
import { nearestModel, sizeWarning } from './model-choice';
import { describePointing } from './pointing-picture';
import { BACKEND_PREFERENCES, readParams, writeParams } from './params';
import type { Decoding, ModelEntry, ModelIndex, PointingStep, WorkerEvent, WorkerRequest } from './protocol';
import { referenceFor, type Reference } from './reference';
import { scoreAnswer } from './score';
import { defaultPointCount, pageTaskOf, pointerTaskOf, TASK_TITLES, type PageTask } from './tasks';
import { escapeHtml, setState, showError, showProblems, ui } from './ui';

/** Where the instance came from; decides what the address bar records. */
type Source = { kind: 'random'; n: number; seed: number } | { kind: 'given' };

/** The model's answer to the instance on the board. */
interface Answer {
  output: number[];
  /** The pointer's distribution at each step (the animation). */
  steps: PointingStep[];
  decoding: Decoding;
  model: string;
  ms: number;
}

/** Everything the page knows; the DOM is drawn from it. */
const page = {
  task: 'tsp' as PageTask,
  points: [] as Point[],
  source: { kind: 'given' } as Source,
  /** Null when the instance cannot be solved (see `instanceProblem`). */
  reference: null as Reference | null,
  answer: null as Answer | null,
  index: { models: [], skipped: [] } as ModelIndex,
  /** The model chosen (loading or loaded), or null when the task has none here. */
  model: null as ModelEntry | null,
  /** The URL or the user named the model: keep it in the address bar. */
  explicitModel: false,
  modelReady: false,
  backend: 'wasm',
  /** N was given in the URL or typed: keep it when the task changes. */
  countEdited: false,
  /** What was wrong with the query, shown until the instance changes. */
  queryProblems: [] as string[],
  backendName: '',
  /** Step of the pointing animation on screen; `answer.steps.length`: the whole answer. */
  stepShown: 0,
  /** Solve as soon as the model is ready (not after a cancel: the user stopped that work). */
  solveWhenReady: true,
  /** A line for the answer panel when there is no answer (e.g. after a cancel). */
  notice: '',
};

/** The picture (drawn by @seq2seq/viz), made once the page knows its width. */
let board: Board | null = null;

/** The animation's timer while it plays. */
let playing: ReturnType<typeof setInterval> | null = null;
/** Milliseconds per step of the animation. */
const STEP_MS = 700;

/** What each task asks, for the "what am I looking at" panel. */
const TASK_EXPLANATIONS: Record<PageTask, string> = {
  hull: 'Convex hull: the answer points at the hull\'s corners in counter-clockwise order, then at "stop". The blue polygon is its answer; points inside should be left out.',
  delaunay: 'Delaunay triangulation: the answer points at three corners per triangle, triangle after triangle, then at "stop". Triangles not in the exact triangulation are filled red.',
  tsp: 'Travelling salesman: the answer points at every city once, starting from city 0 (ringed), and the tour closes back to it. The arrowhead on the first leg shows the direction; the gap compares its length with the optimal (or, above 12 points, a 2-opt) tour.',
};

let worker: Worker | null = null;
/** Id of the latest solve request, and the decoding it asked for. */
let lastId = 0;
/** Solve requests sent and not yet answered (superseded ones included): the worker is still busy with them. */
let outstanding = 0;
let lastDecoding: Decoding | null = null;

const modelUrl = (name: string): string => new URL(`models/${name}/`, document.baseURI).href;

/** Fetches the server's list of models. */
async function fetchIndex(): Promise<ModelIndex> {
  const url = new URL('models/index.json', document.baseURI).href;
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as ModelIndex;
}

/** The models of a task, smallest n first (the server's order). */
const modelsOf = (task: PageTask): ModelEntry[] => page.index.models.filter((m) => m.task === pointerTaskOf(task));

function send(request: WorkerRequest): void {
  worker ??= startWorker();
  worker.postMessage(request);
}

/** The decoding the controls describe. */
function readDecoding(): Decoding {
  const clamp = (input: HTMLInputElement, max: number) => Math.min(max, Math.max(1, Math.floor(Number(input.value) || 1)));
  return {
    method: ui.method.value as Decoding['method'],
    beamWidth: clamp(ui.beam, 100),
    samples: clamp(ui.samples, 256),
    twoOpt: page.task === 'tsp' && ui.twoOpt.checked,
    symmetries: ui.symmetries.checked,
  };
}

/** Records the task, model, backend and instance in the address bar (no reload). */
function syncUrl(): void {
  const s = page.source;
  writeParams({
    task: page.task,
    model: page.explicitModel ? (page.model?.name ?? null) : null,
    backend: page.backend,
    instance: s.kind === 'random' ? { n: s.n, seed: s.seed, defaultN: !page.countEdited && s.n === defaultPointCount(page.task) } : { points: page.points },
  });
}

/**
 * Replaces the instance: new reference, no answer (a pending one is dropped), redrawn. Unless the
 * user picked a model, switches to the task's model trained nearest the new size (`pickModel`).
 */
function setInstance(points: Point[], source: Source, options: { keepQueryProblems?: boolean; notes?: string[]; pickModel?: boolean } = {}): void {
  page.points = points;
  page.source = source;
  page.answer = null;
  page.notice = '';
  stopPlaying();
  lastId += 1; // An answer on its way belongs to the old instance.
  delete ui.answerJson.dataset.pending;
  if (document.body.dataset.state === 'busy') setState('ready');
  if (!options.keepQueryProblems) page.queryProblems = [];
  const problem = instanceProblem(points);
  page.reference = problem ? null : referenceFor(page.task, points);
  showProblems([...page.queryProblems, ...(options.notes ?? []), ...(problem ? [problem] : [])]);
  ui.exampleNote.textContent = '';
  render();
  syncUrl();
  if ((options.pickModel ?? true) && !page.explicitModel && page.model && page.model.task === pointerTaskOf(page.task) && points.length >= 3) {
    const nearest = nearestModel(modelsOf(page.task), points.length);
    if (nearest && nearest.name !== page.model.name) {
      fillModelPicker(nearest);
      loadModel(nearest);
    }
  }
}

/** A fresh seeded instance of `n` points. */
function randomInstance(n: number, seed: number, options: { keepQueryProblems?: boolean; notes?: string[]; pickModel?: boolean } = {}): void {
  setInstance(randomPoints(n, seed), { kind: 'random', n, seed }, options);
}

/** Redraws the picture, the animation's controls and the answer panel from `page`. */
function render(): void {
  const { task, points, answer, reference } = page;
  const animating = answer !== null && page.stepShown < answer.steps.length;
  board?.draw({
    task,
    points,
    answer: answer?.output ?? null,
    reference: !animating && ui.showReference.checked ? (reference?.output ?? null) : null,
    pointing: animating ? { steps: answer.steps, k: page.stepShown } : null,
  });
  ui.board.dataset.step = animating ? String(page.stepShown) : '';
  ui.pointing.hidden = !answer || answer.steps.length === 0;
  if (answer && answer.steps.length) {
    ui.step.max = String(answer.steps.length);
    ui.step.value = String(page.stepShown);
    ui.stepInfo.textContent = animating
      ? describePointing(answer.steps, page.stepShown)
      : `The whole answer: ${answer.steps.length} pointing steps. Press Play (or drag the slider) to watch the network point.`;
    ui.play.textContent = playing ? 'Pause' : 'Play';
    ui.stepBack.disabled = page.stepShown === 0;
    ui.stepNext.disabled = !animating;
  }
  const warning = page.model && page.modelReady && points.length >= 3 ? sizeWarning(page.model, points.length) : null;
  ui.sizeWarning.textContent = warning ?? '';
  ui.sizeWarning.hidden = warning === null;
  ui.board.dataset.points = JSON.stringify(points);
  ui.referenceName.textContent = reference?.label ?? 'reference';
  const s = page.source;
  ui.instanceInfo.textContent = `${points.length} point${points.length === 1 ? '' : 's'}${s.kind === 'random' ? `, random (seed ${s.seed})` : ', as given'}`;
  ui.referenceLabel.textContent = reference ? `Reference: ${reference.label}.` : '';
  delete ui.verdict.dataset.exact;
  delete ui.verdict.dataset.valid;
  if (!answer || !reference) {
    ui.verdict.textContent = '';
    ui.scores.tBodies[0]!.replaceChildren();
    ui.answerDetails.textContent = page.notice || (reference && page.modelReady ? 'Press Solve.' : '');
    ui.answerJson.textContent = '';
    return;
  }
  const score = scoreAnswer(task, points, answer.output, reference);
  ui.verdict.dataset.exact = String(score.exact);
  ui.verdict.dataset.valid = String(score.valid);
  ui.verdict.textContent = score.exact ? 'exact: the answer equals the reference' : `not exact${score.valid ? '' : ', and not valid'}`;
  ui.scores.tBodies[0]!.replaceChildren(
    ...score.rows.map(([label, value]) => {
      const row = document.createElement('tr');
      row.append(Object.assign(document.createElement('td'), { textContent: label }), Object.assign(document.createElement('td'), { textContent: value }));
      return row;
    }),
  );
  ui.answerDetails.textContent = `${describeDecoding(answer.decoding, task === 'tsp')} · ${answer.ms.toFixed(0)} ms · model ${answer.model} on ${page.backendName || 'the worker'}`;
  ui.answerJson.textContent = JSON.stringify(formatSolution(pointerTaskOf(task), answer.output));
  if (!animating && answer.steps.length) {
    // Under the picture too, so that on a phone the verdict is on screen with the square.
    const headline = score.rows.find(([label]) => label.startsWith('gap') || label.endsWith('coverage'));
    ui.stepInfo.textContent = `${ui.verdict.textContent}${headline ? ` (${headline[0]} ${headline[1]})` : ''}. ${ui.stepInfo.textContent}`;
  }
}

/** Asks the worker for an answer to the instance on the board, or says why it cannot. */
function solve(): void {
  const problem = instanceProblem(page.points);
  if (problem) {
    // Nothing to solve (e.g. an empty board): say so where the answer would be, not just nothing.
    page.answer = null;
    page.notice = problem;
    showProblems([...page.queryProblems, problem]);
    render();
    return;
  }
  if (!page.model || !page.modelReady || !page.reference) return;
  if (outstanding > 0) {
    // The worker is still on an older request (which may take a minute): start it afresh, solve when ready.
    restartWorker(true);
    return;
  }
  lastId += 1;
  lastDecoding = readDecoding();
  stopPlaying();
  page.notice = '';
  setState('busy', `Solving ${page.points.length} points with ${page.model.name} (${describeDecoding(lastDecoding, page.task === 'tsp')})…`);
  ui.answerJson.dataset.pending = 'true';
  outstanding += 1;
  send({ type: 'solve', id: lastId, model: page.model.name, points: page.points, decoding: lastDecoding });
}

/** Ends the worker (a search cannot be interrupted inside) and loads the model in a fresh one. */
function restartWorker(solveWhenReady: boolean): void {
  worker?.terminate();
  worker = null;
  outstanding = 0;
  lastId += 1;
  delete ui.answerJson.dataset.pending;
  page.solveWhenReady = solveWhenReady;
  page.backendName = '';
  loadModel(page.model);
}

/** Stops the work in progress: the worker is ended (a search cannot be interrupted inside) and started afresh with the same model. */
function cancel(): void {
  if (document.body.dataset.state !== 'busy') return;
  page.notice = 'Cancelled. Press Solve to try again.';
  restartWorker(false);
}

function stopPlaying(): void {
  if (playing !== null) clearInterval(playing);
  playing = null;
}

/** Shows step `k` of the animation (`steps.length`: the whole answer). */
function showStep(k: number): void {
  if (!page.answer) return;
  page.stepShown = Math.max(0, Math.min(page.answer.steps.length, k));
  if (page.stepShown === page.answer.steps.length) stopPlaying();
  render();
}

/** Play from the start (or where it stands), or pause. */
function togglePlay(): void {
  if (!page.answer) return;
  if (playing !== null) {
    stopPlaying();
    return render();
  }
  if (page.stepShown >= page.answer.steps.length) page.stepShown = 0;
  playing = setInterval(() => showStep(page.stepShown + 1), STEP_MS);
  render();
}

/** Shows the decoding inputs the method uses; 2-opt only for tours. */
function showDecodingInputs(): void {
  ui.beamLabel.hidden = ui.method.value !== 'beam';
  ui.samplesLabel.hidden = ui.method.value !== 'sample';
  ui.twoOptLabel.hidden = page.task !== 'tsp';
}

/** Loads `entry` in the worker, or explains that the task has no model on this server. */
function loadModel(entry: ModelEntry | null): void {
  page.model = entry;
  page.modelReady = false;
  page.answer = null;
  stopPlaying();
  render();
  ui.error.hidden = true;
  ui.modelInfo.textContent = '';
  if (!entry) {
    const others = page.index.models.map((m) => `<a href="?model=${encodeURIComponent(m.name)}">${escapeHtml(m.name)}</a>`);
    showError(
      `No ${escapeHtml(TASK_TITLES[page.task].toLowerCase())} model on this server (no folder of task ${pointerTaskOf(page.task)} under <code>models/</code>). ` +
        (others.length ? `It has ${others.join(', ')}.` : 'Train one with <code>seq2seq-pointer train</code> first.'),
    );
    ui.modelStatus.textContent = `Model: none for ${page.task}`;
    return;
  }
  if (outstanding > 0) {
    // A search of the old model is still running: a fresh worker loads the new one at once.
    worker?.terminate();
    worker = null;
    outstanding = 0;
    page.backendName = '';
  }
  setState('loading', `Loading the model ${entry.name}…`);
  ui.modelStatus.textContent = `Model: ${entry.name}, waiting for the backend…`;
  ui.techSummary.textContent = `(${entry.name}, loading)`;
  send({ type: 'load', model: entry.name, modelUrl: modelUrl(entry.name), prefer: BACKEND_PREFERENCES[page.backend]!, wasmPaths: new URL('wasm/', document.baseURI).href });
}

/** Fills the model picker with the task's models and marks `selected`. */
function fillModelPicker(selected: ModelEntry | null): void {
  const models = modelsOf(page.task);
  ui.model.replaceChildren(...models.map((m) => new Option(describeEntry(m), m.name, false, m.name === selected?.name)));
  if (models.length === 0) ui.model.add(new Option('(none on this server)', '', true, true));
  ui.model.disabled = models.length === 0;
}

/** Shows `task`: its title, default N, decoding inputs, models (`model` selected), instance and reference. */
function showTask(task: PageTask, model: ModelEntry | null): void {
  page.task = task;
  ui.task.value = task;
  ui.title.textContent = `${TASK_TITLES[task]} with a pointer network`;
  document.title = ui.title.textContent;
  if (!page.countEdited) ui.count.value = String(defaultPointCount(task));
  showDecodingInputs();
  ui.explainTask.textContent = TASK_EXPLANATIONS[task];
  ui.examples.replaceChildren(
    ...examplesFor(task).map((example) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: example.label });
      button.dataset.example = example.label;
      button.addEventListener('click', () => {
        setInstance(example.points, { kind: 'given' }, { notes: [] });
        ui.exampleNote.textContent = example.note;
        if (!page.countEdited) ui.count.value = String(example.points.length);
        solve();
      });
      return button;
    }),
  );
  ui.exampleNote.textContent = '';
  fillModelPicker(model);
  const s = page.source;
  if (s.kind === 'random') randomInstance(page.countEdited ? s.n : defaultPointCount(task), s.seed, { keepQueryProblems: true, pickModel: false });
  else setInstance(page.points, s, { keepQueryProblems: true, pickModel: false });
}

/**
 * Switches the page to `task` and loads `model`, or (`'nearest'`) the task's model trained nearest
 * the instance's size, as `seq2seq-pointer solve` picks; null: the task has none here.
 */
function chooseTask(task: PageTask, model: ModelEntry | null | 'nearest'): void {
  showTask(task, model === 'nearest' ? null : model);
  const entry = model === 'nearest' ? nearestModel(modelsOf(task), Math.max(3, page.points.length)) : model;
  if (model === 'nearest') fillModelPicker(entry);
  loadModel(entry);
}

/** Starts the worker and wires its events to the page. */
function startWorker(): Worker {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'pointer-model' });
  w.onerror = (event) => showError(`The model worker failed to start: ${escapeHtml(event.message || 'see the console')}`);
  w.onmessage = (message: MessageEvent<WorkerEvent>) => {
    const event = message.data;
    switch (event.status) {
      case 'runtime':
        page.backendName = describeBackend(event.runtime);
        ui.backend.dataset.backend = event.runtime.backend;
        ui.backend.textContent = page.backendName;
        ui.reasons.replaceChildren(...event.runtime.reasons.map((reason) => Object.assign(document.createElement('li'), { textContent: reason })));
        ui.runtimeReport.textContent = `${event.report}\n\nstarted in ${event.ms.toFixed(0)} ms; crossOriginIsolated: ${self.crossOriginIsolated}`;
        break;
      case 'loading': {
        if (event.model !== page.model?.name) break;
        const download = event.loaded === undefined ? '' : describeDownload(event.loaded, event.total ?? null);
        const stage = event.stage === 'fetch' ? `downloading config.json and model.safetensors${download ? ` (${download})` : ''}` : 'building the network';
        ui.modelStatus.textContent = `Model: ${event.model}, ${stage}…`;
        setState('loading', `Loading the model ${event.model}: ${stage}…`);
        break;
      }
      case 'ready':
        if (event.info.model !== page.model?.name) break; // A newer load is queued.
        page.modelReady = true;
        ui.modelStatus.textContent = `Model: ${event.info.model}, ready in ${event.ms.toFixed(0)} ms.`;
        ui.modelInfo.textContent = describeModel(event.info);
        ui.techSummary.textContent = `(${page.backendName || 'backend'}, ${event.info.model})`;
        setState('ready');
        render();
        if (page.solveWhenReady) solve();
        page.solveWhenReady = true;
        break;
      case 'result':
        outstanding = Math.max(0, outstanding - 1);
        if (event.id !== lastId) break; // A newer request, or a newer instance, supersedes it.
        delete ui.answerJson.dataset.pending;
        setState('ready');
        page.answer = { output: event.output, steps: event.steps, decoding: lastDecoding ?? readDecoding(), model: event.model, ms: event.ms };
        page.stepShown = event.steps.length;
        render();
        break;
      case 'error':
        if (event.stage === 'solve') {
          outstanding = Math.max(0, outstanding - 1);
          if (event.id !== lastId) break;
          delete ui.answerJson.dataset.pending;
          setState('ready');
          showProblems([`Could not solve this instance: ${event.message}`]);
        } else if (event.stage === 'runtime') {
          showError(`No backend started: ${escapeHtml(event.message)}`);
          ui.backend.textContent = 'none';
          ui.techSummary.textContent = '(no backend)';
        } else if (event.model === page.model?.name) {
          page.modelReady = false;
          showError(`Could not load the model <strong>${escapeHtml(event.model ?? '')}</strong>: ${escapeHtml(event.message)}`);
          ui.modelStatus.textContent = `Model: ${event.model} (failed)`;
        }
        break;
    }
  };
  return w;
}

/** Wires the controls. */
function listen(): void {
  ui.task.addEventListener('change', () => {
    page.explicitModel = false;
    const task = ui.task.value as PageTask;
    page.task = task;
    chooseTask(task, 'nearest');
  });
  ui.model.addEventListener('change', () => {
    const entry = modelsOf(page.task).find((m) => m.name === ui.model.value) ?? null;
    page.explicitModel = entry !== nearestModel(modelsOf(page.task), Math.max(3, page.points.length));
    loadModel(entry);
    syncUrl();
  });
  ui.prefer.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('backend', ui.prefer.value);
    location.assign(url.href); // The runtime starts once per worker: reload.
  });
  ui.count.addEventListener('input', () => (page.countEdited = true));
  ui.random.addEventListener('click', () => {
    const asked = Number(ui.count.value);
    const n = Math.min(MAX_POINTS, Math.max(3, Math.floor(asked) || defaultPointCount(page.task)));
    const notes = String(n) === ui.count.value.trim() ? [] : [`N = ${ui.count.value.trim() || '(empty)'} is not a whole number from 3 to ${MAX_POINTS}: drew ${n} points instead.`];
    ui.count.value = String(n);
    randomInstance(n, Math.floor(Math.random() * 2 ** 31), { notes });
    solve();
  });
  ui.cancel.addEventListener('click', () => cancel());
  ui.play.addEventListener('click', () => togglePlay());
  ui.stepBack.addEventListener('click', () => {
    stopPlaying();
    showStep(page.stepShown - 1);
  });
  ui.stepNext.addEventListener('click', () => {
    stopPlaying();
    showStep(page.stepShown + 1);
  });
  ui.step.addEventListener('input', () => {
    stopPlaying();
    showStep(Number(ui.step.value));
  });
  ui.clear.addEventListener('click', () => setInstance([], { kind: 'given' }));
  ui.board.addEventListener('click', (event) => {
    const p = board?.pointAt(event.clientX, event.clientY);
    if (!p) return;
    if (page.points.length >= MAX_POINTS) return showProblems([`The page takes at most ${MAX_POINTS} points.`]);
    setInstance([...page.points, roundPoint(p[0], p[1])], { kind: 'given' });
  });
  ui.method.addEventListener('change', () => {
    showDecodingInputs();
    solve();
  });
  for (const input of [ui.beam, ui.samples, ui.twoOpt, ui.symmetries]) input.addEventListener('change', () => solve());
  ui.showReference.addEventListener('change', () => render());
  ui.controls.addEventListener('submit', (event) => {
    event.preventDefault();
    solve();
  });
}

async function start(): Promise<void> {
  board = new Board(ui.board, Math.min(560, ui.board.parentElement!.clientWidth - 34));
  const params = readParams(location.search);
  page.queryProblems = params.problems;
  page.backend = params.backend;
  ui.prefer.value = params.backend;
  if (params.n !== null) {
    page.countEdited = true;
    ui.count.value = String(params.n);
  }
  page.points = params.points ?? [];
  // The random instance's n follows the task unless ?n= was given (see showTask).
  page.source = params.points ? { kind: 'given' } : { kind: 'random', n: params.n ?? 0, seed: params.seed };
  listen();
  if (params.badBackend !== null) {
    showTask(params.task ?? 'tsp', null);
    const links = Object.keys(BACKEND_PREFERENCES).map((b) => {
      const url = new URL(location.href);
      url.searchParams.set('backend', b);
      return `<a href="${escapeHtml(url.search)}">${b}</a>`;
    });
    showError(`<strong>?backend=${escapeHtml(params.badBackend)}</strong> is not a backend, so none was started: use ${links.join(', ')}.`);
    ui.backend.textContent = 'not started';
    ui.modelStatus.textContent = 'Model: not loaded (no backend)';
    ui.techSummary.textContent = '(no backend)';
    return;
  }

  try {
    page.index = await fetchIndex();
  } catch (error) {
    showTask(params.task ?? 'tsp', null);
    showError(`Could not list the models (${escapeHtml((error as Error).message)}). Serve the page with <code>pnpm --filter @seq2seq/pointer-app web</code>, which answers <code>models/index.json</code>.`);
    ui.backend.textContent = 'not started';
    return;
  }

  if (params.model === null) return chooseTask(params.task ?? 'tsp', 'nearest');
  const model = page.index.models.find((m) => m.name === params.model);
  if (!model) {
    showTask(params.task ?? 'tsp', null);
    const missing = new Option(`${params.model} (not on this server)`, params.model, true, true);
    missing.disabled = true;
    ui.model.add(missing, 0);
    const names = page.index.models.map((m) => `<a href="?model=${encodeURIComponent(m.name)}">${escapeHtml(m.name)}</a>`);
    showError(
      `The model <strong>${escapeHtml(params.model)}</strong> is not on this server (no <code>models/${escapeHtml(params.model)}/</code> with config.json and model.safetensors). ` +
        (names.length ? `It has ${names.join(', ')}.` : 'It has no models.'),
    );
    ui.modelStatus.textContent = `Model: ${params.model} (missing)`;
    ui.backend.textContent = 'not started';
    return;
  }
  if (params.task !== null && pointerTaskOf(params.task) !== model.task) {
    page.queryProblems.push(`?task=${params.task} ignored: the model ${model.name} solves ${model.task}.`);
  }
  page.explicitModel = true;
  ui.modelStatus.textContent = `Model: ${model.name} (${describeN(model.n)}), starting the backend…`;
  chooseTask(pageTaskOf(model.task), model);
}

/** `1.2 of 2.6 MB (46%)`, or `1.2 MB` when the size is unknown. */
function describeDownload(loaded: number, total: number | null): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1);
  return total ? `${mb(loaded)} of ${mb(total)} MB, ${Math.round((100 * loaded) / total)}%` : `${mb(loaded)} MB`;
}

start().catch((error: unknown) => showError(`The page failed: ${escapeHtml(String((error as Error)?.message ?? error))}`));
