/**
 * The page: four panels over one Web Worker that holds the models (worker.ts). Watch a model
 * write digits step by step (DRAW's attention window over the canvas, once DRAW is shipped), a
 * digit sampled pixel by pixel (the spatial LSTM, once shipped), a texture grown from a picture
 * the user drops (trained in the worker), and a digit the user draws, for the painter (or, until
 * it ships, scored by a density model). Ink is coloured with @seq2seq/viz's sequential scale;
 * the texture's learning curve is viz's curves picture. A panel whose model is not shipped yet
 * says so and uses the FVSBN.
 */
import { renderCurves, sequentialColor, type CurvesHandle } from '@seq2seq/viz';
import type { ModelInfo, StepWindow, WorkerEvent, WorkerRequest } from './protocol';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLDivElement>('status');
/** `loading`, `ready`, `busy` (a model is drawing, learning or scoring) or `error`. */
const setState = (state: string) => (document.body.dataset.state = state);
const busy = new Set<string>();
const buttons = ['write-run', 'pixels-run', 'texture-run', 'texture-example', 'paint-run'].map((id) => $<HTMLButtonElement>(id));

/** Panels whose model may be missing: the model each wants, and the fallback. */
const WANTS = { write: 'draw', pixels: 'spatial-lstm', paint: 'painter' } as const;
const LABELS: Record<string, string> = { draw: 'DRAW', 'spatial-lstm': 'The spatial LSTM', painter: 'The painter', fvsbn: 'the FVSBN' };
let models = new Map<string, ModelInfo>();
const chosen: Record<keyof typeof WANTS, string> = { write: 'fvsbn', pixels: 'fvsbn', paint: 'fvsbn' };
let nextId = 0;
const pending = new Map<number, string>(); // request id -> panel

/** What the status line says while nothing runs. */
let readyText = 'Ready.';
const WORK: Record<string, string> = { write: 'writing digits', pixels: 'sampling pixel by pixel', texture: 'learning a texture', paint: 'painting or scoring your digit' };

/** DRAW's score is a bound: the negative ELBO, and the importance-weighted bound where measured. */
function boundNote(metrics: Record<string, number>): string {
  const iw = metrics.testImportanceNatsPerImage;
  return typeof iw === 'number' ? ` (a bound; ${iw.toFixed(1)} with ${metrics.testImportanceSamples} importance samples)` : ' (a bound)';
}

function setBusy(panel: string, on: boolean): void {
  if (on) busy.add(panel);
  else busy.delete(panel);
  setState(busy.size ? 'busy' : 'ready');
  status.textContent = busy.size ? `Working: ${[...busy].map((p) => WORK[p] ?? p).join(', ')}…` : readyText;
  document.getElementById(`${panel}-panel`)?.setAttribute('aria-busy', String(on));
  const idle = !busy.size;
  for (const b of buttons) b.disabled = !idle || (b.id === 'texture-run' && !textureImage);
}

/** Paints `n` canvases (`[n, h * w]`, values in [0, 1]) side by side on `canvas`, `scale` pixels each, with a 4-pixel gap. */
function paintCanvases(canvas: HTMLCanvasElement, canvases: Float32Array, n: number, w: number, h: number, scale: number): void {
  const ctx = canvas.getContext('2d')!;
  const gap = 4;
  canvas.width = n * w * scale + (n - 1) * gap;
  canvas.height = h * scale;
  const image = ctx.createImageData(w, h);
  const tile = document.createElement('canvas');
  tile.width = w;
  tile.height = h;
  ctx.imageSmoothingEnabled = false;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < w * h; p++) {
      const [r, g, b] = sequentialColor(Math.min(1, Math.max(0, canvases[i * w * h + p]!)));
      image.data.set([r, g, b, 255], p * 4);
    }
    tile.getContext('2d')!.putImageData(image, 0, 0);
    ctx.drawImage(tile, i * (w * scale + gap), 0, w * scale, h * scale);
  }
}

/** Outlines where each image's step wrote (DRAW's window), in the canvas's pixels. */
function paintWindows(canvas: HTMLCanvasElement, windows: StepWindow[], w: number, scale: number): void {
  const ctx = canvas.getContext('2d')!;
  ctx.strokeStyle = '#d62728';
  ctx.lineWidth = 2;
  windows.forEach((win, i) => {
    const x0 = i * (w * scale + 4);
    ctx.strokeRect(x0 + (win.x - win.size / 2) * scale, (win.y - win.size / 2) * scale, win.size * scale, win.size * scale);
  });
}

