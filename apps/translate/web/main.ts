/**
 * The translation page: picks the model from `?model=` (else the first shipped model this server
 * has), starts the model's Web Worker, shows what it reports (backend and why, model loading),
 * and draws each translation with its attention matrix (`renderAttention` of @seq2seq/viz: the
 * frame scrolls for long sentences, hover and tap name a cell). Plain DOM, no framework.
 *
 * Query parameters: `model` (a folder name under models/), `backend` (`wasm`, the default;
 * `webgpu`; `cpu`), `text` (the sentence to start with).
 */
import type { BackendName } from '@seq2seq/backend';
import { colorLegendSvg, renderAttention, type AttentionData, type AttentionHandle, type AttentionOptions } from '@seq2seq/viz';
import type { ModelInfo, TranslationResult, WorkerEvent, WorkerRequest } from './protocol';

/** What the page knows about the models the app ships. */
interface KnownModel {
  title: string;
  sourceLabel: string;
  targetLabel: string;
  example: string;
  /** Inputs one click away: short and long ones, the kinds the model was trained on. */
  examples: string[];
  /** Shown under the page whenever this model is. */
  credit?: string;
}

const KNOWN_MODELS: Record<string, KnownModel> = {
  'eng-fra': {
    title: 'English → French, with attention',
    sourceLabel: 'English',
    targetLabel: 'French',
    example: 'I think it is going to rain tomorrow.',
    examples: [
      'I think it is going to rain tomorrow.',
      'Where is the train station?',
      'She was born on the fourth of July.',
      'We are not sure that we will be able to come to the party on Saturday evening because my brother is ill.',
    ],
    credit: 'Sentence pairs from Tatoeba (tatoeba.org), CC-BY 2.0 FR',
  },
  dates: {
    title: 'Dates → ISO 8601, with attention',
    sourceLabel: 'Date, in any common format',
    targetLabel: 'ISO 8601',
    example: 'Jul 14, 1989',
    examples: ['Jul 14, 1989', '23.01.2015', '3/7/21', 'the 4th of July 1999', 'Sunday, 25 December 2022'],
  },
};

/** Tried in this order when the page names no model. */
const DEFAULT_ORDER = ['eng-fra', 'dates'];

/**
 * Backends to try for each choice. WASM comes first by default: these models decode one token at
 * a time and read every step back to JavaScript, which costs more on WebGPU than the arithmetic
 * it saves at this size.
 */
const PREFERENCES: Record<string, BackendName[]> = {
  wasm: ['wasm', 'cpu'],
  webgpu: ['webgpu', 'wasm', 'cpu'],
  cpu: ['cpu'],
};

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html lacks #${id}`);
  return element as T;
};

const ui = {
  title: $<HTMLHeadingElement>('title'),
  model: $<HTMLSelectElement>('model'),
  prefer: $<HTMLSelectElement>('prefer'),
  backend: $<HTMLSpanElement>('backend'),
  reasons: $<HTMLUListElement>('reasons'),
  runtimeReport: $<HTMLPreElement>('runtime-report'),
  modelStatus: $<HTMLParagraphElement>('model-status'),
  error: $<HTMLDivElement>('error'),
  form: $<HTMLFormElement>('form'),
  sourceLabel: $<HTMLLabelElement>('source-label'),
  source: $<HTMLTextAreaElement>('source'),
  beam: $<HTMLSelectElement>('beam'),
  translate: $<HTMLButtonElement>('translate'),
  outputLabel: $<HTMLLabelElement>('output-label'),
  output: $<HTMLOutputElement>('output'),
  details: $<HTMLParagraphElement>('details'),
  attention: $<HTMLDivElement>('attention'),
  attentionLegend: $<HTMLDivElement>('attention-legend'),
  cellInfo: $<HTMLParagraphElement>('cell-info'),
  credit: $<HTMLParagraphElement>('credit'),
  examples: $<HTMLDivElement>('examples'),
  cancel: $<HTMLButtonElement>('cancel'),
  progress: $<HTMLDivElement>('progress'),
  progressText: $<HTMLSpanElement>('progress-text'),
  download: $<HTMLProgressElement>('download'),
  result: $<HTMLElement>('result'),
  techSummary: $<HTMLSpanElement>('tech-summary'),
};

