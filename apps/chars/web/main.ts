/**
 * The char-RNN page: starts the training worker, trains a small model on a corpus excerpt or a
 * pasted text with live learning curves and samples, samples and autocompletes on request, and
 * draws what the units do (through `@seq2seq/viz`). Plain DOM, no framework.
 *
 * Query parameters: `corpus` (`shakespeare`, the default; `anna`; `paste`), `backend` (`wasm`,
 * the default; `webgpu`; `cpu`).
 */
import type { BackendName } from '@seq2seq/backend';
import { renderColoredText, renderCurves, renderGateTraces, renderSaliency, type CurvesHandle } from '@seq2seq/viz';
import { CORPORA } from './corpus-list';
import { bestUnits, FEATURES, featureValues, type FeatureName } from './features';
import { DEFAULT_SETUP, type CurvePoint, type ModelInfo, type UnitsResult, type WorkerEvent, type WorkerRequest } from './protocol';

const PREFERENCES: Record<string, BackendName[]> = { wasm: ['wasm', 'cpu'], webgpu: ['webgpu', 'wasm', 'cpu'], cpu: ['cpu'] };

/** Texts to look inside, one click away: quotes, brackets, short and long lines. */
const PROBES = {
  quotes: 'He said, "I will come back tomorrow," and she answered, "Then bring the letters." Nobody spoke (not even the old man) until the door closed.\n',
  play: 'ROMEO:\nBut, soft! what light through yonder window breaks?\nIt is the east, and Juliet is the sun.\n\nJULIET:\nAy me!\n',
  brackets: 'The prince (who had not slept) looked at the list (names, dates, places) and said nothing; then (at last) he rose.\n',
};

/** Longest text the units view reads; the gate picture shows at most {@link GATE_STEPS} characters. */
const PROBE_MAX = 2000;
const GATE_STEPS = 80;

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html lacks #${id}`);
  return element as T;
};

const ui = {
  error: $<HTMLDivElement>('error'),
  corpus: $<HTMLSelectElement>('corpus'),
  cell: $<HTMLSelectElement>('cell'),
  hidden: $<HTMLSelectElement>('hidden'),
  newModel: $<HTMLButtonElement>('new-model'),
  pasted: $<HTMLTextAreaElement>('pasted'),
  setupInfo: $<HTMLParagraphElement>('setup-info'),
  train: $<HTMLButtonElement>('train'),
  pause: $<HTMLButtonElement>('pause'),
  save: $<HTMLButtonElement>('save'),
  load: $<HTMLButtonElement>('load'),
  download: $<HTMLButtonElement>('download'),
  downloads: $<HTMLParagraphElement>('downloads'),
  progress: $<HTMLDivElement>('progress'),
  progressText: $<HTMLSpanElement>('progress-text'),
  stats: $<HTMLParagraphElement>('stats'),
  curves: $<HTMLDivElement>('curves'),
  autoSample: $<HTMLDivElement>('auto-sample'),
  prime: $<HTMLInputElement>('prime'),
  temperature: $<HTMLInputElement>('temperature'),
  temperatureValue: $<HTMLOutputElement>('temperature-value'),
  sample: $<HTMLButtonElement>('sample'),
  stopSample: $<HTMLButtonElement>('stop-sample'),
  sampleOut: $<HTMLDivElement>('sample-out'),
  prefix: $<HTMLInputElement>('prefix'),
  completions: $<HTMLUListElement>('completions'),
  probe: $<HTMLTextAreaElement>('probe'),
  probeExamples: $<HTMLDivElement>('probe-examples'),
  feature: $<HTMLSelectElement>('feature'),
  find: $<HTMLButtonElement>('find'),
  unit: $<HTMLInputElement>('unit'),
  showUnit: $<HTMLButtonElement>('show-unit'),
  bestUnits: $<HTMLDivElement>('best-units'),
  unitsNote: $<HTMLParagraphElement>('units-note'),
  unitText: $<HTMLDivElement>('unit-text'),
  gatesTitle: $<HTMLHeadingElement>('gates-title'),
  gates: $<HTMLDivElement>('gates'),
  gatesNote: $<HTMLParagraphElement>('gates-note'),
  connectivity: $<HTMLDivElement>('connectivity'),
  connectivityNote: $<HTMLParagraphElement>('connectivity-note'),
  backend: $<HTMLSpanElement>('backend'),
  reasons: $<HTMLUListElement>('reasons'),
  runtimeReport: $<HTMLPreElement>('runtime-report'),
  techSummary: $<HTMLSpanElement>('tech-summary'),
  workers: $<HTMLSelectElement>('workers'),
  trainWorkers: $<HTMLSpanElement>('train-workers'),
  credit: $<HTMLParagraphElement>('credit'),
};

