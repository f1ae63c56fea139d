/**
 * The page: a drawing pad (mouse, finger, pen) or a dropped image, read by the model in a Web
 * Worker; each digit of the answer is a button that overlays, on the image, where the model
 * looked for it (its attention over the feature grid, coloured with @seq2seq/viz's diverging scale, white to red).
 * Below, a second worker generates Fashion-MNIST scenes and captions them, each word a button
 * showing the attention the same way.
 */
import { divergingColor } from '@seq2seq/viz';
import type { ModelInfo, WorkerEvent, WorkerRequest } from './protocol';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ink = $<HTMLCanvasElement>('ink');
const overlay = $<HTMLCanvasElement>('overlay');
const pad = $<HTMLDivElement>('pad');
const readButton = $<HTMLButtonElement>('read');
const exampleButton = $<HTMLButtonElement>('example');
const answer = $<HTMLDivElement>('answer');
const status = $<HTMLDivElement>('status');
const setState = (state: string) => (document.body.dataset.state = state);

const pen = ink.getContext('2d')!;
const shade = overlay.getContext('2d')!;
/** Model input size; from the model once loaded. */
let size = { width: 160, height: 48 };
let model: ModelInfo | undefined;
let requestId = 0;
let examples = 0;
let last: Extract<WorkerEvent, { status: 'result' }> | undefined;

function clear(): void {
  pen.fillStyle = '#000';
  pen.fillRect(0, 0, ink.width, ink.height);
  shade.clearRect(0, 0, overlay.width, overlay.height);
  answer.replaceChildren();
  last = undefined;
  if (document.body.dataset.state === 'reading') {
    requestId += 1; // a reading still on its way is of the cleared drawing: drop it
    status.textContent = 'Cleared. Write some digits.';
    setState('ready');
  }
}

// Drawing: strokes about as thick as MNIST's at the digit sizes the model was trained on.
let drawing = false;
function point(event: PointerEvent): [number, number] {
  const box = ink.getBoundingClientRect();
  return [((event.clientX - box.left) / box.width) * ink.width, ((event.clientY - box.top) / box.height) * ink.height];
}
ink.addEventListener('pointerdown', (event) => {
  drawing = true;
  ink.setPointerCapture(event.pointerId);
  shade.clearRect(0, 0, overlay.width, overlay.height);
  pen.strokeStyle = '#fff';
  pen.lineWidth = ink.width / 64;
  pen.lineCap = 'round';
  pen.lineJoin = 'round';
  pen.beginPath();
  pen.moveTo(...point(event));
  pen.lineTo(...point(event));
  pen.stroke();
});
ink.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  pen.lineTo(...point(event));
  pen.stroke();
});
const endStroke = () => {
  if (!drawing) return;
  drawing = false;
  scheduleRead();
};
ink.addEventListener('pointerup', endStroke);
ink.addEventListener('pointercancel', endStroke);

let timer: ReturnType<typeof setTimeout> | undefined;
function scheduleRead(): void {
  clearTimeout(timer);
  timer = setTimeout(read, 350);
}

/** The pad at the model's size: gray in 0..1, light ink on black. */
function pixels(): Float32Array {
  const small = document.createElement('canvas');
  small.width = size.width;
  small.height = size.height;
  const ctx = small.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(ink, 0, 0, size.width, size.height);
  const rgba = ctx.getImageData(0, 0, size.width, size.height).data;
  const out = new Float32Array(size.width * size.height);
  for (let i = 0; i < out.length; i++) out[i] = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
  return out;
}

function read(): void {
  if (!model) return;
  requestId += 1;
  status.textContent = 'Reading…';
  setState('reading');
  post({ type: 'read', id: requestId, pixels: pixels(), beamWidth: $<HTMLInputElement>('beam').checked ? 5 : 1 });
}

