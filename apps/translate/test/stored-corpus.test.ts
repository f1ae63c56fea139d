/**
 * `eval` without `--data` finds the corpus a checkpoint records: the shipped English-French model
 * records the Tatoeba copy kept in the repository, relative to its own directory.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findStoredCorpus } from '../src/data';

const ENG_FRA = fileURLToPath(new URL('../models/eng-fra', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../data/tatoeba-eng-fra.tsv.gz', import.meta.url));

describe('findStoredCorpus', () => {
  it("resolves the shipped eng-fra model's corpus to the repository's data/ copy, from any working directory", () => {
    const manifest = JSON.parse(readFileSync(`${ENG_FRA}/checkpoint.json`, 'utf8')) as { provenance: { data: { source: { kind: string; path: string } } } };
    expect(manifest.provenance.data.source).toEqual({ kind: 'tsv', path: '../../../../data/tatoeba-eng-fra.tsv.gz' });
    expect(findStoredCorpus(manifest.provenance.data.source.path, ENG_FRA)).toBe(CORPUS);
  });

  it('falls back to the working directory, keeps absolute paths, and says what it tried', () => {
    expect(findStoredCorpus('package.json', ENG_FRA)).toBe(resolve('package.json')); // none beside the model
    expect(findStoredCorpus('/no/such/file.tsv', ENG_FRA)).toBe('/no/such/file.tsv');
    expect(() => findStoredCorpus('missing.tsv', ENG_FRA)).toThrow(/the corpus .*eng-fra was trained on is not at .*eng-fra\/missing\.tsv nor .*missing\.tsv; give it with --data FILE/);
  });
});