// Sampling: frames arrive from the worker faster than one can watch; the page plays them at ~40 per second.
const frames: Array<Extract<WorkerEvent, { status: 'step' }>> = [];
let playing = false;
function play(): void {
  if (playing) return;
  playing = true;
  const tick = () => {
    const frame = frames.shift();
    if (!frame) {
      playing = false;
      return;
    }
    const panel = pending.get(frame.id)!;
    const info = models.get(frame.model)!;
    const canvas = $<HTMLCanvasElement>(`${panel}-canvas`);
    const scale = panel === 'pixels' ? 8 : 4;
    if (panel === 'paint') {
      paintCanvases(canvas, frame.canvases, 1, info.width, info.height, 1);
      canvas.dataset.step = String(frame.step);
      $('paint-out').textContent = `Stroke ${frame.step} of ${frame.steps}.`;
      if (frame.step === frame.steps) {
        $('paint-out').textContent = `Painted with ${frame.steps} strokes.`;
        $('paint-out').dataset.strokes = String(frame.strokes?.length ?? frame.steps);
        canvas.dataset.done = 'true';
        pending.delete(frame.id);
        setBusy(panel, false);
      }
      setTimeout(() => requestAnimationFrame(tick), 250);
      return;
    }
    paintCanvases(canvas, frame.canvases, frame.n, info.width, info.height, scale);
    if (frame.windows) paintWindows(canvas, frame.windows, info.width, scale);
    canvas.dataset.step = String(frame.step);
    $(`${panel}-out`).textContent = `step ${frame.step} of ${frame.steps}`;
    if (frame.step === frame.steps) {
      $(`${panel}-out`).textContent = `${frame.steps} steps (${info.kind === 'fvsbn' ? 'one pixel each' : info.kind === 'draw' ? 'one glimpse each' : 'one row each'}).`;
      canvas.dataset.done = 'true';
      pending.delete(frame.id);
      setBusy(panel, false);
    }
    setTimeout(() => requestAnimationFrame(tick), 25);
  };
  requestAnimationFrame(tick);
}

function sample(panel: 'write' | 'pixels', n: number): void {
  const id = ++nextId;
  pending.set(id, panel);
  const canvas = $<HTMLCanvasElement>(`${panel}-canvas`);
  canvas.dataset.done = 'false';
  setBusy(panel, true);
  $(`${panel}-out`).textContent = 'Drawing…';
  post({ type: 'sample', id, model: chosen[panel], n, seed: Math.floor(Math.random() * 1e9), frames: panel === 'pixels' ? 112 : 56 });
}

// The texture: a picture binarised at its mean brightness, at most 48 pixels a side.
let textureImage: { width: number; height: number; bits: Uint8Array } | undefined;
let curves: CurvesHandle | undefined;
const curvePoints: number[] = [];

function binarise(source: CanvasImageSource & { width: number; height: number }, maxSide: number): { width: number; height: number; bits: Uint8Array } {
  const scale = Math.min(1, maxSide / Math.max(source.width, source.height));
  const width = Math.max(8, Math.round(source.width * scale));
  const height = Math.max(8, Math.round(source.height * scale));
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(source, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
  const mean = gray.reduce((s, v) => s + v, 0) / gray.length;
  // Ink is the darker side: a dark pattern on light paper (or the reverse) keeps its figure.
  const bits = Uint8Array.from(gray, (v) => (v < mean ? 1 : 0));
  return { width, height, bits };
}

function showTextureSource(image: { width: number; height: number; bits: Uint8Array }): void {
  textureImage = image;
  const canvas = $<HTMLCanvasElement>('texture-source');
  paintCanvases(canvas, Float32Array.from(image.bits), 1, image.width, image.height, 1);
  canvas.style.width = `${image.width * 2}px`;
  canvas.style.height = `${image.height * 2}px`;
  $('texture-out').textContent = `Picture: ${image.width}x${image.height}, ${image.bits.reduce((s, b) => s + b, 0)} ink pixels.`;
  setBusy('texture', false);
}

async function openTexture(file: File): Promise<void> {
  try {
    showTextureSource(binarise(await createImageBitmap(file), 48));
  } catch {
    $('texture-out').textContent = `Could not read ${file.name} as an image: drop a PNG, JPEG or another picture.`;
  }
}

/** An example picture: a brick wall, drawn here. */
function exampleTexture(): void {
  const c = document.createElement('canvas');
  c.width = 48;
  c.height = 48;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 48, 48);
  ctx.fillStyle = '#000';
  for (let y = 0; y < 48; y += 8) {
    ctx.fillRect(0, y, 48, 2);
    for (let x = (y / 8) % 2 ? 0 : 6; x < 48; x += 12) ctx.fillRect(x, y, 2, 8);
  }
  showTextureSource(binarise(c, 48));
}

function growTexture(): void {
  if (!textureImage) return;
  const id = ++nextId;
  pending.set(id, 'texture');
  curvePoints.length = 0;
  setBusy('texture', true);
  $('texture-out').textContent = 'Learning the texture…';
  $<HTMLCanvasElement>('texture-canvas').dataset.done = 'false';
  post({ type: 'texture', id, image: textureImage, epochs: 12, growWidth: 96, growHeight: 64, seed: 7 });
}