/**
 * `starting` -> `loading` -> `ready` <-> `busy` (-> `loading` after a cancel, which restarts the
 * worker), or `error`; tests wait on it. While loading or busy the progress line shows `progress`;
 * while busy Cancel shows and the translation on screen is marked stale (`#result[data-stale]`).
 */
function setState(state: 'starting' | 'loading' | 'ready' | 'busy' | 'error', progress = ''): void {
  document.body.dataset.state = state;
  ui.translate.disabled = state !== 'ready' && state !== 'busy';
  ui.cancel.hidden = state !== 'busy';
  ui.progress.hidden = state !== 'busy' && state !== 'loading';
  if (progress || (state !== 'busy' && state !== 'loading')) ui.progressText.textContent = progress;
  if (state !== 'loading') ui.download.hidden = true;
  if (state === 'busy') ui.result.dataset.stale = 'true';
  else delete ui.result.dataset.stale;
}

function showError(html: string): void {
  ui.error.innerHTML = html;
  ui.error.hidden = false;
  setState('error');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const modelUrl = (name: string): string => new URL(`models/${name}/`, document.baseURI).href;

/** True when the server has `models/<name>/checkpoint.json`. */
async function available(name: string): Promise<boolean> {
  try {
    return (await fetch(`${modelUrl(name)}checkpoint.json`, { method: 'HEAD' })).ok;
  } catch {
    return false;
  }
}

/** Reloads the page with one query parameter changed. */
function navigate(key: string, value: string): void {
  const url = new URL(location.href);
  url.searchParams.set(key, value);
  location.assign(url.href);
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const asked = params.get('model');
  const preferKey = params.get('backend') ?? 'wasm';
  const prefer = PREFERENCES[preferKey];
  ui.prefer.value = preferKey;
  ui.prefer.addEventListener('change', () => navigate('backend', ui.prefer.value));

  if (asked !== null && !/^[A-Za-z0-9_-]+$/.test(asked)) {
    showError(`<strong>?model=${escapeHtml(asked)}</strong> is not a model name: use letters, digits, '-' and '_' (a folder under models/).`);
    return;
  }
  if (!prefer) {
    const links = Object.keys(PREFERENCES).map((b) => {
      const url = new URL(location.href);
      url.searchParams.set('backend', b);
      return `<a href="${escapeHtml(url.search)}">${b}</a>`;
    });
    showError(`<strong>?backend=${escapeHtml(preferKey)}</strong> is not a backend, so none was started: use ${links.join(', ')}.`);
    ui.backend.textContent = 'not started';
    ui.modelStatus.textContent = 'Model: not loaded (no backend)';
    ui.techSummary.textContent = '(no backend)';
    return;
  }

  const names = [...new Set([...DEFAULT_ORDER, ...(asked ? [asked] : [])])];
  const present = new Map(await Promise.all(names.map(async (n) => [n, await available(n)] as const)));
  const name = asked ?? DEFAULT_ORDER.find((n) => present.get(n)) ?? DEFAULT_ORDER[0]!;
  for (const n of names) {
    const option = new Option(present.get(n) ? n : `${n} (not on this server)`, n, false, n === name);
    option.disabled = !present.get(n) && n !== name;
    ui.model.add(option);
  }
  ui.model.addEventListener('change', () => navigate('model', ui.model.value));

  const known = KNOWN_MODELS[name];
  ui.title.textContent = known?.title ?? `${name}, with attention`;
  document.title = ui.title.textContent;
  ui.sourceLabel.textContent = known?.sourceLabel ?? 'Source';
  ui.outputLabel.textContent = known?.targetLabel ?? 'Output';
  ui.source.value = params.get('text') ?? known?.example ?? '';
  ui.examples.replaceChildren(
    ...(known?.examples ?? []).map((text) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: text, title: text });
      button.dataset.example = text;
      return button;
    }),
  );
  if (known?.credit) {
    ui.credit.textContent = known.credit;
    ui.credit.hidden = false;
  }

  if (!present.get(name)) {
    const others = DEFAULT_ORDER.filter((n) => n !== name && present.get(n));
    showError(
      `The <strong>${escapeHtml(name)}</strong> model is not on this server (no <code>models/${escapeHtml(name)}/checkpoint.json</code>). ` +
        (others.length ? `Try ${others.map((n) => `<a href="?model=${n}">${n}</a>`).join(' or ')}.` : 'Train and export one first.'),
    );
    ui.modelStatus.textContent = `Model: ${name} (missing)`;
    ui.backend.textContent = 'not started';
    return;
  }
  run(name, prefer);
}

