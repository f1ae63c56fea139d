/** `--model NAME|DIR` and `--train/--dev ewt|FILE`: the shipped model and treebank, or paths. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDependencyParser, type DependencyParser, type DependencyParserManifest } from '@seq2seq/seq2seq';
import { UsageError } from './args';

/** The directory of the shipped model name, or the directory given. */
export function modelDir(model: string): string {
  return model === 'ewt' && !existsSync(model) ? fileURLToPath(new URL('../models/ewt', import.meta.url)) : model;
}

/** Loads `--model`; a missing model is a clear error. */
export async function loadModel(model: string): Promise<{ parser: DependencyParser; manifest: DependencyParserManifest }> {
  const dir = modelDir(model);
  if (!existsSync(`${dir}/checkpoint.json`)) {
    throw new UsageError(
      model === 'ewt'
        ? "the shipped model 'ewt' is not in apps/parse/models/ yet: train one with 'seq2seq-parse train --model-out DIR' and pass --model DIR"
        : `--model: no checkpoint directory '${model}' (expected ${dir}/checkpoint.json)`,
    );
  }
  return loadDependencyParser(dir);
}

/** The EWT split's file for `ewt`, else the path given (checked). */
export function treebankFile(value: string, split: 'train' | 'dev', option: string): string {
  const file = value === 'ewt' && !existsSync(value) ? fileURLToPath(new URL(`../../../data/ud-english-ewt/en_ewt-ud-${split}.conllu.gz`, import.meta.url)) : value;
  if (!existsSync(file)) throw new UsageError(`${option}: no file '${file}'`);
  return file;
}
