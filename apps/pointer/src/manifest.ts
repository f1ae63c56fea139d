/**
 * What a pointer checkpoint's manifest holds (library format, kind `'pointer'`), and the migration
 * of the app's earlier `config.json` format to it. No Node imports: the command line and the web
 * page both read checkpoints through this module.
 */
import { CHECKPOINT_FORMAT, migratePointerConfig, parseManifest, type CheckpointManifest, type HistoryEntry, type LoadedCheckpoint, type PointerNetworkConfig, type PointerTask, type TrainerState } from '@seq2seq/seq2seq';

/** What a pointer checkpoint's `data` holds. */
export interface PointerData {
  task: PointerTask;
  /** Points per training instance: n, or [nMin, nMax]. */
  n: number | [number, number];
}

/** What `train` keeps in `training.extra` to resume. */
export interface PointerTrainingExtra {
  /** The training settings, by command-line name (`lr`, `steps-per-epoch`...). */
  settings: Record<string, number | string>;
  /** REINFORCE: how many times the baseline was replaced. */
  baselineRounds?: number;
}

/** `provenance` of a pointer checkpoint: the commands that trained it. */
export interface PointerProvenance {
  command: string;
}

export type PointerManifest = CheckpointManifest<PointerNetworkConfig, PointerData>;
export type PointerCheckpoint = LoadedCheckpoint<PointerNetworkConfig, PointerData>;

/** The earlier format's `config.json`. */
export interface LegacyPointerInfo {
  format: 'seq2seq-pointer/1';
  task: PointerTask;
  n: number | [number, number];
  network: PointerNetworkConfig;
  training: Record<string, number | string>;
  command: string;
  trainer: TrainerState;
  optimizerStep: number;
  trainSeconds: number;
  /** One entry per epoch, `epoch` 0-based. */
  history: Array<Record<string, number>>;
  extra?: { baselineRounds?: number };
}

/** The library manifest of an earlier-format checkpoint: same model, data, training state and curve. */
export function migrateLegacyManifest(info: LegacyPointerInfo): PointerManifest {
  const history: HistoryEntry[] = (info.history ?? []).map((h) => ({ ...h, epoch: h.epoch! + 1, step: h.step!, seconds: h.seconds!, trainLoss: h.trainLoss! }));
  const extra: PointerTrainingExtra = { settings: info.training ?? {}, ...(info.extra?.baselineRounds !== undefined ? { baselineRounds: info.extra.baselineRounds } : {}) };
  const provenance: PointerProvenance = { command: info.command ?? '' };
  const manifest: PointerManifest = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    kind: 'pointer',
    config: migratePointerConfig(info.network),
    data: { task: info.task, n: info.n },
    step: info.trainer?.step ?? info.optimizerStep ?? 0,
    provenance,
  };
  if (info.trainer) manifest.training = { trainer: info.trainer, adamStep: info.optimizerStep, history, elapsedSeconds: info.trainSeconds, extra };
  return manifest;
}

/** The files a pointer checkpoint's manifest may be in: the library's, then the earlier format's. */
export const MANIFEST_FILES = ['checkpoint.json', 'config.json'] as const;

/**
 * A pointer manifest from the parsed JSON of `checkpoint.json` or of an earlier-format
 * `config.json` (migrated); `where` names the file in errors.
 */
export function pointerManifestFrom(json: unknown, where: string): PointerManifest {
  if ((json as { format?: unknown } | null)?.format === 'seq2seq-pointer/1') return migrateLegacyManifest(json as LegacyPointerInfo);
  return parseManifest<PointerNetworkConfig, PointerData>(json, where, 'pointer');
}