/** Starts the worker and wires the page to it. */
function run(name: string, prefer: BackendName[]): void {
  setState('loading', `Loading the model ${name}…`);
  let worker: Worker;
  const send = (request: WorkerRequest): void => worker.postMessage(request);
  let lastId = 0;
  let picture: AttentionHandle | null = null;
  let shown: TranslationResult | null = null;
  /** Translate as soon as the model is ready (not after a cancel: the user stopped that work). */
  let translateWhenReady = true;

  const request = (): void => {
    const text = ui.source.value;
    if (text.trim() === '') {
      // Nothing to translate: say so, and take the previous sentence's output off the screen.
      lastId += 1;
      delete ui.output.dataset.pending;
      if (document.body.dataset.state === 'busy') setState('ready');
      clearResult('Type a sentence to translate, or pick one of the examples above.');
      ui.output.dataset.empty = 'true';
      return;
    }
    delete ui.output.dataset.empty;
    lastId += 1;
    setState('busy', `Translating ${text.length} character${text.length === 1 ? '' : 's'} (${Number(ui.beam.value) > 1 ? `beam search, width ${ui.beam.value}` : 'greedy'})…`);
    ui.output.dataset.pending = text;
    send({ type: 'translate', id: lastId, text, beamWidth: Number(ui.beam.value) });
  };

  const clearResult = (note: string): void => {
    shown = null;
    picture?.dispose();
    picture = null;
    ui.attentionLegend.hidden = true;
    ui.attentionLegend.replaceChildren();
    delete ui.attention.dataset.rows;
    delete ui.attention.dataset.cols;
    ui.output.textContent = '';
    delete ui.output.dataset.for;
    ui.details.textContent = note;
    ui.cellInfo.textContent = '';
  };

  /** Stops the translation in progress: the worker is ended (a search cannot be interrupted inside) and started afresh. */
  const cancel = (): void => {
    if (document.body.dataset.state !== 'busy') return;
    worker.terminate();
    lastId += 1;
    delete ui.output.dataset.pending;
    translateWhenReady = false;
    clearResult('Cancelled. Press Translate to try again.');
    start();
  };

  const start = (): void => {
    setState('loading', `Loading the model ${name}…`);
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'translate-model' });
    worker.onerror = (event) => showError(`The model worker failed to start: ${escapeHtml(event.message || 'see the console')}`);
    worker.onmessage = onMessage;
    send({ type: 'load', modelUrl: modelUrl(name), prefer, wasmPaths: new URL('wasm/', document.baseURI).href });
  };

  const onMessage = (message: MessageEvent<WorkerEvent>): void => {
    const event = message.data;
    switch (event.status) {
      case 'runtime': {
        const { runtime } = event;
        const c = runtime.capabilities;
        ui.backend.dataset.backend = runtime.backend;
        ui.backend.textContent =
          runtime.backend === 'wasm'
            ? `wasm (SIMD ${c.simd ? 'on' : 'off'}, ${c.threadCount} thread${c.threadCount === 1 ? '' : 's'})`
            : runtime.backend === 'webgpu' && c.adapter
              ? `webgpu (${[c.adapter.vendor, c.adapter.architecture].filter(Boolean).join(' ') || 'adapter'}${c.adapter.isFallbackAdapter ? ', software' : ''})`
              : runtime.backend;
        ui.reasons.replaceChildren(...runtime.reasons.map((reason) => Object.assign(document.createElement('li'), { textContent: reason })));
        ui.runtimeReport.textContent = `${event.report}\n\nstarted in ${event.ms.toFixed(0)} ms; crossOriginIsolated: ${self.crossOriginIsolated}`;
        ui.modelStatus.textContent = `Model: ${name}, loading…`;
        ui.techSummary.textContent = `(${ui.backend.textContent}, ${name} loading)`;
        break;
      }
      case 'loading': {
        const download = event.loaded === undefined ? '' : describeDownload(event.loaded, event.total ?? null);
        const stage = event.stage === 'fetch' ? `downloading checkpoint.json and model.safetensors${download ? ` (${download})` : ''}` : 'building the network';
        ui.modelStatus.textContent = `Model: ${name}, ${stage}…`;
        setState('loading', `Loading the model ${name}: ${stage}…`);
        const fraction = event.loaded !== undefined && event.total ? event.loaded / event.total : null;
        ui.download.hidden = fraction === null;
        if (fraction !== null) ui.download.value = fraction;
        break;
      }
      case 'ready':
        ui.modelStatus.textContent = `Model: ${name} — ${describeModel(event.model)}; ready in ${event.ms.toFixed(0)} ms.`;
        if (!KNOWN_MODELS[name]?.credit && event.model.attribution) {
          ui.credit.textContent = event.model.attribution;
          ui.credit.hidden = false;
        }
        ui.techSummary.textContent = `(${ui.backend.textContent}, ${name})`;
        setState('ready');
        if (translateWhenReady) request();
        translateWhenReady = true;
        break;
      case 'result':
        if (event.id !== lastId) break; // A newer request is on its way.
        setState('ready');
        shown = event.translation;
        showTranslation(event.translation, event.beamWidth, event.ms);
        {
          const data = pictureOf(event.translation);
          const options = attentionOptions(data.sourceTokens.length, ui.attention.clientWidth);
          if (picture) picture.update(data, options);
          else picture = renderAttention(ui.attention, data, options);
          ui.attentionLegend.innerHTML = colorLegendSvg(picture.layout.scale, { caption: 'weight', height: 100 });
          ui.attentionLegend.hidden = false;
        }
        Object.assign(ui.attention.dataset, { rows: picture.layout.rows, cols: picture.layout.cols });
        ui.cellInfo.textContent = '';
        break;
      case 'error':
        if (event.stage === 'translate') {
          if (event.id === lastId) setState('ready');
          ui.details.textContent = `Could not translate: ${event.message}`;
        } else {
          showError(`${event.stage === 'runtime' ? 'No backend started' : `Could not load the ${escapeHtml(name)} model`}: ${escapeHtml(event.message)}`);
          if (event.stage === 'runtime') ui.backend.textContent = 'none';
        }
        break;
    }
  };

  ui.cancel.addEventListener('click', () => cancel());
  ui.examples.addEventListener('click', (event) => {
    const text = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-example]')?.dataset.example;
    if (text === undefined) return;
    ui.source.value = text;
    if (!ui.translate.disabled) request();
  });
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    request();
  });
  ui.source.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      if (!ui.translate.disabled) request();
    }
  });
  ui.beam.addEventListener('change', () => {
    if (!ui.translate.disabled) request();
  });
  // Hover with a mouse, tap or drag with a finger or pen: the picture's tooltip names the cell
  // under the pointer, and the line under the picture says it in words (kept after the tooltip
  // goes, and readable on a phone where the finger covers the tooltip).
  const nameCell = (event: PointerEvent): void => {
    const cell = picture && shown ? picture.cellAtClientPoint(event.clientX, event.clientY) : undefined;
    if (!cell || !shown) return void (ui.cellInfo.textContent = '');
    const labels = pictureOf(shown);
    ui.cellInfo.textContent = `“${labels.targetTokens[cell.row]!}” (output ${cell.row + 1}) attended to “${labels.sourceTokens[cell.col]!}” (source ${cell.col + 1}) with weight ${cell.weight.toFixed(3)}`;
  };
  ui.attention.addEventListener('pointermove', nameCell);
  ui.attention.addEventListener('pointerdown', nameCell);
  ui.attention.addEventListener('pointerleave', (event) => {
    if (event.pointerType === 'mouse') ui.cellInfo.textContent = '';
  });

  start();
}