/** `auto`: the page's cores less one for this thread (at least 1), as `webWorkerCount('auto')` of `@seq2seq/seq2seq/parallel-web`. */
const autoWorkers = (): number => Math.max(1, (navigator.hardwareConcurrency || 2) - 1);

/** The Workers control as a count (`auto` resolved). */
const chosenWorkers = (): number => (ui.workers.value === 'auto' ? autoWorkers() : Number(ui.workers.value));

/** Fills the Workers control: `auto (N)`, then 1 up to the page's cores (at least 2); `?workers=` picks one. */
function fillWorkers(asked: string | null): void {
  ui.workers.add(new Option(`auto (${autoWorkers()})`, 'auto'));
  const most = Math.max(2, navigator.hardwareConcurrency || 2);
  for (let n = 1; n <= most; n++) ui.workers.add(new Option(String(n), String(n)));
  if (asked && Array.from(ui.workers.options).some((o) => o.value === asked)) ui.workers.value = asked;
}

/** Says in the technical details how many workers compute the gradients, and how their sums travel. */
function showWorkers(workers: number, sharedMemory: boolean, started: boolean): void {
  ui.trainWorkers.dataset.workers = String(workers);
  ui.trainWorkers.dataset.shared = String(sharedMemory);
  ui.trainWorkers.textContent =
    workers === 1
      ? '1 worker: the training worker computes them itself'
      : started
        ? `${workers} replica workers, each on its block of the batch's rows; their sums go through ${sharedMemory ? 'shared memory (SharedArrayBuffer)' : 'transferred buffers (the page is not cross-origin isolated)'}`
        : `${workers} replica workers, started when training starts`;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function showError(message: string): void {
  ui.error.innerHTML = message;
  ui.error.hidden = false;
}

/** Work the page waits for (besides training), by name: shown on the progress line. */
const busy = new Map<string, string>();

/**
 * `starting` -> `no-model` (the backend runs; no text chosen yet) -> `ready` (a model exists,
 * not training) <-> `training`; `error` when no backend started. Tests wait on it. The progress line says what runs (training and any question asked).
 */
function setState(state: 'starting' | 'no-model' | 'ready' | 'training' | 'error'): void {
  document.body.dataset.state = state;
  const hasModel = state === 'ready' || state === 'training';
  ui.train.disabled = state !== 'ready';
  ui.pause.disabled = state !== 'training';
  ui.newModel.disabled = state === 'starting' || state === 'error';
  for (const b of [ui.save, ui.download, ui.sample, ui.find, ui.showUnit]) b.disabled = !hasModel;
  ui.load.disabled = state === 'starting' || state === 'error';
  showProgress();
}

function showProgress(): void {
  const parts = [...busy.values()];
  if (document.body.dataset.state === 'training') parts.unshift('Training…');
  ui.progress.hidden = parts.length === 0;
  ui.progressText.textContent = parts.join(' · ');
  document.body.dataset.busy = [...busy.keys()].join(' ');
}

function setBusy(key: string, text: string | null): void {
  if (text === null) busy.delete(key);
  else busy.set(key, text);
  showProgress();
}

let worker: Worker;
const send = (request: WorkerRequest): void => worker.postMessage(request);
let nextId = 0;
/** The latest request of each kind; older answers are ignored. */
/** What the empty connectivity picture says until a character is tapped. */
const CONNECTIVITY_HINT = ui.connectivityNote.textContent ?? '';

const latest = { sample: -1, complete: -1, units: -1, connectivity: -1 };
let model: ModelInfo | null = null;
let step = 0;
let curves: CurvesHandle | null = null;
let units: UnitsResult | null = null;
let unitsStep = 0;
let corpusText = '';

function drawCurves(train: CurvePoint[], val: CurvePoint[]): void {
  const series = [
    { name: 'train', x: train.map((p) => p[0]), y: train.map((p) => p[1]) },
    { name: 'validation', x: val.map((p) => p[0]), y: val.map((p) => p[1]), dashed: true },
  ].filter((s) => s.y.length > 0);
  const options = { width: Math.max(280, Math.min(640, ui.curves.clientWidth || 560)), height: 240, xLabel: 'step', yLabel: 'nats per character', label: 'Training and validation loss' };
  if (!curves) curves = renderCurves(ui.curves, series, options);
  else curves.update(series, options);
  ui.curves.dataset.points = String(train.length);
  ui.curves.dataset.valPoints = String(val.length);
  if (train.length) Object.assign(ui.curves.dataset, { firstLoss: train[0]![1], lastLoss: train[train.length - 1]![1] });
}

function describeModel(m: ModelInfo): string {
  return `${m.numLayers}×${m.hiddenSize} ${m.cell.toUpperCase()}, ${m.parameters.toLocaleString('en')} weights; ${m.trainChars.toLocaleString('en')} characters to train on, ${m.valChars.toLocaleString('en')} for validation; batch ${m.batchSize} × ${m.seqLen} characters, ${m.stepsPerEpoch} steps per pass over the text.`;
}

function lastLoss(points: CurvePoint[]): string {
  const p = points[points.length - 1];
  return p ? p[1].toFixed(3) : '–';
}

/** Marks the unit pictures stale once the model has trained past the step they were drawn at. */
function markStale(): void {
  const stale = units !== null && step !== unitsStep;
  for (const el of [ui.unitText, ui.gates, ui.connectivity]) {
    if (stale) el.dataset.stale = 'true';
    else delete el.dataset.stale;
  }
  if (stale) ui.unitsNote.textContent = `Drawn with the model at step ${unitsStep}; it has trained on since (step ${step}). Press “Find units” or “Colour by unit” to redraw.`;
}

async function chooseCorpus(name: string): Promise<void> {
  ui.pasted.hidden = name !== 'paste';
  const corpus = CORPORA.find((c) => c.name === name);
  ui.credit.textContent = corpus?.credit ?? '';
  if (!corpus) return;
  setBusy('corpus', `Downloading the ${corpus.title} excerpt…`);
  try {
    const response = await fetch(new URL(`corpora/${corpus.name}.txt`, document.baseURI));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    corpusText = await response.text();
    // The start text follows the corpus unless the user typed one of their own.
    if (!ui.prime.value || CORPORA.some((c) => c.prime === ui.prime.value)) ui.prime.value = corpus.prime;
  } catch (error) {
    showError(`Could not download the ${escapeHtml(corpus.title)} excerpt: ${escapeHtml((error as Error).message)}`);
  } finally {
    setBusy('corpus', null);
  }
}

function newModel(): void {
  const corpus = ui.corpus.value;
  const text = corpus === 'paste' ? ui.pasted.value : corpusText;
  if (text.length < 2000) {
    ui.setupInfo.textContent = `The text has ${text.length} characters; paste at least 2,000 (the last 10% is kept for validation).`;
    return;
  }
  ui.error.hidden = true;
  setBusy('setup', 'Building the model…');
  send({ type: 'setup', setup: { ...DEFAULT_SETUP, text, corpus, cell: ui.cell.value as 'gru', hiddenSize: Number(ui.hidden.value) } });
}

function sample(): void {
  const id = ++nextId;
  latest.sample = id;
  ui.sampleOut.textContent = '';
  ui.sampleOut.dataset.pending = 'true';
  delete ui.sampleOut.dataset.done;
  ui.stopSample.hidden = false;
  setBusy('sample', 'Sampling…');
  send({ type: 'sample', id, prime: ui.prime.value || '\n', length: 400, temperature: Number(ui.temperature.value), seed: id });
}

function stopSample(): void {
  if (latest.sample >= 0 && ui.sampleOut.dataset.pending) send({ type: 'stop-sample' });
  latest.sample = -1;
  ui.stopSample.hidden = true;
  delete ui.sampleOut.dataset.pending;
  setBusy('sample', null);
}

let completeTimer: ReturnType<typeof setTimeout> | undefined;
function complete(): void {
  clearTimeout(completeTimer);
  ui.completions.dataset.stale = 'true';
  completeTimer = setTimeout(() => {
    if (!model) return;
    const prefix = ui.prefix.value;
    if (prefix.length === 0) {
      ui.completions.replaceChildren(Object.assign(document.createElement('li'), { textContent: 'Type a few characters.' }));
      return;
    }
    const id = ++nextId;
    latest.complete = id;
    ui.completions.dataset.stale = 'true';
    setBusy('complete', 'Completing…');
    send({ type: 'complete', id, prefix, k: 5 });
  }, 200);
}

function askUnits(): void {
  const text = ui.probe.value.slice(0, PROBE_MAX);
  if (text.length < 2) {
    ui.unitsNote.textContent = 'Type or pick a text of at least 2 characters.';
    return;
  }
  const id = ++nextId;
  latest.units = id;
  setBusy('units', 'Reading the text through the model…');
  send({ type: 'units', id, text, layer: (model?.numLayers ?? 1) - 1 });
}

/** What the units buttons do once the activations arrive. */
let afterUnits: 'find' | 'show' = 'find';

function findUnits(): void {
  if (!units) return;
  const feature = ui.feature.value as FeatureName;
  const matches = bestUnits(units.h, featureValues(units.chars, feature), 5);
  ui.bestUnits.replaceChildren(
    ...matches.map((m) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', textContent: `unit ${m.unit}: r = ${m.r.toFixed(2)}` });
      b.dataset.unit = String(m.unit);
      return b;
    }),
  );
  ui.unitsNote.textContent = `Units of the top layer most correlated with “${FEATURES[feature].label}” (${FEATURES[feature].description}) over ${units.chars.length} characters; r = 1 or −1 would track it exactly.`;
  if (matches[0]) showUnit(matches[0].unit);
}

