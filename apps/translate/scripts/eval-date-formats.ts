/**
 * Per-format exact match of a dates model on days it never trained on, in any format.
 *
 *   node --import tsx scripts/eval-date-formats.ts [MODEL_DIR] [PER_FORMAT]   (from apps/translate)
 *
 * Rebuilds the model's training set from its checkpoint (`--task dates`: count and seed), then for
 * each format of the date task draws PER_FORMAT (default 1000) distinct days that are neither in
 * the training set nor in its dev/test split, writes them in that format and decodes greedily.
 * Also translates a few spellings the generator does not write (lowercase, no comma), to show
 * how far the model generalises beyond its formats.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { ALL_DATE_FORMATS, dateTask, generateHeldOut, generatePairs, type TranslationPair } from '@seq2seq/datasets';
import { loadCheckpoint, Translator, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';

const modelDir = process.argv[2] ?? new URL('../models/dates', import.meta.url).pathname;
const perFormat = Number(process.argv[3] ?? 1000);
await tf.setBackend('wasm');
tf.env().set('PROD', true);

const checkpoint = await loadCheckpoint<Seq2SeqConfig, TranslationData>(modelDir, { kind: 'seq2seq' });
const data = (checkpoint.manifest.provenance as { data?: { source: { kind: string; count: number; seed: number }; devFraction: number; testFraction: number } }).data;
if (data?.source.kind !== 'dates') throw new Error(`${modelDir} was not trained on --task dates`);
const { count, seed } = data.source;
// As the app's data pipeline: training pairs, then dev+test on days training never showed.
const train = generatePairs(dateTask(), count, seed);
const held = generateHeldOut(dateTask(), Math.round(count * (data.devFraction + data.testFraction)), train, seed + 1, { distinctBy: 'target' });
const seen: TranslationPair[] = [...train, ...held];
const translator = Translator.fromCheckpoint(checkpoint);
const days = new Set(train.map((p) => p.target));

const rows: string[] = [];
let right = 0;
let total = 0;
const started = performance.now();
for (const [i, format] of ALL_DATE_FORMATS.entries()) {
  const pairs = generateHeldOut(dateTask({ formats: [format] }), perFormat, seen, 1000 + i, { distinctBy: 'target' });
  if (pairs.some((p) => days.has(p.target))) throw new Error('a held-out day was trained on');
  const outs = translator.translate(pairs.map((p) => p.source), { method: 'greedy' });
  const wrongPairs = pairs.map((p, j) => [p, outs[j]!.text] as const).filter(([p, out]) => out !== p.target);
  right += pairs.length - wrongPairs.length;
  total += pairs.length;
  const example = pairs[0]!.source;
  rows.push(`| \`${format}\` | ${example} | ${(((pairs.length - wrongPairs.length) / pairs.length) * 100).toFixed(1)}% | ${wrongPairs.slice(0, 2).map(([p, out]) => `${p.source} -> ${out}`).join('; ')} |`);
}
console.log(`${modelDir}: greedy exact match on ${perFormat} unseen days per format (${((performance.now() - started) / 1000).toFixed(0)} s)`);
console.log('| format | example | exact match | errors (first two) |\n|---|---|---|---|');
console.log(rows.join('\n'));
console.log(`| all | | ${((right / total) * 100).toFixed(2)}% (${right}/${total}) | |`);

const beyond = ['4 July 1999', '4 july 1999', 'July 4 1999', 'july 4th 1999', '4th of July, 1999', 'Sunday 4 July 1999', 'Sun, July 4, 1999', 'Jul. 4, 1999', '4-July-1999', '1999-07-04'];
const outs = translator.translate(beyond, { method: 'greedy' });
console.log('\n| input | output |\n|---|---|');
for (const [j, s] of beyond.entries()) console.log(`| ${s} | ${outs[j]!.text} |`);
translator.dispose();