/** `1.2 of 17.0 MB, 7%`, or `1.2 MB` when the size is unknown. */
function describeDownload(loaded: number, total: number | null): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  return total ? `${mb(loaded)} of ${mb(total)} MB, ${Math.round((100 * loaded) / total)}%` : `${mb(loaded)} MB`;
}

/** The attention picture of a translation: columns are the source tokens then `<eos>`, rows the output tokens then `<eos>`. */
function pictureOf(t: TranslationResult): AttentionData {
  return { weights: t.attention, sourceTokens: [...t.sourceTokens, '<eos>'].map(displayToken), targetTokens: [...t.tokens, '<eos>'].map(displayToken) };
}

/**
 * Options of the attention picture: cells as large as the width allows for a short sentence
 * (22 to 36 px; about 180 px go to the row labels and the legend beside), never smaller than 22 px, so a
 * long sentence scrolls inside the picture's frame rather than squash.
 */
function attentionOptions(columns: number, width: number): AttentionOptions {
  const minCellSize = Math.max(22, Math.min(36, Math.floor((width - 180) / Math.max(1, columns))));
  // The legend is drawn beside the frame (see index.html), so it stays in view while the frame scrolls.
  return { minCellSize, legend: false, label: 'Attention weights: one row per output token, one column per input token' };
}

