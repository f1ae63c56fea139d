/**
 * `seq2seq-translate eval`: exact match and multi-reference corpus BLEU (references grouped by
 * source, lowercased, punctuation split off) for greedy and beam decoding on a held-out split.
 */
import { corpusBleu, exactMatch, groupReferences, tokenizerFromJSON } from '@seq2seq/datasets';
import { measureAttention } from '@seq2seq/seq2seq';
import { formatAttentionHealth } from '../attention-health';
import { parseArgs, UsageError } from '../args';
import { loadTranslator } from '../checkpoints';
import type { TrainExtra } from '../checkpoints';
import { batchesOf, encodePairs, findStoredCorpus, loadPairs, type DataConfig } from '../data';
import { defaultModelDir } from '../models';
import { formatDuration } from '../progress';
import { startRuntime } from '../runtime';
import { EVAL_OPTIONS, EVAL_HELP } from './options';

/** Runs `eval`; returns the exit code. */
export async function evaluate(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, EVAL_OPTIONS);
  await startRuntime(o.backend as string | undefined);
  const modelDir = (o.model as string | undefined) ?? defaultModelDir('eng-fra');
  const { translator, checkpoint } = await loadTranslator(modelDir);
  try {
    const stored = (checkpoint.manifest.provenance as { data?: DataConfig } | undefined)?.data ?? (checkpoint.manifest.training?.extra as TrainExtra | undefined)?.data;
    if (!stored) throw new UsageError(`${modelDir} does not record its data splits; evaluate with --split all --data FILE`);
    const dataConfig: DataConfig = { ...stored };
    if (o.task === 'dates') {
      if (stored.source.kind !== 'dates') throw new UsageError(`${modelDir} was not trained on --task dates`);
    } else if (o.data !== undefined) {
      dataConfig.source = { kind: 'tsv', path: o.data as string };
    } else if (stored.source.kind === 'tsv') {
      dataConfig.source = { kind: 'tsv', path: findStoredCorpus(stored.source.path, modelDir) };
    }
    const splits = await loadPairs(dataConfig);
    const split = o.split as string;
    if (!['dev', 'test', 'all'].includes(split)) throw new UsageError(`--split must be dev, test or all; got '${split}'`);
    const pairs = split === 'all' ? [...splits.train, ...splits.dev, ...splits.test] : splits[split as 'dev' | 'test'];
    let groups = [...groupReferences(pairs)];
    if (o.limit !== undefined) groups = groups.slice(0, o.limit as number);
    const tt = tokenizerFromJSON(checkpoint.manifest.data.targetTokenizer);
    const refs = groups.map(([, targets]) => targets.map((t) => tt.tokenize(t)));
    const rows: string[] = [];
    for (const [name, beam] of [['greedy', 1], [`beam ${o.beam}`, o.beam as number]] as const) {
      const started = performance.now();
      const outs = translator.translate(groups.map(([s]) => s), { method: beam > 1 ? 'beam' : 'greedy', beamWidth: beam });
      const seconds = (performance.now() - started) / 1000;
      const bleu = corpusBleu(refs, outs.map((t) => t.tokens)).score * 100;
      // Exact match against any reference (token level).
      const exact = exactMatch(
        outs.map((t, i) => refs[i]!.find((r) => r.join(' ') === t.tokens.join(' '))?.join(' ') ?? t.tokens.join(' ')),
        refs.map((r, i) => r.find((x) => x.join(' ') === outs[i]!.tokens.join(' '))?.join(' ') ?? r[0]!.join(' ')),
      );
      rows.push(`| ${name.padEnd(8)} | ${bleu.toFixed(2).padStart(6)} | ${(exact * 100).toFixed(2).padStart(7)}% | ${formatDuration(seconds).padStart(7)} |`);
    }
    process.stdout.write(
      `${modelDir}: ${groups.length} source sentences (${pairs.length} pairs), split '${split}'\n` +
        `| decoding |   BLEU | exact match |    time |\n|----------|--------|-------------|---------|\n${rows.join('\n')}\n`,
    );
    if (translator.model.attention) {
      // Teacher-forced on each evaluated source's first reference: is the attention aligning?
      const chosen = new Set(groups.map(([s]) => s));
      const first = pairs.filter((p) => chosen.delete(p.source));
      const health = measureAttention(translator.model, batchesOf(encodePairs(first, checkpoint.manifest.data), { batchSize: 128, shuffle: false }));
      process.stdout.write(`${formatAttentionHealth(health)}\n`);
    }
    return 0;
  } finally {
    translator.dispose();
  }
}

export { EVAL_OPTIONS, EVAL_HELP };
