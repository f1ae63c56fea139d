/**
 * The recurrent glimpse reader (Ba et al. 2014; `GlimpseReader` of `@seq2seq/seq2seq`) on the
 * app's digit strings, beside the shipped CNN + attention reader: the same generator, the same
 * training pool, the same validation strings, the same fresh test strings.
 *
 *   npx tsx scripts/glimpse.ts train --model-out DIR [--max-minutes N] [--lr 1e-3] [--seed 1]
 *   npx tsx scripts/glimpse.ts eval --model DIR [--count 2000] [--seed 0]
 *
 * `train` resumes from DIR (weights, Adam's moments, the location noise's RNG) with the shared
 * `TrainingRun`; the best on validation loss goes to DIR/best. Eval's default seed (2026) draws the
 * test strings of `seq2seq-vision eval`. `eval` prints one JSON line: the
 * test strings' sequence accuracy, character error rate and accuracy by length, as `eval` of the
 * app prints them for the CNN reader (greedy, one view: the glimpse reader moves its own eyes).
 */
import { existsSync } from 'node:fs';
import { GlimpseReader, Trainer, TrainingRun, glimpseReaderManifest, glimpseReaderTask, loadCheckpoint, loadGlimpseReader, type GlimpseReaderConfig, type GlimpseReaderData } from '@seq2seq/seq2seq';
import { imageBatch } from '@seq2seq/datasets/images';
import { ProgressBar, formatDuration } from '../../../scripts/cli/progress';
import { parseArgs, type OptionSpec } from '../src/args';
import { chunks, exampleBatch, trainingBatches } from '../src/data';
import { startRuntime } from '../src/runtime';
import { TASKS, type Example } from '../src/tasks';

const OPTIONS: Record<string, OptionSpec> = {
  'model-out': { type: 'string', help: 'checkpoint directory (train resumes from it)', default: 'glimpse-model' },
  model: { type: 'string', help: 'a reader directory (eval)', default: 'glimpse-model/best' },
  'max-minutes': { type: 'number', help: 'stop (and save) after this many minutes of this run' },
  epochs: { type: 'number', help: 'epochs in total', default: 200 },
  'steps-per-epoch': { type: 'number', help: 'batches of fresh strings per epoch', default: 500 },
  batch: { type: 'number', help: 'strings per batch', default: 32 },
  lr: { type: 'number', help: 'Adam learning rate', default: 1e-3 },
  'lr-decay': { type: 'number', help: 'multiply the rate by this after every epoch', default: 0.95 },
  'val-size': { type: 'number', help: 'validation strings', default: 500 },
  count: { type: 'number', help: 'test strings (eval)', default: 2000 },
  seed: { type: 'number', help: 'train: seed of initialisation, strings and location noise (default 1); eval: of the test strings (default 2026, as seq2seq-vision eval)' },
  hidden: { type: 'number', help: 'units of each LSTM and of the glimpse features (new readers)', default: 128 },
  glimpses: { type: 'number', help: 'glimpses per output token (new readers)', default: 3 },
  backend: { type: 'string', help: 'wasm | webgpu | cpu' },
};

const task = TASKS.digits;

function readAll(reader: GlimpseReader, examples: readonly Example[]): string[] {
  return chunks(examples, 100).flatMap((part) => reader.read(imageBatch(part.map((s) => s.image)), { maxLength: task.maxLength }).map((r) => task.vocabulary.decode(r.tokens)));
}