/** Draws an image onto the pad, fitted inside (letterboxed on black); a light background is inverted. */
function drawImage(image: CanvasImageSource & { width: number; height: number }): void {
  clear();
  const scale = Math.min(ink.width / image.width, ink.height / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  pen.drawImage(image, (ink.width - w) / 2, (ink.height - h) / 2, w, h);
  const data = pen.getImageData(0, 0, ink.width, ink.height);
  let sum = 0;
  for (let i = 0; i < data.data.length; i += 4) sum += data.data[i]!;
  if (sum / (data.data.length / 4) > 127.5) {
    for (let i = 0; i < data.data.length; i += 4) for (let c = 0; c < 3; c++) data.data[i + c] = 255 - data.data[i + c]!;
    pen.putImageData(data, 0, 0);
  }
  read();
}

async function openFile(file: File): Promise<void> {
  try {
    drawImage(await createImageBitmap(file));
  } catch {
    status.textContent = `Could not read ${file.name} as an image.`;
  }
}

/** Colours the grid cells of `target` by `weights` (strongest = opaque); null clears it. */
function paintAttention(target: HTMLCanvasElement, weights: number[] | undefined, grid: { height: number; width: number }): void {
  const ctx = target.getContext('2d')!;
  ctx.clearRect(0, 0, target.width, target.height);
  if (!weights) return;
  const { height: gh, width: gw } = grid;
  const top = Math.max(...weights);
  for (let r = 0; r < gh; r++) {
    for (let c = 0; c < gw; c++) {
      const w = weights[r * gw + c]! / top;
      // Light pink (little) to bright red (most) of the diverging scale: its darkest reds vanish on black.
      const [red, green, blue] = divergingColor(0.3 + 0.4 * w);
      ctx.fillStyle = `rgba(${red}, ${green}, ${blue}, ${(0.85 * w).toFixed(3)})`;
      ctx.fillRect((c * target.width) / gw, (r * target.height) / gh, target.width / gw + 0.5, target.height / gh + 0.5);
    }
  }
}

/** Overlays the attention of output step `s` of the last reading. */
function showAttention(s: number): void {
  if (!last) return paintAttention(overlay, undefined, { height: 1, width: 1 });
  paintAttention(overlay, last.attention[s], last.grid);
  for (const [i, b] of Array.from(answer.children).entries()) b.setAttribute('aria-pressed', String(i === s));
}

/** One button per output symbol (and the end token), each showing its attention. */
function symbolButtons(symbols: string[], title: (s: number) => string, show: (s: number) => void): HTMLButtonElement[] {
  return [...symbols, '⏎'].map((symbol, s) => {
    const b = document.createElement('button');
    b.textContent = symbol;
    b.title = title(s);
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => show(s));
    b.addEventListener('mouseenter', () => show(s));
    b.addEventListener('focus', () => show(s));
    return b;
  });
}

function showResult(event: Extract<WorkerEvent, { status: 'result' }>): void {
  if (event.id !== requestId) return; // superseded
  last = event;
  answer.replaceChildren(
    ...symbolButtons(event.symbols, (s) => (s < event.symbols.length ? `where the model looked for digit ${s + 1}` : 'where the model looked before ending'), showAttention),
  );
  status.textContent = event.text ? `Read "${event.text}" in ${event.ms.toFixed(0)} ms.` : `No digits found (${event.ms.toFixed(0)} ms).`;
  answer.dataset.text = event.text;
  setState('ready');
}

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const post = (request: WorkerRequest) => worker.postMessage(request);
worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
  const event = message.data;
  if (event.status === 'runtime') status.textContent = `${event.report}; loading the model…`;
  else if (event.status === 'ready') {
    model = event.model;
    size = { width: model.width, height: model.height };
    readButton.disabled = false;
    exampleButton.disabled = false;
    const accuracy = model.metrics.valSequenceAccuracy;
    $('about').textContent =
      `Model: ${model.parameters.toLocaleString('en')} weights, step ${model.step}${accuracy !== undefined ? `, ${(accuracy * 100).toFixed(1)}% of validation strings read exactly` : ''}. ${model.attribution ?? ''}`;
    status.textContent = `Ready (model loaded in ${event.ms.toFixed(0)} ms). Write some digits.`;
    setState('ready');
  } else if (event.status === 'result') showResult(event);
  else if (event.status === 'error') {
    status.textContent = `Error (${event.stage}): ${event.message}`;
    setState(event.stage === 'read' ? 'ready' : 'error');
  }
};

const params = new URLSearchParams(location.search);
const backend = params.get('backend');
/** The `load` request of a worker: the model at `?{param}=` (or `fallback`), the backend of `?backend=`. */
const loadRequest = (param: string, fallback: string): Extract<WorkerRequest, { type: 'load' }> => ({
  type: 'load',
  modelUrl: new URL(params.get(param) ?? fallback, location.href).href,
  prefer: backend === 'cpu' || backend === 'wasm' || backend === 'webgpu' ? [backend] : ['wasm', 'cpu'],
  wasmPaths: new URL('wasm/', location.href).href,
});
post(loadRequest('model', 'models/digits/'));

