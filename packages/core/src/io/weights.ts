/**
 * Saving and loading weights by name, through tf.io handlers.
 *
 * - A file path, or a `file://` URL, is a safetensors file on disk (Node), written atomically.
 *   A path that does not end in `.safetensors` names a directory holding `model.safetensors`.
 * - An `http(s)://` URL ending in `.safetensors` is fetched and decoded.
 * - Any other URL goes through the handlers registered with tfjs-core: `indexeddb://`,
 *   `localstorage://` and `downloads://` in a browser, `http(s)://` for a tfjs `model.json`
 *   with its weight files.
 * - A `tf.io.IOHandler` is used as given.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, WeightsError } from '../errors';
import type { LoadWeightsOptions, Module } from '../module';
import { float32ToFloat16Checked } from './float16';
import { filePath } from './node-file';
import {
  decodeSafetensors,
  type DecodedSafetensors,
  type DecodeSafetensorsOptions,
  type EncodeSafetensorsOptions,
} from './safetensors';
import { loadSafetensorsFile, saveSafetensorsFile } from './safetensors-file';

/** Weights by name: a module's parameters, a Map, or a plain object. */
export type WeightsSource = Module | ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>;

/** Where weights are saved: a path or URL (see the module comment), or a tf.io handler. */
export type WeightsDestination = string | tf.io.IOHandler;

/** Where weights are loaded from: a path or URL, a tf.io handler, or the bytes of a safetensors file. */
export type WeightsOrigin = string | tf.io.IOHandler | Uint8Array | ArrayBuffer;

/** Options of {@link saveWeights} and {@link saveModuleWeights}. */
export interface SaveWeightsOptions extends EncodeSafetensorsOptions {
  /**
   * String metadata: the safetensors `__metadata__`, or `userDefinedMetadata` for other
   * tf.io destinations.
   */
  metadata?: Record<string, string>;
}

/** Options of {@link loadModuleWeights}. */
export interface LoadModuleWeightsOptions extends LoadWeightsOptions, DecodeSafetensorsOptions {}

/** Metadata keys under which {@link SafetensorsFileHandler} keeps tf.io model artifacts. */
const TOPOLOGY_KEY = 'tfjs.modelTopology';
const FORMAT_KEY = 'tfjs.format';
const GENERATED_BY_KEY = 'tfjs.generatedBy';

/**
 * A `tf.io.IOHandler` that keeps weights in one safetensors file (Node), written atomically.
 * Besides weights, it stores a JSON model topology, `format` and `generatedBy` in the metadata
 * (`tfjs.modelTopology`, ...), so a tfjs model saved through it loads back through it; string
 * entries of `userDefinedMetadata` become plain metadata entries.
 */
export class SafetensorsFileHandler implements tf.io.IOHandler {
  /** The file written and read. */
  readonly path: string;
  readonly #options: DecodeSafetensorsOptions & EncodeSafetensorsOptions;

  /**
   * @param pathOrUrl a path or `file://` URL; one not ending in `.safetensors` is a directory,
   * and the file is `model.safetensors` inside it.
   * @param options decoding limits, and `float16` for saving through {@link save}.
   */
  constructor(pathOrUrl: string, options: DecodeSafetensorsOptions & EncodeSafetensorsOptions = {}) {
    const path = filePath(pathOrUrl);
    if (path === '') throw new InputError(`SafetensorsFileHandler: the path is empty`);
    this.path = path.endsWith('.safetensors') ? path : `${path.replace(/[\\/]+$/, '')}/model.safetensors`;
    this.#options = options;
  }

  /** Writes the tensors and metadata (atomically). */
  async saveTensors(
    tensors: ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>,
    metadata?: Record<string, string>,
    options: EncodeSafetensorsOptions = this.#options,
  ): Promise<void> {
    await saveSafetensorsFile(this.path, tensors, metadata, options);
  }