async function train(o: Record<string, string | number | boolean | undefined>): Promise<void> {
  const dir = o['model-out'] as string;
  const seed = (o.seed as number | undefined) ?? 1;
  const loaded = existsSync(`${dir}/checkpoint.json`) ? await loadCheckpoint<GlimpseReaderConfig, GlimpseReaderData>(dir, { kind: 'glimpse-reader', withOptimizer: true }) : undefined;
  const reader = new GlimpseReader(loaded?.manifest.config ?? { height: task.height, width: task.width, vocabSize: task.vocabulary.size, glimpseSize: 10, hiddenSize: o.hidden as number, glimpseFeatures: o.hidden as number, glimpsesPerToken: o.glimpses as number, seed });
  const validation = task.validation(seed, o['val-size'] as number);
  const devBatches = chunks(validation, 100).map((part) => exampleBatch(task, part));
  const steps = o['steps-per-epoch'] as number;
  const batch = o.batch as number;
  const learning = glimpseReaderTask(reader, { trainBatches: (epoch) => trainingBatches(task, seed, epoch, steps, batch), devBatches: () => devBatches, seed });
  const trainer = new Trainer(learning, { epochs: o.epochs as number, schedule: { kind: 'epochDecay', lr: o.lr as number, rate: o['lr-decay'] as number, afterEpoch: 1 }, clipNorm: 5 });
  let bar: ProgressBar | undefined;
  let lossAvg = Number.NaN;
  const run = new TrainingRun({
    trainer,
    dir,
    rng: learning.rng,
    manifest: () => glimpseReaderManifest(reader, task.vocabulary, { data: { task: task.name, description: task.description }, attribution: task.attribution }),
    maxSeconds: o['max-minutes'] === undefined ? undefined : (o['max-minutes'] as number) * 60,
    float16Best: true,
    evaluate: () => {
      const texts = readAll(reader, validation);
      return { valSequenceAccuracy: task.exact(texts, validation), valCharacterErrorRate: (task.score(texts, validation) as { characterErrorRate: number }).characterErrorRate };
    },
    onEvent: (e) => {
      if (e.type === 'batch') {
        lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.98 * lossAvg + 0.02 * e.loss;
        bar?.update(e.step, { epoch: String(e.epoch + 1), loss: lossAvg.toFixed(4) });
      } else if (e.type === 'epoch') {
        const en = e.entry;
        bar?.log(`epoch ${en.epoch}: train ${en.trainLoss.toFixed(4)}  validation ${en.devLoss?.toFixed(4)}  exact ${((en.valSequenceAccuracy ?? 0) * 100).toFixed(1)}%  CER ${((en.valCharacterErrorRate ?? 0) * 100).toFixed(2)}%  step ${en.step}  ${formatDuration(en.seconds)}${e.savedBest ? '  (best)' : ''}`);
      }
    },
  });
  if (loaded) run.restore(loaded);
  const c = reader.config;
  process.stderr.write(`glimpse reader: ${c.glimpsesPerToken} glimpses per token, retina ${c.glimpseSize}x${c.glimpseSize} at strides ${c.scales.join(', ')}; ${c.hiddenSize}-unit LSTMs; ${reader.countParameters().toLocaleString('en')} parameters\n`);
  bar = new ProgressBar((o.epochs as number) * steps, trainer.state.step);
  const result = await run.run();
  bar.done();
  process.stdout.write(`${JSON.stringify({ reason: result.reason, dir, epoch: result.epoch, step: result.step, seconds: Math.round(result.elapsedSeconds), bestValidationLoss: result.bestDevLoss, last: result.history.at(-1) })}\n`);
  trainer.optimizer.dispose();
  reader.dispose();
}

async function evaluate(o: Record<string, string | number | boolean | undefined>): Promise<void> {
  const { model } = await loadGlimpseReader(o.model as string);
  const started = performance.now();
  const { test } = task.test((o.seed as number | undefined) ?? 2026, o.count as number);
  const texts = readAll(model, test!);
  process.stdout.write(`${JSON.stringify({ model: o.model, test: task.score(texts, test!), seconds: Math.round((performance.now() - started) / 100) / 10 })}\n`);
  model.dispose();
}

const [command, ...argv] = process.argv.slice(2);
const { options } = parseArgs(argv, OPTIONS);
await startRuntime(options.backend as string | undefined);
if (command === 'train') await train(options);
else if (command === 'eval') await evaluate(options);
else throw new Error(`usage: glimpse.ts train|eval [options]; got '${String(command)}'`);
