/**
 * The page: type or pick a sentence, the parser in a Web Worker parses it, and the tree is drawn
 * as arcs over the words (@seq2seq/viz's `renderDependencyArcs`). Tapping a word opens its head
 * distribution (the pointer's softmax over ROOT and the words, the chosen head marked); below,
 * every word's distribution as one matrix (`renderAttention`), and the parse as CoNLL-U.
 */
import { renderAttention, renderDependencyArcs, type AttentionHandle, type DependencyArcsData, type DependencyArcsOptions, type PictureHandle } from '@seq2seq/viz';
import type { ModelInfo, ParseResult, WorkerEvent, WorkerRequest } from './protocol';
import { tokenize } from './tokenize';

/** Sentences to try, in the style of the treebank (web text). */
const EXAMPLES = [
  'The cat sat on the mat.',
  "I don't think they will come back before Friday.",
  'Can you send me the report that we discussed yesterday?',
  'She gave her brother a book about old ships.',
  'After the meeting, the manager who hired me left early.',
];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('form');
const input = $<HTMLTextAreaElement>('sentence');
const parseButton = $<HTMLButtonElement>('parse');
const busy = $<HTMLSpanElement>('busy');
const busyText = $<HTMLSpanElement>('busy-text');
const status = $<HTMLParagraphElement>('status');
const errorBox = $<HTMLDivElement>('error');
const result = $<HTMLElement>('result');
const wordSelect = $<HTMLSelectElement>('word');
const conllu = $<HTMLTextAreaElement>('conllu');

let model: ModelInfo | undefined;
let requestId = 0;
let last: ParseResult | undefined;
let arcs: PictureHandle<DependencyArcsData, DependencyArcsOptions> | undefined;
let matrix: AttentionHandle | undefined;

/** `loading`, `parsing`, `ready` or `error`; the busy line shows while loading or parsing. */
function setState(state: 'loading' | 'parsing' | 'ready' | 'error', text = ''): void {
  document.body.dataset.state = state;
  const working = state === 'loading' || state === 'parsing';
  busy.hidden = !working;
  busyText.textContent = text;
  parseButton.disabled = state !== 'ready';
  if (state === 'parsing' && last) result.dataset.stale = '';
  else delete result.dataset.stale;
}

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? '';
}

function parse(): void {
  if (!model) return;
  const words = tokenize(input.value);
  if (words.length === 0) {
    showError('Type a sentence first: at least one word.');
    return;
  }
  if (words.length > model.maxWords) {
    showError(`That sentence has ${words.length} words; this parser reads at most ${model.maxWords}. Split it into shorter sentences.`);
    return;
  }
  showError(null);
  requestId += 1;
  setState('parsing', `Parsing ${words.length} words…`);
  status.textContent = '';
  post({ type: 'parse', id: requestId, words });
}

/** The label of candidate head `j` (0 = ROOT) of the last parse. */
const headName = (j: number) => (j === 0 ? 'ROOT' : `${last!.words[j - 1]} (${j})`);

/** Opens word `i`'s head distribution: a bar per candidate head, the chosen one marked. */
function showDistribution(i: number): void {
  if (!last || i < 0 || i >= last.words.length) return;
  arcs?.update(arcData(last), { selected: i });
  wordSelect.value = String(i);
  const p = last.headProbabilities[i]!;
  const chosen = last.heads[i]!;
  const best = p.indexOf(Math.max(...p));
  $('distribution-title').textContent = `Where “${last.words[i]}” (word ${i + 1}) points: its head`;
  $('bars').replaceChildren(
    ...p.map((prob, j) => {
      const li = document.createElement('li');
      li.dataset.head = String(j);
      if (j === chosen) li.className = 'chosen';
      else if (j === i + 1) li.className = 'self';
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = `${headName(j)}${j === chosen ? ' ✓' : ''}`;
      name.title = j === i + 1 ? 'the word itself: never its own head' : headName(j);
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.width = `${(prob * 100).toFixed(1)}%`;
      track.append(fill);
      const pct = document.createElement('span');
      pct.className = 'pct';
      pct.textContent = `${(prob * 100).toFixed(1)}%`;
      li.append(name, track, pct);
      return li;
    }),
  );
  const relation = last.relations[i]!;
  $('distribution-note').textContent =
    `Chosen: ${headName(chosen)} as ${relation}, with probability ${(p[chosen]! * 100).toFixed(1)}%.` +
    (best !== chosen ? ` The pointer's favourite was ${headName(best)} (${(p[best]! * 100).toFixed(1)}%), but that head would not make a tree with the others.` : '');
  $('distribution').hidden = false;
}