function showUnit(unit: number): void {
  if (!units) return;
  const H = units.h[0]?.length ?? 0;
  if (!Number.isInteger(unit) || unit < 0 || unit >= H) {
    ui.unitsNote.textContent = `Unit must be a whole number from 0 to ${H - 1}.`;
    return;
  }
  ui.unit.value = String(unit);
  for (const b of Array.from(ui.bestUnits.querySelectorAll<HTMLButtonElement>('button'))) b.setAttribute('aria-pressed', String(b.dataset.unit === String(unit)));
  const values = units.h.map((row) => row[unit]!);
  const width = Math.max(240, ui.unitText.clientWidth - 80);
  ui.unitText.replaceChildren();
  // A symmetric scale around 0 reaching the unit's largest |activation|: a unit that stays
  // within ±0.2 still shows its pattern (the legend gives the real values).
  const reach = Math.max(0.05, ...values.map(Math.abs));
  const view = renderColoredText(ui.unitText, { tokens: units.chars, values }, { width, domain: [-reach, reach], label: `The text coloured by unit ${unit}` });
  ui.unitText.dataset.unit = String(unit);
  view.svg.addEventListener('click', (event) => {
    const i = view.itemAtClientPoint(event.clientX, event.clientY);
    if (i >= 0) connectivity(i);
  });
  drawGates(unit);
  markStale();
}