readButton.addEventListener('click', read);
$('clear').addEventListener('click', clear);
exampleButton.addEventListener('click', async () => {
  const response = await fetch(`examples/digits-${examples % 3}.png`);
  examples += 1;
  drawImage(await createImageBitmap(await response.blob()));
});
$<HTMLInputElement>('file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void openFile(file);
});
pad.addEventListener('dragover', (event) => {
  event.preventDefault();
  pad.classList.add('drop');
});
pad.addEventListener('dragleave', () => pad.classList.remove('drop'));
pad.addEventListener('drop', (event) => {
  event.preventDefault();
  pad.classList.remove('drop');
  const file = event.dataTransfer?.files[0];
  if (file) void openFile(file);
});
clear();

// The caption model: its own worker, loaded beside the digit reader.
const sceneCanvas = $<HTMLCanvasElement>('scene');
const sceneOverlay = $<HTMLCanvasElement>('scene-overlay');
const sceneButton = $<HTMLButtonElement>('new-scene');
const caption = $<HTMLDivElement>('caption');
const sceneStatus = $<HTMLDivElement>('scene-status');
const sceneBox = $<HTMLDivElement>('scene-box');
let sceneId = 0;
let lastScene: Extract<WorkerEvent, { status: 'scene' }> | undefined;
const setSceneState = (state: string) => (sceneBox.dataset.state = state);
setSceneState('loading');

function showSceneAttention(s: number): void {
  if (!lastScene) return;
  paintAttention(sceneOverlay, lastScene.attention[s], lastScene.grid);
  for (const [i, b] of Array.from(caption.children).entries()) b.setAttribute('aria-pressed', String(i === s));
}

function newScene(): void {
  sceneId += 1;
  sceneButton.disabled = true;
  sceneStatus.textContent = 'Captioning…';
  setSceneState('captioning');
  scenePost({ type: 'scene', id: sceneId, heldOut: $<HTMLInputElement>('held-out').checked, seed: 1000 + sceneId, beamWidth: $<HTMLInputElement>('beam').checked ? 5 : 1 });
}

function showScene(event: Extract<WorkerEvent, { status: 'scene' }>): void {
  if (event.id !== sceneId) return;
  lastScene = event;
  sceneCanvas.width = event.width;
  sceneCanvas.height = event.height;
  const ctx = sceneCanvas.getContext('2d')!;
  const image = ctx.createImageData(event.width, event.height);
  event.image.forEach((v, i) => image.data.set([v, v, v, 255], i * 4));
  ctx.putImageData(image, 0, 0);
  paintAttention(sceneOverlay, undefined, event.grid);
  caption.replaceChildren(
    ...symbolButtons(event.symbols, (s) => (s < event.symbols.length ? `where the model looked for "${event.symbols[s]}"` : 'where the model looked before ending'), showSceneAttention),
  );
  caption.dataset.text = event.text;
  const right = event.text === event.reference;
  $('reference').textContent = `True caption${event.heldOut ? ' (held-out combination)' : ''}: ${event.reference}${right ? ' (read exactly)' : ''}`;
  sceneStatus.textContent = `Captioned in ${event.ms.toFixed(0)} ms.`;
  sceneButton.disabled = false;
  setSceneState('ready');
}

const sceneWorker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const scenePost = (request: WorkerRequest) => sceneWorker.postMessage(request);
sceneWorker.onmessage = (message: MessageEvent<WorkerEvent>) => {
  const event = message.data;
  if (event.status === 'ready') {
    sceneButton.disabled = false;
    sceneStatus.textContent = `Caption model: ${event.model.parameters.toLocaleString('en')} weights, step ${event.model.step}. Press New scene.`;
    setSceneState('ready');
  } else if (event.status === 'scene') showScene(event);
  else if (event.status === 'error') {
    sceneStatus.textContent = event.stage === 'model' ? `No caption model here (${event.message}).` : `Error (${event.stage}): ${event.message}`;
    sceneButton.disabled = event.stage !== 'scene';
    setSceneState(event.stage === 'scene' ? 'ready' : 'error');
  }
};
scenePost(loadRequest('scenes', 'models/scenes/'));
sceneButton.addEventListener('click', newScene);