  /** Reads the tensors and metadata. */
  async loadTensors(): Promise<DecodedSafetensors> {
    return loadSafetensorsFile(this.path, this.#options);
  }

  /** tf.io: saves model artifacts (weights, JSON topology) as safetensors. */
  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new InputError('SafetensorsFileHandler.save: a binary (GraphDef) model topology cannot be stored; use a JSON topology');
    }
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(artifacts.userDefinedMetadata ?? {})) if (typeof v === 'string') metadata[k] = v;
    if (artifacts.modelTopology != null) metadata[TOPOLOGY_KEY] = JSON.stringify(artifacts.modelTopology);
    if (artifacts.format != null) metadata[FORMAT_KEY] = artifacts.format;
    if (artifacts.generatedBy != null) metadata[GENERATED_BY_KEY] = artifacts.generatedBy;
    const tensors =
      artifacts.weightData != null && artifacts.weightSpecs != null ? tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs) : {};
    try {
      await this.saveTensors(tensors, metadata);
    } finally {
      tf.dispose(tensors);
    }
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }

  /** tf.io: loads the weights (and a JSON topology, if one was saved) as model artifacts. */
  async load(): Promise<tf.io.ModelArtifacts> {
    const { tensors, metadata } = await this.loadTensors();
    const named: tf.NamedTensorMap = Object.fromEntries(tensors);
    try {
      const { data, specs } = await tf.io.encodeWeights(named);
      const userDefinedMetadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(metadata)) if (!k.startsWith('tfjs.')) userDefinedMetadata[k] = v;
      const artifacts: tf.io.ModelArtifacts = { weightSpecs: specs, weightData: data, userDefinedMetadata };
      if (metadata[TOPOLOGY_KEY] !== undefined) artifacts.modelTopology = JSON.parse(metadata[TOPOLOGY_KEY]) as {};
      if (metadata[FORMAT_KEY] !== undefined) artifacts.format = metadata[FORMAT_KEY];
      if (metadata[GENERATED_BY_KEY] !== undefined) artifacts.generatedBy = metadata[GENERATED_BY_KEY];
      return artifacts;
    } finally {
      tf.dispose(named);
    }
  }
}

/** A {@link SafetensorsFileHandler} for a path or `file://` URL (Node). */
export function fileHandler(pathOrUrl: string, options: DecodeSafetensorsOptions & EncodeSafetensorsOptions = {}): SafetensorsFileHandler {
  return new SafetensorsFileHandler(pathOrUrl, options);
}

/** Whether a string names a file (a `file://` URL or a string with no scheme). */
const isFileTarget = (url: string): boolean => url.startsWith('file://') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url);

/**
 * Saves weights by name: a module's parameters (hierarchical names such as
 * `encoder.embedding.weight`) or a map of tensors.
 *
 * @param destination a path or `file://` URL (safetensors, atomic, Node), another tf.io URL
 * (`indexeddb://name`, ...), or a `tf.io.IOHandler`.
 * @param options `float16` halves the size of float32 weights; `metadata` is stored with them.
 * @throws InputError when no handler serves `destination`; WeightsError when writing fails.
 *
 * @example
 * ```ts
 * await saveWeights(model, 'checkpoints/step-1000.safetensors', { metadata: { step: '1000' } });
 * await saveWeights(model, 'indexeddb://translator');
 * ```
 */
export async function saveWeights(
  source: WeightsSource,
  destination: WeightsDestination,
  options: SaveWeightsOptions = {},
): Promise<tf.io.SaveResult> {
  const tensors = toTensorMap(source, 'saveWeights');
  const handler = typeof destination === 'string' ? saveHandlerFor(destination) : destination;
  if (handler instanceof SafetensorsFileHandler) {
    await handler.saveTensors(tensors, options.metadata, options);
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        weightDataBytes: [...tensors.values()].reduce((n, t) => n + t.size * (t.dtype === 'bool' ? 1 : options.float16 && t.dtype === 'float32' ? 2 : 4), 0),
      },
    };
  }
  if (handler == null || typeof handler.save !== 'function') throw new InputError('saveWeights: the destination handler has no save()');
  const artifacts = await toArtifacts(tensors, options);
  return handler.save(artifacts);
}

/**
 * Loads weights by name into a new Map (the caller owns, and disposes, the tensors).
 *
 * @param source a path or `file://` URL (safetensors, Node), an `http(s)://` URL of a
 * `.safetensors` file, another tf.io URL (`indexeddb://name`, an `http(s)://` `model.json`),
 * a `tf.io.IOHandler`, or the bytes of a safetensors file.
 * @throws WeightsError when the source is missing, malformed or holds no weights.
 */
export async function loadWeights(source: WeightsOrigin, options: DecodeSafetensorsOptions = {}): Promise<Map<string, tf.Tensor>> {
  return (await readWeights(source, options)).tensors;
}

/**
 * Loads weights from `source` (as {@link loadWeights}) into `module` by hierarchical name, strictly
 * by default: every parameter must be present with its shape, and nothing else. On a mismatch the
 * module is left unchanged. Returns the file's metadata (`{}` where the source has none).
 */
export async function loadModuleWeights(
  module: Module,
  source: WeightsOrigin,
  options: LoadModuleWeightsOptions = {},
): Promise<Record<string, string>> {
  const { tensors, metadata } = await readWeights(source, options);
  try {
    module.loadWeights(tensors, { strict: options.strict ?? true });
  } finally {
    tf.dispose([...tensors.values()]);
  }
  return metadata;
}

/**
 * Saves a module's parameters by hierarchical name (as {@link saveWeights}): to a safetensors file
 * for a path, atomically.
 */
export async function saveModuleWeights(
  module: Module,
  destination: WeightsDestination,
  options: SaveWeightsOptions = {},
): Promise<tf.io.SaveResult> {
  return saveWeights(module, destination, options);
}