function drawGates(unit: number): void {
  if (!units?.z || !units.r) {
    ui.gates.replaceChildren();
    ui.gatesNote.textContent = 'Gate traces need a GRU: choose the GRU cell and press “New model”.';
    return;
  }
  const T = Math.min(GATE_STEPS, units.chars.length);
  const z = units.z.slice(0, T).map((row) => row[unit]!);
  const r = units.r.slice(0, T).map((row) => row[unit]!);
  const h = units.h.slice(0, T).map((row) => row[unit]!);
  const previous = h.map((_, t) => (t === 0 ? 0 : h[t - 1]!));
  // h = z·h(t-1) + (1-z)·h~, so h~ = (h - z·h(t-1)) / (1-z); where z is ~1 the candidate is not seen: take h.
  const candidate = h.map((ht, t) => (1 - z[t]! > 1e-4 ? (ht - z[t]! * previous[t]!) / (1 - z[t]!) : ht));
  ui.gates.replaceChildren();
  renderGateTraces(ui.gates, { steps: units.chars.slice(0, T), gates: { z, r }, blend: { previous, candidate } }, { label: `Gates z and r of unit ${unit}, and the soft branch` });
  ui.gatesNote.textContent = `Unit ${unit}, first ${T} characters. Rows: z, r, h(t−1), candidate h~(t), and the blend z·h(t−1) + (1−z)·h~(t) (which equals the unit's new state).`;
}