/** A token as it should read on screen: a space is shown as `␣` (the picture cuts long tokens itself). */
function displayToken(token: string): string {
  return token === ' ' ? '␣' : token;
}

function describeModel(m: ModelInfo): string {
  const parts = [`${(m.parameters / 1e6).toFixed(m.parameters < 1e6 ? 2 : 1)} M weights`, `${m.tokenizer}-level`, `vocabularies ${m.sourceVocabSize} / ${m.targetVocabSize}`, `step ${m.step}`];
  const bleu = m.metrics.devBleuGreedy ?? m.metrics.devBleu;
  if (bleu !== undefined) parts.push(`dev BLEU ${bleu.toFixed(1)}`);
  if (m.metrics.devLoss !== undefined) parts.push(`dev loss ${m.metrics.devLoss.toFixed(3)}`);
  return parts.join(', ');
}

function showTranslation(t: TranslationResult, beamWidth: number, ms: number): void {
  ui.output.textContent = t.text;
  ui.output.dataset.for = t.source;
  delete ui.output.dataset.pending;
  const notes = [
    `${beamWidth > 1 ? `beam search, width ${beamWidth}` : 'greedy'}`,
    `log-probability ${t.logProb.toFixed(2)}`,
    `${t.tokens.length} token${t.tokens.length === 1 ? '' : 's'} in ${ms.toFixed(0)} ms`,
  ];
  if (t.truncated) notes.push(`input cut to its first ${t.sourceTokens.length} tokens`);
  if (t.unknown.length) notes.push(`unknown to the model: ${t.unknown.map((w) => `“${w}”`).join(', ')}`);
  ui.details.textContent = notes.join(' · ');
}

start().catch((error: unknown) => showError(`The page failed: ${escapeHtml(String((error as Error)?.message ?? error))}`));
