/**
 * `seq2seq-pointer import-torch` and `export-torch`: a pointer network trained with the PyTorch
 * reference (`python/seq2seq_torch/train_pointer.py`, on one process or many with `torchrun`) as a
 * checkpoint of this app, and a checkpoint of this app as a PyTorch state dict the reference loads.
 * The safetensors file holds the PyTorch state dict; its metadata the JSON config, the step, the
 * task and the training sizes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { InputError, WeightsError, decodeSafetensors, encodeSafetensors } from '@seq2seq/core';
import {
  pointerNetworkFromTorchStateDict,
  pointerNetworkToTorchStateDict,
  pointerPreset,
  resolvePointerConfig,
  saveCheckpoint,
  type PointerNetworkConfig,
  type PointerTask,
} from '@seq2seq/seq2seq';
import { Args, UsageError } from './args';
import { loadNetwork } from './checkpoint';
import type { PointerData } from './manifest';
import { pointerTask } from './tasks';

/** The `format` of the safetensors metadata of the PyTorch reference. */
const TORCH_FORMAT = 'seq2seq-torch';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`cannot read ${what} '${path}'`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what} '${path}' is not valid JSON: ${(e as Error).message}`);
  }
}

/** The task whose output rules the config has, or undefined when they match none. */
function taskOfRules(config: PointerNetworkConfig): PointerTask | undefined {
  const rules = resolvePointerConfig(config).rules;
  return (['convex-hull', 'delaunay', 'tsp'] as const).find((t) => JSON.stringify(pointerPreset(t)) === JSON.stringify(rules));
}

/** `--n 20` or `--n 5-20` (or the metadata's JSON `20` / `[5, 20]`) as the checkpoint's training size. */
function trainingSize(text: string, where: string): number | [number, number] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  const parsed: unknown = range ? [Number(range[1]), Number(range[2])] : /^\d+$/.test(text) ? Number(text) : JSON.parse(text);
  const ok = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (ok(parsed)) return parsed as number;
  if (Array.isArray(parsed) && parsed.length === 2 && parsed.every(ok) && parsed[0] <= parsed[1]) return parsed as [number, number];
  throw new UsageError(`${where} must be N or NMIN-NMAX, got ${JSON.stringify(text)}`);
}

/** Runs `import-torch`; returns the exit code. */
export async function importTorch(args: Args, argv: readonly string[]): Promise<number> {
  const from = args.string('from');
  const out = args.string('out');
  if (!from || !out) throw new UsageError('import-torch needs --from FILE.safetensors and --out DIR');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(from);
  } catch {
    throw new InputError(`cannot read the PyTorch checkpoint '${from}'`);
  }
  const { tensors, metadata } = decodeSafetensors(bytes);
  let config: PointerNetworkConfig;
  const configFile = args.string('config');
  if (configFile) config = (await readJson(configFile, 'the network config')) as PointerNetworkConfig;
  else if (metadata.config) config = JSON.parse(metadata.config) as PointerNetworkConfig;
  else throw new WeightsError(`'${from}' has no config in its metadata: give the network's JSON config with --config FILE`);
  const task = args.has('task') ? pointerTask(args.string('task')) : ((metadata.task as PointerTask | undefined) ?? taskOfRules(config));
  if (!task) throw new UsageError(`the output rules of '${from}' are none of the tasks'; say which with --task hull|delaunay|tsp`);
  const rules = resolvePointerConfig(config).rules;
  if (JSON.stringify(rules) !== JSON.stringify(pointerPreset(task))) {
    throw new InputError(`the network's output rules ${JSON.stringify(rules)} are not those of ${task} ${JSON.stringify(pointerPreset(task))}`);
  }
  const sizeText = args.string('n') ?? metadata.n;
  if (sizeText === undefined) throw new UsageError(`'${from}' does not say how many points it was trained on: give --n N or NMIN-NMAX`);
  const data: PointerData = { task, n: trainingSize(sizeText, args.has('n') ? '--n' : `the metadata 'n' of '${from}'`) };
  let net;
  try {
    net = pointerNetworkFromTorchStateDict(tensors, config);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
  const step = Number(metadata.step ?? 0);
  const { format: _format, config: _config, ...torchMetadata } = metadata;
  await saveCheckpoint(out, {
    manifest: {
      kind: 'pointer',
      config,
      data,
      step: Number.isFinite(step) ? step : 0,
      provenance: { command: `seq2seq-pointer ${argv.join(' ')}`, torch: torchMetadata },
    },
    model: net,
    float16: args.flag('float16'),
  });
  net.dispose();
  process.stderr.write(`imported ${from} (${task}, step ${step}) to ${out}${args.flag('float16') ? ' (float16)' : ''}\n`);
  return 0;
}

/** Runs `export-torch`; returns the exit code. */
export async function exportTorch(args: Args): Promise<number> {
  const dir = args.string('model');
  const out = args.string('out');
  if (!dir || !out) throw new UsageError('export-torch needs --model DIR and --out FILE.safetensors');
  const { net, manifest } = await loadNetwork(dir);
  const dict = pointerNetworkToTorchStateDict(net);
  try {
    const metadata = { format: TORCH_FORMAT, config: JSON.stringify(manifest.config), step: String(manifest.step ?? 0), task: manifest.data.task, n: JSON.stringify(manifest.data.n) };
    await writeFile(out, await encodeSafetensors(dict, metadata));
  } finally {
    for (const t of dict.values()) t.dispose();
    net.dispose();
  }
  process.stderr.write(`exported ${dir} (${manifest.data.task}) to ${out}: a PyTorch state dict of seq2seq_torch.pointer.PointerNetwork\n`);
  return 0;
}