function connectivity(position: number): void {
  const text = units?.chars.join('') ?? '';
  if (position > text.length - 2) {
    ui.connectivityNote.textContent = 'Tap a character that has one after it: the prediction explained is of the next character.';
    return;
  }
  const id = ++nextId;
  latest.connectivity = id;
  setBusy('connectivity', 'Computing gradients…');
  send({ type: 'connectivity', id, text, position });
}

/** `812 bytes`, `390 kB`. */
const formatBytes = (n: number): string => (n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(0)} kB`);

function showFiles(files: Record<string, Uint8Array>, atStep: number): void {
  ui.downloads.replaceChildren(
    document.createTextNode(`Checkpoint at step ${atStep}: `),
    ...Object.entries(files).map(([name, bytes]) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
      a.download = name;
      a.textContent = `${name} (${formatBytes(bytes.byteLength)})`;
      return a;
    }),
    document.createTextNode(' — put both in one folder and run seq2seq-chars sample --model FOLDER.'),
  );
}

function onMessage(message: MessageEvent<WorkerEvent>): void {
  const event = message.data;
  switch (event.status) {
    case 'parallel':
      showWorkers(event.workers, event.sharedMemory, true);
      break;
    case 'runtime': {
      const c = event.runtime.capabilities;
      ui.backend.textContent = event.runtime.backend === 'wasm' ? `wasm (SIMD ${c.simd ? 'on' : 'off'}, ${c.threadCount} thread${c.threadCount === 1 ? '' : 's'})` : event.runtime.backend;
      ui.reasons.replaceChildren(...event.runtime.reasons.map((reason) => Object.assign(document.createElement('li'), { textContent: reason })));
      ui.runtimeReport.textContent = `${event.report}\ncrossOriginIsolated: ${self.crossOriginIsolated}`;
      ui.techSummary.textContent = `(${ui.backend.textContent})`;
      setBusy('runtime', null);
      setState('no-model');
      newModel();
      break;
    }
    case 'ready':
      model = event.model;
      step = event.step;
      setBusy('setup', null);
      setBusy('load', null);
      ui.setupInfo.textContent = `${event.restored ? `Loaded the model saved ${new Date(event.restored).toLocaleString()}: ` : ''}${describeModel(event.model)}`;
      ui.gatesTitle.textContent = event.model.cell === 'gru' ? 'Gates of the unit (GRU)' : 'Gates of the unit (GRU only)';
      ui.unit.max = String(event.model.hiddenSize - 1);
      units = null;
      for (const el of [ui.unitText, ui.gates, ui.connectivity, ui.bestUnits, ui.completions]) el.replaceChildren();
      for (const el of [ui.unitsNote, ui.gatesNote]) el.textContent = '';
      ui.connectivityNote.textContent = CONNECTIVITY_HINT;
      ui.autoSample.textContent = '';
      drawCurves(event.train, event.val);
      ui.stats.textContent = `Step ${step}. Validation loss ${lastLoss(event.val)} nats per character.`;
      ui.sampleOut.textContent = '';
      delete ui.sampleOut.dataset.done;
      setState('ready');
      // Everything below the curve is about this model now: ask afresh.
      complete();
      afterUnits = 'find';
      askUnits();
      break;
    case 'progress':
      step = event.step;
      drawCurves(event.train, event.val);
      ui.stats.textContent = `Step ${step} (pass ${event.epoch + 1} over the text) · train loss ${lastLoss(event.train)} · validation ${lastLoss(event.val)} nats per character${event.charsPerSecond ? ` · ${Math.round(event.charsPerSecond).toLocaleString('en')} characters/s` : ''}`;
      ui.stats.dataset.tensors = String(event.tensors);
      if (!event.running && document.body.dataset.state === 'training') setState('ready');
      markStale();
      break;
    case 'sample-chars':
      if (event.auto) {
        if (ui.autoSample.dataset.id !== String(event.id)) {
          ui.autoSample.textContent = `[step ${event.step}]\n`;
          ui.autoSample.dataset.id = String(event.id);
        }
        ui.autoSample.textContent += event.text;
        if (event.done) {
          ui.autoSample.dataset.step = String(event.step);
          ui.autoSample.dataset.steps = `${ui.autoSample.dataset.steps ?? ''} ${event.step}`.trim();
        }
      } else if (event.id === latest.sample) {
        ui.sampleOut.textContent += event.text;
        if (event.done) {
          delete ui.sampleOut.dataset.pending;
          ui.sampleOut.dataset.done = String(event.step);
          ui.stopSample.hidden = true;
          setBusy('sample', null);
        }
      }
      break;
    case 'completions':
      if (event.id !== latest.complete) break;
      setBusy('complete', null);
      delete ui.completions.dataset.stale;
      ui.completions.replaceChildren(
        ...event.completions.map((c) => {
          const li = document.createElement('li');
          const bar = Object.assign(document.createElement('span'), { className: 'bar', textContent: event.prefix + c.text.replace(/\n/g, '↵').replace(/ $/, '␣') });
          bar.style.setProperty('--p', `${(100 * c.probability).toFixed(1)}%`);
          li.append(bar, Object.assign(document.createElement('span'), { textContent: `${(100 * c.probability).toFixed(1)}%` }));
          return li;
        }),
      );
      break;
    case 'units':
      if (event.id !== latest.units) break;
      setBusy('units', null);
      units = event.units;
      unitsStep = step;
      ui.unitsNote.textContent = '';
      if (afterUnits === 'find') findUnits();
      else showUnit(Number(ui.unit.value));
      break;
    case 'connectivity': {
      if (event.id !== latest.connectivity) break;
      setBusy('connectivity', null);
      ui.connectivity.replaceChildren();
      renderSaliency(ui.connectivity, { tokens: event.chars.slice(0, event.magnitudes.length), contributions: event.magnitudes, target: event.position, prediction: event.target }, { width: Math.max(240, ui.connectivity.clientWidth - 10) });
      const shown = (c: string) => (c === '\n' ? '↵' : c);
      ui.connectivityNote.textContent = `The prediction of “${shown(event.target)}” after “${shown(event.chars[event.position]!)}” (character ${event.position}).`;
      break;
    }
    case 'saved':
      setBusy('save', null);
      ui.downloads.textContent = `Saved step ${event.step} in this browser (${formatBytes(event.bytes)}) at ${new Date(event.at).toLocaleTimeString()}.`;
      break;
    case 'files':
      setBusy('download', null);
      showFiles(event.files, event.step);
      break;
    case 'error':
      setBusy(event.stage, null);
      if (event.stage === 'sample') stopSample();
      if (event.stage === 'runtime') {
        ui.backend.textContent = 'none';
        showError(`No backend started: ${escapeHtml(event.message)}`);
        setState('error');
      } else if (event.stage === 'load') {
        ui.downloads.textContent = `Could not load: ${event.message}`;
      } else if (event.stage === 'units' || event.stage === 'connectivity') {
        ui.unitsNote.textContent = `Could not read the units: ${event.message}`;
      } else {
        showError(`${escapeHtml(event.stage)}: ${escapeHtml(event.message)}`);
        if (event.stage === 'train' || event.stage === 'setup') setState(model ? 'ready' : 'error');
      }
      break;
  }
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const preferKey = params.get('backend') ?? 'wasm';
  const prefer = PREFERENCES[preferKey];
  for (const c of CORPORA) ui.corpus.add(new Option(c.title, c.name));
  ui.corpus.add(new Option('Paste your own text', 'paste'));
  const asked = params.get('corpus') ?? 'shakespeare';
  ui.corpus.value = [...CORPORA.map((c) => c.name), 'paste'].includes(asked) ? asked : 'shakespeare';
  // The explanations sit open beside the pictures on a wide screen, folded under them on a phone.
  if (matchMedia('(min-width: 761px)').matches) for (const d of Array.from(document.querySelectorAll<HTMLDetailsElement>('details.explain'))) d.open = true;
  for (const [name, f] of Object.entries(FEATURES)) ui.feature.add(new Option(f.label, name));
  ui.probe.value = PROBES.quotes;
  ui.probeExamples.replaceChildren(
    ...Object.entries(PROBES).map(([name, text]) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', textContent: name });
      b.dataset.probe = text;
      return b;
    }),
  );
  if (!prefer) {
    showError(`<strong>?backend=${escapeHtml(preferKey)}</strong> is not a backend, so none was started: use wasm, webgpu or cpu.`);
    setState('error');
    return;
  }
  setState('starting');
  setBusy('runtime', 'Starting TensorFlow.js…');
  await chooseCorpus(ui.corpus.value);

  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'chars-train' });
  worker.onerror = (event) => showError(`The training worker failed: ${escapeHtml(event.message || 'see the console')}`);
  worker.onmessage = onMessage;
  send({ type: 'init', prefer, wasmPaths: new URL('wasm/', document.baseURI).href });
  fillWorkers(params.get('workers'));
  send({ type: 'workers', workers: chosenWorkers() });
  showWorkers(chosenWorkers(), false, false);
  ui.workers.addEventListener('change', () => {
    send({ type: 'workers', workers: chosenWorkers() });
    if (document.body.dataset.state !== 'training') showWorkers(chosenWorkers(), false, false);
  });

  ui.corpus.addEventListener('change', async () => {
    await chooseCorpus(ui.corpus.value);
    if (ui.corpus.value !== 'paste') newModel();
    else ui.setupInfo.textContent = 'Paste a text, then press “New model”.';
  });
  ui.newModel.addEventListener('click', () => newModel());
  ui.train.addEventListener('click', () => {
    send({ type: 'train' });
    setState('training');
  });
  ui.pause.addEventListener('click', () => send({ type: 'pause' }));
  ui.save.addEventListener('click', () => {
    setBusy('save', 'Saving…');
    send({ type: 'save' });
  });
  ui.load.addEventListener('click', () => {
    setBusy('load', 'Loading the saved model…');
    send({ type: 'load' });
  });
  ui.download.addEventListener('click', () => {
    setBusy('download', 'Writing the checkpoint files…');
    send({ type: 'download' });
  });
  ui.temperature.addEventListener('input', () => (ui.temperatureValue.value = ui.temperature.value));
  ui.temperature.addEventListener('change', () => {
    if (model) sample();
  });
  ui.sample.addEventListener('click', () => sample());
  ui.stopSample.addEventListener('click', () => stopSample());
  ui.prefix.addEventListener('input', () => complete());
  ui.probeExamples.addEventListener('click', (event) => {
    const text = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-probe]')?.dataset.probe;
    if (text === undefined) return;
    ui.probe.value = text;
    if (model) {
      afterUnits = 'find';
      askUnits();
    }
  });
  ui.find.addEventListener('click', () => {
    afterUnits = 'find';
    askUnits();
  });
  ui.feature.addEventListener('change', () => {
    if (units && units.chars.join('') === ui.probe.value.slice(0, PROBE_MAX) && unitsStep === step) findUnits();
  });
  ui.showUnit.addEventListener('click', () => {
    afterUnits = 'show';
    askUnits();
  });
  ui.bestUnits.addEventListener('click', (event) => {
    const unit = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-unit]')?.dataset.unit;
    if (unit !== undefined) showUnit(Number(unit));
  });
}

start().catch((error: unknown) => showError(`The page failed: ${escapeHtml(String((error as Error)?.message ?? error))}`));
