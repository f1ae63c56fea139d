/**
 * @seq2seq/core: parameters, initialisers, a seeded RNG, Linear, Embedding, Dropout, weight I/O
 * and errors for TensorFlow.js. The API contract every package follows: docs/api-contract.md.
 */
import './tfjs-setup';

export { DivergenceError, InputError, Seq2SeqError, ShapeError, WeightsError } from './errors';
export { checkInt, checkNumber, checkOneOf, checkTensor, type Dim, type DimBindings } from './validate';
export { Rng, toRng } from './rng';
export {
  constant,
  glorotUniform,
  normal,
  ones,
  orthogonal,
  orthogonalMatrix,
  uniform,
  zeros,
  type Initializer,
} from './initializers';
export { activationFn, type Activation, type ActivationName } from './activation';
export { Module, withoutInitialisers, type LoadWeightsOptions } from './module';
export { fastMatMul } from './fast-matmul';
export { Linear, type LinearConfig } from './linear';
export { Dropout, dropout, type DropoutApplyOptions, type DropoutConfig } from './dropout';
export { Embedding, type EmbeddingConfig, type TokenIds } from './embedding';
export { gatherRows } from './ops/gather-rows';
export {
  bfloat16ToFloat32,
  decodeSafetensors,
  decodeSafetensorsData,
  encodeSafetensors,
  fileHandler,
  filePath,
  float16Bits,
  float16ToFloat32,
  float16Value,
  float32ToFloat16,
  FLOAT16_MAX,
  loadModuleWeights,
  loadSafetensorsFile,
  loadWeights,
  readSafetensorsHeader,
  SAFETENSORS_DEFAULT_MAX_BYTES,
  SAFETENSORS_MAX_HEADER_BYTES,
  SafetensorsFileHandler,
  saveModuleWeights,
  saveSafetensorsFile,
  saveWeights,
  writeFileAtomic,
  type DecodedSafetensors,
  type DecodeSafetensorsOptions,
  type EncodeSafetensorsOptions,
  type LoadModuleWeightsOptions,
  type SafetensorsDtype,
  type SafetensorsEntry,
  type SafetensorsHeader,
  type SaveWeightsOptions,
  type WeightsDestination,
  type WeightsOrigin,
  type WeightsSource,
} from './io/index';