function drawCurve(): void {
  const series = [{ name: 'nats per pixel', x: curvePoints.map((_, i) => i + 1), y: curvePoints }];
  const element = $('texture-curves');
  const options = { width: Math.max(260, Math.min(460, element.clientWidth || 400)), height: 170, xLabel: 'epoch', yLabel: 'nats per pixel', label: 'The texture model learning' };
  if (!curves) curves = renderCurves(element, series, options);
  else curves.update(series, options);
  element.dataset.points = String(curvePoints.length);
}

// The painter's pad: strokes about as thick as MNIST's at 28x28.
const pad = $<HTMLCanvasElement>('paint-pad');
const pen = pad.getContext('2d')!;
let drawing = false;
function clearPad(): void {
  pen.fillStyle = '#000';
  pen.fillRect(0, 0, pad.width, pad.height);
  $('paint-out').textContent = '';
  paintCanvases($<HTMLCanvasElement>('paint-canvas'), new Float32Array(784), 1, 28, 28, 1);
}
function point(event: PointerEvent): [number, number] {
  const box = pad.getBoundingClientRect();
  return [((event.clientX - box.left) / box.width) * pad.width, ((event.clientY - box.top) / box.height) * pad.height];
}
pad.addEventListener('pointerdown', (event) => {
  drawing = true;
  pad.setPointerCapture(event.pointerId);
  pen.strokeStyle = '#fff';
  pen.lineWidth = pad.width / 12;
  pen.lineCap = 'round';
  pen.lineJoin = 'round';
  pen.beginPath();
  pen.moveTo(...point(event));
  pen.lineTo(...point(event));
  pen.stroke();
});
pad.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  pen.lineTo(...point(event));
  pen.stroke();
});
const endStroke = () => {
  drawing = false;
};
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);

/** The pad at `size x size`, gray values in [0, 1] (light ink). */
function padPixels(size: number): Float32Array {
  const small = document.createElement('canvas');
  small.width = size;
  small.height = size;
  const ctx = small.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(pad, 0, 0, size, size);
  const rgba = ctx.getImageData(0, 0, size, size).data;
  return Float32Array.from({ length: size * size }, (_, i) => rgba[i * 4]! / 255);
}

/** The pad at 28x28, binarised as MNIST is (ink above one half). */
function padBits(): Uint8Array {
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const ctx = small.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(pad, 0, 0, 28, 28);
  const rgba = ctx.getImageData(0, 0, 28, 28).data;
  return Uint8Array.from({ length: 784 }, (_, i) => (rgba[i * 4]! / 255 > 0.5 ? 1 : 0));
}

