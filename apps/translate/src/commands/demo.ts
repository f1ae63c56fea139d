/**
 * `seq2seq-translate demo`: the README's main command. Starts TensorFlow.js (WASM with SIMD in
 * Node), translates an embedded sample sentence with the shipped English-French model, and draws
 * where it attended.
 */
import { formatRuntimeReport } from '@seq2seq/backend';
import { parseArgs } from '../args';
import { attentionText } from '../attention-text';
import { loadTranslator } from '../checkpoints';
import { defaultModelDir } from '../models';
import { startRuntime } from '../runtime';
import { DEMO_OPTIONS } from './options';

/** Runs `demo`; returns the exit code. */
export async function demo(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, DEMO_OPTIONS);
  const runtime = await startRuntime(o.backend as string, true);
  process.stdout.write(`${formatRuntimeReport(runtime)}\n\n`);
  const dir = (o.model as string | undefined) ?? defaultModelDir('eng-fra');
  const { translator, checkpoint } = await loadTranslator(dir);
  try {
    const text = o.text as string;
    const started = performance.now();
    const [beam] = translator.translate([text], { method: 'beam', beamWidth: 5 });
    const ms = performance.now() - started;
    const [greedy] = translator.translate([text], { method: 'greedy' });
    const m = checkpoint.manifest.metrics ?? {};
    const tatoeba = /tatoeba/i.test(checkpoint.manifest.attribution ?? '');
    const [from, to] = tatoeba ? ['English', 'French'] : ['Input', 'Output'];
    process.stdout.write(
      `model: ${dir}\n  ${checkpoint.manifest.attribution ?? ''}\n` +
        (m.devBleuGreedy !== undefined ? `  dev BLEU (greedy): ${m.devBleuGreedy.toFixed(1)}\n` : '') +
        `\n${`${from}:`.padEnd(18)}${text}\n${`${to} (beam 5):`.padEnd(18)}${beam!.text}   [${ms.toFixed(0)} ms]\n${`${to} (greedy):`.padEnd(18)}${greedy!.text}\n\n` +
        `attention (rows: ${to.toLowerCase()} tokens, columns: ${from.toLowerCase()} tokens):\n${attentionText(beam!, process.stdout.columns)}\n`,
    );
    return 0;
  } finally {
    translator.dispose();
  }
}

export { DEMO_OPTIONS };
