/**
 * One JSON-serialisable record configures a {@link PointerNetwork}; every field has a documented
 * default, and {@link pointerPreset} gives the output rules of the three geometry tasks.
 */
import { InputError } from '@seq2seq/core';

/** Output rules: which sequences of pointers are valid. Enforced by masks in every form. */
export interface PointerOutputRules {
  /**
   * Outputs have variable length and end by pointing at a learned end slot (position 0 of the
   * pointer's input; input point i is position i + 1). False: exactly `n` outputs (TSP).
   * Default false.
   */
  variableLength: boolean;
  /** A position is never pointed at twice (TSP tours, hulls). Default false. */
  noRepeat: boolean;
  /**
   * Outputs come in groups of this size (Delaunay: 3, one triangle): the end slot is allowed only
   * between groups, a position never repeats within a group, and a group (as a set) is never
   * output twice. Default 1.
   */
  groupSize: number;
  /** The end slot is allowed only after this many outputs. Default 1. */
  minOutputs: number;
  /** Every output sequence starts with this input index (TSP tours start at 0); null: free. Default null. */
  firstOutput: number | null;
}

/** Configuration of a {@link PointerNetwork}. */
export interface PointerNetworkConfig {
  /** Features per input point. Default 2 (x, y). */
  inputSize?: number;
  /** Size of the point embedding `Linear(inputSize -> embeddingSize)`. Default 128. */
  embeddingSize?: number;
  /**
   * LSTM hidden size of encoder and decoder. Default 128 (the paper used 256 or 512; 128 trains
   * in the time a two-core machine has, see apps/pointer/README.md).
   */
  hiddenSize?: number;
  /** Encoder and decoder LSTM layers. Default 1 (the paper's). */
  numLayers?: number;
  /**
   * The encoder: `'lstm'` (the paper's; reads the points in input order) or `'attention'`, a
   * Transformer encoder over the set ({@link SetEncoder}; Kool et al. 2019) whose encodings do not
   * depend on the input order. With `'attention'` the decoder's input at step i is the encoding of
   * the point chosen at step i-1 rather than its embedded coordinates, and the decoder starts from
   * a projection of the mean encoding. Default `'lstm'`.
   */
  encoder?: PointerEncoderKind;
  /** Layers of the attention encoder. Default 3. */
  numEncoderLayers?: number;
  /** Heads of the attention encoder; must divide `hiddenSize`. Default 8. */
  numHeads?: number;
  /** Feed-forward size of the attention encoder. Default `4 * hiddenSize`. */
  feedForwardSize?: number;
  /** Hidden size of the additive pointer and glimpse scores. Default `hiddenSize`. */
  attentionSize?: number;
  /** Glimpses before pointing (Bello et al. 2016). Default 1. */
  numGlimpses?: number;
  /** Logit clipping `C tanh(u)`; null for none. Default 10 (Bello et al. 2016). */
  clip?: number | null;
  /** Output rules; default: see {@link PointerOutputRules}. */
  rules?: Partial<PointerOutputRules>;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** Encoders of a {@link PointerNetworkConfig}. */
export type PointerEncoderKind = 'lstm' | 'attention';

/** A config with every default filled in. */
export interface ResolvedPointerNetworkConfig {
  inputSize: number;
  embeddingSize: number;
  hiddenSize: number;
  numLayers: number;
  encoder: PointerEncoderKind;
  numEncoderLayers: number;
  numHeads: number;
  feedForwardSize: number;
  attentionSize: number;
  numGlimpses: number;
  clip: number | null;
  rules: PointerOutputRules;
  seed: number;
}

/** Field names of earlier releases and what they are called now (the API contract's names). */
const RENAMED_FIELDS: Readonly<Record<string, keyof PointerNetworkConfig>> = {
  inputDim: 'inputSize',
  embeddingDim: 'embeddingSize',
  encoderLayers: 'numEncoderLayers',
  heads: 'numHeads',
  feedForward: 'feedForwardSize',
  units: 'attentionSize',
  glimpses: 'numGlimpses',
};

/**
 * A config written under older field names (`inputDim`, `embeddingDim`, `encoderLayers`, `heads`,
 * `feedForward`, `units`, `glimpses`) in today's names; a current config comes back unchanged.
 * Saved models are migrated when they are read, so old ones keep loading. Throws an
 * {@link InputError} when a config has both names of a field.
 */
export function migratePointerConfig(config: PointerNetworkConfig): PointerNetworkConfig {
  if (config == null || typeof config !== 'object') return config;
  const out: Record<string, unknown> = { ...config };
  for (const [old, now] of Object.entries(RENAMED_FIELDS)) {
    if (!(old in out)) continue;
    if (now in out) throw new InputError(`PointerNetwork: the config has both '${old}' (its old name) and '${now}'; keep '${now}'`);
    out[now] = out[old];
    delete out[old];
  }
  return out as PointerNetworkConfig;
}

/** Fills in defaults and checks ranges (after {@link migratePointerConfig}). */
export function resolvePointerConfig(raw: PointerNetworkConfig = {}): ResolvedPointerNetworkConfig {
  if (raw == null || typeof raw !== 'object') throw new InputError('PointerNetwork: the config must be an object');
  const config = migratePointerConfig(raw);
  const int = (v: number, name: string, min: number): number => {
    if (!Number.isInteger(v) || v < min) throw new InputError(`PointerNetwork: '${name}' must be an integer >= ${min}, got ${v}`);
    return v;
  };
  const hiddenSize = int(config.hiddenSize ?? 128, 'hiddenSize', 1);
  const r = config.rules ?? {};
  const rules: PointerOutputRules = {
    variableLength: r.variableLength ?? false,
    noRepeat: r.noRepeat ?? false,
    groupSize: int(r.groupSize ?? 1, 'rules.groupSize', 1),
    minOutputs: int(r.minOutputs ?? 1, 'rules.minOutputs', 0),
    firstOutput: r.firstOutput == null ? null : int(r.firstOutput, 'rules.firstOutput', 0),
  };
  if (!rules.variableLength && !rules.noRepeat) {
    throw new InputError("PointerNetwork: fixed-length outputs ('variableLength: false') must be permutations ('noRepeat: true')");
  }
  const clip = config.clip === undefined ? 10 : config.clip;
  const encoder = config.encoder ?? 'lstm';
  if (encoder !== 'lstm' && encoder !== 'attention') throw new InputError(`PointerNetwork: 'encoder' must be 'lstm' or 'attention', got ${String(encoder)}`);
  const numHeads = int(config.numHeads ?? 8, 'numHeads', 1);
  if (encoder === 'attention' && hiddenSize % numHeads !== 0) {
    throw new InputError(`PointerNetwork: 'hiddenSize' (${hiddenSize}) must be a multiple of 'numHeads' (${numHeads}) with the attention encoder`);
  }
  if (clip !== null && !(clip > 0)) throw new InputError(`PointerNetwork: 'clip' must be > 0 or null, got ${clip}`);
  return {
    inputSize: int(config.inputSize ?? 2, 'inputSize', 1),
    embeddingSize: int(config.embeddingSize ?? 128, 'embeddingSize', 1),
    hiddenSize,
    numLayers: int(config.numLayers ?? 1, 'numLayers', 1),
    encoder,
    numEncoderLayers: int(config.numEncoderLayers ?? 3, 'numEncoderLayers', 1),
    numHeads,
    feedForwardSize: int(config.feedForwardSize ?? 4 * hiddenSize, 'feedForwardSize', 1),
    attentionSize: int(config.attentionSize ?? hiddenSize, 'attentionSize', 1),
    numGlimpses: int(config.numGlimpses ?? 1, 'numGlimpses', 0),
    clip,
    rules,
    seed: config.seed ?? 0,
  };
}

/** The geometry tasks of Vinyals et al. (2015). */
export type PointerTask = 'convex-hull' | 'delaunay' | 'tsp';

/**
 * Output rules of a geometry task:
 * - `tsp`: a permutation of all points starting at point 0 (no end slot);
 * - `convex-hull`: distinct vertices, then the end slot, at least 3 vertices;
 * - `delaunay`: triangles (groups of 3 distinct indices), then the end slot.
 */
export function pointerPreset(task: PointerTask): PointerOutputRules {
  switch (task) {
    case 'tsp':
      return { variableLength: false, noRepeat: true, groupSize: 1, minOutputs: 1, firstOutput: 0 };
    case 'convex-hull':
      return { variableLength: true, noRepeat: true, groupSize: 1, minOutputs: 3, firstOutput: null };
    case 'delaunay':
      return { variableLength: true, noRepeat: false, groupSize: 3, minOutputs: 3, firstOutput: null };
    default:
      throw new InputError(`pointerPreset: 'task' must be 'convex-hull', 'delaunay' or 'tsp', got ${String(task)}`);
  }
}