const arcData = (r: ParseResult): DependencyArcsData => ({ words: r.words, heads: r.heads, relations: r.relations, ...(r.upos ? { tags: r.upos } : {}) });

function showResult(r: ParseResult): void {
  if (r.id !== requestId) return; // superseded
  last = r;
  result.hidden = false;
  $('distribution').hidden = true;
  if (arcs) {
    arcs.update(arcData(r), { selected: -1 });
    arcs.frame.scrollLeft = 0; // a new sentence starts at its first word
  } else {
    arcs = renderDependencyArcs($('arcs'), arcData(r));
    arcs.svg.addEventListener('click', (event) => {
      const i = arcs!.itemAtClientPoint(event.clientX, event.clientY);
      if (i >= 0) showDistribution(i);
    });
    arcs.svg.addEventListener('keydown', (event) => {
      // Enter opens the word the arrow keys named (the outlined one, whose tooltip shows).
      if (event.key !== 'Enter' || !last) return;
      const outlined = arcs!.svg.querySelector('.seq2seq-viz-outline');
      if (!outlined) return;
      const box = outlined.getBoundingClientRect();
      showDistribution(arcs!.itemAtClientPoint(box.left + box.width / 2, box.top + box.height / 2));
    });
  }
  wordSelect.replaceChildren(
    ...r.words.map((w, i) => {
      const option = document.createElement('option');
      option.value = String(i);
      option.textContent = `${i + 1} ${w}`;
      return option;
    }),
  );
  const data = { weights: r.headProbabilities, sourceTokens: ['ROOT', ...r.words], targetTokens: r.words };
  const options = { minCellSize: 22, label: 'Each word’s distribution over its possible heads' };
  if (matrix) matrix.update(data, options);
  else matrix = renderAttention($('matrix'), data, options);
  conllu.value = r.conllu;
  conllu.rows = Math.min(16, r.words.length + 1);
  $('copied').textContent = '';
  const root = r.heads.indexOf(0);
  status.textContent = `Parsed ${r.words.length} words in ${r.ms.toFixed(0)} ms; the root is “${r.words[root]}”.`;
  setState('ready');
}

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const post = (request: WorkerRequest) => worker.postMessage(request);
worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
  const event = message.data;
  if (event.status === 'runtime') {
    $('runtime').textContent = event.report;
    busyText.textContent = 'Loading the model…';
  } else if (event.status === 'ready') {
    model = event.model;
    const { devUas, devLas } = model.metrics;
    $('about').textContent =
      `Model: ${model.parameters.toLocaleString('en')} weights, step ${model.step}` +
      (devUas !== undefined && devLas !== undefined ? `; on the EWT dev set ${devUas.toFixed(1)}% of words get the right head (UAS), ${devLas.toFixed(1)}% also the right relation (LAS)` : '') +
      `. ${model.attribution ?? ''}`;
    status.textContent = `Ready (model loaded in ${event.ms.toFixed(0)} ms).`;
    setState('ready');
    parse();
  } else if (event.status === 'result') showResult(event);
  else {
    showError(`Error (${event.stage}): ${event.message}`);
    status.textContent = '';
    setState(event.stage === 'parse' ? 'ready' : 'error');
  }
};

const params = new URLSearchParams(location.search);
const backend = params.get('backend');
setState('loading', 'Starting TensorFlow.js…');
post({
  type: 'load',
  modelUrl: new URL(params.get('model') ?? 'models/ewt/', location.href).href,
  prefer: backend === 'cpu' || backend === 'wasm' || backend === 'webgpu' ? [backend] : ['wasm', 'cpu'],
  wasmPaths: new URL('wasm/', location.href).href,
});

$('examples').replaceChildren(
  ...EXAMPLES.map((text) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', () => {
      input.value = text;
      parse();
    });
    return b;
  }),
);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  parse();
});
input.addEventListener('keydown', (event) => {
  // Enter parses; Shift+Enter is a new line.
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    if (!parseButton.disabled) parse();
  }
});
wordSelect.addEventListener('change', () => showDistribution(Number(wordSelect.value)));
$('copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(conllu.value);
    $('copied').textContent = 'Copied.';
  } catch {
    conllu.select();
    $('copied').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
});
