/**
 * Decoding throughput of the shipped English-French model: sentences per second translated line
 * by line (one `Translator.translate` call per sentence, what the CLI did before batching) and in
 * batches (one call over all sentences: sorted by length, `--batch-size` at a time), in one
 * process, on the WASM backend, for greedy decoding and beam search. The sentences are a fixed
 * sample of the English side of data/tatoeba-eng-fra.tsv.gz, spread over the corpus.
 *
 * Prints one JSON line per method and mode:
 *   {"case":"translate-decode","beam":5,"mode":"batched","batchSize":32,"sentences":n,"seconds":s,"sentencesPerSec":x,"rowSteps":r,"speedup":y,"same":true,"load":l}
 * `rowSteps` counts decoder rows run (rows x steps); `speedup` is against line by line in the
 * same run; `same` says whether every sentence got the same tokens both ways; `load` is the
 * 1-minute load average when the case started (the machine may be shared).
 *
 *   pnpm bench                                   # 300 sentences, greedy and beam 5
 *   pnpm bench -- --sentences 2000 --beam 5 --batch-size 64
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadCheckpoint, Translator, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';
import { tatoebaSample } from '../test/tatoeba-sample';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    sentences: { type: 'string', default: '300' },
    beam: { type: 'string', default: '1,5' },
    'batch-size': { type: 'string', default: '32' },
    'skip-line-by-line': { type: 'boolean', default: false },
  },
});

await tf.setBackend('wasm');
const translator = Translator.fromCheckpoint(
  await loadCheckpoint<Seq2SeqConfig, TranslationData>(new URL('../models/eng-fra', import.meta.url).pathname, { kind: 'seq2seq' }),
);
let rowSteps = 0;
const stepModel = translator.model.stepModel.bind(translator.model);
translator.model.stepModel = (enc) => {
  const session = stepModel(enc);
  const step = session.model.step;
  session.model.step = (tokens, state) => {
    rowSteps += tokens.length;
    return step(tokens, state);
  };
  return session;
};

const sentences = tatoebaSample(Number(values.sentences));
translator.translate(sentences.slice(0, 4), { beamWidth: 2 }); // warm-up: kernels compiled, caches filled
for (const beam of values.beam.split(',').map(Number)) {
  const options = { method: beam > 1 ? ('beam' as const) : ('greedy' as const), beamWidth: beam };
  const run = (mode: string, batchSize: number, translate: () => string[][]) => {
    const load = loadavg()[0]!;
    rowSteps = 0;
    const start = performance.now();
    const tokens = translate();
    const seconds = (performance.now() - start) / 1000;
    return { mode, batchSize, seconds, rowSteps, tokens, load };
  };
  const results = [];
  if (!values['skip-line-by-line']) results.push(run('line-by-line', 1, () => sentences.map((s) => translator.translate([s], options)[0]!.tokens)));
  for (const batchSize of values['batch-size'].split(',').map(Number)) {
    results.push(run('batched', batchSize, () => translator.translate(sentences, { ...options, batchSize }).map((t) => t.tokens)));
  }
  const base = results.find((r) => r.mode === 'line-by-line');
  for (const r of results) {
    console.log(
      JSON.stringify({
        case: 'translate-decode',
        beam,
        mode: r.mode,
        batchSize: r.batchSize,
        sentences: sentences.length,
        seconds: Number(r.seconds.toFixed(2)),
        sentencesPerSec: Number((sentences.length / r.seconds).toFixed(1)),
        rowSteps: r.rowSteps,
        speedup: base ? Number((base.seconds / r.seconds).toFixed(2)) : null,
        same: base ? JSON.stringify(base.tokens) === JSON.stringify(r.tokens) : null,
        load: Number(r.load.toFixed(2)),
      }),
    );
  }
}
translator.dispose();
