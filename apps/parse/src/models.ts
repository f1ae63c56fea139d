/** `--model NAME|DIR` and `--train/--dev ewt|FILE`: the shipped model and treebank, or paths; the checkpoint's kind picks the decoder. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConlluSentence } from '@seq2seq/datasets';
import { DEPENDENCY_PARSER_KIND, loadDependencyParser, loadTreeGenerator, TREE_GENERATOR_KIND } from '@seq2seq/seq2seq';
import { UsageError } from './args';

/** The models the app ships under `apps/parse/models/`: the pointer parser, and the Seq2Tree decoder it is compared with. */
export const SHIPPED_MODELS = ['ewt', 'ewt-seq2tree'] as const;

/** The directory of a shipped model name, or the directory given. */
export function modelDir(model: string): string {
  return (SHIPPED_MODELS as readonly string[]).includes(model) && !existsSync(model) ? fileURLToPath(new URL(`../models/${model}`, import.meta.url)) : model;
}

/** The decoders `train --decoder` builds, by checkpoint kind. */
export const DECODER_KINDS = { pointer: DEPENDENCY_PARSER_KIND, seq2tree: TREE_GENERATOR_KIND } as const;

/** The `kind` in a checkpoint directory's manifest (a clear error for one no parse command reads). */
export function checkpointKind(dir: string, option: string): string {
  let kind: unknown;
  try {
    kind = (JSON.parse(readFileSync(`${dir}/checkpoint.json`, 'utf8')) as { kind?: unknown }).kind;
  } catch (e) {
    throw new UsageError(`${option}: cannot read ${dir}/checkpoint.json: ${(e as Error).message}`);
  }
  if (kind !== DEPENDENCY_PARSER_KIND && kind !== TREE_GENERATOR_KIND) {
    throw new UsageError(`${option}: ${dir} holds a '${String(kind)}' model; expected a '${DEPENDENCY_PARSER_KIND}' (pointer) or '${TREE_GENERATOR_KIND}' (seq2tree) model`);
  }
  return kind;
}

/** What `parse` and `eval` need of either decoder. */
export interface LoadedParser {
  /** The checkpoint's kind. */
  kind: string;
  /** Parses sentences (FORMs only are read) into copies with HEAD and DEPREL (and UPOS when tagged) filled. */
  parse(sentences: readonly ConlluSentence[]): ConlluSentence[];
  dispose(): void;
}

/** Loads `--model`, pointer or seq2tree by the checkpoint's kind; a missing model is a clear error. */
export async function loadModel(model: string, options: { beam?: number } = {}): Promise<LoadedParser> {
  const dir = modelDir(model);
  if (!existsSync(`${dir}/checkpoint.json`)) {
    throw new UsageError(
      (SHIPPED_MODELS as readonly string[]).includes(model)
        ? `the shipped model '${model}' is not in apps/parse/models/ yet: train one with 'seq2seq-parse train --model-out DIR' and pass --model DIR`
        : `--model: no checkpoint directory '${model}' (expected ${dir}/checkpoint.json)`,
    );
  }
  const kind = checkpointKind(dir, '--model');
  if (kind === TREE_GENERATOR_KIND) {
    const { generator } = await loadTreeGenerator(dir);
    return { kind, parse: (s) => generator.parse(s, { beamWidth: options.beam ?? 1 }), dispose: () => generator.dispose() };
  }
  if (options.beam !== undefined && options.beam !== 1) throw new UsageError(`--beam: ${model} is a pointer parser (it takes the maximum spanning tree); --beam is for seq2tree models`);
  const { parser } = await loadDependencyParser(dir);
  return { kind, parse: (s) => parser.parse(s), dispose: () => parser.dispose() };
}

/** The EWT split's file for `ewt`, else the path given (checked). */
export function treebankFile(value: string, split: 'train' | 'dev', option: string): string {
  const file = value === 'ewt' && !existsSync(value) ? fileURLToPath(new URL(`../../../data/ud-english-ewt/en_ewt-ud-${split}.conllu.gz`, import.meta.url)) : value;
  if (!existsSync(file)) throw new UsageError(`${option}: no file '${file}'`);
  return file;
}
