/**
 * Prints the statistics of a CoNLL-U treebank that a parser needs before it is built: sentence
 * lengths (the bracketed decoder writes 3n tokens), non-projective trees (which it cannot write),
 * and relation counts (its output vocabulary). The numbers in the README's treebank section come
 * from this script.
 *
 * Run: pnpm --filter @seq2seq/datasets treebank-stats [-- FILE.conllu[.gz] ...]
 * (default: the EWT train and dev splits in data/ud-english-ewt)
 */
import { fileURLToPath } from 'node:url';
import { loadConlluFile, treebankStatistics } from '../src/index';

const DATA = fileURLToPath(new URL('../../../data/ud-english-ewt/', import.meta.url));
const files = process.argv.slice(2).filter((a) => a !== '--');
if (files.length === 0) files.push(`${DATA}en_ewt-ud-train.conllu.gz`, `${DATA}en_ewt-ud-dev.conllu.gz`);

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(2)}%`;
for (const file of files) {
  const s = treebankStatistics(await loadConlluFile(file));
  const { length: l } = s;
  console.log(`${file.replace(DATA, 'data/ud-english-ewt/')}`);
  console.log(`  sentences ${s.sentences}, words ${s.words}, multiword tokens ${s.multiwordTokens}, empty nodes ${s.emptyNodes}`);
  console.log(`  length (words): min ${l.min}, median ${l.median}, mean ${l.mean.toFixed(1)}, p90 ${l.p90}, p99 ${l.p99}, max ${l.max}`);
  console.log(
    `  non-projective: ${s.nonProjectiveSentences} of ${s.trees} sentences (${pct(s.nonProjectiveSentences, s.trees)}), ` +
      `${s.nonProjectiveArcs} of ${s.words} arcs (${pct(s.nonProjectiveArcs, s.words)})`,
  );
  console.log(`  projectivising changes the head of ${s.liftedWords} words (${pct(s.liftedWords, s.words)}): a projective decoder's UAS ceiling is ${pct(s.words - s.liftedWords, s.words)}`);
  console.log(`  relations: ${s.relations.length} full, ${s.universalRelations.length} universal`);
  console.log(`  ${s.relations.map(([r, n]) => `${r} ${n}`).join(', ')}`);
}