function paint(): void {
  const bits = padBits();
  paintCanvases($<HTMLCanvasElement>('paint-canvas'), Float32Array.from(bits), 1, 28, 28, 1);
  if (!bits.some((b) => b === 1)) {
    $('paint-out').textContent = 'Draw a digit first (white ink on the black pad).';
    return;
  }
  const id = ++nextId;
  pending.set(id, 'paint');
  setBusy('paint', true);
  if (chosen.paint === 'painter') {
    $('paint-out').textContent = 'Painting…';
    $<HTMLCanvasElement>('paint-canvas').dataset.done = 'false';
    const info = models.get('painter')!;
    post({ type: 'paint', id, model: 'painter', pixels: padPixels(info.width) });
    return;
  }
  $('paint-out').textContent = 'Scoring…';
  post({ type: 'score', id, model: chosen.paint, bits });
}

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const post = (request: WorkerRequest) => worker.postMessage(request);
worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
  const event = message.data;
  if (event.status === 'runtime') status.textContent = `${event.report}; loading the models…`;
  else if (event.status === 'ready') {
    models = new Map(event.models.map((m) => [m.name, m]));
    for (const [panel, want] of Object.entries(WANTS) as Array<[keyof typeof WANTS, string]>) {
      chosen[panel] = models.has(want) ? want : 'fvsbn';
      const note = $(`${panel}-note`);
      note.textContent = models.has(want) ? '' : `${LABELS[want]} is not shipped yet: ${panel === 'paint' ? 'the FVSBN scores your digit instead' : 'the FVSBN draws instead, one pixel at a time (row by row, each pixel a logistic regression on the pixels before it)'}.`;
      $(`${panel}-panel`).dataset.model = chosen[panel];
    }
    const fvsbn = models.get('fvsbn');
    // Each model's score on the test pool, where its manifest has one (DRAW's is a bound).
    const scores = event.models
      .filter((m) => typeof m.metrics.testNatsPerImage === 'number')
      .map((m) => `${(LABELS[m.name] ?? m.name).replace(/^The /, 'the ')} ${m.metrics.testNatsPerImage!.toFixed(1)}${m.name === 'draw' ? boundNote(m.metrics) : ''}`);
    // The painter's paintings of the test pool: cross-entropy per pixel and ink overlap.
    const painter = event.models.find((m) => typeof m.metrics.testBcePerPixel === 'number');
    const painted = painter
      ? ` The painter's paintings of test digits: ${painter.metrics.testBcePerPixel!.toFixed(3)} nats per pixel, ${(100 * (painter.metrics.testInkIoU ?? 0)).toFixed(0)}% ink overlap.`
      : '';
    $('about').textContent = `Models: ${event.models.map((m) => `${m.name} (step ${m.step})`).join(', ')}.${scores.length ? ` Nats per test image (lower is better): ${scores.join(', ')}.` : ''}${painted} ${fvsbn?.attribution ?? ''}`;
    readyText = `Ready (models loaded in ${event.ms.toFixed(0)} ms).`;
    setBusy('load', false);
  } else if (event.status === 'step') {
    frames.push(event);
    play();
  } else if (event.status === 'sampled') {
    // The last frame ends the panel's busy state when it is shown.
  } else if (event.status === 'scored') {
    pending.delete(event.id);
    $('paint-out').textContent = `${event.bound ? 'At most' : 'Exactly'} ${event.natsPerImage.toFixed(1)} nats under ${chosen.paint === 'fvsbn' ? 'the FVSBN' : chosen.paint} (test digits average about 81; lower is more digit-like). Scored in ${event.ms.toFixed(0)} ms.`;
    $('paint-out').dataset.nats = String(event.natsPerImage);
    setBusy('paint', false);
  } else if (event.status === 'texture-epoch') {
    curvePoints.push(event.natsPerPixel);
    drawCurve();
    $('texture-out').textContent = `Learning: epoch ${event.epoch} of ${event.epochs}, ${event.natsPerPixel.toFixed(3)} nats per pixel.`;
  } else if (event.status === 'texture-row') {
    paintCanvases($<HTMLCanvasElement>('texture-canvas'), Float32Array.from(event.bits), 1, event.width, event.height, 1);
    $('texture-out').textContent = `Growing: row ${event.row + 1} of ${event.height}.`;
  } else if (event.status === 'texture-done') {
    pending.delete(event.id);
    $<HTMLCanvasElement>('texture-canvas').dataset.done = 'true';
    $('texture-out').textContent = `Learned to ${event.natsPerPixel.toFixed(3)} nats per pixel and grew a 96x64 texture in ${(event.ms / 1000).toFixed(1)} s.`;
    setBusy('texture', false);
  } else {
    const panel = event.id !== undefined ? pending.get(event.id) : undefined;
    if (panel) {
      pending.delete(event.id!);
      setBusy(panel, false);
    }
    status.textContent = `Error (${event.stage}): ${event.message}`;
    if (event.stage === 'runtime' || event.stage === 'model') setState('error');
  }
};

const params = new URLSearchParams(location.search);
const backend = params.get('backend');
async function start(): Promise<void> {
  // The models the site ships (models/index.json lists them); ?model=NAME loads one alone.
  let names: string[] = [];
  try {
    const response = await fetch('models/index.json');
    if (response.ok) names = ((await response.json()) as { models: string[] }).models;
  } catch {
    names = [];
  }
  const only = params.get('model');
  if (only) names = [only];
  if (!names.length) {
    status.textContent = 'Error (model): no models on this site (models/index.json lists none).';
    setState('error');
    return;
  }
  post({
    type: 'load',
    models: names.map((name) => ({ name, url: new URL(`models/${name}/`, location.href).href })),
    prefer: backend === 'cpu' || backend === 'wasm' || backend === 'webgpu' ? [backend] : ['wasm', 'cpu'],
    wasmPaths: new URL('wasm/', location.href).href,
  });
}

$('write-run').addEventListener('click', () => sample('write', 4));
$('pixels-run').addEventListener('click', () => sample('pixels', 1));
$('texture-run').addEventListener('click', growTexture);
$('texture-example').addEventListener('click', exampleTexture);
$<HTMLInputElement>('texture-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void openTexture(file);
});
const texturePanel = $('texture-panel');
texturePanel.addEventListener('dragover', (event) => {
  event.preventDefault();
  texturePanel.classList.add('drop');
});
texturePanel.addEventListener('dragleave', () => texturePanel.classList.remove('drop'));
texturePanel.addEventListener('drop', (event) => {
  event.preventDefault();
  texturePanel.classList.remove('drop');
  const file = event.dataTransfer?.files[0];
  if (file) void openTexture(file);
});
$('paint-run').addEventListener('click', paint);
$('paint-clear').addEventListener('click', clearPad);
clearPad();
void start();
