/**
 * The page's elements (looked up once, by id, failing loudly if index.html lacks one) and its
 * state on `<body data-state>`: `starting` -> `loading` -> `ready` <-> `busy` (-> `loading` after a
 * cancel, which restarts the worker), or `error`
 * (nothing to solve with: no backend, no model). Browser tests wait on it.
 */

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html lacks #${id}`);
  return element as T;
};

export const ui = {
  title: $<HTMLHeadingElement>('title'),
  task: $<HTMLSelectElement>('task'),
  model: $<HTMLSelectElement>('model'),
  prefer: $<HTMLSelectElement>('prefer'),
  backend: $<HTMLSpanElement>('backend'),
  reasons: $<HTMLUListElement>('reasons'),
  runtimeReport: $<HTMLPreElement>('runtime-report'),
  modelStatus: $<HTMLParagraphElement>('model-status'),
  modelInfo: $<HTMLParagraphElement>('model-info'),
  error: $<HTMLDivElement>('error'),
  board: $<HTMLDivElement>('board'),
  referenceName: $<HTMLSpanElement>('reference-name'),
  controls: $<HTMLFormElement>('controls'),
  count: $<HTMLInputElement>('count'),
  random: $<HTMLButtonElement>('random'),
  clear: $<HTMLButtonElement>('clear'),
  instanceInfo: $<HTMLParagraphElement>('instance-info'),
  method: $<HTMLSelectElement>('method'),
  beamLabel: $<HTMLLabelElement>('beam-label'),
  beam: $<HTMLInputElement>('beam'),
  samplesLabel: $<HTMLLabelElement>('samples-label'),
  samples: $<HTMLInputElement>('samples'),
  twoOptLabel: $<HTMLLabelElement>('two-opt-label'),
  twoOpt: $<HTMLInputElement>('two-opt'),
  symmetries: $<HTMLInputElement>('symmetries'),
  solve: $<HTMLButtonElement>('solve'),
  showReference: $<HTMLInputElement>('show-reference'),
  problem: $<HTMLDivElement>('problem'),
  verdict: $<HTMLParagraphElement>('verdict'),
  scores: $<HTMLTableElement>('scores'),
  answerDetails: $<HTMLParagraphElement>('answer-details'),
  referenceLabel: $<HTMLParagraphElement>('reference-label'),
  answerJson: $<HTMLPreElement>('answer-json'),
  result: $<HTMLElement>('result'),
  cancel: $<HTMLButtonElement>('cancel'),
  progress: $<HTMLDivElement>('progress'),
  progressText: $<HTMLSpanElement>('progress-text'),
  sizeWarning: $<HTMLDivElement>('size-warning'),
  examples: $<HTMLDivElement>('examples'),
  exampleNote: $<HTMLParagraphElement>('example-note'),
  pointing: $<HTMLDivElement>('pointing'),
  stepBack: $<HTMLButtonElement>('step-back'),
  play: $<HTMLButtonElement>('play'),
  stepNext: $<HTMLButtonElement>('step-next'),
  step: $<HTMLInputElement>('step'),
  stepInfo: $<HTMLParagraphElement>('step-info'),
  explainTask: $<HTMLParagraphElement>('explain-task'),
  techSummary: $<HTMLSpanElement>('tech-summary'),
};

/** The page's states; see the file comment. */
export type PageState = 'starting' | 'loading' | 'ready' | 'busy' | 'error';

/**
 * Sets `<body data-state>`; Solve is enabled only with a model ready. While `loading` or `busy`
 * the progress line (spinner and `progress`) shows; while `busy` Cancel shows and the answer on
 * screen is marked stale (`#result[data-stale]`).
 */
export function setState(state: PageState, progress = ''): void {
  document.body.dataset.state = state;
  ui.solve.disabled = state !== 'ready' && state !== 'busy';
  ui.cancel.hidden = state !== 'busy';
  ui.progress.hidden = state !== 'busy' && state !== 'loading';
  if (progress || (state !== 'busy' && state !== 'loading')) ui.progressText.textContent = progress;
  if (state === 'busy') ui.result.dataset.stale = 'true';
  else delete ui.result.dataset.stale;
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Shows a fatal problem (no backend, no model) and stops solving. `html` is trusted markup. */
export function showError(html: string): void {
  ui.error.innerHTML = html;
  ui.error.hidden = false;
  setState('error');
}

/** Shows what is wrong with the input (the instance or the query), or hides the box for none. */
export function showProblems(problems: readonly string[]): void {
  ui.problem.replaceChildren(...problems.map((text) => Object.assign(document.createElement('p'), { textContent: text })));
  ui.problem.hidden = problems.length === 0;
}
