/** `seq2seq-chars units`: activations of chosen units over the text on stdin, one JSON line per character. */
import { parseArgs, UsageError } from './args';
import { loadModel } from './models';
import { UNITS_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { readStdin } from './stdin';

/** `--units 0,5,7` -> [0, 5, 7]. */
export function parseUnits(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--units must be comma-separated unit indices such as 0,5,7, got '${value}'`);
  return parts.map(Number);
}

export async function units(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, UNITS_OPTIONS);
  const chosen = parseUnits(o.units as string | undefined);
  const text = await readStdin();
  if (text.length === 0) throw new UsageError('units reads a text on stdin; it was empty');
  await startRuntime(o.backend as string | undefined);
  const { model } = await loadModel(o.model as string);
  try {
    const layer = o.layer as number | undefined;
    if (layer !== undefined && layer >= model.config.numLayers) throw new UsageError(`--layer must be from 0 to ${model.config.numLayers - 1} for this model, got ${layer}`);
    const hidden = model.config.hiddenSize;
    if (chosen?.some((u) => u >= hidden)) throw new UsageError(`--units must be below ${hidden} (the model's units per layer), got ${o.units as string}`);
    const a = model.units(text, { layer, units: chosen });
    const r4 = (row: number[]) => row.map((v) => Math.round(v * 1e4) / 1e4);
    a.chars.forEach((char, t) => {
      const line: Record<string, unknown> = { char, h: r4(a.h[t]!) };
      if (a.c) line.c = r4(a.c[t]!);
      if (a.r) line.r = r4(a.r[t]!);
      if (a.z) line.z = r4(a.z[t]!);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    });
  } finally {
    model.dispose();
  }
  return 0;
}