async function readWeights(source: WeightsOrigin, options: DecodeSafetensorsOptions): Promise<DecodedSafetensors> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return decodeSafetensors(source, options);
  if (typeof source === 'string') {
    if (isFileTarget(source)) return new SafetensorsFileHandler(source, options).loadTensors();
    if (/^https?:\/\//i.test(source) && /\.safetensors([?#].*)?$/i.test(source)) return fetchSafetensors(source, options);
  }
  const handler = typeof source === 'string' ? loadHandlerFor(source) : source;
  if (handler instanceof SafetensorsFileHandler) return handler.loadTensors();
  if (handler == null || typeof handler.load !== 'function') throw new InputError('loadWeights: the source handler has no load()');
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    throw new WeightsError(`loadWeights: loading failed: ${(error as Error).message}`, { cause: error });
  }
  if (artifacts.weightSpecs == null || artifacts.weightData == null) throw new WeightsError('loadWeights: the source holds no weights');
  let named: tf.NamedTensorMap;
  try {
    named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  } catch (error) {
    throw new WeightsError(`loadWeights: the weights do not match their manifest: ${(error as Error).message}`, { cause: error });
  }
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(artifacts.userDefinedMetadata ?? {})) if (typeof v === 'string') metadata[k] = v;
  return { tensors: new Map(Object.entries(named)), metadata };
}

async function fetchSafetensors(url: string, options: DecodeSafetensorsOptions): Promise<DecodedSafetensors> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new WeightsError(`loadWeights: could not fetch '${url}': ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new WeightsError(`loadWeights: fetching '${url}' gave HTTP ${response.status}`);
  return decodeSafetensors(new Uint8Array(await response.arrayBuffer()), options);
}

function saveHandlerFor(url: string): tf.io.IOHandler {
  if (isFileTarget(url)) return new SafetensorsFileHandler(url);
  return single(tf.io.getSaveHandlers(url), url, 'saveWeights', 'save');
}

function loadHandlerFor(url: string): tf.io.IOHandler {
  return single(tf.io.getLoadHandlers(url), url, 'loadWeights', 'load');
}

function single(handlers: tf.io.IOHandler[], url: string, op: string, verb: string): tf.io.IOHandler {
  if (handlers.length === 1) return handlers[0]!;
  if (handlers.length === 0) {
    throw new InputError(
      `${op}: no tf.io handler can ${verb} '${url}' here (tfjs-core serves indexeddb://, localstorage:// and downloads:// in a browser, ` +
        `http(s):// everywhere; file paths need Node)`,
    );
  }
  throw new InputError(`${op}: ${handlers.length} tf.io handlers claim '${url}'; pass one as a tf.io.IOHandler`);
}

function toTensorMap(source: WeightsSource, op: string): ReadonlyMap<string, tf.Tensor> {
  if (source instanceof Map) return source;
  if (source != null && typeof (source as Module).getWeights === 'function' && typeof (source as Module).namedParameters === 'function') {
    return (source as Module).getWeights();
  }
  if (source != null && typeof source === 'object') return new Map(Object.entries(source as Record<string, tf.Tensor>));
  throw new InputError(`${op}: 'source' must be a Module, a Map or an object of tensors`);
}

/** tf.io artifacts for weights only; float16 uses tfjs's own `quantization: { dtype: 'float16' }`. */
async function toArtifacts(tensors: ReadonlyMap<string, tf.Tensor>, options: SaveWeightsOptions): Promise<tf.io.ModelArtifacts> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const [name, t] of tensors) {
    const values = await t.data();
    if (t.dtype === 'float32' && options.float16) {
      let half: Uint16Array;
      try {
        half = float32ToFloat16Checked(values as Float32Array, `tensor '${name}'`);
      } catch (error) {
        throw new InputError(`saveWeights: ${(error as Error).message}; save it without float16`);
      }
      specs.push({ name, shape: [...t.shape], dtype: 'float32', quantization: { dtype: 'float16' } });
      parts.push(new Uint8Array(half.buffer));
    } else if (t.dtype === 'float32' || t.dtype === 'int32') {
      const typed = values as Float32Array | Int32Array;
      specs.push({ name, shape: [...t.shape], dtype: t.dtype });
      parts.push(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
    } else if (t.dtype === 'bool') {
      specs.push({ name, shape: [...t.shape], dtype: 'bool' });
      parts.push(Uint8Array.from(values as Uint8Array));
    } else {
      throw new InputError(`saveWeights: tensor '${name}' has dtype ${t.dtype}; only float32, int32 and bool can be saved`);
    }
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.byteLength;
  }
  return {
    // Some tfjs stores (localstorage://) refuse artifacts without a topology: store an empty one.
    modelTopology: {},
    format: 'seq2seq-weights',
    generatedBy: '@seq2seq/core',
    weightSpecs: specs,
    weightData: data.buffer,
    userDefinedMetadata: { ...options.metadata },
  };
}
