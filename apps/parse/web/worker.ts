/**
 * The parser's Web Worker: TensorFlow.js, the checkpoint and every parse live here, off the
 * page's thread, so typing never waits for the model.
 */
import { createRuntime, formatRuntimeReport } from '@seq2seq/backend';
import { sentenceFromForms, writeConllu } from '@seq2seq/datasets';
import { DEPENDENCY_PARSER_KIND, dependencyParserFromCheckpoint, fetchCheckpoint, withParse, type DependencyParser, type DependencyParserConfig, type DependencyParserData } from '@seq2seq/seq2seq';
import type { ModelInfo, ParseResult, WorkerEvent, WorkerRequest } from './protocol';

const scope = self as unknown as { postMessage(event: WorkerEvent): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
const post = (event: WorkerEvent): void => scope.postMessage(event);

let loaded: Promise<DependencyParser> | undefined;

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<DependencyParser> {
  try {
    const runtime = await createRuntime({ prefer: request.prefer, wasmPaths: request.wasmPaths });
    post({ status: 'runtime', runtime, report: formatRuntimeReport(runtime) });
  } catch (error) {
    post({ status: 'error', stage: 'runtime', message: (error as Error).message });
    throw error;
  }
  try {
    const started = performance.now();
    const checkpoint = await fetchCheckpoint<DependencyParserConfig, DependencyParserData>(request.modelUrl, { kind: DEPENDENCY_PARSER_KIND });
    const { manifest } = checkpoint;
    const parser = dependencyParserFromCheckpoint(checkpoint, request.modelUrl);
    // One short sentence compiles the kernels before the user waits.
    parser.parseTrees([sentenceFromForms(['Hello', '.'])]);
    const info: ModelInfo = { step: manifest.step, parameters: parser.countParameters(), maxWords: parser.config.maxWords, metrics: manifest.metrics ?? {}, attribution: manifest.attribution };
    post({ status: 'ready', model: info, ms: performance.now() - started });
    return parser;
  } catch (error) {
    post({ status: 'error', stage: 'model', message: (error as Error).message });
    throw error;
  }
}

/** Parses one sentence: the tree, the head distributions and the CoNLL-U the command line writes. */
export function parseWords(parser: DependencyParser, words: string[], id: number): Omit<ParseResult, 'ms'> {
  const sentence = sentenceFromForms(words);
  const [tree] = parser.parseTrees([sentence], { headProbabilities: true });
  return {
    id,
    words,
    heads: tree!.heads,
    relations: tree!.relations,
    ...(tree!.upos ? { upos: tree!.upos } : {}),
    headProbabilities: tree!.headProbabilities!,
    conllu: writeConllu([withParse(sentence, tree!)]),
  };
}

async function parse(request: Extract<WorkerRequest, { type: 'parse' }>): Promise<void> {
  let parser: DependencyParser;
  try {
    if (!loaded) throw new Error('no model: the page must send "load" before "parse"');
    parser = await loaded;
  } catch {
    return; // reported by load
  }
  try {
    const started = performance.now();
    const result = parseWords(parser, request.words, request.id);
    post({ status: 'result', ...result, ms: performance.now() - started });
  } catch (error) {
    post({ status: 'error', stage: 'parse', message: (error as Error).message });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'load') {
    loaded = load(request);
    loaded.catch(() => undefined);
  } else void parse(request);
};
